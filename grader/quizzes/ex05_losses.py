"""Quiz for ex05: loss functions (seeds 000 §4.2.3, 002, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def preds(rng):
    return {f"p{i}": round(float(v), 2) for i, v in enumerate(rng.uniform(-2, 2, 3))} | \
        {f"y{i}": round(float(v), 2) for i, v in enumerate(rng.uniform(-2, 2, 3))}


def prob(rng):
    return {"p": round(float(rng.uniform(0.05, 0.95)), 2)}


QUIZ = [
    Numeric("q1", T("Predictions ({p0}, {p1}, {p2}), targets ({y0}, {y1}, {y2}): what is the MSE?",
                    "예측 ({p0}, {p1}, {p2}), 정답 ({y0}, {y1}, {y2}): MSE는?"),
            lambda p0, p1, p2, y0, y1, y2: ((p0 - y0) ** 2 + (p1 - y1) ** 2 + (p2 - y2) ** 2) / 3, params=preds, tol=1e-4),
    Numeric("q2", T("Same numbers: what is the MAE?", "같은 숫자: MAE는?"),
            lambda p0, p1, p2, y0, y1, y2: (abs(p0 - y0) + abs(p1 - y1) + abs(p2 - y2)) / 3, params=preds, tol=1e-4,
            explain=T("Seed 000 §4.2.3.2 labels the MAE formula 'MSE': it is the mean of |error|.",
                      "seed 000 §4.2.3.2는 MAE 식을 'MSE'로 잘못 표기했습니다: |오차|의 평균입니다.")),
    Numeric("q3", T("A binary classifier says p = {p} for an example whose label is 1. What is its BCE?",
                    "이진 분류기가 레이블 1인 예제에 p = {p}를 냈습니다. BCE는?"),
            lambda p: -math.log(p), params=prob, tol=1e-4),
    Symbolic("q4", T("Type d/dp of the BCE -(y log(p) + (1 - y) log(1 - p)) for one example.",
                     "한 예제의 BCE -(y log(p) + (1 - y) log(1 - p))를 p로 미분한 식을 입력하세요."),
             "(p - y)/(p*(1 - p))", ("p", "y")),
    Choice("q5", T("The gradient of mean softmax cross-entropy w.r.t. the logits is", "평균 softmax 교차 엔트로피의 로짓에 대한 기울기는"),
           (T("(softmax - onehot) / N", "(softmax - onehot) / N"), T("softmax - onehot", "softmax - onehot"),
            T("onehot - softmax", "onehot - softmax"), T("log(softmax)", "log(softmax)")), 0),
    Choice("q6", T("Why clip p to [eps, 1 - eps] in BCE?", "BCE에서 왜 p를 [eps, 1 - eps]로 자르나요?"),
           (T("log(0) is -inf: a certain wrong prediction would give an infinite loss", "log(0) = -inf: 확신한 오답이 무한 손실이 되어서"),
            T("To speed up training", "학습을 빠르게 하려고"), T("To make the loss symmetric", "손실을 대칭으로 만들려고"),
            T("It is required by the chain rule", "연쇄 법칙 때문에")), 0),
]
