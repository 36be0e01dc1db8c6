"""ex04: sigmoid backprop, the notes' worked example, dense layers (midterm report §2.2, AI College lecture §02,
deep-learning summary)."""

from dlgrade.checks import Correctness, Purity
from dlgrade.catalog.inputs import DTYPES, Case, f32, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.text import T

EXAMPLE_ATOL = 6e-9  # the notes print 8 decimals


def worked_example():
    from dlgrade.reference import ex04_backprop as r

    return r


def sigmoid_backward_cases(rng, dtypes=DTYPES, shapes=((5,), (3, 4))):
    cases = []
    for dtype in dtypes:
        for shape in shapes:
            dout = rng.normal(size=shape).astype(dtype)
            y = rng.uniform(0.01, 0.99, shape).astype(dtype)
            cases.append(Case((dout, y), {}, label_of(dout, y)))
    return cases


def net_2_2_2_cases(rng, dtypes=DTYPES, n=3):
    cases = []
    for dtype in dtypes:
        for _ in range(n):
            x, target = rng.uniform(0, 1, 2).astype(dtype), rng.uniform(0, 1, 2).astype(dtype)
            W1, W2 = rng.uniform(-1, 1, (2, 2)).astype(dtype), rng.uniform(-1, 1, (2, 2)).astype(dtype)
            cases.append(Case((x, target, W1, W2), {}, label_of(x, target, W1, W2)))
    return cases


def forward_cases(rng, dtypes=DTYPES):
    return [Case((c.args[0], c.args[2], c.args[3]), {}, label_of(c.args[0], c.args[2], c.args[3]))
            for c in net_2_2_2_cases(rng, dtypes)]


def example_forward(rng):
    r = worked_example()
    return [Case((r.EXAMPLE_X, r.EXAMPLE_W1, r.EXAMPLE_W2), {},
                 T("the midterm report's example (§2.2.2)", "중간과제 보고서의 예제 (§2.2.2)"))]


def example_error(rng):
    r = worked_example()
    return [Case((r.forward_2_2_2(r.EXAMPLE_X, r.EXAMPLE_W1, r.EXAMPLE_W2)[1], r.EXAMPLE_TARGET), {},
                 "the midterm report's outputs and targets (§2.2.2)")]


def example_backward(rng):
    r = worked_example()
    return [Case((r.EXAMPLE_X, r.EXAMPLE_TARGET, r.EXAMPLE_W1, r.EXAMPLE_W2), {},
                 T("the midterm report's example (§2.2.3-4)", "중간과제 보고서의 예제 (§2.2.3-4)"))]


def example_one_step(rng):
    r = worked_example()
    return [Case((r.EXAMPLE_X, r.EXAMPLE_TARGET, r.EXAMPLE_W1, r.EXAMPLE_W2), {},
                 T("one step of the midterm report's example with your gradients, then the error again (§2.2.5)",
                   "여러분의 기울기로 중간과제 보고서 예제를 한 번 갱신한 뒤 다시 계산한 오차 (§2.2.5)"))]


def error_after_step(grads):
    """The example's error after one step with the student's gradients: the step, the forward pass
    and the error are the reference's, so only backward_2_2_2 is judged (a total_error slip costs
    nothing here)."""
    import numpy as np

    r = worked_example()
    try:
        dW1, dW2 = (np.asarray(g, dtype=np.float64) for g in grads)
    except (TypeError, ValueError):  # not two arrays: compared as they are, the message says what is wrong
        return grads
    W1 = r.gradient_descent_step(r.EXAMPLE_W1, dW1, r.EXAMPLE_LR)
    W2 = r.gradient_descent_step(r.EXAMPLE_W2, dW2, r.EXAMPLE_LR)
    return r.total_error(r.forward_2_2_2(r.EXAMPLE_X, W1, W2)[1], r.EXAMPLE_TARGET)


def example_step(layer):
    """gradient_descent_step on the notes' W1 or W2 with the exact gradient: the notes' w+ must come out."""
    def gen(rng):
        r = worked_example()
        dW = r.backward_2_2_2(r.EXAMPLE_X, r.EXAMPLE_TARGET, r.EXAMPLE_W1, r.EXAMPLE_W2)[layer - 1]
        W = r.EXAMPLE_W1 if layer == 1 else r.EXAMPLE_W2
        return [Case((W, dW, r.EXAMPLE_LR), {},
                     T(f"the midterm report's W{layer}, its gradient, lr 0.5 (§2.2.{5 - layer})",
                       f"중간과제 보고서의 W{layer}, 그 기울기, 학습률 0.5 (§2.2.{5 - layer})"))]

    return gen


def error_cases(rng, dtypes=DTYPES):
    cases = []
    for dtype in dtypes:
        for shape in ((2,), (5,), (3, 2)):
            o, t = rng.uniform(0, 1, shape).astype(dtype), rng.uniform(0, 1, shape).astype(dtype)
            cases.append(Case((o, t), {}, label_of(o, t)))
    return cases


def gd_cases(rng, dtypes=DTYPES):
    cases = []
    for dtype in dtypes:
        for shape in ((2, 2), (4, 3), (5,)):
            W, dW = rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype)
            lr = float(rng.choice([0.5, 0.1, 0.01]))
            cases.append(Case((W, dW, lr), {}, label_of(W, dW, lr)))
    return cases


# a square case first: there W @ dY and its transpose compute wrong numbers (and are named) instead of failing
def dense_cases(rng, dtypes=DTYPES, shapes=((3, 3, 3), (4, 3, 2), (1, 5, 3), (6, 2, 2))):
    cases = []
    for dtype in dtypes:
        for n, d_in, d_out in shapes:
            dY = rng.normal(size=(n, d_out)).astype(dtype)
            X = rng.normal(size=(n, d_in)).astype(dtype)
            W = rng.normal(size=(d_in, d_out)).astype(dtype)
            cases.append(Case((dY, X, W), {}, label_of(dY, X, W)))
    return cases


def two_layer_cases(rng, dtypes=DTYPES, shapes=((5, 3, 4, 2), (8, 2, 3, 1), (1, 4, 2, 3))):
    cases = []
    for dtype in dtypes:
        for n, d, h, k in shapes:
            X = rng.normal(size=(n, d)).astype(dtype)
            Y = rng.integers(0, 2, (n, k)).astype(dtype)
            W1, b1 = rng.normal(size=(d, h)).astype(dtype), rng.normal(size=h).astype(dtype)
            W2, b2 = rng.normal(size=(h, k)).astype(dtype), rng.normal(size=k).astype(dtype)
            cases.append(Case((X, Y, W1, b1, W2, b2), {}, label_of(X, Y, W1, b1, W2, b2)))
    return cases



EXAMPLE_ERRATA = T("The midterm report §2.2 has typos: w6+ is 0.38685205 (printed 0.38685305), §2.2.4 writes "
                "w1 as 0.1 (it is 0.3), and §2.2.5 quotes the old error as 0.023978190 (it is 0.02397190).",
                "중간과제 보고서 §2.2의 오타: w6+는 0.38685205 (0.38685305로 인쇄), §2.2.4는 w1을 "
                "0.1로 적음 (실제 0.3), §2.2.5의 이전 오차 0.023978190은 0.02397190입니다.")

EXERCISE = Exercise(
    id="ex04",
    name="backprop",
    title=T("Backpropagation", "역전파"),
    notes=("000 §2.2", "002 §02", "003"),
    functions=(
        Function("sigmoid_backward", (
            Correctness(2, sigmoid_backward_cases),
            Purity(1, f32(sigmoid_backward_cases)),
        ), Hints(
            idea=T("The sigmoid's local derivative can be written with its output y.",
                   "시그모이드의 국소 미분은 출력 y로 쓸 수 있습니다."),
            formula=T("dx = dout * y * (1 - y), because sigmoid'(x) = sigmoid(x)(1 - sigmoid(x)).",
                      "dx = dout * y * (1 - y), sigmoid'(x) = sigmoid(x)(1 - sigmoid(x))이기 때문입니다."),
            code=T("return dout * y * (1 - y)"),
        ), (
            Mistake("sigmoid_backward.no_one_minus_y",
                    T("Multiply by (1 - y) too: the local derivative is y (1 - y).",
                      "(1 - y)도 곱하세요: 국소 미분은 y (1 - y)입니다.")),
            Mistake("sigmoid_backward.sigmoid_of_output",
                    T("y is already sigmoid(x): do not apply the sigmoid again.",
                      "y는 이미 sigmoid(x)입니다: 다시 적용하지 마세요.")),
        )),
        Function("forward_2_2_2", (
            Correctness(2, example_forward, expected=(worked_example().EXAMPLE_H, worked_example().EXAMPLE_O),
                        atol=EXAMPLE_ATOL, rtol=0, name="example"),
            Correctness(1, forward_cases),
            Purity(1, f32(forward_cases)),
        ), Hints(
            idea=T("Each hidden neuron takes the weighted sum of the inputs, then the sigmoid; the outputs do the same "
                   "with the hidden values.",
                   "각 은닉 뉴런은 입력의 가중합에 시그모이드를, 출력 뉴런은 은닉값으로 같은 일을 합니다."),
            formula=T("Column form: h = sigmoid(W1 x), o = sigmoid(W2 h); z1 = w1 x1 + w2 x2 is row 0 of W1 times x.",
                      "열 형식: h = sigmoid(W1 x), o = sigmoid(W2 h). z1 = w1 x1 + w2 x2는 W1의 0행과 x의 곱입니다."),
            code=T("h = sigmoid(W1 @ x); return h, sigmoid(W2 @ h)"),
        ), (
            Mistake("forward_2_2_2.transposed",
                    T("Row i of W1 holds the weights INTO hidden neuron i: use W1 @ x, not W1.T @ x.",
                      "W1의 i행은 은닉 뉴런 i로 들어가는 가중치입니다: W1.T @ x가 아니라 W1 @ x.")),
            Mistake("forward_2_2_2.no_hidden_sigmoid",
                    T("Apply the sigmoid in the hidden layer too.", "은닉층에도 시그모이드를 적용하세요.")),
        )),
        Function("total_error", (
            Correctness(1, example_error, expected=worked_example().EXAMPLE_E_TOTAL, atol=EXAMPLE_ATOL, rtol=0,
                        name="example"),
            Correctness(1, error_cases),
        ), Hints(
            idea=T("Half the squared difference, summed over the outputs.", "차이 제곱의 절반을 출력에 대해 더합니다."),
            formula=T("E_total = sum_i 0.5 (target_i - o_i)^2; the notes' example gives 0.02397190 "
                      "(§2.2.5 quotes it as 0.023978190: a typo).",
                      "E_total = sum_i 0.5 (target_i - o_i)^2. 자료의 예제는 0.02397190 (§2.2.5가 인용한 "
                      "0.023978190은 오타)."),
            code=T("return (0.5 * (target - o) ** 2).sum()"),
        ), (
            Mistake("total_error.no_half", T("Keep the factor 0.5 (it cancels the 2 of the derivative).",
                                            "0.5를 곱하세요 (미분의 2와 상쇄됩니다).")),
            Mistake("total_error.mean", T("Sum over the outputs, do not average.",
                                          "출력에 대해 평균이 아니라 합을 구하세요.")),
        )),
        Function("backward_2_2_2", (
            # the notes' gradients, read back from its printed w+ = w - 0.5 dw: dividing by lr doubles the rounding
            Correctness(3, example_backward, expected=(
                (worked_example().EXAMPLE_W1 - worked_example().EXAMPLE_W1_NEW) / worked_example().EXAMPLE_LR,
                (worked_example().EXAMPLE_W2 - worked_example().EXAMPLE_W2_NEW) / worked_example().EXAMPLE_LR),
                        atol=EXAMPLE_ATOL / worked_example().EXAMPLE_LR, rtol=0,
                name="example"),
            Correctness(2, net_2_2_2_cases),
            Correctness(2, example_one_step, expected=worked_example().EXAMPLE_E_AFTER, atol=EXAMPLE_ATOL, rtol=0,
                        name="example_one_step",
                        after=error_after_step),
            Correctness(1, lambda rng: net_2_2_2_cases(rng, n=10), name="hidden_values", hidden=True),
        ), Hints(
            idea=T("Chain rule from the error back to each weight: error signal times the input the weight multiplies. "
                   + EXAMPLE_ERRATA.en,
                   "오차에서 각 가중치까지 연쇄 법칙: 오차 신호 x 그 가중치가 곱하는 입력. " + EXAMPLE_ERRATA.ko),
            formula=T("delta_o = (o - target) o (1 - o); dW2 = outer(delta_o, h); delta_h = (W2^T delta_o) h "
                      "(1 - h) with the OLD W2; dW1 = outer(delta_h, x). The deep-learning summary's BackpropXOR "
                      "writes the hidden delta as y1.*(1-y).*e1 with the network output y: the hidden layer's own "
                      "output belongs there, y1.*(1-y1).*e1.",
                      "delta_o = (o - target) o (1 - o); dW2 = outer(delta_o, h); delta_h = (W2^T delta_o) h (1 "
                      "- h) (갱신 전 W2); dW1 = outer(delta_h, x). 딥러닝 요약 글의 BackpropXOR 코드는 은닉층 델타를 "
                      "y1.*(1-y).*e1로 적는데, 신경망 출력 y가 아니라 은닉층 자신의 출력 y1을 써서 "
                      "y1.*(1-y1).*e1이어야 합니다."),
            code=T("h, o = forward_2_2_2(x, W1, W2); d_o = sigmoid_backward(o - target, o); dW2 = d_o[:, "
                   "None] * h[None, :]; d_h = sigmoid_backward(W2.T @ d_o, h); return d_h[:, None] * x[None, :], dW2"),
        ), (
            Mistake("backward_2_2_2.updated_w2",
                    T("The hidden layer's error must flow back through the OLD W2: compute both gradients before "
                      "updating anything.",
                      "은닉층 오차는 갱신 전 W2로 전달되어야 합니다: 무엇이든 갱신하기 전에 "
                      "두 기울기를 모두 계산하세요.")),
            Mistake("backward_2_2_2.transposed",
                    T("dW[i, j] = delta_i * input_j: row i belongs to the neuron the weight goes INTO.",
                      "dW[i, j] = delta_i * input_j: i행은 가중치가 들어가는 뉴런의 것입니다.")),
            Mistake("backward_2_2_2.no_sigmoid_derivative",
                    T("Multiply by the sigmoid's derivative o (1 - o) (and h (1 - h) in the hidden layer).",
                      "시그모이드의 미분 o (1 - o)를 곱하세요 (은닉층은 h (1 - h)).")),
            Mistake("backward_2_2_2.w2_not_transposed",
                    T("The hidden neuron k collects the errors of the outputs it feeds, through column k of W2: "
                      "W2.T @ delta_o, not W2 @ delta_o.",
                      "은닉 뉴런 k는 자신이 연결된 출력들의 오차를 W2의 k열을 통해 모읍니다: W2 @ delta_o가 아니라 "
                      "W2.T @ delta_o.")),
            Mistake("backward_2_2_2.target_minus_o",
                    T("dE/do of 0.5 (target - o)^2 is (o - target): with (target - o) every gradient points uphill.",
                      "0.5 (target - o)^2의 dE/do는 (o - target)입니다: (target - o)를 쓰면 모든 기울기가 오르막을 "
                      "가리킵니다.")),
        )),
        Function("gradient_descent_step", (
            Correctness(1, example_step(2), expected=worked_example().EXAMPLE_W2_NEW, atol=EXAMPLE_ATOL, rtol=0,
                        name="example_w2"),
            Correctness(1, example_step(1), expected=worked_example().EXAMPLE_W1_NEW, atol=EXAMPLE_ATOL, rtol=0,
                        name="example_w1"),
            Correctness(1, gd_cases),
            Purity(1, f32(gd_cases), mutation_mistake="gradient_descent_step.in_place"),
        ), Hints(
            idea=T("Move the weights a small step against the gradient.",
                   "가중치를 기울기 반대 방향으로 조금 옮깁니다."),
            formula=T("W+ = W - lr * dW; the notes: w5+ = 0.45 - 0.5 * 0.02592286 = 0.43703857. Two typos in the "
                      "notes: §2.2.4 writes w1+ = 0.1 - 0.5 * 0.00080888, but w1 is 0.3 (0.3 - 0.00040444 = "
                      "0.29959556); w6+ is 0.38685205, not 0.38685305.",
                      "W+ = W - lr * dW. 자료: w5+ = 0.45 - 0.5 * 0.02592286 = 0.43703857. 자료의 "
                      "오타 두 가지: §2.2.4는 w1+ = 0.1 - 0.5 * 0.00080888로 적었지만 w1은 0.3입니다 (0.3 - 0.00040444 "
                      "= 0.29959556). w6+는 0.38685305가 아니라 0.38685205입니다."),
            code=T("return W - lr * dW  (a new array: do not write W -= ...)",
                   "return W - lr * dW  (새 배열: W -= ... 금지)"),
        ), (
            Mistake("gradient_descent_step.ascent",
                    T("Subtract the gradient: W - lr * dW goes downhill.",
                      "기울기를 빼세요: W - lr * dW가 내리막입니다.")),
            Mistake("gradient_descent_step.in_place",
                    T("W -= lr * dW changes the caller's array; return a new one: W - lr * dW.",
                      "W -= lr * dW는 호출한 쪽의 배열을 바꿉니다. 새 배열 W - lr * dW를 반환하세요."),
                    detect="property"),
        )),
        Function("dense_backward", (
            Correctness(2, dense_cases),
            Purity(1, f32(dense_cases)),
        ), Hints(
            idea=T("Each gradient has the shape of the thing it is the gradient of.",
                   "각 기울기는 그 대상과 같은 shape입니다."),
            formula=T("dX = dY W^T (N, D_in); dW = X^T dY (D_in, D_out); db = sum of dY over the batch (D_out,).",
                      "dX = dY W^T (N, D_in); dW = X^T dY (D_in, D_out); db = 배치에 대한 dY의 합 (D_out,)."),
            code=T("return dY @ W.T, X.T @ dY, dY.sum(axis=0)"),
        ), (
            Mistake("dense_backward.db_mean",
                    T("b is added to every row, so its gradient is the SUM of dY over the batch.",
                      "b는 모든 행에 더해지므로, 기울기는 배치에 대한 dY의 합입니다.")),
            Mistake("dense_backward.db_not_summed",
                    T("db must have b's shape (D_out,): sum dY over the batch, dY.sum(axis=0).",
                      "db는 b의 shape (D_out,)이어야 합니다: 배치에 대해 dY를 더하세요, dY.sum(axis=0).")),
            Mistake("dense_backward.dx_w_first",
                    T("W @ dY is the notes' column order (one sample per column). Here samples are rows and W is "
                      "(D_in, D_out): dX = dY @ W.T, shape (N, D_in).",
                      "W @ dY는 자료의 열 순서입니다 (샘플 하나가 열). 여기서는 샘플이 행이고 W는 (D_in, D_out)입니다: "
                      "dX = dY @ W.T, shape (N, D_in).")),
            Mistake("dense_backward.dx_transposed",
                    T("W @ dY.T is dX transposed, (D_in, N); dX must have X's shape (N, D_in): dY @ W.T.",
                      "W @ dY.T는 전치된 dX (D_in, N)입니다. dX는 X의 shape (N, D_in)이어야 합니다: dY @ W.T.")),
            Mistake("dense_backward.dw_transposed",
                    T("dW must have W's shape (D_in, D_out): X.T @ dY.",
                      "dW는 W의 shape (D_in, D_out)여야 합니다: X.T @ dY.")),
        )),
        Function("two_layer_gradients", (
            Correctness(3, two_layer_cases),
            Purity(1, f32(two_layer_cases)),
            Correctness(1, lambda rng: two_layer_cases(rng, shapes=((32, 10, 16, 4),)), name="hidden_values",
                        hidden=True),
        ), Hints(
            idea=T("Forward, keep A1 and A2, then go back layer by layer with dense_backward and sigmoid_backward.",
                   "순전파로 A1, A2를 구해 두고, dense_backward와 sigmoid_backward로 한 층씩 거꾸로 갑니다."),
            formula=T("With the mean BCE, dZ2 = (A2 - Y) / N; then dW2 = A1^T dZ2, db2 = sum dZ2, dA1 = dZ2 W2^T, "
                      "dZ1 = dA1 A1 (1 - A1), dW1 = X^T dZ1, db1 = sum dZ1.",
                      "평균 BCE에서 dZ2 = (A2 - Y) / N; dW2 = A1^T dZ2, db2 = sum dZ2, dA1 = dZ2 W2^T, "
                      "dZ1 = dA1 A1 (1 - A1), dW1 = X^T dZ1, db1 = sum dZ1."),
            code=T("dZ2 = (A2 - Y) / X.shape[0]; dA1, dW2, db2 = dense_backward(dZ2, A1, W2); "
                   "_, dW1, db1 = dense_backward(sigmoid_backward(dA1, A1), X, W1)"),
        ), (
            Mistake("two_layer_gradients.no_mean",
                    T("J is a mean over the batch: divide dZ2 by N.", "J는 배치 평균입니다: dZ2를 N으로 나누세요.")),
            Mistake("two_layer_gradients.no_one_minus",
                    T("The hidden sigmoid's derivative is A1 (1 - A1), not A1: sigmoid_backward(dA1, A1).",
                      "은닉 시그모이드의 미분은 A1이 아니라 A1 (1 - A1)입니다: sigmoid_backward(dA1, A1).")),
            Mistake("two_layer_gradients.no_sigmoid_derivative",
                    T("Between dA1 and dZ1 multiply by the hidden sigmoid's derivative A1 (1 - A1).",
                      "dA1과 dZ1 사이에 은닉 시그모이드의 미분 A1 (1 - A1)을 곱하세요.")),
            Mistake("two_layer_gradients.extra_output_sigmoid_grad",
                    T("With cross-entropy on a sigmoid output, A2 (1 - A2) cancels: dZ2 = (A2 - Y) / N, with no "
                      "extra A2 (1 - A2) factor.",
                      "시그모이드 출력에 교차 엔트로피를 쓰면 A2 (1 - A2)가 상쇄됩니다: dZ2 = (A2 - Y) / N, "
                      "A2 (1 - A2)를 더 곱하지 않습니다.")),
        )),
    ),
)
