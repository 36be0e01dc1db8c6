"""Quiz for ex05: loss functions (notes 000 §4.2.3, 002, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {f"p{i}": round(float(v), 2) for i, v in enumerate(rng.uniform(-2, 2, 3))} | \
        {f"y{i}": round(float(v), 2) for i, v in enumerate(rng.uniform(-2, 2, 3))} | \
        {"p": round(float(rng.uniform(0.05, 0.95)), 2)}


QUIZ = Quiz("ex05_losses", (
    Numeric("q1", T("Predictions ({p0}, {p1}, {p2}), targets ({y0}, {y1}, {y2}): what is the MSE?",
                    "예측 ({p0}, {p1}, {p2}), 정답 ({y0}, {y1}, {y2}): MSE는?"),
            lambda p0, p1, p2, y0, y1, y2: ((p0 - y0) ** 2 + (p1 - y1) ** 2 + (p2 - y2) ** 2) / 3,
            explain=T("The mean of the squared errors (prediction - target)^2. The midterm report writes the error as "
                      "y_i - ȳ: that ȳ is the prediction, not the mean of y (with the mean it would be the variance).",
                      "제곱 오차 (예측 - 정답)^2의 평균입니다. 중간과제 보고서는 오차를 y_i - ȳ로 "
                      "적는데, 이 ȳ는 y의 평균이 아니라 예측값입니다 (평균이라면 분산이 됩니다).")),
    Numeric("q2", T("The same numbers (predictions ({p0}, {p1}, {p2}), targets ({y0}, {y1}, {y2})): what is the MAE?",
                    "같은 숫자 (예측 ({p0}, {p1}, {p2}), 정답 ({y0}, {y1}, {y2})): MAE는?"),
            lambda p0, p1, p2, y0, y1, y2: (abs(p0 - y0) + abs(p1 - y1) + abs(p2 - y2)) / 3,
            explain=T("The mean of |error|. The midterm report (§4.2.3.2) labels this formula 'MSE'.",
                      "|오차|의 평균입니다. 중간과제 보고서 (§4.2.3.2)는 이 식을 'MSE'로 잘못 표기했습니다.")),
    Numeric("q3", T("A binary classifier says p = {p} for an example whose label is 1. What is its BCE (natural log)?",
                    "이진 분류기가 레이블 1인 예제에 p = {p}를 냈습니다. BCE (자연로그)는?"),
            lambda p: -math.log(p), explain=T("With y = 1 only -ln(p) remains.", "y = 1이면 -ln(p)만 남습니다.")),
    Symbolic("q4", T("Type d/dp of the BCE -(y ln(p) + (1 - y) ln(1 - p)) for one example.",
                     "한 예제의 BCE -(y ln(p) + (1 - y) ln(1 - p))를 p로 미분한 식을 입력하세요."),
             "(p - y)/(p*(1 - p))", ("p", "y"), T("-y/p + (1 - y)/(1 - p) = (p - y)/(p(1 - p)).")),
    Choice("q5", T("The gradient of the mean softmax cross-entropy over N examples w.r.t. the logits is",
                   "N개 예제의 평균 softmax 교차 엔트로피를 로짓으로 미분한 기울기는"),
           (T("(softmax - onehot) / N"), T("softmax - onehot"),
            T("(onehot - softmax) / N"),
            T("-onehot / softmax / N")), 0,
           T("softmax - onehot per example, divided by N because of the mean.",
             "예제마다 softmax - onehot이고, 평균이므로 N으로 나눕니다.")),
    Choice("q6", T("Why clip p to [eps, 1 - eps] in BCE?", "BCE에서 왜 p를 [eps, 1 - eps]로 자르나요?"),
           (T("ln(0) is -inf: a confident wrong prediction would give an infinite loss",
              "ln(0) = -inf: 확신한 오답이 무한대의 손실이 되어서"),
            T("To keep p a probability between 0 and 1", "p를 0과 1 사이의 확률로 유지하려고"),
            T("To make the loss symmetric in p and 1 - p", "손실을 p와 1 - p에 대해 대칭으로 만들려고"),
            T("To reduce overfitting", "과적합을 줄이려고")), 0),
), params)
