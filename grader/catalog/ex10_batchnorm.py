"""ex10: batch normalization and residual connections (midterm report §1.3.4-1.3.5, AI College lecture)."""
import numpy as np

from dlgrade.checks import Correctness, Purity
from dlgrade.catalog.inputs import DTYPES, Case, Step, f32, label_of
from dlgrade.catalog.inputs import Ref
from dlgrade.catalog.model import Draw, Exercise, Fill, Function, Hints, Mistake, Timed
from dlgrade.text import T


def bn_inputs(rng, dtype, n, d):
    x = (rng.normal(size=(n, d)) * rng.uniform(0.5, 3, d) + rng.normal(size=d)).astype(dtype)
    return x, rng.uniform(0.5, 2, d).astype(dtype), rng.normal(size=d).astype(dtype)


def bn_forward_cases(rng, dtypes=DTYPES, shapes=((8, 3), (5, 4), (32, 6))):
    cases = []
    for dtype in dtypes:
        for n, d in shapes:
            args = bn_inputs(rng, dtype, n, d)
            cases.append(Case(args, {}, label_of(*args)))
    return cases


def bn_backward_cases(rng, dtypes=DTYPES, shapes=((8, 3), (5, 4))):
    cases = []
    for dtype in dtypes:
        for n, d in shapes:
            x, gamma, beta = bn_inputs(rng, dtype, n, d)
            dout = rng.normal(size=(n, d)).astype(dtype)
            steps = [Step("batchnorm_forward", (x, gamma, beta), send=False),
                     Step("batchnorm_backward", (dout, Ref(0, 1)))]  # the cache never leaves the child
            cases.append(Case(steps=steps, oracle_args=(dout, x, gamma, beta),
                              label=f"forward then backward on {label_of(x, gamma, beta)}"))
    return cases


def residual_cases(rng, dtypes=DTYPES, shapes=((4, 3, 5), (6, 2, 2)), backward=False):
    cases = []
    for dtype in dtypes:
        for n, d, h in shapes:
            x = rng.normal(size=(n, d)).astype(dtype)
            params = [rng.normal(size=s).astype(dtype) for s in ((d, h), (h,), (h, d), (d,))]
            args = ((rng.normal(size=(n, d)).astype(dtype),) if backward else ()) + (x, *params)
            cases.append(Case(args, {}, label_of(*args)))
    return cases


def bn_running_cases(rng, dtypes=DTYPES, shapes=((8, 3), (5, 4), (2, 6))):
    cases = []
    for dtype in dtypes:
        for n, d in shapes:
            x, _, _ = bn_inputs(rng, dtype, n, d)
            rm, rv = rng.normal(size=d).astype(dtype), rng.uniform(0.5, 3, d).astype(dtype)
            for kwargs in ({}, {"momentum": 0.8}):
                cases.append(Case((rm, rv, x), kwargs, label_of(rm, rv, x) + (", momentum=0.8" if kwargs else "")))
    return cases


def bn_inference_cases(rng, dtypes=DTYPES, shapes=((8, 3), (5, 4), (1, 4))):
    """Running statistics far from the batch's own; (1, D): one test sample alone."""
    cases = []
    for dtype in dtypes:
        for n, d in shapes:
            x, gamma, beta = bn_inputs(rng, dtype, n, d)
            rm, rv = (rng.normal(size=d) * 2).astype(dtype), rng.uniform(0.2, 5, d).astype(dtype)
            cases.append(Case((x, gamma, beta, rm, rv), {}, label_of(x, gamma, beta, rm, rv)))
    return cases


# --timing: x of n values as (n / 256, 256), gamma = 1, beta = 0; a minimal implementation reads x
# twice (the statistics, then the normalization) and writes out once
BN_TIMED = Timed(args=(Draw((-1, 256)), Fill((256,), 1.0), Fill((256,), 0.0)), traffic=3,
                 why="x read for the statistics and again to normalize, out written; the cache is the student's own")


EXERCISE = Exercise(
    id="ex10",
    name="batchnorm",
    title=T("Batch normalization and residual connections", "배치 정규화와 잔차 연결"),
    notes=("000 §1.3.4-1.3.5", "002"),
    functions=(
        Function("batchnorm_forward", (
            Correctness(3, bn_forward_cases, oracle="batchnorm_forward", output=0),
            Purity(1, f32(bn_forward_cases)),
        ), Hints(
            idea=T("Normalize each feature over the batch to mean 0 and variance 1, then let gamma and "
                   "beta rescale it.",
                   "특성마다 배치에 대해 평균 0, 분산 1로 정규화한 뒤 gamma와 beta로 다시 조정합니다."),
            formula=T("mu = mean_n x, var = mean_n (x - mu)^2 (biased), xhat = (x - mu) / sqrt(var + eps), "
                      "out = gamma xhat + beta.",
                      "mu = mean_n x, var = mean_n (x - mu)^2 (N으로 나눈 분산), xhat = (x - mu) / sqrt(var + eps), "
                      "out = gamma xhat + beta."),
            code=T("mu = x.mean(axis=0); var = x.var(axis=0); xhat = (x - mu) / xp.sqrt(var + eps); "
                   "return gamma * xhat + beta, (xhat, var, gamma, eps)"),
        ), (
            Mistake("batchnorm_forward.unbiased_variance",
                    T("Training-mode batch norm divides by N (the batch's own variance), not N - 1.",
                      "학습 모드 배치 정규화는 N - 1이 아니라 N으로 나눕니다 (배치 자체의 분산).")),
            Mistake("batchnorm_forward.eps_outside_sqrt",
                    T("eps goes inside the square root: sqrt(var + eps).", "eps는 제곱근 안에: sqrt(var + eps).")),
            Mistake("batchnorm_forward.wrong_axis",
                    T("Statistics are per feature over the batch: axis=0.", "통계는 특성마다 배치에 대해: axis=0.")),
        ), timing=BN_TIMED),
        Function("batchnorm_backward", (
            Correctness(3, bn_backward_cases, oracle="batchnorm_backward_from_inputs"),
            Correctness(1, lambda rng: bn_backward_cases(rng, dtypes=(np.float64,), shapes=((6, 3),)),
                        oracle="batchnorm_backward_numeric", rtol=1e-5, atol=1e-7, name="numerical"),
            Purity(1, f32(bn_backward_cases, shapes=((6, 3),))),
            Correctness(1, lambda rng: bn_backward_cases(rng, shapes=((64, 10),)),
                        oracle="batchnorm_backward_from_inputs",
                        name="hidden_values", hidden=True),
        ), Hints(
            idea=T("Every x_i influences the output directly AND through the batch mean and variance: three paths.",
                   "각 x_i는 출력에 직접, 그리고 배치 평균과 분산을 통해 영향을 줍니다: 세 경로."),
            formula=T("Walk the graph backwards: dbeta = sum_n dout, dgamma = sum_n dout xhat, dxhat = dout gamma; "
                      "dvar = sum_n dxhat (x - mu) (-1/2) (var + eps)^(-3/2); dmu = sum_n (-dxhat) / sqrt(var + eps) "
                      "(+ a term through var that sums to 0); dx = dxhat / sqrt(var + eps) + dvar 2 (x - "
                      "mu) / N + dmu / N.",
                      "그래프를 거꾸로 따라갑니다: dbeta = sum_n dout, dgamma = sum_n dout xhat, dxhat = dout gamma; "
                      "dvar = sum_n dxhat (x - mu) (-1/2) (var + eps)^(-3/2); dmu = sum_n (-dxhat) / sqrt(var + eps) "
                      "(var를 거치는 항은 합이 0); dx = dxhat / sqrt(var + eps) + dvar 2 (x - mu) / N + dmu / N."),
            code=T("xhat, var, gamma, eps = cache; dxhat = dout * gamma; dx = (dxhat - dxhat.mean(0) - xhat * "
                   "(dxhat * xhat).mean(0)) / xp.sqrt(var + eps)"),
        ), (
            Mistake("batchnorm_backward.missing_mean_terms",
                    T("dx = dout * gamma / sqrt(var + eps) ignores that mu and var depend on x: subtract "
                      "mean(dxhat) and xhat * mean(dxhat * xhat).",
                      "dx = dout * gamma / sqrt(var + eps)는 mu와 var가 x에 의존함을 무시합니다: mean(dxhat)과 "
                      "xhat * mean(dxhat * xhat)를 빼세요."),
                    oracle="batchnorm_backward__missing_mean_terms_from_inputs"),
            Mistake("batchnorm_backward.mean_not_sum",
                    T("gamma and beta are used by every row: their gradients SUM over the batch.",
                      "gamma와 beta는 모든 행에 쓰이므로 기울기는 배치에 대한 합입니다."),
                    oracle="batchnorm_backward__mean_not_sum_from_inputs"),
            Mistake("batchnorm_backward.no_gamma",
                    T("out = gamma * xhat + beta, so dxhat = dout * gamma: gamma belongs in dx too.",
                      "out = gamma * xhat + beta이므로 dxhat = dout * gamma입니다: dx에도 gamma가 들어갑니다."),
                    oracle="batchnorm_backward__no_gamma_from_inputs"),
        )),
        Function("batchnorm_running_update", (
            Correctness(2, bn_running_cases),
            Purity(1, f32(bn_running_cases, shapes=((6, 3),))),
        ), Hints(
            idea=T("During training, keep a slowly moving average of the batch statistics: at test time there may be "
                   "no batch to measure.",
                   "학습하는 동안 배치 통계의 천천히 움직이는 평균을 유지합니다: 테스트 때는 잴 "
                   "배치가 없을 수도 있습니다."),
            formula=T("new = momentum * old + (1 - momentum) * batch statistic, for the mean and for the "
                      "variance divided by N.",
                      "새 값 = momentum * 이전 값 + (1 - momentum) * 배치 통계. 평균과 N으로 "
                      "나눈 분산에 각각 적용합니다."),
            code=T("mu, var = x.mean(axis=0), x.var(axis=0); return momentum * running_mean + (1 - "
                   "momentum) * mu, ..."),
        ), (
            Mistake("batchnorm_running_update.pytorch_momentum",
                    T("Here momentum is the weight of the OLD value: momentum * running + (1 - momentum) * batch. "
                      "PyTorch's BatchNorm uses the opposite convention (its momentum = 0.1 is this 0.9).",
                      "여기서 momentum은 이전 값의 비중입니다: momentum * 이동 통계 + (1 - momentum) * "
                      "배치 통계. PyTorch의 BatchNorm은 반대 관례를 씁니다 (PyTorch의 momentum = 0.1이 여기의 0.9).")),
            Mistake("batchnorm_running_update.unbiased_variance",
                    T("Use the same batch variance as batchnorm_forward, divided by N. PyTorch stores the N - 1 "
                      "version in running_var; this exercise does not.",
                      "batchnorm_forward와 같은, N으로 나눈 배치 분산을 쓰세요. PyTorch는 running_var에 N - 1로 나눈 "
                      "분산을 저장하지만 이 실습은 그렇지 않습니다.")),
        )),
        Function("batchnorm_inference", (
            Correctness(2, bn_inference_cases),
            Purity(1, f32(bn_inference_cases, shapes=((6, 3),))),
        ), Hints(
            idea=T("At test time a prediction must not depend on which other samples share the batch.",
                   "테스트 때 예측은 같은 배치에 어떤 샘플이 함께 있는지에 의존하면 안 됩니다."),
            formula=T("out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta."),
            code=T("return gamma * (x - running_mean) / xp.sqrt(running_var + eps) + beta"),
        ), (
            Mistake("batchnorm_inference.batch_statistics",
                    T("This normalizes with the batch's own mean and variance, as in training. At inference use "
                      "running_mean and running_var: one sample alone would otherwise always give beta.",
                      "학습 때처럼 배치 자체의 평균과 분산으로 정규화했습니다. 추론 때는 running_mean과 running_var를 "
                      "쓰세요: 그렇지 않으면 샘플 하나만 넣을 때 항상 beta가 나옵니다.")),
            Mistake("batchnorm_inference.eps_outside_sqrt",
                    T("eps goes inside the square root: sqrt(running_var + eps).",
                      "eps는 제곱근 안에: sqrt(running_var + eps).")),
        )),
        Function("residual_forward", (Correctness(2, residual_cases), Purity(1, f32(residual_cases))), Hints(
            idea=T("A residual block adds its input back to what its layers computed.",
                   "잔차 블록은 층들이 계산한 값에 입력을 다시 더합니다."),
            formula=T("out = x + relu(x W1 + b1) W2 + b2."),
            code=T("return x + xp.maximum(x @ W1 + b1, 0) @ W2 + b2"),
        ), (
            Mistake("residual_forward.no_identity",
                    T("Add x itself: the skip connection is the point of the block.",
                      "x 자체를 더하세요: 건너뛰기 연결이 블록의 핵심입니다.")),
            Mistake("residual_forward.relu_after_add",
                    T("Here the block is x + F(x) with no ReLU after the addition.",
                      "여기서 블록은 덧셈 뒤 ReLU 없이 x + F(x)입니다.")),
        )),
        Function("residual_backward", (
            Correctness(3, lambda rng: residual_cases(rng, backward=True)),
            Purity(1, f32(residual_cases, backward=True)),
        ), Hints(
            idea=T("The gradient reaches x by two roads: the identity path and the path through F.",
                   "기울기는 두 길로 x에 도달합니다: 항등 경로와 F를 지나는 경로."),
            formula=T("dz1 = (dout W2^T) * [z1 > 0]; dx = dout + dz1 W1^T; dW1 = x^T dz1; db1 = sum dz1; "
                      "dW2 = a1^T dout; db2 = sum dout."),
            code=T("z1 = x @ W1 + b1; dz1 = (dout @ W2.T) * (z1 > 0); return dout + dz1 @ W1.T, x.T @ dz1, dz1.sum(0), "
                   "xp.maximum(z1, 0).T @ dout, dout.sum(0)"),
        ), (
            Mistake("residual_backward.no_identity_gradient",
                    T("The identity path passes dout straight to x: dx = dout + (gradient through F).",
                      "항등 경로는 dout을 그대로 x에 전달합니다: dx = dout + (F를 지나는 기울기).")),
            Mistake("residual_backward.no_relu_gradient",
                    T("Multiply by the ReLU's derivative [z1 > 0] inside F.",
                      "F 안에서 ReLU의 미분 [z1 > 0]을 곱하세요.")),
        )),
    ),
)
