"""Quiz for ex07: weight initialization (notes 000 §1.3.2, 002 "Parameter initialization")."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {"n": int(rng.integers(16, 2049))}


QUIZ = Quiz("ex07_init", (
    Numeric("q1",
            T("Xavier (as the notes define it) for a layer with n_in = {n}: what is the weights' standard deviation?",
              "자료의 정의대로 Xavier, n_in = {n}인 층: 가중치의 표준편차는?"),
            lambda n: 1 / math.sqrt(n), explain=T("std = 1 / sqrt(n_in).", "표준편차 = 1 / sqrt(n_in).")),
    Numeric("q2", T("He for the same layer (n_in = {n}): what is the weights' standard deviation?",
                    "같은 층 (n_in = {n})에 He: 가중치의 표준편차는?"),
            lambda n: math.sqrt(2 / n),
            explain=T("std = sqrt(2 / n_in): ReLU zeroes half the inputs, so twice the variance.",
                      "표준편차 = sqrt(2 / n_in): ReLU가 입력의 절반을 0으로 만드므로 분산을 두 배로.")),
    Symbolic("q3",
             T("Type He's weight variance in terms of n (the fan-in).", "입력 수 n으로 He 가중치의 분산을 입력하세요."),
             "2/n", ("n",), T("Var = 2 / n_in.", "분산 = 2 / n_in.")),
    Choice("q4",
           T("With std-1 weights, a 10-layer sigmoid network's activations end up",
             "표준편차 1 가중치면 10층 시그모이드 신경망의 활성값은"),
           (T("saturated near 0 and 1: gradients vanish", "0과 1 근처에 포화: 기울기 소실"),
            T("collapsed near 0.5: every neuron looks alike", "0.5 근처에 몰림: 모든 뉴런이 비슷해짐"),
            T("spread evenly over (0, 1) in every layer", "모든 층에서 (0, 1)에 고르게 퍼짐"),
            T("growing without bound", "한없이 커짐")), 0),
    Choice("q5", T("Which initialization keeps ReLU activations alive over many layers?",
                   "여러 층에서 ReLU 활성값을 살려 두는 초기화는?"),
           (T("He"), T("std 0.01", "표준편차 0.01"),
            T("Xavier as the notes define it (1 / sqrt(n_in))", "자료의 정의대로 Xavier (1 / sqrt(n_in))"),
            T("std 1", "표준편차 1")), 0,
           T("He's factor 2 makes up for the half of the inputs that ReLU sets to 0.",
             "He의 2배는 ReLU가 0으로 만드는 절반의 입력을 보상합니다.")),
    Choice("q6", T("Why not initialize all weights to 0?", "왜 모든 가중치를 0으로 초기화하지 않나요?"),
           (T("Every neuron of a layer would compute and learn the same thing",
              "한 층의 모든 뉴런이 같은 것을 계산하고 같은 것을 배워서"),
            T("The sigmoid of 0 is undefined", "0의 시그모이드가 정의되지 않아서"),
            T("The gradients would explode", "기울기가 폭발해서"),
            T("The loss would be negative", "손실이 음수가 되어서")), 0),
    Choice("q7",
           T("The midterm report says std-0.01 weights 'partly solve' vanishing gradients in a deep sigmoid network. "
             "What really happens?",
             "중간과제 보고서는 표준편차 0.01 가중치가 깊은 시그모이드 신경망의 기울기 소실을 '어느 "
             "정도 해결'한다고 합니다. 실제로는?"),
           (T("The outputs collapse near 0.5 and the gradients still shrink layer by layer",
              "출력이 0.5 근처에 몰리고 기울기는 여전히 층마다 줄어든다"),
            T("It solves vanishing gradients completely", "기울기 소실을 완전히 해결한다"),
            T("The outputs saturate at 0 and 1", "출력이 0과 1에 포화된다"),
            T("The weights grow until they explode", "가중치가 커져서 폭발한다")), 0,
           T("Tiny weights make every layer nearly linear around 0.5 and multiply the gradient by about 0.25 "
             "x 0.01 x n per layer; Xavier/He scaling is the fix.",
             "아주 작은 가중치는 모든 층을 0.5 근처의 거의 선형인 함수로 만들고, 기울기에 층마다 약 0.25 x "
             "0.01 x n을 곱합니다. Xavier/He 스케일링이 해결책입니다.")),
), params)
