"""ex02: activation functions and their derivatives (midterm report §3, AI College lecture, network primer)."""
import numpy as np

from dlgrade.checks import Correctness, Purity, Stability
from dlgrade.catalog.inputs import Case, away_from, elementwise, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake, Timed
from dlgrade.pipeline.symbolic import Derived
from dlgrade.text import T

LARGE = (-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4)


def elementwise_function(name, hints, mistakes=(), oracle=None, inputs=None, stable=False, kwargs=None,
                         between=None, timing=None, baseline=None):
    """The usual checks of an elementwise function: values, (stability), float32 and purity."""
    inputs = inputs or elementwise(kwargs=kwargs)
    checks = [Correctness(2, inputs, oracle=oracle)]
    if between:
        checks.append(Correctness(1, elementwise(-2, 2, shapes=((5,),), dtypes=(np.float64,), kwargs=kwargs,
                                                 extra=(0.0, -1.0, 1.0)),
                                  between=between, name="kink"))
    if stable:
        checks.append(Stability(1, elementwise(shapes=(), dtypes=(np.float64, np.float32), extra=LARGE,
                                               kwargs=kwargs), oracle=name))
    checks.append(Purity(1, elementwise(-3, 3, shapes=((4, 3),), dtypes=(np.float32,), kwargs=kwargs)))
    return Function(name, tuple(checks), hints, tuple(mistakes), timing=timing, baseline=baseline)


TIMED = Timed()  # --timing: one array in, one out, within x3 of the reference
ONE_KERNEL = Timed(factor=4.0, why="the reference is one library kernel; an honest two-kernel form (x * (x > 0), "
                                   "1 - t * t) must pass")


def prelu_cases(rng):
    cases = []
    for dtype in (np.float64, np.float32):
        x = rng.uniform(-5, 5, (3, 4)).astype(dtype)
        a = rng.uniform(0.05, 0.5, (4,)).astype(dtype)
        cases.append(Case((x, a), {}, label_of(x, a)))
        cases.append(Case((x, 0.25), {}, label_of(x, 0.25)))
    return cases


def softmax_cases(rng, low=-10, high=10):
    cases = []
    for dtype in (np.float64, np.float32):
        for shape, axis in (((5,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1)):
            x = rng.uniform(low, high, shape).astype(dtype)
            cases.append(Case((x,), {"axis": axis}, f"{label_of(x)}, axis={axis}"))
    return cases


EXERCISE = Exercise(
    id="ex02",
    name="activations",
    title=T("Activation functions and their derivatives", "활성화 함수와 도함수"),
    notes=("000 §3", "002", "004"),
    plot="plot",  # dlgrade plot: the reference module's plot(student, out, labels)
    functions=(
        elementwise_function("step", Hints(
            idea=T("The unit step fires (1) for positive inputs and stays silent (0) for negative ones.",
                   "단위 계단 함수는 양수 입력에서 1, 음수 입력에서 0을 냅니다."),
            formula=T("step(x) = 0 for x < 0, 1 for x > 0, and 0.5 exactly at x = 0 (midterm report §3.2.1).",
                      "step(x) = x < 0이면 0, x > 0이면 1, x = 0에서는 정확히 0.5입니다 (중간과제 보고서 §3.2.1)."),
            code=T("xp.where(x > 0, 1.0, xp.where(x < 0, 0.0, 0.5)), then .astype(x.dtype).",
                   "xp.where(x > 0, 1.0, xp.where(x < 0, 0.0, 0.5)) 후 .astype(x.dtype)."),
        ), mistakes=(
            Mistake("step.zero_at_zero",
                    T("At x = 0 the step is 0.5 here, not 0.",
                      "여기서는 x = 0에서 계단 함수 값이 0이 아니라 0.5입니다.")),
            Mistake("step.one_at_zero",
                    T("At x = 0 the step is 0.5 here, not 1.",
                      "여기서는 x = 0에서 계단 함수 값이 1이 아니라 0.5입니다.")),
        ), inputs=elementwise(extra=(0.0, -1.0, 1.0, -0.0))),
        elementwise_function("sigmoid", Hints(
            idea=T("Sigmoid squashes any real number into (0, 1).", "시그모이드는 모든 실수를 (0, 1)로 눌러 줍니다."),
            formula=T("sigmoid(x) = 1 / (1 + e^-x). For large negative x, e^-x overflows: use e^-|x| and pick the "
                      "branch by sign.",
                      "sigmoid(x) = 1 / (1 + e^-x). x가 큰 음수이면 e^-x에서 오버플로가 발생합니다: "
                      "e^-|x|를 쓰고 부호에 따라 식을 고르세요."),
            code=T("e = xp.exp(-xp.abs(x)); return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))"),
        ), mistakes=(
            Mistake("sigmoid.wrong_sign",
                    T("The exponent is -x: 1 / (1 + e^-x), not e^x.", "지수는 -x입니다: e^x가 아니라 1 / (1 + e^-x).")),
            # 1 / (1 + exp(-x)) gives exact values (with an overflow warning): advice, not a mistake
        ), stable=True, timing=TIMED, baseline="sigmoid_fused"),
        elementwise_function("tanh", Hints(
            idea=T("tanh is a rescaled sigmoid with outputs in (-1, 1).",
                   "tanh는 출력이 (-1, 1)인, 크기를 바꾼 시그모이드입니다."),
            formula=T("tanh(x) = (e^{2x} - 1) / (e^{2x} + 1). The AI College lecture prints the fraction upside down "
                      "(that is coth).",
                      "tanh(x) = (e^{2x} - 1) / (e^{2x} + 1). AI College 강의는 분수를 뒤집어 "
                      "적었습니다 (그건 coth입니다)."),
            code=T("return xp.tanh(x)"),
        ), mistakes=(
            Mistake("tanh.coth",
                    T("You computed (e^2x + 1)/(e^2x - 1), which is coth: the AI College lecture's typo. tanh is "
                      "(e^2x - 1)/(e^2x + 1).",
                      "(e^2x + 1)/(e^2x - 1)은 coth입니다: AI College 강의의 오타. tanh는 (e^2x - "
                      "1)/(e^2x + 1)입니다.")),
        ), stable=True, timing=ONE_KERNEL, baseline="tanh_fused"),
        elementwise_function("relu", Hints(
            idea=T("ReLU passes positive inputs through and zeroes negative ones.",
                   "ReLU는 양수는 그대로, 음수는 0으로 만듭니다."),
            formula=T("relu(x) = max(0, x), elementwise.", "relu(x) = max(0, x), 원소별로."),
            code=T("return xp.maximum(x, 0)"),
        ), mistakes=(
            Mistake("relu.min", T("max, not min: negative inputs become 0.",
                                  "min이 아니라 max입니다: 음수 입력이 0이 됩니다.")),
        ), timing=ONE_KERNEL, baseline="relu_fused"),
        elementwise_function("leaky_relu", Hints(
            idea=T("LeakyReLU lets a small slope alpha through for negative inputs (the midterm report "
                   "§3.2.6 mislabels it as ELU).",
                   "LeakyReLU는 음수 입력에 작은 기울기 alpha를 남깁니다 (중간과제 보고서 §3.2.6은 ELU로 잘못 표기)."),
            formula=T("leaky_relu(x) = x for x > 0, alpha * x otherwise.",
                      "leaky_relu(x) = x > 0이면 x, 아니면 alpha * x."),
            code=T("return xp.where(x > 0, x, alpha * x)"),
        ), mistakes=(
            Mistake("leaky_relu.alpha_on_positive",
                    T("alpha scales the negative side, not the positive one.",
                      "alpha는 양수 쪽이 아니라 음수 쪽에 곱합니다.")),
        ), inputs=elementwise(kwargs={"alpha": 0.1}), timing=TIMED, baseline="leaky_relu_fused"),
        elementwise_function("elu", Hints(
            idea=T("ELU is smooth on the negative side, approaching -alpha.",
                   "ELU는 음수 쪽에서 매끄럽게 -alpha에 다가갑니다."),
            formula=T("elu(x) = x for x > 0, alpha * (e^x - 1) otherwise.",
                      "elu(x) = x > 0이면 x, 아니면 alpha * (e^x - 1)."),
            code=T("return xp.where(x > 0, x, alpha * xp.expm1(xp.minimum(x, 0)))"),
        ), mistakes=(
            Mistake("elu.no_minus_one",
                    T("Subtract 1: alpha * (e^x - 1), so elu(0) = 0.",
                      "1을 빼야 합니다: alpha * (e^x - 1), 그래서 elu(0) = 0.")),
        ), inputs=elementwise(kwargs={"alpha": 1.5}), timing=TIMED, baseline="elu_fused"),
        Function("prelu", (Correctness(2, prelu_cases), Purity(1, prelu_cases)), Hints(
            idea=T("PReLU is LeakyReLU whose slope a is learned (and may differ per channel).",
                   "PReLU는 기울기 a를 학습하는 LeakyReLU입니다 (채널마다 다를 수 있음)."),
            formula=T("prelu(x, a) = x for x > 0, a * x otherwise; a broadcasts against x.",
                      "prelu(x, a) = x > 0이면 x, 아니면 a * x. a는 x에 브로드캐스트됩니다."),
            code=T("return xp.where(x > 0, x, a * x)"),
        )),
        elementwise_function("ramp", Hints(
            idea=T("The ramp function is linear between 0 and 1 and flat outside.",
                   "램프 함수는 0과 1 사이에서 선형, 밖에서는 평평합니다."),
            formula=T("ramp(x) = clip(x, 0, 1)."),
            code=T("return xp.clip(x, 0, 1)"),
        ), mistakes=(
            Mistake("ramp.no_upper_clip", T("Clip at 1 as well: ramp is not ReLU.",
                                            "1에서도 잘라야 합니다: 램프는 ReLU가 아닙니다.")),
        ), inputs=elementwise(-3, 3)),
        elementwise_function("swish", Hints(
            idea=T("Swish multiplies the input by its own sigmoid.",
                   "Swish는 입력에 자기 자신의 시그모이드를 곱합니다."),
            formula=T("swish(x) = x * sigmoid(x)."),
            code=T("return x * sigmoid(x)  (with your stable sigmoid)",
                   "return x * sigmoid(x)  (안정적인 sigmoid 사용)"),
        ), mistakes=(
            Mistake("swish.sigmoid_only", T("Multiply by x: x * sigmoid(x).",
                                           "x를 곱하세요: x * sigmoid(x).")),
        ), stable=True, timing=TIMED, baseline="swish_fused"),
        elementwise_function("softplus", Hints(
            idea=T("Softplus is a smooth ReLU.", "Softplus는 매끄러운 ReLU입니다."),
            formula=T("softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), the second form never overflows.",
                      "softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), 두 번째 식은 overflow가 없습니다."),
            code=T("return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))"),
        ), mistakes=(
            Mistake("softplus.overflow",
                    T("log(1 + exp(x)) overflows for large x; use max(x, 0) + log1p(exp(-|x|)).",
                      "log(1 + exp(x))는 큰 x에서 오버플로가 발생합니다. max(x, 0) + log1p(exp(-|x|))를 쓰세요.")),
        ), stable=True, timing=TIMED, baseline="softplus_fused"),
        Function("softmax", (
            Correctness(2, softmax_cases),
            Stability(1, lambda rng: softmax_cases(rng, -1e4, 1e4), oracle="softmax"),
            Purity(1, softmax_cases),
        ), Hints(
            idea=T("Softmax turns scores into probabilities that sum to 1 along an axis.",
                   "소프트맥스는 점수를 한 축을 따라 합이 1인 확률로 바꿉니다."),
            formula=T("softmax(x)_i = e^{x_i - m} / sum_j e^{x_j - m} with m = max_j x_j along the axis; subtracting m "
                      "changes nothing mathematically and prevents overflow.",
                      "softmax(x)_i = e^{x_i - m} / sum_j e^{x_j - m}, m = 축을 따른 max_j x_j. m을 빼도 값은 같고 "
                      "overflow를 막습니다."),
            code=T("e = xp.exp(x - x.max(axis=axis, keepdims=True)); return e / e.sum(axis=axis, keepdims=True)"),
        ), (
            Mistake("softmax.no_max_subtraction",
                    T("exp(x) overflows for logits near 1e4: subtract the max along the axis first.",
                      "로짓이 1e4 근처이면 exp(x)에서 오버플로가 발생합니다: 먼저 축을 따라 최댓값을 빼세요.")),
            Mistake("softmax.global_sum",
                    T("Normalize along `axis` (keepdims=True), not over the whole array.",
                      "배열 전체가 아니라 `axis`를 따라 (keepdims=True) 정규화하세요.")),
            Mistake("softmax.global_max",
                    T("x.max() is one number for the whole array: a row far below it underflows to 0 / 0. Subtract "
                      "each row's own max: x.max(axis=axis, keepdims=True).",
                      "x.max()는 배열 전체의 값 하나입니다: 그보다 훨씬 작은 행은 0 / 0이 됩니다. 각 행의 최댓값을 "
                      "빼세요: x.max(axis=axis, keepdims=True).")),
        )),
        elementwise_function("sigmoid_grad", Hints(
            idea=T("The sigmoid's derivative can be written with the sigmoid itself.",
                   "시그모이드의 도함수는 시그모이드 자신으로 쓸 수 있습니다."),
            formula=T("sigmoid'(x) = sigmoid(x) * (1 - sigmoid(x))."),
            code=T("s = sigmoid(x); return s * (1 - s)"),
        ), mistakes=(
            Mistake("sigmoid_grad.no_one_minus",
                    T("Multiply by (1 - sigmoid(x)) too.", "(1 - sigmoid(x))도 곱해야 합니다.")),
            Mistake("sigmoid_grad.of_input",
                    T("x * (1 - x) is the formula in terms of y = sigmoid(x); here you get x, so apply sigmoid first.",
                      "x * (1 - x)는 y = sigmoid(x)에 대한 식입니다. 여기서는 x가 주어지니 먼저 "
                      "sigmoid를 적용하세요.")),
        ), oracle=Derived("sigmoid_grad_expr"), stable=True, timing=TIMED, baseline="sigmoid_grad_fused"),
        elementwise_function("tanh_grad", Hints(
            idea=T("Like the sigmoid, tanh's derivative is a function of tanh.",
                   "시그모이드처럼 tanh의 도함수도 tanh로 표현됩니다."),
            formula=T("tanh'(x) = 1 - tanh(x)^2."),
            code=T("return 1 - xp.tanh(x) ** 2"),
        ), mistakes=(
            Mistake("tanh_grad.not_squared", T("Square the tanh: 1 - tanh(x)**2.",
                                                "tanh를 제곱하세요: 1 - tanh(x)**2.")),
        ), oracle=Derived("tanh_grad_expr"), stable=True, timing=ONE_KERNEL, baseline="tanh_grad_fused"),
        elementwise_function("relu_grad", Hints(
            idea=T("ReLU's slope is 1 where it passes the input and 0 where it blocks it.",
                   "ReLU의 기울기는 입력을 통과시키는 곳에서 1, 막는 곳에서 0입니다."),
            formula=T("relu'(x) = 1 for x > 0, 0 for x < 0; at 0 any value in [0, 1] is accepted.",
                      "relu'(x) = x > 0이면 1, x < 0이면 0. 0에서는 [0, 1] 사이 아무 값이나 인정합니다."),
            code=T("return (x > 0).astype(x.dtype)"),
        ), mistakes=(
            Mistake("relu_grad.returns_relu",
                    T("That is relu(x) itself; the derivative is 0 or 1.",
                      "그건 relu(x) 자체입니다. 도함수는 0 또는 1입니다.")),
        ), oracle=Derived("relu_grad_expr"), inputs=away_from((0.0,)),
            between=("relu_grad_left", "relu_grad_right")),
        elementwise_function("leaky_relu_grad", Hints(
            idea=T("LeakyReLU's slope is 1 on the right and alpha on the left.",
                   "LeakyReLU의 기울기는 오른쪽에서 1, 왼쪽에서 alpha입니다."),
            formula=T("d/dx leaky_relu(x) = 1 for x > 0, alpha for x < 0 (any value in between at 0).",
                      "d/dx leaky_relu(x) = x > 0이면 1, x < 0이면 alpha (0에서는 그 사이 아무 값)."),
            code=T("return xp.where(x > 0, 1.0, alpha).astype(x.dtype)"),
        ), mistakes=(
            Mistake("leaky_relu_grad.zero_left",
                    T("On the left the slope is alpha, not 0 (that would be ReLU).",
                      "왼쪽 기울기는 0이 아니라 alpha입니다 (0이면 ReLU).")),
        ), oracle=Derived("leaky_relu_grad_expr", {"alpha": 0.01}), inputs=away_from((0.0,), kwargs={"alpha": 0.2}),
            kwargs={"alpha": 0.2}, between=("leaky_relu_grad_left", "leaky_relu_grad_right")),
        elementwise_function("elu_grad", Hints(
            idea=T("ELU's slope on the left is its own value plus alpha.",
                   "ELU의 왼쪽 기울기는 자기 값에 alpha를 더한 것입니다."),
            formula=T("d/dx elu(x) = 1 for x > 0, alpha * e^x for x < 0.",
                      "d/dx elu(x) = x > 0이면 1, x < 0이면 alpha * e^x."),
            code=T("return xp.where(x > 0, 1.0, alpha * xp.exp(xp.minimum(x, 0)))"),
        ), mistakes=(
            Mistake("elu_grad.alpha_only",
                    T("On the left the slope is alpha * e^x, not a constant alpha.",
                      "왼쪽 기울기는 상수 alpha가 아니라 alpha * e^x입니다.")),
        ), oracle=Derived("elu_grad_expr", {"alpha": 1.0}), inputs=away_from((0.0,), kwargs={"alpha": 1.5}),
            kwargs={"alpha": 1.5}, between=("elu_grad_left", "elu_grad_right")),
        elementwise_function("swish_grad", Hints(
            idea=T("Use the product rule on x * sigmoid(x).", "x * sigmoid(x)에 곱의 미분법을 쓰세요."),
            formula=T("swish'(x) = sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))."),
            code=T("s = sigmoid(x); return s + x * s * (1 - s)"),
        ), mistakes=(
            Mistake("swish_grad.product_rule",
                    T("Product rule: the derivative of x * s(x) has two terms, s(x) + x * s'(x).",
                      "곱의 미분법: x * s(x)의 도함수는 두 항 s(x) + x * s'(x)입니다.")),
        ), oracle=Derived("swish_grad_expr"), stable=True),
        elementwise_function("softplus_grad", Hints(
            idea=T("The derivative of softplus is a function you already wrote.",
                   "softplus의 도함수는 이미 작성한 함수입니다."),
            formula=T("softplus'(x) = e^x / (1 + e^x) = sigmoid(x)."),
            code=T("return sigmoid(x)  (the stable one)", "return sigmoid(x)  (안정적인 버전)"),
        ), mistakes=(
            Mistake("softplus_grad.exp", T("Chain rule: d/dx log(1 + e^x) = e^x / (1 + e^x).",
                                           "연쇄 법칙: d/dx log(1 + e^x) = e^x / (1 + e^x).")),
            Mistake("softplus_grad.overflow",
                    T("e^x / (1 + e^x) overflows to inf/inf = NaN for large x; it equals sigmoid(x).",
                      "e^x / (1 + e^x)는 큰 x에서 inf/inf = NaN이 됩니다. sigmoid(x)와 같습니다.")),
        ), oracle=Derived("softplus_grad_expr"), stable=True),
    ),
)
