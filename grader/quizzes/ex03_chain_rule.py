"""Quiz for ex03: the chain rule and computational graphs (notes 002 §02)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {"r": round(float(rng.uniform(0.5, 2)), 2), "t": round(float(rng.uniform(0.2, 1.4)), 2)}


QUIZ = Quiz("ex03_chain_rule", (
    Symbolic("q1", T("z = t^2 with t = x + y. Type dz/dx.", "z = t^2, t = x + y. dz/dx를 입력하세요."), "2*(x + y)",
             ("x", "y"), T("dz/dx = dz/dt * dt/dx = 2t * 1.")),
    Symbolic("q2", T("u = x^2 + 2y with x = r sin(t), y = sin(t)^2. Type du/dt in terms of r and t.",
                     "u = x^2 + 2y, x = r sin(t), y = sin(t)^2. du/dt를 r과 t로 입력하세요."),
             "2*r^2*sin(t)*cos(t) + 4*sin(t)*cos(t)", ("r", "t"),
             T("Two paths: through x (2x r cos t) and through y (2 * 2 sin t cos t).",
               "두 경로: x를 지나는 경로 (2x r cos t)와 y를 지나는 경로 (2 * 2 sin t cos t).")),
    Numeric("q3", T("The same u: what is du/dr at r = {r}, t = {t} (t in radians)?",
                    "같은 u: r = {r}, t = {t} (t는 라디안)에서 du/dr은?"),
            lambda r, t: 2 * r * math.sin(t) ** 2,
            explain=T("Only x depends on r: du/dr = 2x sin t = 2 r sin(t)^2.",
                      "r에 의존하는 것은 x뿐: du/dr = 2x sin t = 2 r sin(t)^2.")),
    Choice("q4", T("A multiplication node z = x * y receives dout. What does x get?",
                   "곱셈 노드 z = x * y가 dout을 받습니다. x는 무엇을 받나요?"),
           (T("dout * y"), T("dout * x"), T("dout"),
            T("dout * x * y")), 0,
           T("dz/dx = y: each input gets dout times the OTHER input.",
             "dz/dx = y: 각 입력은 dout에 다른 입력을 곱한 값을 받습니다.")),
    Choice("q5", T("An addition node z = x + y receives dout. What does each input get?",
                   "덧셈 노드 z = x + y가 dout을 받습니다. 각 입력은 무엇을 받나요?"),
           (T("dout / 2 each", "각각 dout / 2"), T("dout each", "각각 dout"),
            T("dout * y and dout * x", "dout * y와 dout * x"),
            T("dout for x, -dout for y", "x에는 dout, y에는 -dout")), 1,
           T("dz/dx = dz/dy = 1: the addition node copies dout to both inputs unchanged.",
             "dz/dx = dz/dy = 1: 덧셈 노드는 dout을 두 입력에 그대로 복사해 보냅니다.")),
    Choice("q6", T("Why is the central difference (f(x+h) - f(x-h)) / 2h preferred to (f(x+h) - f(x)) / h?",
                   "왜 (f(x+h) - f(x)) / h보다 중앙 차분 (f(x+h) - f(x-h)) / 2h를 쓰나요?"),
           (T("Its error shrinks like h^2 instead of h", "오차가 h 대신 h^2에 비례해 줄어서"),
            T("It needs fewer evaluations of f", "f를 덜 계산해서"),
            T("It has no rounding error", "반올림 오차가 없어서"),
            T("It is exact for every f", "모든 f에 대해 정확해서")), 0),
), params)
