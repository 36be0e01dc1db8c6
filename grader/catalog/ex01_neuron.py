"""ex01: the perceptron and forward propagation (course review §1-2, AI College lecture §01, deep-learning summary,
network primer)."""
import numpy as np

from dlgrade.checks import Correctness, Property, Purity
from dlgrade.catalog.inputs import DTYPES, Case, fixed, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.text import T


def weighted_sum_cases(rng, dtypes=DTYPES, sizes=(1, 3, 8)):
    cases = []
    for dtype in dtypes:
        for n in sizes:
            x, w = (rng.uniform(-3, 3, n).astype(dtype) for _ in range(2))
            b = float(rng.uniform(-1, 1))
            cases.append(Case((x, w, b), {}, label_of(x, w, round(b, 3))))
    return cases


# a square case first: there a transposed W computes wrong numbers (and is named) instead of failing on shapes
def dense_cases(rng, dtypes=DTYPES, shapes=((3, 3, 3), (4, 3, 2), (1, 5, 1), (7, 2, 6))):
    cases = []
    for dtype in dtypes:
        for n, d_in, d_out in shapes:
            X = rng.uniform(-2, 2, (n, d_in)).astype(dtype)
            W = rng.uniform(-1, 1, (d_in, d_out)).astype(dtype)
            b = rng.uniform(-1, 1, d_out).astype(dtype)
            cases.append(Case((X, W, b), {}, label_of(X, W, b)))
    return cases


def mlp_cases(rng, dtypes=DTYPES, nets=((3, 4, 2), (2, 5, 5, 1), (6, 3))):
    cases = []
    for dtype in dtypes:
        for sizes in nets:
            X = rng.uniform(-2, 2, (5, sizes[0])).astype(dtype)
            Ws = [rng.uniform(-1.5, 1.5, (a, b)).astype(dtype) for a, b in zip(sizes[:-1], sizes[1:])]
            bs = [rng.uniform(-1, 1, b).astype(dtype) for b in sizes[1:]]
            cases.append(Case((X, Ws, bs), {}, f"X {label_of(X)}, layers {list(sizes)}"))
    return cases


def layer_size_cases(rng):
    fixed_nets = ([8, 9], [2, 2, 1], [784, 100, 10], [3, 1])
    random_nets = [[int(v) for v in rng.integers(1, 50, rng.integers(2, 6))] for _ in range(4)]
    return [Case((sizes,), {}, str(sizes)) for sizes in (*fixed_nets, *random_nets)]


EXERCISE = Exercise(
    id="ex01",
    name="neuron",
    title=T("The perceptron and forward propagation", "퍼셉트론과 순전파"),
    notes=("001 §1-2", "002 §01", "003", "004"),
    functions=(
        Function("weighted_sum", (
            Correctness(2, weighted_sum_cases),
            Purity(1, lambda rng: weighted_sum_cases(rng, dtypes=(np.float32,))),
        ), Hints(
            idea=T("A neuron multiplies each input by its weight, adds them up, and adds its bias.",
                   "뉴런은 각 입력에 가중치를 곱해 모두 더한 뒤 편향을 더합니다."),
            formula=T("z = w1 x1 + w2 x2 + ... + wn xn + b  (a dot product plus b).",
                      "z = w1 x1 + w2 x2 + ... + wn xn + b  (내적 + b)."),
            code=T("return (w * x).sum() + b"),
        ), (
            Mistake("weighted_sum.no_bias", T("Add the bias b once at the end.",
                                             "마지막에 편향 b를 한 번 더하세요.")),
            Mistake("weighted_sum.bias_per_input",
                    T("The bias is added once, not to every product w_i x_i.",
                      "편향은 곱 w_i x_i마다가 아니라 한 번만 더합니다.")),
            Mistake("weighted_sum.not_scalar",
                    T("Return a scalar: for 1-D x and w, (w * x).sum() or w @ x is already one; a (1, n) row "
                      "vector gives an array of shape (1,).",
                      "스칼라를 반환하세요: 1차원 x, w에서는 (w * x).sum()이나 w @ x가 이미 "
                      "스칼라입니다. (1, n) 행 벡터를 쓰면 shape (1,) 배열이 됩니다.")),
        )),
        Function("dense_forward", (
            Correctness(2, dense_cases),
            Purity(1, lambda rng: dense_cases(rng, dtypes=(np.float32,))),
            Correctness(1, lambda rng: dense_cases(rng, shapes=((64, 33, 17), (2, 1, 9))), name="hidden_values",
                        hidden=True),
        ), Hints(
            idea=T("Every row of X is one sample; a dense layer gives each sample D_out weighted sums.",
                   "X의 각 행이 한 샘플입니다. 완전연결층은 샘플마다 D_out개의 가중합을 냅니다."),
            formula=T("Y = X W + b with X (N, D_in), W (D_in, D_out), b (D_out,) broadcast over the rows.",
                      "Y = X W + b, X (N, D_in), W (D_in, D_out), b (D_out,)는 행마다 브로드캐스트됩니다."),
            code=T("return X @ W + b"),
        ), (
            Mistake("dense_forward.no_bias", T("Add the bias b (shape (D_out,)).",
                                             "편향 b (shape (D_out,))를 더하세요.")),
            Mistake("dense_forward.w_first",
                    T("W @ X is the notes' column form (z = W x + b, one sample as a column). Here samples are the "
                      "ROWS of X and W is (D_in, D_out): X @ W + b.",
                      "W @ X는 자료의 열 형식입니다 (z = W x + b, 샘플 하나가 열). 여기서는 샘플이 X의 행이고 W는 "
                      "(D_in, D_out)입니다: X @ W + b.")),
            Mistake("dense_forward.w_transposed",
                    T("W is stored as (D_in, D_out), not (D_out, D_in) as in the notes' column form: no transpose, "
                      "X @ W + b.",
                      "W는 자료의 열 형식처럼 (D_out, D_in)이 아니라 (D_in, D_out)으로 저장됩니다: "
                      "전치 없이 X @ W + b.")),
        )),
        Function("mlp_forward", (
            Correctness(2, mlp_cases),
            Purity(1, lambda rng: mlp_cases(rng, dtypes=(np.float32,))),
            Correctness(1, lambda rng: mlp_cases(rng, nets=((10, 8, 6, 4, 2),)), name="hidden_values", hidden=True),
        ), Hints(
            idea=T("Apply the layers one after another, each followed by the sigmoid.",
                   "층을 차례로 적용하고, 매 층 뒤에 시그모이드를 적용합니다."),
            formula=T("Z_0 = X; Z_{l+1} = sigmoid(Z_l W_l + b_l); return Z_L. The notes' column form z = "
                      "f(W z + b) is the same thing transposed.",
                      "Z_0 = X; Z_{l+1} = sigmoid(Z_l W_l + b_l); Z_L을 반환. 자료의 열 형식 z = f(W z + "
                      "b)는 이를 전치한 것입니다."),
            code=T("Z = X\nfor W, b in zip(weights, biases):\n    Z = sigmoid(Z @ W + b)\nreturn Z"),
        ), (
            Mistake("mlp_forward.last_layer_linear",
                    T("Here the sigmoid follows every layer, the last one included.",
                      "여기서는 마지막 층을 포함해 모든 층 뒤에 시그모이드를 적용합니다.")),
            Mistake("mlp_forward.no_bias", T("Add each layer's bias before the sigmoid.",
                                            "시그모이드 전에 각 층의 편향을 더하세요.")),
        )),
        Function("count_weights", (
            Correctness(1, layer_size_cases),
        ), Hints(
            idea=T("Each neuron of a layer connects to every neuron of the next one.",
                   "한 층의 각 뉴런은 다음 층의 모든 뉴런과 연결됩니다."),
            formula=T("weights = sum over consecutive layers of n_l * n_{l+1}; the network primer: 8 inputs "
                      "x 9 hidden = 72.",
                      "가중치 수 = 이웃한 층마다 n_l * n_{l+1}의 합. 신경망 입문 글: 입력 8 x 은닉 9 = 72."),
            code=T("return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))"),
        ), (
            Mistake("count_weights.with_biases",
                    T("Count only the weights here; biases are not weights.",
                      "여기서는 가중치만 셉니다. 편향은 가중치가 아닙니다.")),
            Mistake("count_weights.sum_of_sizes",
                    T("That counts neurons; a weight is a connection between two neurons.",
                      "그건 뉴런 수입니다. 가중치는 두 뉴런 사이의 연결입니다.")),
        )),
        Function("count_parameters", (
            Correctness(1, layer_size_cases),
        ), Hints(
            idea=T("Parameters are the weights plus one bias per neuron that computes something.",
                   "파라미터는 가중치에, 계산하는 뉴런마다 편향 하나를 더한 것입니다."),
            formula=T("parameters = count_weights(sizes) + sum(sizes[1:]); the input layer has no biases.",
                      "파라미터 = count_weights(sizes) + sum(sizes[1:]). 입력층에는 편향이 없습니다."),
            code=T("return count_weights(layer_sizes) + sum(layer_sizes[1:])"),
        ), (
            Mistake("count_parameters.no_biases",
                    T("Add the biases: one per neuron after the input layer.",
                      "편향을 더하세요: 입력층 다음 뉴런마다 하나.")),
            Mistake("count_parameters.input_biases",
                    T("The input layer has no biases: sum(layer_sizes[1:]).",
                      "입력층에는 편향이 없습니다: sum(layer_sizes[1:]).")),
        )),
        Function("xor_weights", (
            Property(3, fixed(()), verify="verify_xor_weights", name="xor"),
        ), Hints(
            idea=T("XOR is not linearly separable (midterm report §3.1): one step neuron draws one line, so a hidden "
                   "layer is needed. Which two simple gates, combined by a third, give XOR?",
                   "XOR은 선형 분리가 불가능합니다 (중간과제 보고서 §3.1): 계단 뉴런 하나는 "
                   "직선 하나를 그으므로 은닉층이 필요합니다. 어떤 간단한 게이트 두 개를 세 번째 "
                   "게이트로 합치면 XOR이 될까요?"),
            formula=T("XOR = (x1 OR x2) AND NOT (x1 AND x2). A step neuron step(w1 x1 + w2 x2 + b) outputs 1 "
                      "when its sum is > 0: for each gate choose w and b so the sum is negative on the inputs that "
                      "must give 0 and positive on the others, never exactly 0.",
                      "XOR = (x1 OR x2) AND NOT (x1 AND x2). 계단 뉴런 step(w1 x1 + w2 x2 + b)는 합이 "
                      "0보다 크면 1을 냅니다: 게이트마다 0이 나와야 하는 입력에서는 합이 음수, 나머지에서는 양수가 "
                      "되도록 (정확히 0은 안 됨) w와 b를 고르세요."),
            code=T("W1 = [[1, -1], [1, -1]], b1 = [-0.5, 1.5], W2 = [[1], [1]], b2 = [-1.5] (as float "
                   "arrays): column 0 is OR, column 1 NAND, the output AND",
                   "W1 = [[1, -1], [1, -1]], b1 = [-0.5, 1.5], W2 = [[1], [1]], b2 = [-1.5] (float 배열로): 열 0은 OR, "
                   "열 1은 NAND, 출력은 AND"),
        ), (
            Mistake("xor_weights.linear",
                    T("Your network computes OR or AND, a single line's worth; XOR needs both an OR and a NAND "
                      "neuron combined.",
                      "신경망이 OR나 AND를 계산합니다 (직선 하나). XOR에는 OR 뉴런과 NAND 뉴런의 조합이 필요합니다."),
                    detect="property"),
            Mistake("xor_weights.on_threshold",
                    T("A weighted sum lands exactly on 0, where the step gives 0.5; shift the biases by 0.5.",
                      "가중합이 정확히 0이 되어 계단 함수가 0.5를 냅니다. 편향을 0.5만큼 옮기세요."),
                    detect="property"),
        )),
    ),
)
