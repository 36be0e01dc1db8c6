"""Quiz for ex08: optimizers (notes 000 §4.2.4, 002 §03, 003)."""
import math

from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {"g": round(float(rng.uniform(0.1, 2)), 2), "g2": round(float(rng.uniform(0.1, 2)), 2),
            "lr": round(float(10 ** rng.uniform(-3, -0.5)), 4)}


QUIZ = Quiz("ex08_optimizers", (
    Choice("q1", T("The notes' Adam formula lacks something the frameworks do. What?",
                   "자료의 Adam 식에는 프레임워크가 하는 무엇이 빠져 있나요?"),
           (T("Bias correction of m and v", "m과 v의 편향 보정"), T("The learning rate", "학습률"),
            T("eps in the denominator", "분모의 eps"), T("The square of the gradient in v", "v 안의 기울기 제곱")), 0,
           T("m_hat = m/(1 - beta1^t), v_hat = v/(1 - beta2^t). Without it, m and v start near 0 and "
             "m/sqrt(v) is several times too LARGE at first: with beta1 = 0.9, beta2 = 0.999 about 3.2x at t = 1 and "
             "6.5x at t = 10.",
             "m_hat = m/(1 - beta1^t), v_hat = v/(1 - beta2^t). 보정이 없으면 m과 v가 0 근처에서 시작해 "
             "처음에는 m/sqrt(v)가 몇 배나 너무 큽니다: beta1 = 0.9, beta2 = 0.999이면 t = 1에서 약 3.2배, "
             "t = 10에서 약 6.5배.")),
    Numeric("q2", T("Adam's very first step (t = 1, m = v = 0, beta1 = 0.9, beta2 = 0.999) with gradient g = {g}, "
                    "lr = {lr}, eps ~ 0, WITH bias correction: by how much does w decrease?",
                    "Adam의 첫 단계 (t = 1, m = v = 0, beta1 = 0.9, beta2 = 0.999), 기울기 g = {g}, lr = "
                    "{lr}, eps ~ 0, 편향 보정 포함: w는 얼마나 줄어드나요?"),
            lambda g, lr: lr, explain=T("m_hat = g and v_hat = g^2, so the step is lr * g / |g| = lr.",
                                        "m_hat = g, v_hat = g^2이므로 이동 폭은 lr * g / |g| = lr입니다.")),
    Numeric("q3", T("The same first step (g = {g}, lr = {lr}) WITHOUT bias correction: by how much does w decrease?",
                    "같은 첫 단계 (g = {g}, lr = {lr})를 편향 보정 없이 하면 w는 얼마나 줄어드나요?"),
            lambda g, lr: lr * 0.1 / math.sqrt(0.001),
            explain=T("m = 0.1 g, v = 0.001 g^2, so lr * m / sqrt(v) = lr * 0.1 / sqrt(0.001), about "
                      "3.16 lr: too large.",
                      "m = 0.1 g, v = 0.001 g^2이므로 lr * m / sqrt(v) = lr * 0.1 / sqrt(0.001), 약 "
                      "3.16 lr: 너무 큽니다.")),
    Symbolic("q4",
             T("Momentum (the midterm report's sign): type the new velocity from v, momentum mu, learning rate lr "
               "and gradient g.",
               "모멘텀 (중간과제 보고서의 부호): v, 모멘텀 mu, 학습률 lr, 기울기 g로 새 속도를 입력하세요."),
             "mu*v - lr*g", ("v", "mu", "lr", "g"),
             T("v = mu v - lr g, then w = w + v. The AI College lecture negates v: v = mu v + lr g, w = w - v.",
               "v = mu v - lr g, 그다음 w = w + v. AI College 강의는 v의 부호를 바꿔 v = mu v + lr g, "
               "w = w - v로 씁니다.")),
    Choice("q5", T("Where does this course (like PyTorch) put eps in RMSProp's update?",
                   "이 과정은 (PyTorch처럼) RMSProp 갱신에서 eps를 어디에 두나요?"),
           (T("Outside the root: sqrt(s) + eps", "제곱근 밖: sqrt(s) + eps"),
            T("Inside the root: sqrt(s + eps)", "제곱근 안: sqrt(s + eps)"),
            T("In the numerator: (g + eps) / sqrt(s)", "분자에: (g + eps) / sqrt(s)"),
            T("Added to the learning rate", "학습률에 더함")), 0,
           T("PyTorch and the midterm report put eps outside the root; TensorFlow/Keras and the AI College "
             "lecture put it inside. Both only guard against dividing by 0; they differ when s is tiny. The exercise "
             "follows PyTorch.",
             "PyTorch와 중간과제 보고서는 eps를 제곱근 밖에, TensorFlow/Keras와 AI College 강의는 "
             "안에 둡니다. 둘 다 0으로 나누는 것을 막을 뿐이며 s가 아주 작을 때만 다릅니다. 이 "
             "실습은 PyTorch를 따릅니다.")),
    Numeric("q6", T("AdaGrad with h = 0, lr = {lr}, eps ~ 0: the first gradient is {g}, the second {g2}. "
                    "By how much does the SECOND step decrease w?",
                    "AdaGrad, h = 0, lr = {lr}, eps ~ 0: 첫 기울기는 {g}, 두 번째는 {g2}입니다. 두 번째 "
                    "단계에서 w는 얼마나 줄어드나요?"),
            lambda g, g2, lr: lr * g2 / math.sqrt(g * g + g2 * g2),
            explain=T("h = g1^2 + g2^2 after the second gradient; the step is lr * g2 / sqrt(h).",
                      "두 번째 기울기 뒤 h = g1^2 + g2^2이고, 이동 폭은 lr * g2 / sqrt(h)입니다.")),
    Choice("q7", T("Why does AdaGrad eventually stop learning?", "AdaGrad는 왜 결국 학습을 멈추나요?"),
           (T("h only grows, so the step lr/sqrt(h) shrinks towards 0",
              "h가 커지기만 해서 이동 폭 lr/sqrt(h)가 0으로 줄어서"),
            T("The gradients themselves shrink to 0", "기울기 자체가 0으로 줄어서"),
            T("lr decays by a schedule", "lr이 스케줄에 따라 감소해서"),
            T("It forgets old gradients", "오래된 기울기를 잊어서")), 0,
           T("RMSProp fixes this with a moving average that forgets old gradients.",
             "RMSProp은 오래된 기울기를 잊는 이동 평균으로 이를 고칩니다.")),
), params)
