"""ex07: weight initialization (midterm report §1.3.2, AI College lecture "Parameter initialization")."""
from dlgrade.checks import Correctness, Property
from dlgrade.catalog.inputs import Case
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.catalog.inputs import Rng
from dlgrade.text import T

SHAPES = ((3, 5), (8, 2), (20, 20))


def seeded(rng, shapes=SHAPES, kwargs=None):
    """Exact values: the child and the oracle each get a fresh default_rng(seed)."""
    cases = []
    for n_in, n_out in shapes:
        seed = int(rng.integers(2**31))
        kw = dict(kwargs or {})
        cases.append(Case((n_in, n_out, Rng(seed)), kw, f"({n_in}, {n_out}), seed {seed}" + (f", {kw}" if kw else "")))
    return cases


def large(rng, kwargs=None):
    return [Case((400, 300, Rng(int(rng.integers(2**31)))), dict(kwargs or {}), "(400, 300)")]


def stats_cases(rng, configs=(("std1", "sigmoid"), ("xavier", "sigmoid"), ("he", "relu"), ("naive", "tanh"))):
    cases = []
    for init, act in configs:
        seed = int(rng.integers(2**31))
        kw = {"n_layers": 4, "width": 30, "n_samples": 200, "rng": Rng(seed)}
        cases.append(Case((init, act), kw, f"{init}/{act}, 4 layers of 30, seed {seed}"))
    return cases


def default_stats(rng):
    return [Case(("xavier", "sigmoid"), {}, T("xavier/sigmoid with the defaults (10 layers of 100, rng=None)",
                   "xavier/sigmoid, 기본값 (100개짜리 층 10개, rng=None)"))]


def init_function(name, verify, hints, mistakes, kwargs=None):
    return Function(name, (
        Correctness(2, lambda rng: seeded(rng, kwargs=kwargs), name="seeded_values"),
        Property(1, lambda rng: large(rng, kwargs), verify=verify, name="spread"),
        Correctness(1, lambda rng: seeded(rng, shapes=((64, 33),), kwargs=kwargs), name="hidden_values", hidden=True),
    ), hints, mistakes)


VAR_STD = T("Scale by the standard deviation, not the variance: Var(a Z) = a^2, so for variance v multiply by sqrt(v).",
            "분산이 아니라 표준편차를 곱하세요: Var(a Z) = a^2이므로 분산 v면 sqrt(v)를 곱합니다.")

EXERCISE = Exercise(
    id="ex07",
    name="init",
    title=T("Weight initialization", "가중치 초기화"),
    notes=("000 §1.3.2", "002 Parameter initialization"),
    plot="plot",  # dlgrade plot: the reference module's plot(student, out, labels)
    functions=(
        init_function("naive_init", "verify_naive_spread", Hints(
            idea=T("Small random numbers break the symmetry between neurons. The midterm report says std 0.01 'partly "
                   "solves' vanishing gradients: in a deep sigmoid network the outputs collapse near 0.5 "
                   "and the gradients still shrink layer by layer; scaling by the fan-in (Xavier, He) is the fix.",
                   "작은 난수는 뉴런 사이의 대칭을 깨뜨립니다. 중간과제 보고서는 표준편차 0.01이 "
                   "기울기 소실을 '어느 정도 해결'한다고 하지만, 깊은 시그모이드 신경망에서는 출력이 0.5 근처에 "
                   "몰리고 기울기는 여전히 층마다 줄어듭니다. 해결책은 입력 수에 맞춘 스케일링 (Xavier, He)입니다."),
            formula=T("W = std * Z with Z ~ N(0, 1) of shape (n_in, n_out), one draw.",
                      "W = std * Z, Z ~ N(0, 1), shape (n_in, n_out), 한 번 뽑기."),
            code=T("return rng.standard_normal((n_in, n_out)) * std"),
        ), (
            Mistake("naive_init.ignores_std", T("Use the std argument, not a constant 0.01.",
                                                "상수 0.01이 아니라 std 인자를 쓰세요.")),
            Mistake("naive_init.variance_as_std", VAR_STD),
        ), kwargs={"std": 0.05}),
        init_function("xavier_init", "verify_xavier_spread", Hints(
            idea=T("Keep the variance of a layer's output equal to its input's: divide by sqrt of the fan-in.",
                   "층 출력의 분산을 입력과 같게 유지하세요: 입력 수의 제곱근으로 나눕니다."),
            formula=T("W = Z / sqrt(n_in), Z ~ N(0, 1) of shape (n_in, n_out) (the notes' definition).",
                      "W = Z / sqrt(n_in), Z ~ N(0, 1), shape (n_in, n_out) (자료의 정의)."),
            code=T("return rng.standard_normal((n_in, n_out)) / math.sqrt(n_in)"),
        ), (
            Mistake("xavier_init.fan_out", T("Divide by sqrt(n_in), the number of inputs of each neuron.",
                                             "각 뉴런의 입력 수 n_in의 제곱근으로 나누세요.")),
            Mistake("xavier_init.variance_as_std", VAR_STD),
        )),
        init_function("he_init", "verify_he_spread", Hints(
            idea=T("ReLU zeroes half of its inputs, so He doubles Xavier's variance.",
                   "ReLU는 입력의 절반을 0으로 만들어, He는 Xavier의 분산을 두 배로 합니다."),
            formula=T("W = Z / sqrt(n_in / 2) = Z * sqrt(2 / n_in)."),
            code=T("return rng.standard_normal((n_in, n_out)) / math.sqrt(n_in / 2)"),
        ), (
            Mistake("he_init.sqrt_2n", T("It is sqrt(n_in / 2) (std sqrt(2/n_in)), not sqrt(2 n_in).",
                                         "sqrt(2 n_in)이 아니라 sqrt(n_in / 2)입니다 (표준편차 sqrt(2/n_in)).")),
            Mistake("he_init.variance_as_std", VAR_STD),
            Mistake("he_init.fan_out", T("Use the fan-in n_in.", "입력 수 n_in을 쓰세요.")),
        )),
        Function("activation_stats", (
            Correctness(2, stats_cases, name="seeded_values"),
            Correctness(1, default_stats, name="defaults"),
        ), Hints(
            idea=T("Push random data through 10 layers and watch the activations: do they saturate, vanish, "
                   "or stay spread?",
                   "무작위 데이터를 10개 층에 통과시키며 활성값을 보세요: 포화되는가, 사라지는가, 퍼져 있는가?"),
            formula=T("A = rng.standard_normal((n_samples, width)); per layer W = init(width, width, rng); A = "
                      "act(A @ W); record (A.mean(), A.std()).",
                      "A = rng.standard_normal((n_samples, width)); 층마다 W = init(width, width, rng); "
                      "A = act(A @ W); (A.mean(), A.std()) 기록."),
            code=T("stats.append((A.mean(), A.std())) in the loop; return np.array(stats)  # shape (n_layers, 2)",
                   "루프에서 stats.append((A.mean(), A.std())); return np.array(stats)  # shape (n_layers, 2)"),
        ), (
            Mistake("activation_stats.pre_activation",
                    T("Record the statistics of the activations act(A @ W), not of A @ W.",
                      "A @ W가 아니라 활성값 act(A @ W)의 통계를 기록하세요.")),
            Mistake("activation_stats.draw_order",
                    T("Draw A first, then each layer's W in order: the order of draws fixes the numbers.",
                      "A를 먼저 뽑고, 그다음 층마다 W를 차례로 뽑으세요: 뽑는 순서가 값을 정합니다.")),
        )),
    ),
)
