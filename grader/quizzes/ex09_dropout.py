"""Quiz for ex09: dropout (seeds 000 §4.2.7, 002 §04, 003)."""
from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def rate(rng):
    return {"p": float(rng.choice([0.2, 0.25, 0.5, 0.1]))}


QUIZ = [
    Numeric("q1", T("Inverted dropout with drop rate p = {p}: by how much are the kept activations scaled?",
                    "드롭 비율 p = {p}인 역 드롭아웃: 남은 활성값에 얼마를 곱하나요?"),
            lambda p: 1 / (1 - p), params=rate, tol=1e-6),
    Symbolic("q2", T("Type the expected value of one masked activation x * m, with m = 0 (probability p) or 1/(1 - p).",
                     "마스크 m = 0 (확률 p) 또는 1/(1 - p)일 때 x * m의 기댓값을 입력하세요."), "x", ("x", "p")),
    Choice("q3", T("With inverted dropout, what happens at test time?", "역 드롭아웃에서 테스트 때는?"),
           (T("Nothing: use x as it is", "아무것도: x를 그대로"), T("Multiply by 1 - p", "1 - p를 곱함"),
            T("Drop with rate p again", "다시 p로 드롭"), T("Divide by p", "p로 나눔")), 0),
    Choice("q4", T("What usual dropout rate for inputs do the seeds get slightly wrong (26% / 25%)?",
                   "seed가 약간 틀리게 적은 입력의 일반적인 드롭아웃 비율은 (26% / 25%)?"),
           (T("about 20-25%", "약 20-25%"), T("about 50%", "약 50%"), T("about 80%", "약 80%"), T("0%", "0%")), 0),
    Numeric("q5", T("dropout_exact on 10 values with ratio 0.35: how many entries are kept?",
                    "dropout_exact, 값 10개, ratio 0.35: 몇 개가 남나요?"), lambda: 7, tol=0,
            explain=T("k = floor(10 * 0.65 + 0.5) = 7.", "k = floor(10 * 0.65 + 0.5) = 7.")),
    Choice("q6", T("In the backward pass, the gradient through dropout is", "역전파에서 드롭아웃을 지나는 기울기는"),
           (T("dout * mask", "dout * mask"), T("dout", "dout"), T("dout * (1 - p)", "dout * (1 - p)"), T("0", "0")), 0),
]
