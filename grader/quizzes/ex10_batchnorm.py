"""Quiz for ex10: batch normalization (training and inference) and residual connections
(notes 000 §1.3.4-1.3.5, 002)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    while True:
        x = [int(v) for v in rng.integers(-5, 6, 4)]
        if len(set(x)) > 1:
            break
    return {"x0": x[0], "x1": x[1], "x2": x[2], "x3": x[3], "rm": round(float(rng.uniform(-2, 2)), 1),
            "rv": round(float(rng.uniform(0.5, 9)), 1), "xt": round(float(rng.uniform(-4, 4)), 1)}


def mean4(x0, x1, x2, x3):
    return (x0 + x1 + x2 + x3) / 4


def var4(x0, x1, x2, x3):
    m = mean4(x0, x1, x2, x3)
    return sum((v - m) ** 2 for v in (x0, x1, x2, x3)) / 4


QUIZ = Quiz("ex10_batchnorm", (
    Numeric("q1", T("A feature's batch is ({x0}, {x1}, {x2}, {x3}). What variance does training-mode batch norm use?",
                    "한 특성의 배치가 ({x0}, {x1}, {x2}, {x3})입니다. 학습 모드 배치 정규화가 쓰는 분산은?"),
            var4, explain=T("The batch's own variance: divide by N (4), not N - 1.",
                            "배치 자체의 분산: N - 1이 아니라 N (4)으로 나눕니다.")),
    Numeric("q2",
            T("The same batch ({x0}, {x1}, {x2}, {x3}), eps = 0, gamma = 1, beta = 0: what is the normalized value "
              "of its first entry, {x0}?",
              "같은 배치 ({x0}, {x1}, {x2}, {x3}), eps = 0, gamma = 1, beta = 0: 첫 값 {x0}의 정규화된 값은?"),
            lambda x0, x1, x2, x3: (x0 - mean4(x0, x1, x2, x3)) / math.sqrt(var4(x0, x1, x2, x3)),
            explain=T("(x - mean) / sqrt(var), with the mean and the N-divided variance of the batch.",
                      "(x - 평균) / sqrt(분산): 배치의 평균과 N으로 나눈 분산을 씁니다.")),
    Numeric("q3", T("The running mean is {rm} and momentum = 0.9 (this course's convention). After the same batch "
                    "({x0}, {x1}, {x2}, {x3}), what is the new running mean?",
                    "이동 평균이 {rm}이고 momentum = 0.9 (이 과정의 관례)입니다. 같은 배치 ({x0}, {x1}, "
                    "{x2}, {x3}) 뒤의 새 이동 평균은?"),
            lambda x0, x1, x2, x3, rm: 0.9 * rm + 0.1 * mean4(x0, x1, x2, x3),
            explain=T("momentum * running + (1 - momentum) * batch mean. PyTorch writes the same update with "
                      "momentum = 0.1.",
                      "momentum * 이동 평균 + (1 - momentum) * 배치 평균. PyTorch는 같은 갱신을 "
                      "momentum = 0.1로 씁니다.")),
    Numeric("q4",
            T("At test time the running mean is {rm} and the running variance {rv} (gamma = 1, beta = 0, eps = 0). "
              "What does batch norm output for a single test sample {xt}?",
              "테스트 때 이동 평균은 {rm}, 이동 분산은 {rv}입니다 (gamma = 1, beta = 0, eps = 0). "
              "테스트 샘플 하나 {xt}에 대한 배치 정규화의 출력은?"),
            lambda rm, rv, xt: (xt - rm) / math.sqrt(rv),
            explain=T("(x - running_mean) / sqrt(running_var): the running statistics, never the batch's.",
                      "(x - 이동 평균) / sqrt(이동 분산): 배치의 통계가 아니라 이동 통계를 씁니다.")),
    Choice("q5",
           T("A model with batch norm gives different predictions for the same image depending on what else is in "
             "the test batch. The most likely bug?",
             "배치 정규화를 쓰는 모델이 같은 이미지에 대해 테스트 배치에 무엇이 함께 있느냐에 따라 다른 예측을 냅니다. "
             "가장 그럴듯한 버그는?"),
           (T("It normalizes with the batch statistics at inference instead of the running ones",
              "추론 때 이동 통계 대신 배치 통계로 정규화함"),
            T("eps is too small", "eps가 너무 작음"), T("gamma was initialized to 1", "gamma를 1로 초기화함"),
            T("The running variance uses N instead of N - 1", "이동 분산에 N - 1 대신 N을 씀")), 0,
           T("At inference the output must not depend on the other samples: use the running mean and variance.",
             "추론 때 출력은 다른 샘플에 의존하면 안 됩니다: 이동 평균과 이동 분산을 쓰세요.")),
    Choice("q6", T("This course writes running = momentum * running + (1 - momentum) * batch with momentum = 0.9. "
                   "Which PyTorch BatchNorm momentum gives the same update?",
                   "이 과정은 이동 통계 = momentum * 이동 통계 + (1 - momentum) * 배치 통계, momentum = 0.9로 "
                   "씁니다. 같은 갱신을 하는 PyTorch BatchNorm의 momentum은?"),
           (T("0.1"), T("0.9"), T("0.99"), T("0.01")), 0,
           T("PyTorch's momentum weighs the NEW batch: its 0.1 is this course's 0.9. PyTorch also keeps the unbiased "
             "(N - 1) variance in running_var; this course keeps the N-divided one.",
             "PyTorch의 momentum은 새 배치의 비중입니다: PyTorch의 0.1이 이 과정의 0.9입니다. PyTorch는 running_var에 "
             "N - 1로 나눈 분산을 저장하지만, 이 과정은 N으로 나눈 분산을 저장합니다.")),
    Symbolic("q7", T("A residual block computes y = x + F(x). Type dy/dx when F'(x) is written Fp.",
                     "잔차 블록 y = x + F(x). F'(x)를 Fp라 할 때 dy/dx를 입력하세요."), "1 + Fp", ("Fp",),
             T("The identity path contributes 1.", "항등 경로가 1을 보탭니다.")),
    Choice("q8",
           T("Why do residual connections help very deep networks train?",
             "잔차 연결은 왜 매우 깊은 신경망의 학습을 돕나요?"),
           (T("The identity path carries the gradient back unchanged", "항등 경로가 기울기를 그대로 전달해서"),
            T("They remove the need for activation functions", "활성화 함수가 필요 없어져서"),
            T("They halve the number of parameters", "파라미터 수가 절반이 되어서"),
            T("They normalize each layer's output", "각 층의 출력을 정규화해서")), 0),
    Choice("q9", T("Where does eps go in batch norm?", "배치 정규화에서 eps는 어디에?"),
           (T("Inside the root: sqrt(var + eps)", "제곱근 안: sqrt(var + eps)"),
            T("Outside: sqrt(var) + eps", "밖: sqrt(var) + eps"),
            T("In the numerator: x - mean + eps", "분자에: x - mean + eps"), T("Added to gamma", "gamma에 더함")), 0),
), params)
