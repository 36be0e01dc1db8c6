"""Quiz for ex02: activation functions and their derivatives (seed 000 §3, 002, 004)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def logits(rng):
    return {f"z{i}": round(float(v), 1) for i, v in enumerate(rng.uniform(-2, 2, 3))}


QUIZ = [
    Symbolic("q1", T("Type d/dx tanh(x).", "d/dx tanh(x)를 입력하세요."), "1 - tanh(x)^2",
             explain=T("1 - tanh(x)^2 = sech(x)^2. Seed 002 prints tanh upside down ((e^2x+1)/(e^2x-1) is coth).",
                       "1 - tanh(x)^2 = sech(x)^2. seed 002는 tanh를 뒤집어 적었습니다 ((e^2x+1)/(e^2x-1)은 coth).")),
    Symbolic("q2", T("Type the derivative of the sigmoid s(x) = 1/(1 + exp(-x)) in terms of x.",
                     "시그모이드 s(x) = 1/(1 + exp(-x))의 도함수를 x로 입력하세요."),
             "exp(-x)/(1 + exp(-x))^2", explain=T("s'(x) = s(x)(1 - s(x)).", "s'(x) = s(x)(1 - s(x)).")),
    Choice("q3", T("Which function does seed 002's formula (e^{2x} + 1)/(e^{2x} - 1) actually describe?",
                   "seed 002의 식 (e^{2x} + 1)/(e^{2x} - 1)은 실제로 어떤 함수인가요?"),
           (T("tanh", "tanh"), T("coth", "coth"), T("sigmoid", "sigmoid"), T("softplus", "softplus")), 1,
           T("It is coth, the reciprocal of tanh: an erratum in the seed.", "tanh의 역수인 coth입니다: seed의 오류.")),
    Choice("q4", T("Seed 000 §3.2.6 labels one function 'ELU'. Which is it really?",
                   "seed 000 §3.2.6이 'ELU'라고 부른 함수는 실제로 무엇인가요?"),
           (T("LeakyReLU", "LeakyReLU"), T("Swish", "Swish"), T("Softplus", "Softplus"), T("Step", "Step")), 0,
           T("x for x > 0, alpha x otherwise is LeakyReLU (and with a learned alpha, PReLU).",
             "x > 0이면 x, 아니면 alpha x인 함수는 LeakyReLU입니다 (alpha를 학습하면 PReLU).")),
    Numeric("q5", T("softmax of the logits ({z0}, {z1}, {z2}): what probability goes to the first one?",
                    "로짓 ({z0}, {z1}, {z2})의 소프트맥스에서 첫 번째 확률은?"),
            lambda z0, z1, z2: math.exp(z0) / (math.exp(z0) + math.exp(z1) + math.exp(z2)), params=logits, tol=1e-4),
    Choice("q6", T("Why subtract max(x) inside softmax?", "소프트맥스 안에서 왜 max(x)를 빼나요?"), (
        T("It changes the probabilities to be sharper", "확률을 더 뾰족하게 바꾸려고"),
        T("It prevents overflow of exp and leaves the result unchanged", "exp의 overflow를 막고 결과는 그대로라서"),
        T("It makes the outputs sum to 1", "출력의 합을 1로 만들려고"),
        T("It is needed for the gradient only", "기울기 계산에만 필요해서")), 1),
    Numeric("q7", T("What is ReLU's derivative at x = 2.5?", "x = 2.5에서 ReLU의 도함수는?"), lambda: 1.0, tol=0),
]
