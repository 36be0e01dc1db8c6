"""Quiz for ex09: dropout (notes 000 §4.2.7, 002 §04, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {"p": round(float(rng.uniform(0.05, 0.6)), 2), "n": int(rng.integers(5, 60)),
            "r": round(float(rng.uniform(0.1, 0.7)), 2)}


QUIZ = Quiz("ex09_dropout", (
    Numeric("q1", T("Inverted dropout with drop rate p = {p}: by what factor are the kept activations scaled?",
                    "드롭 비율 p = {p}인 역 드롭아웃: 남은 활성값에 얼마를 곱하나요?"),
            lambda p: 1 / (1 - p),
            explain=T("1 / (1 - p), so the expected value stays x.", "1 / (1 - p): 그래야 기댓값이 x로 유지됩니다.")),
    Symbolic("q2", T("Type the expected value of one masked activation x * m, with m = 0 (probability p) or 1/(1 - p).",
                     "마스크 m이 0 (확률 p) 또는 1/(1 - p)일 때 x * m의 기댓값을 입력하세요."), "x", ("x", "p"),
             T("p * 0 + (1 - p) * x / (1 - p) = x.")),
    Choice("q3", T("With inverted dropout, what happens at test time?", "역 드롭아웃에서 테스트 때는?"),
           (T("Nothing: use x as it is", "아무것도 하지 않음: x를 그대로"), T("Multiply by 1 - p", "1 - p를 곱함"),
            T("Drop with rate p again and average", "다시 p로 드롭하고 평균함"),
            T("Divide by 1 - p", "1 - p로 나눔")), 0,
           T("The scaling already happened during training.", "스케일링은 이미 학습 때 했습니다.")),
    Choice("q4", T("The notes give 26% / 25% as the usual dropout rate for inputs. What is usual?",
                   "자료는 입력의 일반적인 드롭아웃 비율을 26% / 25%로 적습니다. 일반적인 값은?"),
           (T("about 20-25%", "약 20-25%"), T("about 50%", "약 50%"), T("about 80%", "약 80%"), T("0%")), 0,
           T("Inputs: about 20-25% (hidden layers often 50%).", "입력은 약 20-25% (은닉층은 흔히 50%).")),
    Numeric("q5", T("dropout_exact on {n} values with ratio {r}: how many entries are kept?",
                    "dropout_exact, 값 {n}개, ratio {r}: 몇 개가 남나요?"),
            lambda n, r: math.floor(n * (1 - r) + 0.5), digits=None,
            explain=T("k = floor(n (1 - ratio) + 0.5).")),
    Choice("q6", T("In the backward pass, the gradient through dropout is", "역전파에서 드롭아웃을 지나는 기울기는"),
           (T("dout * mask"), T("dout"), T("dout * (1 - p)"),
            T("dout / mask")), 0,
           T("The same mask (with its 1/(1 - p)) multiplies the gradient.",
             "같은 마스크 (1/(1 - p) 포함)를 기울기에 곱합니다.")),
), params)
