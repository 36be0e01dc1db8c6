"""Quiz for ex07: weight initialization (seeds 000 §1.3.2, 002 "Parameter initialization")."""
import math

from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def fan(rng):
    return {"n": int(rng.choice([64, 100, 256, 512, 784]))}


QUIZ = [
    Numeric("q1", T("Xavier (as the seeds define it) with n_in = {n}: what is the weights' standard deviation?",
                    "seed의 정의대로 Xavier, n_in = {n}: 가중치의 표준편차는?"),
            lambda n: 1 / math.sqrt(n), params=fan, tol=1e-6),
    Numeric("q2", T("He with n_in = {n}: what is the weights' standard deviation?", "He, n_in = {n}: 가중치의 표준편차는?"),
            lambda n: math.sqrt(2 / n), params=fan, tol=1e-6),
    Symbolic("q3", T("Type He's weight variance in terms of n (the fan-in).", "입력 수 n으로 He 가중치의 분산을 입력하세요."),
             "2/n", ("n",)),
    Choice("q4", T("With std-1 weights, a 10-layer sigmoid network's activations end up", "표준편차 1 가중치면 10층 시그모이드 신경망의 활성값은"),
           (T("saturated near 0 and 1: gradients vanish", "0과 1 근처에 포화: 기울기 소실"), T("all exactly 0.5", "모두 정확히 0.5"),
            T("normally distributed", "정규 분포"), T("negative", "음수")), 0),
    Choice("q5", T("Which init keeps ReLU activations alive over many layers?", "여러 층에서 ReLU 활성값을 살려 두는 초기화는?"),
           (T("He", "He"), T("std 0.01", "표준편차 0.01"), T("all zeros", "모두 0"), T("std 1", "표준편차 1")), 0),
    Choice("q6", T("Why not initialize all weights to 0?", "왜 모든 가중치를 0으로 초기화하지 않나요?"),
           (T("Every neuron of a layer would compute and learn the same thing", "한 층의 모든 뉴런이 같은 것을 계산하고 배워서"),
            T("It is too slow", "너무 느려서"), T("Zeros overflow", "0은 overflow 되어서"), T("The loss would be negative", "손실이 음수가 되어서")), 0),
]
