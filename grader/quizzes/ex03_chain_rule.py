"""Quiz for ex03: the chain rule and computational graphs (seed 002 §02)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def point(rng):
    return {"r": round(float(rng.uniform(0.5, 2)), 2), "t": round(float(rng.uniform(0.2, 1.4)), 2)}


QUIZ = [
    Symbolic("q1", T("z = t^2 with t = x + y. Type dz/dx.", "z = t^2, t = x + y. dz/dx를 입력하세요."), "2*(x + y)",
             ("x", "y")),
    Symbolic("q2", T("u = x^2 + 2y with x = r sin(t), y = sin(t)^2. Type du/dt in terms of r and t.",
                     "u = x^2 + 2y, x = r sin(t), y = sin(t)^2. du/dt를 r과 t로 입력하세요."),
             "2*r^2*sin(t)*cos(t) + 4*sin(t)*cos(t)", ("r", "t"),
             T("Two paths: through x (2x r cos t) and through y (2 * 2 sin t cos t).",
               "두 경로: x를 지나는 경로 (2x r cos t)와 y를 지나는 경로 (2 * 2 sin t cos t).")),
    Numeric("q3", T("Same u: what is du/dr at r = {r}, t = {t}?", "같은 u: r = {r}, t = {t}에서 du/dr은?"),
            lambda r, t: 2 * r * math.sin(t) ** 2, params=point, tol=1e-4),
    Choice("q4", T("A multiplication node z = x * y receives dout. What does x get?",
                   "곱셈 노드 z = x * y가 dout을 받습니다. x는 무엇을 받나요?"),
           (T("dout * y", "dout * y"), T("dout * x", "dout * x"), T("dout", "dout"), T("dout / 2", "dout / 2")), 0),
    Choice("q5", T("An addition node z = x + y receives dout. What does each input get?",
                   "덧셈 노드 z = x + y가 dout을 받습니다. 각 입력은 무엇을 받나요?"),
           (T("dout / 2 each", "각각 dout / 2"), T("dout each", "각각 dout"), T("0", "0"), T("dout * x and dout * y", "dout * x와 dout * y")), 1),
    Choice("q6", T("Why is the central difference (f(x+h) - f(x-h)) / 2h preferred to (f(x+h) - f(x)) / h?",
                   "왜 (f(x+h) - f(x)) / h보다 중앙 차분 (f(x+h) - f(x-h)) / 2h를 쓰나요?"),
           (T("Its error shrinks like h^2 instead of h", "오차가 h 대신 h^2처럼 줄어서"), T("It needs fewer evaluations", "계산이 적어서"),
            T("It works without h", "h 없이 되어서"), T("It is exact", "정확해서")), 0),
]
