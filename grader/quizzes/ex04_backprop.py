"""Quiz for ex04: backpropagation and the seed's worked example (seeds 000 §2.2, 002 §02, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def sig(z):
    return 1 / (1 + math.exp(-z))


def forward(rng):
    return {"x": round(float(rng.uniform(0, 1)), 2), "w": round(float(rng.uniform(-1, 1)), 2),
            "t": round(float(rng.uniform(0, 1)), 2)}


QUIZ = [
    Numeric("q1", T("The seed's example: what is E_total before training (8 decimals)?",
                    "seed 예제: 학습 전 E_total은 (소수점 8자리)?"), lambda: 0.02397190, tol=1e-6,
            explain=T("0.02397190; §2.2.5 later misquotes it as 0.023978190.",
                      "0.02397190입니다. §2.2.5는 이를 0.023978190으로 잘못 인용합니다.")),
    Numeric("q2", T("The seed's example: what is w6 after one step (lr 0.5)?", "seed 예제: 한 단계 후 w6 (lr 0.5)은?"),
            lambda: 0.38685205, tol=1e-7,
            explain=T("0.38685205: the seed prints 0.38685305, a typo.", "0.38685205: seed의 0.38685305는 오타입니다.")),
    Choice("q3", T("In the seed's example, when computing dE/dw1, which W2 carries the error back?",
                   "seed 예제에서 dE/dw1을 계산할 때 오차를 전달하는 W2는?"),
           (T("The old W2, before its update", "갱신 전의 W2"), T("The updated W2", "갱신된 W2"),
            T("Their average", "둘의 평균"), T("W2 is not involved", "W2는 관여하지 않음")), 0),
    Symbolic("q4", T("Given y = sigmoid(x) and the upstream gradient dout, type dx.",
                     "y = sigmoid(x)와 상류 기울기 dout이 주어질 때 dx를 입력하세요."),
             "dout*y*(1 - y)", ("dout", "y")),
    Numeric("q5", T("One sigmoid neuron o = sigmoid(w x), E = (t - o)^2 / 2 with x = {x}, w = {w}, t = {t}: what is dE/dw?",
                    "시그모이드 뉴런 o = sigmoid(w x), E = (t - o)^2 / 2, x = {x}, w = {w}, t = {t}: dE/dw는?"),
            lambda x, w, t: (sig(w * x) - t) * sig(w * x) * (1 - sig(w * x)) * x, params=forward, tol=1e-4),
    Choice("q6", T("For Y = X W + b with a batch of N rows, what is db?", "N개 행의 배치에서 Y = X W + b일 때 db는?"),
           (T("dY summed over the batch", "배치에 대한 dY의 합"), T("dY averaged over the batch", "배치에 대한 dY의 평균"),
            T("X.T @ dY", "X.T @ dY"), T("dY @ W.T", "dY @ W.T")), 0),
]
