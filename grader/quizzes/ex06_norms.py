"""Quiz for ex06: norms and regularization (notes 000 §4.2.3.2, 002 §04)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    a = [int(v) for v in rng.integers(-15, 16, 3)]
    return {"a0": a[0], "a1": a[1], "a2": a[2], "c": round(float(rng.uniform(0.5, 5)), 1)}


def l2(a0, a1, a2):
    return math.sqrt(a0 * a0 + a1 * a1 + a2 * a2)


QUIZ = Quiz("ex06_norms", (
    Numeric("q1", T("What is the L1 norm of the row ({a0}, {a1}, {a2})?", "행 ({a0}, {a1}, {a2})의 L1 노름은?"),
            lambda a0, a1, a2: abs(a0) + abs(a1) + abs(a2), digits=None,
            explain=T("The sum of absolute values.", "절댓값의 합입니다.")),
    Numeric("q2", T("The same row ({a0}, {a1}, {a2}): what is its L2 norm?", "같은 행 ({a0}, {a1}, {a2})의 L2 노름은?"),
            l2, explain=T("The square root of the sum of squares (for the notes' row [9, 9, 1]: sqrt(163) = 12.767).",
                          "제곱합의 제곱근입니다 (자료의 행 [9, 9, 1]이면 sqrt(163) = 12.767).")),
    Numeric("q3", T("clip_by_norm(g, {c}) with g = ({a0}, {a1}, {a2}): what is the first entry of the result?",
                    "g = ({a0}, {a1}, {a2})에 clip_by_norm(g, {c}): 결과의 첫 원소는?"),
            lambda a0, a1, a2, c: a0 * min(1.0, c / l2(a0, a1, a2)) if l2(a0, a1, a2) else 0.0,
            explain=T("If ||g|| > c, g is scaled by c / ||g||; the direction stays.",
                      "||g|| > c이면 g에 c / ||g||를 곱합니다. 방향은 그대로입니다.")),
    Symbolic("q4", T("Type the gradient of the L2 penalty lam/2 * w^2 with respect to w.",
                     "L2 벌점 lam/2 * w^2를 w로 미분한 식을 입력하세요."), "lam*w", ("lam", "w"),
             T("d/dw (lam/2 w^2) = lam w: the 1/2 is there to cancel the 2.",
               "d/dw (lam/2 w^2) = lam w: 1/2은 2를 없애려고 붙입니다.")),
    Choice("q5",
           T("What subgradient of |w| does this course use at w = 0?", "이 과정에서 w = 0일 때 |w|의 부분 기울기는?"),
           (T("0"), T("1"), T("-1"), T("undefined: raise an error", "정의되지 않음: 오류를 냄")), 0,
           T("Any value in [-1, 1] is a subgradient at 0; sign(0) = 0 is the usual choice.",
             "0에서는 [-1, 1]의 어떤 값도 부분 기울기이며, 보통 sign(0) = 0을 씁니다.")),
    Choice("q6", T("clip_by_norm(g, 5) for a gradient of norm 2 returns", "노름이 2인 기울기에 clip_by_norm(g, 5)는"),
           (T("g unchanged", "g를 그대로"), T("g scaled up to norm 5", "노름 5로 늘린 g"), T("g * 2 / 5"),
            T("every entry clipped to [-5, 5]", "원소마다 [-5, 5]로 자른 값")), 0,
           T("Clipping only shrinks: a norm below the limit is left alone.",
             "자르기는 줄이기만 합니다: 한계보다 작은 노름은 그대로 둡니다.")),
), params)
