"""ex05: loss functions and their gradients (midterm report §4.2.3, AI College lecture, deep-learning summary)."""
import numpy as np

from dlgrade.checks import Correctness, Purity, Stability
from dlgrade.catalog.inputs import DTYPES, Case, f32, f64, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.text import T


def regression(rng, dtypes=DTYPES, shapes=((6,), (3, 4), (2, 2, 3))):
    cases = []
    for dtype in dtypes:
        for shape in shapes:
            a, b = (rng.normal(size=shape).astype(dtype) for _ in range(2))
            cases.append(Case((a, b), {}, label_of(a, b)))
    return cases


def probabilities(rng, dtypes=DTYPES, shapes=((6,), (4, 3)), edge=False):
    cases = []
    for dtype in dtypes:
        for shape in shapes:
            p = rng.uniform(0.02, 0.98, shape).astype(dtype)
            y = rng.integers(0, 2, shape).astype(dtype)
            if edge:  # certain predictions, right and wrong: log(0) without the clip
                p.flat[:4] = np.array([0.0, 1.0, 0.0, 1.0], dtype)
                y.flat[:4] = np.array([0.0, 1.0, 1.0, 0.0], dtype)
            cases.append(Case((p, y), {}, label_of(p, y) + (" with p = 0 and 1" if edge else "")))
    return cases


def class_probs(rng, n, k, dtype, zeros=False):
    logits = rng.normal(size=(n, k)) * 2
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, k, n)
    if zeros:  # the true class gets probability 0 in the first row
        probs[0] = 1.0 / (k - 1)
        probs[0, labels[0]] = 0.0
    return probs.astype(dtype), labels


def categorical(rng, dtypes=DTYPES, zeros=False, sparse=False):
    cases = []
    for dtype in dtypes:
        for n, k in ((5, 3), (8, 4), (1, 2)):
            probs, labels = class_probs(rng, n, k, dtype, zeros)
            target = labels if sparse else np.eye(k, dtype=dtype)[labels]
            cases.append(Case((probs, target), {}, label_of(probs, target) + (" with p = 0" if zeros else "")))
    return cases


def logits_cases(rng, dtypes=DTYPES, scale=3.0):
    cases = []
    for dtype in dtypes:
        for n, k in ((5, 3), (8, 10), (1, 4)):
            logits = (rng.normal(size=(n, k)) * scale).astype(dtype)
            labels = rng.integers(0, k, n)
            cases.append(Case((logits, labels), {}, label_of(logits, labels) + (f", |logits| ~ {scale:g}")))
    return cases




# log(p + eps) instead of clip(p, eps, 1 - eps) is an accepted convention: per element it differs by at most
# eps / (p (1 - p)) relative (5e-6 for p in [0.02, 0.98]); at p = 0 or 1 both give log(eps), and no protection
# still gives inf there
LOG_EPS_RTOL = 1e-5


def loss(name, inputs, hints, mistakes, stability=None, extra=(), convention_rtol=None):
    checks = [Correctness(2, inputs, convention_rtol=convention_rtol), Purity(1, f32(inputs)),
              Correctness(1, inputs, name="hidden_values", hidden=True, convention_rtol=convention_rtol)]
    if stability is not None:
        checks.insert(1, Stability(1, stability, oracle=name, convention_rtol=convention_rtol))
    return Function(name, tuple(checks) + tuple(extra), hints, mistakes)


MEAN = T("A loss of a batch is the MEAN over its elements, not the sum: it must not grow with the batch size.",
         "배치의 손실은 원소에 대한 합이 아니라 평균입니다: 배치 크기에 따라 커지면 안 됩니다.")

EXERCISE = Exercise(
    id="ex05",
    name="losses",
    title=T("Loss functions", "손실 함수"),
    notes=("000 §4.2.3", "002", "003"),
    functions=(
        loss("mse", regression, Hints(
            idea=T("Mean squared error: square each error (prediction - target), then average. The "
                   "midterm report writes the error as y_i - ȳ: that ȳ is the prediction ŷ_i, not the mean of y (with "
                   "the mean it is the variance).",
                   "평균 제곱 오차: 오차 (예측 - 정답)를 제곱한 뒤 평균. 중간과제 보고서는 오차를 y_i "
                   "- ȳ로 적는데, 이 ȳ는 y의 평균이 아니라 예측값 ŷ_i입니다 (평균이라면 분산이 됩니다)."),
            formula=T("MSE = (1/n) sum (y_pred - y_true)^2 over all n elements.",
                      "MSE = (1/n) sum (y_pred - y_true)^2, 모든 n개 원소."),
            code=T("return ((y_pred - y_true) ** 2).mean()"),
        ), (
            Mistake("mse.sum", MEAN),
            Mistake("mse.not_squared", T("Square the errors before averaging (signed errors cancel).",
                                         "평균 전에 오차를 제곱하세요 (부호 있는 오차는 상쇄됩니다).")),
        )),
        loss("mae", regression, Hints(
            idea=T("Mean absolute error: like MSE with |error| instead of error^2 (the midterm report "
                   "§4.2.3.2 labels its formula 'MSE' by mistake).",
                   "평균 절대 오차: MSE에서 오차^2 대신 |오차| (중간과제 보고서 §4.2.3.2는 식을 'MSE'로 잘못 표기)."),
            formula=T("MAE = (1/n) sum |y_pred - y_true|."),
            code=T("return xp.abs(y_pred - y_true).mean()"),
        ), (
            Mistake("mae.squared",
                    T("That is MSE (the notes' label mix-up): MAE uses the absolute value.",
                      "그건 MSE입니다 (자료의 표기 혼동): MAE는 절댓값을 씁니다.")),
            Mistake("mae.sum", MEAN),
        )),
        loss("rmse", regression, Hints(
            idea=T("Root mean squared error: the square root of the MSE, in the units of y.",
                   "RMSE: MSE의 제곱근, y와 같은 단위."),
            formula=T("RMSE = sqrt((1/n) sum (y_pred - y_true)^2)."),
            code=T("return xp.sqrt(((y_pred - y_true) ** 2).mean())"),
        ), (
            Mistake("rmse.no_sqrt", T("Take the square root of the mean.", "평균의 제곱근을 구하세요.")),
            Mistake("rmse.sqrt_inside",
                    T("sqrt of each squared error is |error|, which gives MAE: take the root AFTER the mean.",
                      "각 제곱 오차의 제곱근은 |오차|라서 MAE가 됩니다: 평균을 구한 뒤 제곱근을 구하세요.")),
        )),
        loss("binary_cross_entropy", probabilities, Hints(
            idea=T("BCE punishes confident wrong probabilities; clip p so log never sees 0.",
                   "BCE는 확신에 찬 틀린 확률을 크게 벌합니다. log가 0을 보지 않도록 p를 잘라내세요."),
            formula=T("BCE = -mean(y log p + (1 - y) log(1 - p)), with p clipped to [eps, 1 - eps] (eps = "
                      "1e-7 as in Keras).",
                      "BCE = -mean(y log p + (1 - y) log(1 - p)), p는 [eps, 1 - eps]로 자름 (Keras처럼 eps = 1e-7)."),
            code=T("p = xp.clip(p, eps, 1 - eps); return -(y * xp.log(p) + (1 - y) * xp.log(1 - p)).mean()"),
        ), (
            Mistake("binary_cross_entropy.unclipped",
                    T("log(0) = -inf for p = 0 or 1: clip p to [eps, 1 - eps] first.",
                      "p = 0 또는 1이면 log(0) = -inf입니다: 먼저 p를 [eps, 1 - eps]로 자르세요.")),
            Mistake("binary_cross_entropy.sum", MEAN),
            Mistake("binary_cross_entropy.missing_negative_term",
                    T("Add the (1 - y) log(1 - p) term: it scores the examples whose label is 0.",
                      "(1 - y) log(1 - p) 항을 더하세요: 레이블이 0인 예제를 평가합니다.")),
        ), stability=f64(probabilities, edge=True), convention_rtol=LOG_EPS_RTOL),
        loss("categorical_cross_entropy", categorical, Hints(
            idea=T("Cross-entropy of one-hot targets: -log of the probability given to the right class, averaged over "
                   "the batch.", "원-핫 정답의 교차 엔트로피: 정답 클래스 확률의 -log를 배치 평균."),
            formula=T("CCE = mean over samples of -sum_k t_k log clip(p_k, eps, 1).",
                      "CCE = 샘플 평균 -sum_k t_k log clip(p_k, eps, 1)."),
            code=T("return -(onehot * xp.log(xp.clip(probs, eps, 1))).sum(axis=-1).mean()"),
        ), (
            Mistake("categorical_cross_entropy.mean_over_classes",
                    T("Sum over the classes, then average over the samples; .mean() of everything also divides by "
                      "the number of classes.",
                      "클래스에 대해 합한 뒤 샘플에 대해 평균하세요. 전체 .mean()은 클래스 수로도 나눕니다.")),
            Mistake("categorical_cross_entropy.unclipped",
                    T("Clip the probabilities to [eps, 1] before the log.", "log 전에 확률을 [eps, 1]로 자르세요.")),
        ), stability=f64(categorical, zeros=True), convention_rtol=LOG_EPS_RTOL),
        loss("sparse_categorical_cross_entropy", lambda rng, **kw: categorical(rng, sparse=True, **kw), Hints(
            idea=T("Same loss as categorical cross-entropy, but the targets are class indices, not one-hot rows.",
                   "범주형 교차 엔트로피 (categorical_cross_entropy)와 같은 손실이지만 정답이 "
                   "원-핫이 아니라 클래스 번호입니다."),
            formula=T("Pick p[n, labels[n]] for each sample n, clip, then -mean(log(...)).",
                      "각 샘플 n에 대해 p[n, labels[n]]를 골라 자른 뒤 -mean(log(...))."),
            code=T("picked = probs[xp.arange(len(labels)), labels]; return -xp.log(xp.clip(picked, eps, 1)).mean()"),
        ), (
            Mistake("sparse_categorical_cross_entropy.column_pick",
                    T("probs[:, labels] picks whole columns (an N x N matrix); index rows and columns together: "
                      "probs[arange(N), labels].",
                      "probs[:, labels]는 열 전체를 고릅니다 (N x N 행렬). 행과 열을 함께 인덱싱하세요: "
                      "probs[arange(N), labels].")),
            Mistake("sparse_categorical_cross_entropy.unclipped",
                    T("Clip the picked probabilities to [eps, 1] before the log.",
                      "고른 확률을 log 전에 [eps, 1]로 자르세요.")),
        ), stability=f64(lambda rng, **kw: categorical(rng, sparse=True, zeros=True, **kw)),
            convention_rtol=LOG_EPS_RTOL),
        loss("softmax_cross_entropy", logits_cases, Hints(
            idea=T("Go from logits to the loss in log space: log-softmax never overflows.",
                   "로짓에서 손실까지 로그 공간에서 계산하세요: log-softmax는 overflow가 없습니다."),
            formula=T("log softmax(z)_k = z_k - m - log sum_j e^{z_j - m} with m = max z; loss = -mean over "
                      "samples of the true class's log-probability.",
                      "log softmax(z)_k = z_k - m - log sum_j e^{z_j - m}, m = max z; 손실 = 정답 "
                      "클래스 로그 확률의 -평균."),
            code=T("s = logits - logits.max(axis=1, keepdims=True); logp = s - xp.log(xp.exp(s).sum(axis=1, "
                   "keepdims=True)); return -logp[xp.arange(len(labels)), labels].mean()"),
        ), (
            Mistake("softmax_cross_entropy.overflow",
                    T("exp(logits) overflows for logits near 1e4: subtract the row max and stay in log space.",
                      "로짓이 1e4 근처이면 exp(logits)에서 오버플로가 발생합니다: 행 최댓값을 "
                      "빼고 로그 공간에서 계산하세요.")),
            Mistake("softmax_cross_entropy.sum", MEAN),
        ), stability=f64(logits_cases, scale=5e3)),
        Function("softmax_cross_entropy_grad", (
            Correctness(2, logits_cases),
            Correctness(1, f64(logits_cases), oracle="softmax_cross_entropy_grad_numeric", rtol=1e-5, atol=1e-7,
                        name="numerical"),
            Stability(1, f64(logits_cases, scale=5e3), oracle="softmax_cross_entropy_grad"),
            Purity(1, f32(logits_cases)),
        ), Hints(
            idea=T("The gradient of softmax + cross-entropy w.r.t. the logits is famously simple.",
                   "softmax + 교차 엔트로피의 로짓에 대한 기울기는 아주 간단합니다."),
            formula=T("dL/dz = (softmax(z) - onehot(labels)) / N, with N the batch size (the loss is a mean).",
                      "dL/dz = (softmax(z) - onehot(labels)) / N, N은 배치 크기 (손실이 평균이므로)."),
            code=T("g = softmax(logits); g[xp.arange(N), labels] -= 1; return g / N"),
        ), (
            Mistake("softmax_cross_entropy_grad.no_mean",
                    T("The loss is a mean over the batch, so its gradient carries 1/N.",
                      "손실이 배치 평균이므로 기울기에 1/N이 붙습니다.")),
            Mistake("softmax_cross_entropy_grad.sign",
                    T("It is softmax minus onehot, not onehot minus softmax.",
                      "onehot - softmax가 아니라 softmax - onehot입니다.")),
        )),
        Function("mse_grad", (
            Correctness(2, regression),
            Correctness(1, f64(regression), oracle="mse_grad_numeric", rtol=1e-5, atol=1e-7, name="numerical"),
            Purity(1, f32(regression)),
        ), Hints(
            idea=T("Differentiate the mean of squares element by element.", "제곱의 평균을 원소별로 미분하세요."),
            formula=T("d/dy_pred (1/n) sum (y_pred - y_true)^2 = 2 (y_pred - y_true) / n, n = y_pred.size."),
            code=T("return 2 * (y_pred - y_true) / y_pred.size"),
        ), (
            Mistake("mse_grad.no_two", T("d/dx x^2 = 2x: keep the 2.", "d/dx x^2 = 2x: 2를 빼먹지 마세요.")),
            Mistake("mse_grad.no_mean", T("Divide by the number of elements n, as the loss does.",
                                          "손실처럼 원소 수 n으로 나누세요.")),
        )),
        Function("bce_grad", (
            Correctness(2, probabilities),
            Correctness(1, f64(probabilities), oracle="bce_grad_numeric", rtol=1e-5, atol=1e-7, name="numerical"),
            Purity(1, f32(probabilities)),
        ), Hints(
            idea=T("Differentiate -mean(y log p + (1 - y) log(1 - p)) with respect to each p.",
                   "-mean(y log p + (1 - y) log(1 - p))를 각 p에 대해 미분하세요."),
            formula=T("dL/dp = (-y/p + (1 - y)/(1 - p)) / n = (p - y) / (p (1 - p) n)."),
            code=T("return (p - y) / (p * (1 - p)) / p.size"),
        ), (
            Mistake("bce_grad.no_mean", T("Divide by the number of elements n: the loss is a mean.",
                                          "원소 수 n으로 나누세요: 손실은 평균입니다.")),
            Mistake("bce_grad.sign", T("Check the sign: raising p when y = 1 must lower the loss.",
                                       "부호를 확인하세요: y = 1일 때 p를 올리면 손실이 줄어야 합니다.")),
        )),
    ),
)
