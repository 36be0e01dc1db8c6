"""Quiz for ex04: backpropagation and the worked example (notes 000 §2.2, 002 §02, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def sig(z):
    return 1 / (1 + math.exp(-z))


def params(rng):
    return {"x": round(float(rng.uniform(0.1, 1)), 2), "w": round(float(rng.uniform(-1, 1)), 2),
            "t": round(float(rng.uniform(0, 1)), 2)}


def dE_dw(x, w, t):
    o = sig(w * x)
    return (o - t) * o * (1 - o) * x


QUIZ = Quiz("ex04_backprop", (
    Choice("q1", T("The midterm report's worked example (§2.2.2): what is E_total before training?",
                   "중간과제 보고서의 예제 (§2.2.2): 학습 전 E_total은?"),
           (T("0.02397190"), T("0.023978190"), T("0.04794380"),
            T("0.02193381")), 0,
           T("0.02193381 + 0.00203809 = 0.02397190; §2.2.5 later misquotes it as 0.023978190.",
             "0.02193381 + 0.00203809 = 0.02397190입니다. §2.2.5는 이를 0.023978190으로 잘못 인용합니다.")),
    Choice("q2",
           T("The same example: w6 = 0.4 and dE/dw6 = 0.02629590. What is w6 after one step with learning rate 0.5?",
             "같은 예제: w6 = 0.4, dE/dw6 = 0.02629590입니다. 학습률 0.5로 한 단계 갱신한 w6은?"),
           (T("0.38685205"), T("0.38685305"), T("0.41314795"),
            T("0.39342603")), 0,
           T("0.4 - 0.5 * 0.02629590 = 0.38685205; the report prints 0.38685305, a typo.",
             "0.4 - 0.5 * 0.02629590 = 0.38685205입니다. 보고서의 0.38685305는 오타입니다.")),
    Choice("q3", T("In the same example, when computing dE/dw1, which W2 carries the error back?",
                   "같은 예제에서 dE/dw1을 계산할 때 오차를 전달하는 W2는?"),
           (T("The old W2, before its update", "갱신 전의 W2"), T("The updated W2", "갱신된 W2"),
            T("The average of the old and the updated W2", "갱신 전과 후 W2의 평균"),
            T("The transpose of W1", "W1의 전치")), 0,
           T("All gradients are computed from one forward pass, then every weight is updated.",
             "모든 기울기는 한 번의 순전파로 계산하고, 그다음에 모든 가중치를 갱신합니다.")),
    Symbolic("q4", T("Given y = sigmoid(x) and the upstream gradient dout, type dx in terms of dout and y.",
                     "y = sigmoid(x)와 상류 기울기 dout이 주어질 때 dx를 dout과 y로 입력하세요."),
             "dout*y*(1 - y)", ("dout", "y"),
             T("The sigmoid's local derivative is y (1 - y), written with its own output.",
               "시그모이드의 국소 미분은 자신의 출력으로 쓴 y (1 - y)입니다.")),
    Numeric("q5",
            T("One sigmoid neuron o = sigmoid(w x), E = (t - o)^2 / 2 with x = {x}, w = {w}, t = {t}: what is dE/dw?",
              "시그모이드 뉴런 o = sigmoid(w x), E = (t - o)^2 / 2, x = {x}, w = {w}, t = {t}: dE/dw는?"),
            dE_dw, explain=T("dE/dw = (o - t) * o (1 - o) * x.")),
    Choice("q6", T("For Y = X W + b with a batch of N rows, what is db?", "N개 행의 배치에서 Y = X W + b일 때 db는?"),
           (T("dY summed over the batch", "배치에 대한 dY의 합"),
            T("dY averaged over the batch", "배치에 대한 dY의 평균"),
            T("X.T @ dY"), T("dY @ W.T")), 0,
           T("b is added to every row, so its gradient sums the rows' gradients.",
             "b는 모든 행에 더해지므로 기울기는 행들의 기울기의 합입니다.")),
    Choice("q7", T("The deep-learning summary's BackpropXOR code computes the hidden delta as y1.*(1-y).*e1. "
                   "With y1 the hidden output and y the network output, what should it be?",
                   "딥러닝 요약 글의 BackpropXOR 코드는 은닉층 델타를 y1.*(1-y).*e1로 계산합니다. "
                   "y1이 은닉층 출력, y가 신경망 출력일 때 올바른 식은?"),
           (T("y1.*(1-y1).*e1"), T("y.*(1-y).*e1"),
            T("y1.*(1-y).*e1 is right", "y1.*(1-y).*e1이 맞음"), T("(1-y1).*e1")), 0,
           T("The sigmoid's derivative belongs to the layer's own output: y1 (1 - y1).",
             "시그모이드의 미분은 그 층 자신의 출력으로 씁니다: y1 (1 - y1).")),
), params)
