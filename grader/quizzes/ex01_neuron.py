"""Quiz for ex01: the perceptron and forward propagation (seeds 001 §1-2, 002 §01, 003, 004)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def neuron(rng):
    x = [round(float(v), 1) for v in rng.uniform(-2, 2, 3)]
    w = [round(float(v), 1) for v in rng.uniform(-1, 1, 3)]
    return {"x1": x[0], "x2": x[1], "x3": x[2], "w1": w[0], "w2": w[1], "w3": w[2], "b": round(float(rng.uniform(-1, 1)), 1)}


QUIZ = [
    Choice("q1", T("Why can one linear layer not compute XOR?", "왜 선형 층 하나로는 XOR을 계산할 수 없나요?"), (
        T("Its outputs are not between 0 and 1", "출력이 0과 1 사이가 아니라서"),
        T("No single straight line separates XOR's 1s from its 0s", "직선 하나로 XOR의 1과 0을 나눌 수 없어서"),
        T("It has too many weights", "가중치가 너무 많아서"),
        T("XOR needs negative inputs", "XOR에는 음수 입력이 필요해서")), 1,
        T("XOR is not linearly separable (seed 000 §3.1): a hidden layer bends the boundary.",
          "XOR은 선형 분리가 불가능합니다 (seed 000 §3.1): 은닉층이 경계를 꺾어 줍니다.")),
    Numeric("q2", T("A fully connected layer has 8 inputs and 9 neurons. How many weights (no biases)?",
                    "입력 8개, 뉴런 9개인 완전연결층의 가중치 (편향 제외)는 몇 개인가요?"),
            lambda: 72, tol=0, explain=T("8 x 9 = 72 (seed 004).", "8 x 9 = 72 (seed 004).")),
    Numeric("q3", T("A net with layers [784, 100, 10]: how many parameters, biases included?",
                    "층이 [784, 100, 10]인 신경망의 파라미터 수 (편향 포함)는?"),
            lambda: 784 * 100 + 100 * 10 + 100 + 10, tol=0,
            explain=T("784*100 + 100*10 weights plus 100 + 10 biases = 79510.",
                      "가중치 784*100 + 100*10, 편향 100 + 10: 79510.")),
    Numeric("q4", T("A neuron with x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b}: what is its weighted sum z?",
                    "x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b}인 뉴런의 가중합 z는?"),
            lambda x1, x2, x3, w1, w2, w3, b: w1 * x1 + w2 * x2 + w3 * x3 + b, params=neuron, tol=1e-6,
            explain=T("z = w1 x1 + w2 x2 + w3 x3 + b.", "z = w1 x1 + w2 x2 + w3 x3 + b.")),
    Numeric("q5", T("Same neuron with a sigmoid: what does it output? (x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), "
                    "b = {b})", "같은 뉴런에 시그모이드를 쓰면 출력은? (x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b})"),
            lambda x1, x2, x3, w1, w2, w3, b: 1 / (1 + math.exp(-(w1 * x1 + w2 * x2 + w3 * x3 + b))), params=neuron,
            tol=1e-4),
    Symbolic("q6", T("In the row-major convention a dense layer maps X (N, D_in) to X W + b. Type the output of one "
                     "sigmoid neuron with input x, weight w and bias b.",
                     "행 우선 관례에서 완전연결층은 X W + b입니다. 입력 x, 가중치 w, 편향 b인 시그모이드 뉴런의 출력을 입력하세요."),
             "1/(1 + exp(-(w*x + b)))", ("x", "w", "b")),
]
