"""ex08: optimizer update rules, one step and 60-step trajectories (midterm report §4.2.4, AI College lecture §03,
deep-learning summary)."""
import numpy as np

from dlgrade.checks import Correctness, Purity
from dlgrade.catalog.inputs import DTYPES, Case, Step, label_of
from dlgrade.catalog.inputs import Ref
from dlgrade.catalog.model import Draw, Exercise, Function, Hints, Mistake, Timed
from dlgrade.text import T

STATE = {"sgd_update": 0, "momentum_update": 1, "nesterov_update": 1, "adagrad_update": 1,
         "rmsprop_update": 1, "adam_update": 2}
SETTINGS = {  # several hyper-parameter settings per optimizer (eps large in one, so its place shows)
    "sgd_update": ({"lr": 0.1}, {"lr": 0.01}),
    "momentum_update": ({"lr": 0.1, "momentum": 0.9}, {"lr": 0.05, "momentum": 0.5}),
    "nesterov_update": ({"lr": 0.1, "momentum": 0.9}, {"lr": 0.05, "momentum": 0.7}),
    "adagrad_update": ({"lr": 0.1, "eps": 1e-8}, {"lr": 0.5, "eps": 0.1}),
    "rmsprop_update": ({"lr": 0.01, "rho": 0.9, "eps": 1e-8}, {"lr": 0.1, "rho": 0.5, "eps": 0.1}),
    "adam_update": ({"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
                    {"lr": 0.1, "beta1": 0.8, "beta2": 0.9, "eps": 0.1}),
}


def one_step(name):
    def gen(rng, dtypes=DTYPES, shapes=((5,), (3, 4))):
        cases = []
        for dtype in dtypes:
            for shape in shapes:
                for kw in SETTINGS[name]:
                    w, g = rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype)
                    state = [rng.normal(size=shape).astype(dtype) for _ in range(STATE[name])]
                    if name in ("adagrad_update", "rmsprop_update", "adam_update"):
                        state[-1] = np.abs(state[-1])  # accumulated squares are non-negative
                    args = (w, g, *state) + ((int(rng.integers(1, 20)),) if name == "adam_update" else ())
                    cases.append(Case(args, dict(kw), f"{label_of(*args)}, {kw}"))
                if name == "adam_update":  # the very first step: t = 1, zero moments
                    w, g = rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype)
                    zeros = np.zeros(shape, dtype)
                    cases.append(Case((w, g, zeros, zeros, 1), {}, f"{label_of(w, g)}, first step t=1, m = v = 0"))
        return cases

    return gen


def trajectory(name, n_steps=60):
    """The student's own update threaded through n_steps calls in one child: step k feeds its
    outputs to step k+1 (Ref), the oracle replays the reference."""

    def gen(rng, dtypes=(np.float64,), shape=(4,)):
        cases = []
        for kw in SETTINGS[name]:
            w = rng.normal(size=shape)
            grads = [rng.normal(size=shape) for _ in range(n_steps)]
            state = [np.zeros(shape) for _ in range(STATE[name])]
            steps = []
            for k, g in enumerate(grads):
                prev = [Ref(k - 1, i) for i in range(1 + STATE[name])] if k else None
                if prev is not None and STATE[name] == 0:
                    prev = [Ref(k - 1)]
                w_k, state_k = (prev[0], prev[1:]) if prev else (w, state)
                args = (w_k, g, *state_k) + ((k + 1,) if name == "adam_update" else ())
                steps.append(Step(name, args, dict(kw), send=(k == n_steps - 1)))
            cases.append(Case(steps=steps, kwargs=dict(kw), oracle_args=(name, w, state, grads),
                              label=f"{n_steps} steps from zero state, {kw}"))
        return cases

    return gen


# --timing: w, g and the state arrays (positive, like accumulated squares) of n elements each
ONE_STATE = Timed(args=(Draw(), Draw(), Draw(abs=True)), kwargs={"lr": 0.01}, traffic=5,
                  why="reads w, g, v; writes w, v")
TIMING = {
    "sgd_update": Timed(args=(Draw(), Draw()), kwargs={"lr": 0.01}, traffic=3, why="reads w, g; writes w"),
    "momentum_update": ONE_STATE, "nesterov_update": ONE_STATE, "adagrad_update": ONE_STATE,
    "rmsprop_update": ONE_STATE,
    "adam_update": Timed(args=(Draw(), Draw(), Draw(abs=True), Draw(abs=True), 5), kwargs={"lr": 1e-3}, traffic=7,
                         why="reads w, g, m, v; writes w, m, v"),
}


def optimizer(name, hints, mistakes):
    from dlgrade.reference.ex08_optimizers import trajectory as replay

    return Function(name, (
        Correctness(2, one_step(name), name="one_step"),
        Correctness(2, trajectory(name), oracle=replay, name="trajectory", rtol=1e-8, atol=1e-10),
        Purity(1, lambda rng: one_step(name)(rng, dtypes=(np.float32,), shapes=((4,),))),
        Correctness(1, lambda rng: one_step(name)(rng, shapes=((64, 16),)), name="hidden_values", hidden=True),
    ), hints, mistakes, timing=TIMING[name], baseline=f"{name}_fused")


EXERCISE = Exercise(
    id="ex08",
    name="optimizers",
    title=T("Optimizers", "최적화 기법"),
    notes=("000 §4.2.4", "002 §03", "003"),
    plot="plot",  # dlgrade plot: the reference module's plot(student, out, labels)
    functions=(
        optimizer("sgd_update", Hints(
            idea=T("Step downhill: against the gradient, scaled by the learning rate.",
                   "내리막으로: 기울기 반대 방향, 학습률만큼."),
            formula=T("w_new = w - lr * g."),
            code=T("return w - lr * g"),
        ), (
            Mistake("sgd_update.ascent", T("Subtract lr * g: adding climbs the loss.",
                                           "lr * g를 빼세요: 더하면 손실이 올라갑니다.")),
        )),
        optimizer("momentum_update", Hints(
            idea=T("A velocity remembers past steps; the gradient accelerates it.",
                   "속도가 지난 이동을 기억하고, 기울기가 그것을 가속합니다."),
            formula=T("v = momentum * v - lr * g; w = w + v (the midterm report's sign; the AI College lecture's v has "
                      "the opposite sign).",
                      "v = momentum * v - lr * g; w = w + v (중간과제 보고서의 부호; AI College "
                      "강의의 v는 부호가 반대)."),
            code=T("v = momentum * v - lr * g; return w + v, v"),
        ), (
            Mistake("momentum_update.plus_lr_g",
                    T("With w = w + v the velocity must get -lr * g (the AI College lecture's +lr*g goes "
                      "with w = w - v).",
                      "w = w + v라면 속도에 -lr * g를 더해야 합니다 (AI College 강의의 +lr*g는 w "
                      "= w - v와 짝입니다).")),
            Mistake("momentum_update.old_velocity",
                    T("Update v first, then move w by the NEW v.", "v를 먼저 갱신한 뒤, 새 v로 w를 움직이세요.")),
            Mistake("momentum_update.ema",
                    T("That is the averaging convention (v = mu v + (1 - mu) g, w -= lr v); the contract's velocity "
                      "is v = momentum * v - lr * g, then w + v.",
                      "그건 평균 방식 (v = mu v + (1 - mu) g, w -= lr v)입니다. 계약의 속도는 v = "
                      "momentum * v - lr * g, 그다음 w + v입니다.")),
        )),
        optimizer("nesterov_update", Hints(
            idea=T("Nesterov looks ahead: it moves as if the momentum step had already been taken.",
                   "네스테로프는 앞을 봅니다: 모멘텀만큼 이미 이동한 것처럼 그 자리에서 기울기를 봅니다."),
            formula=T("v = momentum * v - lr * g; w = w + momentum * v - lr * g (the frameworks' form).",
                      "v = momentum * v - lr * g; w = w + momentum * v - lr * g (프레임워크의 형식)."),
            code=T("v = momentum * v - lr * g; return w + momentum * v - lr * g, v"),
        ), (
            Mistake("nesterov_update.plain_momentum",
                    T("That is plain momentum; Nesterov moves by momentum * v_new - lr * g.",
                      "그건 일반 모멘텀입니다. 네스테로프는 momentum * v_new - lr * g만큼 움직입니다.")),
        )),
        optimizer("adagrad_update", Hints(
            idea=T("AdaGrad gives each parameter its own step size, shrinking where gradients have been large.",
                   "AdaGrad는 파라미터마다 학습률을 따로 두어, 기울기가 컸던 곳은 작게 움직입니다."),
            formula=T("h = h + g^2; w = w - lr * g / (sqrt(h) + eps) (the midterm report's §4.2.4.4 "
                      "formula is garbled).",
                      "h = h + g^2; w = w - lr * g / (sqrt(h) + eps) (중간과제 보고서 §4.2.4.4의 식은 깨져 있습니다)."),
            code=T("h = h + g * g; return w - lr * g / (xp.sqrt(h) + eps), h"),
        ), (
            Mistake("adagrad_update.eps_inside_sqrt",
                    T("eps goes outside the root: sqrt(h) + eps, as in the frameworks.",
                      "eps는 제곱근 밖: sqrt(h) + eps (프레임워크처럼).")),
            Mistake("adagrad_update.no_sqrt", T("Divide by the square root of h.",
                                                "h의 제곱근으로 나누세요.")),
            Mistake("adagrad_update.g_not_squared",
                    T("h accumulates SQUARED gradients (h + g * g): with h + g it can even turn negative.",
                      "h에는 기울기의 제곱을 누적합니다 (h + g * g): h + g는 음수가 될 수도 있습니다.")),
        )),
        optimizer("rmsprop_update", Hints(
            idea=T("RMSProp forgets old squared gradients with a moving average, so steps do not shrink to zero.",
                   "RMSProp은 이동 평균으로 오래된 기울기 제곱을 잊어, 이동 폭이 0으로 줄지 않습니다."),
            formula=T("s = rho * s + (1 - rho) * g^2; w = w - lr * g / (sqrt(s) + eps): eps outside the root, "
                      "as PyTorch does (TensorFlow/Keras and the AI College lecture put it inside).",
                      "s = rho * s + (1 - rho) * g^2; w = w - lr * g / (sqrt(s) + eps): PyTorch처럼 "
                      "eps를 제곱근 밖에 둡니다 (TensorFlow/Keras와 AI College 강의는 안에 둡니다)."),
            code=T("s = rho * s + (1 - rho) * g * g; return w - lr * g / (xp.sqrt(s) + eps), s"),
        ), (
            Mistake("rmsprop_update.rho_swapped",
                    T("rho weighs the OLD average: s = rho * s + (1 - rho) * g^2.",
                      "rho는 이전 평균에 곱합니다: s = rho * s + (1 - rho) * g^2.")),
            Mistake("rmsprop_update.eps_inside_sqrt",
                    T("This course follows PyTorch: eps outside the root, sqrt(s) + eps. Inside (TensorFlow/Keras, the "
                      "AI College lecture) is another convention, not the one this exercise checks.",
                      "이 과정은 PyTorch를 따릅니다: eps는 제곱근 밖, sqrt(s) + eps. 제곱근 안 "
                      "(TensorFlow/Keras, AI College 강의 자료)은 다른 관례이며 이 실습이 확인하는 관례가 아닙니다.")),
            Mistake("rmsprop_update.no_sqrt",
                    T("Divide by the ROOT of the mean square, sqrt(s) + eps: s itself has the units of g^2.",
                      "평균 제곱의 제곱근 sqrt(s) + eps로 나누세요: s 자체는 g^2의 단위입니다.")),
        )),
        optimizer("adam_update", Hints(
            idea=T("Adam = momentum (first moment m) + RMSProp (second moment v), both bias-corrected.",
                   "Adam = 모멘텀 (1차 모멘트 m) + RMSProp (2차 모멘트 v), 둘 다 편향 보정."),
            formula=T("m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; m_hat = m/(1-b1^t); v_hat = v/(1-b2^t); "
                      "w -= lr m_hat/(sqrt(v_hat)+eps). The notes omit the bias correction (their first steps "
                      "are too large).",
                      "m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; m_hat = m/(1-b1^t); v_hat = v/(1-b2^t); "
                      "w -= lr m_hat/(sqrt(v_hat)+eps). 자료에는 편향 보정이 빠져 있습니다 "
                      "(처음 이동 폭이 너무 큽니다)."),
            code=T("m = beta1 * m + (1 - beta1) * g; v = beta2 * v + (1 - beta2) * g * g; "
                   "return w - lr * (m / (1 - beta1 ** t)) / (xp.sqrt(v / (1 - beta2 ** t)) + eps), m, v"),
        ), (
            Mistake("adam_update.no_bias_correction",
                    T("Divide m by (1 - beta1^t) and v by (1 - beta2^t): the notes' Adam lacks this bias correction. "
                      "Without it m and v start near 0 and the first steps are several times too LARGE (about 3.2x at "
                      "t = 1, 6.5x at t = 10 with beta1 = 0.9, beta2 = 0.999).",
                      "m을 (1 - beta1^t)로, v를 (1 - beta2^t)로 나누세요: 자료의 Adam에는 이 "
                      "편향 보정이 없습니다. 보정이 없으면 m과 v가 0 근처에서 시작해 처음 몇 단계의 이동 폭이 몇 배나 "
                      "너무 큽니다 (beta1 = 0.9, beta2 = 0.999이면 t = 1에서 약 3.2배, t = 10에서 약 6.5배).")),
            Mistake("adam_update.t_from_zero",
                    T("t counts from 1: use beta^t, not beta^(t-1) (at t = 1 that divides by zero).",
                      "t는 1부터 셉니다: beta^(t-1)이 아니라 beta^t (t = 1에서 0으로 나누게 됩니다).")),
            Mistake("adam_update.beta_swapped",
                    T("beta weighs the old moment: m = beta1 * m + (1 - beta1) * g.",
                      "beta는 이전 모멘트에 곱합니다: m = beta1 * m + (1 - beta1) * g.")),
            Mistake("adam_update.eps_inside_sqrt",
                    T("eps goes outside the root: sqrt(v_hat) + eps.", "eps는 제곱근 밖입니다: sqrt(v_hat) + eps.")),
            Mistake("adam_update.no_sqrt",
                    T("Divide by sqrt(v_hat) + eps: v_hat estimates g^2, its root the size of g.",
                      "sqrt(v_hat) + eps로 나누세요: v_hat은 g^2의 추정이고, 그 제곱근이 g의 크기입니다.")),
            Mistake("adam_update.returns_hats",
                    T("Return the raw moments m, v as the new state: m_hat, v_hat are for this step only (kept, "
                      "they would be corrected again at every step).",
                      "새 상태로는 보정 전 m, v를 반환하세요: m_hat, v_hat은 이번 걸음에만 씁니다 (저장하면 매 걸음 "
                      "다시 보정됩니다).")),
            Mistake("adam_update.correction_without_t",
                    T("The bias correction divides by 1 - beta^t, with the power t: 1 - beta is the t = 1 value only.",
                      "편향 보정은 거듭제곱 t가 붙은 1 - beta^t로 나눕니다: 1 - beta는 t = 1일 때의 값일 뿐입니다.")),
        )),
    ),
)
