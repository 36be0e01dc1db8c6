"""Quiz for ex06: norms and regularization (seeds 000 §4.2.3.2, 002 §04)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def vec(rng):
    return {f"a{i}": int(v) for i, v in enumerate(rng.integers(-9, 10, 3))}


QUIZ = [
    Numeric("q1", T("The seed's row [9, 9, 1]: what is its L1 norm?", "seed의 행 [9, 9, 1]의 L1 노름은?"), lambda: 19, tol=0),
    Numeric("q2", T("The seed's row [9, 9, 1]: what is its L2 norm?", "seed의 행 [9, 9, 1]의 L2 노름은?"),
            lambda: math.sqrt(163), tol=1e-6),
    Numeric("q3", T("What is the L2 norm of ({a0}, {a1}, {a2})?", "({a0}, {a1}, {a2})의 L2 노름은?"),
            lambda a0, a1, a2: math.sqrt(a0 * a0 + a1 * a1 + a2 * a2), params=vec, tol=1e-6),
    Symbolic("q4", T("Type the gradient of the L2 penalty lam/2 * w^2 with respect to w.",
                     "L2 벌점 lam/2 * w^2를 w로 미분한 식을 입력하세요."), "lam*w", ("lam", "w")),
    Choice("q5", T("What subgradient of |w| does this course use at w = 0?", "이 과정에서 w = 0일 때 |w|의 부분 기울기는?"),
           (T("0", "0"), T("1", "1"), T("-1", "-1"), T("undefined: raise an error", "정의 안 됨: 오류")), 0),
    Choice("q6", T("clip_by_norm(g, 5) for a gradient of norm 2 returns", "노름이 2인 기울기에 clip_by_norm(g, 5)는"),
           (T("g unchanged", "g 그대로"), T("g scaled to norm 5", "노름 5로 늘린 g"), T("g / 2", "g / 2"),
            T("every entry clipped to [-5, 5]", "원소마다 [-5, 5]로 자른 값")), 0),
]
