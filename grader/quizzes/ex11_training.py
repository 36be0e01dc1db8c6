"""Quiz for ex11: mini-batches, epochs and the delta rule (notes 000 §4.2.2, 001 §4, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {"n": int(rng.integers(100, 5000)), "b": int(rng.choice([16, 32, 50, 64, 100, 128])),
            "it": int(rng.integers(10, 500))}


QUIZ = Quiz("ex11_training", (
    Numeric("q1", T("{n} samples, batch size {b}: how many iterations make one epoch?",
                    "샘플 {n}개, 배치 크기 {b}: 한 에폭은 몇 번의 반복인가요?"),
            lambda n, b: math.ceil(n / b), digits=None,
            explain=T("ceil(n / b): the last, smaller batch counts too.", "ceil(n / b): 마지막의 작은 배치도 셉니다.")),
    Numeric("q2", T("The midterm report writes '1 Epoch = Batchsize x Iteration'. With batch size {b} and {it} full "
                    "batches per epoch, how many samples does the data set have?",
                    "중간과제 보고서는 '1 Epoch = Batchsize x Iteration'이라고 씁니다. 배치 크기 {b}, 에폭당 "
                    "꽉 찬 배치 {it}개라면 데이터는 몇 개인가요?"),
            lambda b, it: b * it, digits=None,
            explain=T("The formula means data set size = batch size x iterations per epoch; an epoch is one "
                      "pass over the data.",
                      "이 식은 데이터 크기 = 배치 크기 x 에폭당 반복을 뜻합니다. 에폭은 "
                      "데이터를 한 번 훑는 것입니다.")),
    Symbolic("q3",
             T("The delta rule for one sigmoid neuron (deep-learning summary): type delta from output y and target d.",
               "시그모이드 뉴런 하나의 델타 규칙 (딥러닝 요약 글): 출력 y와 정답 d로 delta를 입력하세요."),
             "y*(1 - y)*(d - y)", ("y", "d"),
             T("delta = y (1 - y) e with the error e = d - y.", "delta = y (1 - y) e, 오차 e = d - y.")),
    Choice("q4", T("SGD (per sample) versus batch updates: which is true?", "SGD (샘플마다)와 배치 갱신 중 맞는 것은?"),
           (T("SGD updates W after every sample; batch averages the updates and applies them once",
              "SGD는 샘플마다 W를 갱신하고, 배치는 갱신량을 평균해 한 번 적용한다"),
            T("They give the same W after one epoch", "한 에폭 뒤 두 방법의 W는 같다"),
            T("Batch updates W after every sample", "배치는 샘플마다 W를 갱신한다"),
            T("SGD sums the updates and applies them once", "SGD는 갱신량을 더해 한 번 적용한다")), 0),
    Choice("q5", T("Why shuffle the data every epoch?", "왜 매 에폭 데이터를 섞나요?"),
           (T("So the batches differ between epochs and the order teaches nothing",
              "에폭마다 배치가 달라지고 순서가 학습에 영향을 주지 않도록"),
            T("To make epochs shorter", "에폭을 짧게 하려고"),
            T("To balance the classes in the data set", "데이터의 클래스 비율을 맞추려고"),
            T("So that every batch has the same size", "모든 배치의 크기를 같게 하려고")), 0),
    Choice("q6", T("X and Y must be shuffled", "X와 Y는 어떻게 섞어야 하나요?"),
           (T("with one shared permutation", "하나의 같은 순열로"), T("independently", "각각 독립적으로"),
            T("only X", "X만"), T("only Y", "Y만")), 0,
           T("Row i of X must stay paired with row i of Y.", "X의 i번째 행은 Y의 i번째 행과 짝을 유지해야 합니다.")),
), params)
