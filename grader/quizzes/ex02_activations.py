"""Quiz for ex02: activation functions and their derivatives (notes 000 §3, 002, 004)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    z = [round(float(v), 1) for v in rng.uniform(-2, 2, 3)]
    return {"z0": z[0], "z1": z[1], "z2": z[2], "t": round(float(rng.choice([-1, 1]) * rng.uniform(0.1, 3)), 1)}


def sigmoid(v):
    return 1 / (1 + math.exp(-v))


QUIZ = Quiz("ex02_activations", (
    Symbolic("q1", T("Type d/dx tanh(x).", "d/dx tanh(x)를 입력하세요."), "1 - tanh(x)^2",
             explain=T("1 - tanh(x)^2 = sech(x)^2. The AI College lecture prints tanh upside down: "
                       "(e^2x+1)/(e^2x-1) is coth.",
                       "1 - tanh(x)^2 = sech(x)^2. AI College 강의는 tanh를 뒤집어 적었습니다: "
                       "(e^2x+1)/(e^2x-1)은 coth입니다.")),
    Symbolic("q2", T("Type the derivative of the sigmoid s(x) = 1/(1 + exp(-x)).",
                     "시그모이드 s(x) = 1/(1 + exp(-x))의 도함수를 입력하세요."),
             "exp(-x)/(1 + exp(-x))^2", explain=T("s'(x) = s(x)(1 - s(x)), i.e. sigmoid(x)*(1 - sigmoid(x)).",
                                                  "s'(x) = s(x)(1 - s(x)), 곧 sigmoid(x)*(1 - sigmoid(x)).")),
    Choice("q3", T("Which function does the AI College lecture's formula (e^{2x} + 1)/(e^{2x} - 1) actually describe?",
                   "AI College 강의의 식 (e^{2x} + 1)/(e^{2x} - 1)은 실제로 어떤 함수인가요?"),
           (T("tanh"), T("coth"), T("sigmoid(2x)"),
            T("2 sigmoid(2x) - 1")), 1,
           T("It is coth, the reciprocal of tanh: a typo in the lecture. tanh is (e^{2x} - 1)/(e^{2x} + 1).",
             "tanh의 역수인 coth입니다: 강의의 오타입니다. tanh는 (e^{2x} - 1)/(e^{2x} + 1)입니다.")),
    Choice("q4", T("The midterm report (§3.2.6) calls the function 'x if x > 0, else 0.01x' ELU. What is it really?",
                   "중간과제 보고서 (§3.2.6)는 'x > 0이면 x, 아니면 0.01x'인 함수를 ELU라고 "
                   "부릅니다. 실제로는 무엇인가요?"),
           (T("LeakyReLU"), T("ELU"), T("Softplus"),
            T("PReLU with alpha = 1", "alpha = 1인 PReLU")), 0,
           T("x for x > 0, alpha x otherwise is LeakyReLU (PReLU when alpha is learned); ELU uses alpha (e^x - 1).",
             "x > 0이면 x, 아니면 alpha x인 함수는 LeakyReLU입니다 (alpha를 학습하면 PReLU). ELU는 alpha "
             "(e^x - 1)을 씁니다.")),
    Numeric("q5", T("softmax of the logits ({z0}, {z1}, {z2}): what probability goes to the first one?",
                    "로짓 ({z0}, {z1}, {z2})의 소프트맥스에서 첫 번째 확률은?"),
            lambda z0, z1, z2: math.exp(z0) / (math.exp(z0) + math.exp(z1) + math.exp(z2)),
            explain=T("e^z0 / (e^z0 + e^z1 + e^z2).")),
    Choice("q6", T("Why subtract max(x) inside softmax?", "소프트맥스 안에서 왜 max(x)를 빼나요?"), (
        T("It makes the probabilities sharper", "확률을 더 뾰족하게 만들려고"),
        T("It prevents overflow of exp and leaves the result unchanged", "exp의 오버플로를 막고, 결과는 그대로라서"),
        T("It makes the outputs sum to 1", "출력의 합을 1로 만들려고"),
        T("It prevents underflow of the smallest probabilities", "가장 작은 확률의 언더플로를 막으려고")), 1,
        T("softmax(x - c) = softmax(x) for any c; with c = max(x) the largest exponent is e^0 = 1.",
          "어떤 c에 대해서도 softmax(x - c) = softmax(x)이고, c = max(x)이면 가장 큰 지수가 e^0 = 1입니다.")),
    Numeric("q7", T("What is the sigmoid's derivative at x = {t}?", "x = {t}에서 시그모이드의 도함수 값은?"),
            lambda t: sigmoid(t) * (1 - sigmoid(t)), explain=T("s(x)(1 - s(x)) with s(x) = 1/(1 + e^(-x)).",
                                                                 "s(x) = 1/(1 + e^(-x))일 때 s(x)(1 - s(x)).")),
), params)
