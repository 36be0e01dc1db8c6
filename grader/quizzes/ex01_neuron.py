"""Quiz for ex01: the perceptron and forward propagation (notes 001 §1-2, 002 §01, 003, 004)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    x = [round(float(v), 1) for v in rng.uniform(-2, 2, 3)]
    w = [round(float(v), 1) for v in rng.uniform(-1, 1, 3)]
    return {"x1": x[0], "x2": x[1], "x3": x[2], "w1": w[0], "w2": w[1], "w3": w[2],
            "b": round(float(rng.uniform(-1, 1)), 1), "n_in": int(rng.integers(2, 30)),
            "n_out": int(rng.integers(2, 30)),
            "d0": int(rng.choice([784, 256, 100, 64])), "d1": int(rng.integers(8, 200)), "d2": int(rng.integers(2, 11))}


def z(x1, x2, x3, w1, w2, w3, b):
    return w1 * x1 + w2 * x2 + w3 * x3 + b


QUIZ = Quiz("ex01_neuron", (
    Choice("q1", T("Why can one linear layer not compute XOR?", "왜 선형 층 하나로는 XOR을 계산할 수 없나요?"), (
        T("No single straight line separates XOR's 1s from its 0s", "직선 하나로 XOR의 1과 0을 나눌 수 없어서"),
        T("Its outputs are not between 0 and 1", "출력이 0과 1 사이가 아니라서"),
        T("It has too few weights: two inputs need at least four weights",
          "가중치가 너무 적어서: 입력 두 개에는 가중치가 네 개 이상 필요해서"),
        T("A step activation cannot output 0", "계단 함수는 0을 출력할 수 없어서")), 0,
        T("XOR is not linearly separable (midterm report §3.1): a hidden layer bends the boundary.",
          "XOR은 선형 분리가 불가능합니다 (중간과제 보고서 §3.1): 은닉층이 경계를 꺾어 줍니다.")),
    Numeric("q2", T("A fully connected layer has {n_in} inputs and {n_out} neurons. How many weights (no biases)?",
                    "입력 {n_in}개, 뉴런 {n_out}개인 완전연결층의 가중치 (편향 제외)는 몇 개인가요?"),
            lambda n_in, n_out: n_in * n_out, digits=None,
            explain=T("One weight per (input, neuron) pair: n_in x n_out.",
                      "(입력, 뉴런) 쌍마다 가중치 하나: n_in x n_out.")),
    Numeric("q3", T("A network with layers [{d0}, {d1}, {d2}]: how many parameters, biases included?",
                    "층이 [{d0}, {d1}, {d2}]인 신경망의 파라미터 수 (편향 포함)는?"),
            lambda d0, d1, d2: d0 * d1 + d1 * d2 + d1 + d2, digits=None,
            explain=T("Weights d0*d1 + d1*d2, plus one bias per neuron of the two layers: d1 + d2.",
                      "가중치 d0*d1 + d1*d2에 두 층의 뉴런마다 편향 하나: d1 + d2.")),
    Numeric("q4",
            T("A neuron with x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b}: what is its weighted sum z?",
              "x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b}인 뉴런의 가중합 z는?"),
            z, explain=T("z = w1 x1 + w2 x2 + w3 x3 + b.")),
    Numeric("q5", T("The same neuron (x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b}) with a sigmoid: "
                    "what does it output?",
                    "같은 뉴런 (x = ({x1}, {x2}, {x3}), w = ({w1}, {w2}, {w3}), b = {b})에 시그모이드를 쓰면 출력은?"),
            lambda x1, x2, x3, w1, w2, w3, b: 1 / (1 + math.exp(-z(x1, x2, x3, w1, w2, w3, b))),
            explain=T("sigmoid(z) = 1 / (1 + e^(-z)) with the z of the previous question.",
                      "앞 문제의 z로 sigmoid(z) = 1 / (1 + e^(-z)).")),
    Symbolic("q6", T("Type the output of one sigmoid neuron with a single input x, weight w and bias b.",
                     "입력 x 하나, 가중치 w, 편향 b인 시그모이드 뉴런의 출력을 입력하세요."),
             "1/(1 + exp(-(w*x + b)))", ("x", "w", "b"),
             T("sigmoid(w x + b): the weighted sum first, then the activation.",
               "sigmoid(w x + b): 가중합 다음에 활성화 함수.")),
), params)
