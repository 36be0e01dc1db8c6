"""Quiz for ex11: mini-batches, epochs and the delta rule (seeds 000 §4.2.2, 001 §4, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def sizes(rng):
    return {"n": int(rng.integers(100, 5000)), "b": int(rng.choice([16, 32, 64, 100, 128]))}


QUIZ = [
    Numeric("q1", T("{n} samples, batch size {b}: how many iterations make one epoch?",
                    "샘플 {n}개, 배치 크기 {b}: 한 에폭은 몇 번의 반복인가요?"),
            lambda n, b: math.ceil(n / b), params=sizes, tol=0,
            explain=T("ceil(n / b): the last, smaller batch counts too. Seed 000's '1 Epoch = Batchsize x Iteration' "
                      "means data set size = batch size x iterations.",
                      "ceil(n / b): 마지막의 작은 배치도 셉니다. seed 000의 '1 Epoch = Batchsize x Iteration'은 "
                      "데이터 크기 = 배치 크기 x 반복을 뜻합니다.")),
    Numeric("q2", T("60000 samples in batches of 100: iterations per epoch?", "샘플 60000개, 배치 100: 에폭당 반복은?"),
            lambda: 600, tol=0),
    Symbolic("q3", T("Seed 003's delta rule for a sigmoid neuron: type delta from output y and target d.",
                     "seed 003의 시그모이드 뉴런 델타 규칙: 출력 y와 정답 d로 delta를 입력하세요."), "y*(1 - y)*(d - y)", ("y", "d")),
    Choice("q4", T("SGD (per sample) versus batch updates: which is true?", "SGD (샘플마다)와 배치 갱신 중 맞는 것은?"),
           (T("SGD updates W after every sample; batch averages the updates and applies them once",
              "SGD는 샘플마다 W를 갱신하고, 배치는 갱신량을 평균해 한 번 적용한다"),
            T("They are identical", "둘은 같다"), T("Batch updates after every sample", "배치는 샘플마다 갱신한다"),
            T("SGD never shuffles", "SGD는 섞지 않는다")), 0),
    Choice("q5", T("Why shuffle the data every epoch?", "왜 매 에폭 데이터를 섞나요?"),
           (T("So the network does not learn the order and batches differ", "신경망이 순서를 배우지 않고 배치가 달라지도록"),
            T("To make epochs shorter", "에폭을 짧게 하려고"), T("To remove duplicates", "중복을 없애려고"),
            T("It is required by the sigmoid", "시그모이드 때문에")), 0),
    Choice("q6", T("X and Y must be shuffled", "X와 Y는 어떻게 섞어야 하나요?"),
           (T("with one shared permutation", "하나의 같은 순열로"), T("independently", "각각 독립적으로"),
            T("only X", "X만"), T("only Y", "Y만")), 0),
]
