"""Quiz for ex10: batch normalization and residual connections (seed 000 §1.3.4-1.3.5, 002)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def batch(rng):
    return {f"x{i}": int(v) for i, v in enumerate(rng.integers(-5, 6, 4))}


def mean4(x0, x1, x2, x3):
    return (x0 + x1 + x2 + x3) / 4


QUIZ = [
    Numeric("q1", T("A feature's batch is ({x0}, {x1}, {x2}, {x3}). What variance does training-mode batch norm use?",
                    "한 특성의 배치가 ({x0}, {x1}, {x2}, {x3})입니다. 학습 모드 배치 정규화가 쓰는 분산은?"),
            lambda x0, x1, x2, x3: sum((v - mean4(x0, x1, x2, x3)) ** 2 for v in (x0, x1, x2, x3)) / 4, params=batch,
            tol=1e-6, explain=T("The biased variance: divide by N (4), not N - 1.", "편향 분산: N - 1이 아니라 N (4)으로 나눕니다.")),
    Numeric("q2", T("Same batch, eps = 0: what is the normalized value of the first entry {x0}?",
                    "같은 배치, eps = 0: 첫 값 {x0}의 정규화된 값은?"),
            lambda x0, x1, x2, x3: (x0 - mean4(x0, x1, x2, x3)) / max(1e-12, math.sqrt(
                sum((v - mean4(x0, x1, x2, x3)) ** 2 for v in (x0, x1, x2, x3)) / 4)), params=batch, tol=1e-4),
    Symbolic("q3", T("A residual block computes y = x + F(x). Type dy/dx when F'(x) is written Fp.",
                     "잔차 블록 y = x + F(x). F'(x)를 Fp라 할 때 dy/dx를 입력하세요."), "1 + Fp", ("Fp",)),
    Choice("q4", T("Why do residual connections help very deep networks train?", "잔차 연결은 왜 매우 깊은 신경망의 학습을 돕나요?"),
           (T("The identity path carries the gradient back unchanged", "항등 경로가 기울기를 그대로 전달해서"),
            T("They remove the need for activations", "활성 함수가 필요 없어져서"), T("They halve the parameters", "파라미터가 절반이 되어서"),
            T("They normalize the batch", "배치를 정규화해서")), 0),
    Choice("q5", T("Where does eps go in batch norm?", "배치 정규화에서 eps는 어디에?"),
           (T("Inside the root: sqrt(var + eps)", "제곱근 안: sqrt(var + eps)"), T("Outside: sqrt(var) + eps", "밖: sqrt(var) + eps"),
            T("In the numerator", "분자에"), T("Added to gamma", "gamma에 더함")), 0),
    Choice("q6", T("dgamma is", "dgamma는"), (T("sum over the batch of dout * xhat", "배치에 대한 dout * xhat의 합"),
                                             T("mean of dout", "dout의 평균"), T("dout * gamma", "dout * gamma"),
                                             T("sum of dout", "dout의 합")), 0),
]
