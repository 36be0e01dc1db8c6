"""Quiz for ex08: optimizers (seeds 000 §4.2.4, 002 §03, 003)."""
from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def grad(rng):
    return {"g": round(float(rng.uniform(0.1, 2)), 2), "lr": round(float(rng.choice([0.1, 0.01, 0.5])), 2)}


QUIZ = [
    Choice("q1", T("The seeds' Adam formula lacks something the frameworks do. What?",
                   "seed의 Adam 식에는 프레임워크가 하는 무엇이 빠져 있나요?"),
           (T("Bias correction of m and v", "m과 v의 편향 보정"), T("The learning rate", "학습률"),
            T("The square of the gradient", "기울기의 제곱"), T("Momentum", "모멘텀")), 0,
           T("m_hat = m/(1-beta1^t), v_hat = v/(1-beta2^t); without it the first steps are far too small.",
             "m_hat = m/(1-beta1^t), v_hat = v/(1-beta2^t). 없으면 처음 걸음이 너무 작습니다.")),
    Numeric("q2", T("Adam's very first step (t = 1, m = v = 0) with gradient g = {g} and lr = {lr}, eps ~ 0: by how much "
                    "does w decrease?", "Adam의 첫 걸음 (t = 1, m = v = 0), 기울기 g = {g}, lr = {lr}, eps ~ 0: w는 얼마나 줄어드나요?"),
            lambda g, lr: lr, params=grad, tol=1e-6,
            explain=T("With bias correction m_hat = g and v_hat = g^2, so the step is lr * sign(g).",
                      "편향 보정으로 m_hat = g, v_hat = g^2이므로 걸음은 lr * sign(g)입니다.")),
    Symbolic("q3", T("Momentum (seed 000's sign): type the new velocity from v, momentum mu, learning rate lr and gradient g.",
                     "모멘텀 (seed 000의 부호): v, 모멘텀 mu, 학습률 lr, 기울기 g로 새 속도를 입력하세요."),
             "mu*v - lr*g", ("v", "mu", "lr", "g")),
    Choice("q4", T("Where does eps go in RMSProp's update?", "RMSProp 갱신에서 eps는 어디에?"),
           (T("Outside the root: sqrt(s) + eps", "제곱근 밖: sqrt(s) + eps"),
            T("Inside the root: sqrt(s + eps)", "제곱근 안: sqrt(s + eps)"),
            T("In the numerator", "분자에"), T("Nowhere", "어디에도 없음")), 0,
           T("Outside, as in seed 000 and the frameworks; seed 002 puts it inside.",
             "seed 000과 프레임워크처럼 밖입니다. seed 002는 안에 둡니다.")),
    Numeric("q5", T("AdaGrad with h = 0, first gradient g = {g}, lr = {lr}, eps ~ 0: by how much does w decrease?",
                    "AdaGrad, h = 0, 첫 기울기 g = {g}, lr = {lr}, eps ~ 0: w는 얼마나 줄어드나요?"),
            lambda g, lr: lr, params=grad, tol=1e-6),
    Choice("q6", T("Why does AdaGrad eventually stop learning?", "AdaGrad는 왜 결국 학습을 멈추나요?"),
           (T("h only grows, so the step lr/sqrt(h) shrinks towards 0", "h가 커지기만 해서 걸음 lr/sqrt(h)가 0으로 줄어서"),
            T("The gradient becomes negative", "기울기가 음수가 되어서"), T("lr decays by itself", "lr이 스스로 감소해서"),
            T("It forgets old gradients", "오래된 기울기를 잊어서")), 0),
]
