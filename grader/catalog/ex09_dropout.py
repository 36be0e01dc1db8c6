"""ex09: dropout, judged by properties with stated false-failure probabilities (midterm report §4.2.7, AI College
lecture §04, deep-learning summary)."""
import numpy as np

from dlgrade.checks import Correctness, Property, Purity
from dlgrade.catalog.inputs import DTYPES, Case, Step, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.catalog.inputs import Rng
from dlgrade.text import T

BIG = (200, 500)  # 10^5 entries: the rate bound is about +-0.011


def seeds(rng, n):
    return [int(s) for s in rng.integers(2**31, size=n)]


def mask_cases(rng, ps=(0.3, 0.5, 0.8)):
    return [Case((BIG, p, Rng(s)), {}, f"shape {BIG}, p={p}") for p, s in zip(ps, seeds(rng, len(ps)))]


def edge_cases(rng):
    return [Case(((50, 40), p, Rng(s)), {}, f"shape (50, 40), p={p}") for p, s in zip((0.0, 1.0), seeds(rng, 2))]


def seeded_cases(fn, make_args):
    def gen(rng):
        a, b = seeds(rng, 2)
        return [Case(steps=[Step(fn, make_args(Rng(a))), Step(fn, make_args(Rng(a))), Step(fn, make_args(Rng(b)))],
                     label=f"{fn} twice with seed {a}, once with {b}")]

    return gen


def forward_cases(rng, dtypes=DTYPES):
    cases = []
    for dtype, p, s in zip(dtypes * 2, (0.2, 0.5, 0.3, 0.6), seeds(rng, 4)):
        x = rng.normal(size=BIG).astype(dtype)
        cases.append(Case((x, p, Rng(s)), {}, f"{label_of(x)}, p={p}"))
    return cases


def test_time_cases(rng, dtypes=DTYPES):
    return [Case((rng.normal(size=(4, 5)).astype(dtype), 0.5, Rng(1)), {"train": False},
                 f"{dtype.__name__}[4, 5], p=0.5, train=False") for dtype in dtypes]


def backward_cases(rng, dtypes=DTYPES):
    from dlgrade.reference.ex09_dropout import dropout_mask

    cases = []
    for dtype in dtypes:
        for shape, p in (((6, 4), 0.5), ((3, 7), 0.25)):
            dout = rng.normal(size=shape).astype(dtype)
            mask = dropout_mask(shape, p, rng).astype(dtype)
            cases.append(Case((dout, mask), {}, f"{label_of(dout, mask)}, mask of p={p}"))
    return cases


def exact_cases(rng, draws=400):
    """Many draws in one child from one generator: counts every time, uniform positions over all draws."""
    y = np.linspace(0.1, 1.0, 10)
    a, b = (Rng(s, shared=True) for s in seeds(rng, 2))
    c = Rng(seeds(rng, 1)[0], shared=True)
    return [Case(steps=[Step("dropout_exact", (y, 0.5, a)) for _ in range(draws)],
                 label=f"{draws} draws on y float64[10], ratio=0.5"),
            Case(steps=[Step("dropout_exact", (y.astype(np.float32).reshape(2, 5), 0.25, b)) for _ in range(draws)],
                 label=f"{draws} draws on y float32[2, 5], ratio=0.25 (k = 8)"),
            # a tie of the rounding: 5 * 0.5 = 2.5 gives k = floor(3.0) = 3, where round() gives 2 (to even)
            Case(steps=[Step("dropout_exact", (y[:5], 0.5, c)) for _ in range(draws)],
                 label=f"{draws} draws on y float64[5], ratio=0.5 (k = 3)")]


EXERCISE = Exercise(
    id="ex09",
    name="dropout",
    title=T("Dropout", "드롭아웃"),
    notes=("000 §4.2.7", "002 §04", "003"),
    functions=(
        Function("dropout_mask", (
            Property(1, mask_cases, verify="verify_mask_values", name="values"),
            Property(2, mask_cases, verify="verify_mask_rate", name="rate"),
            Property(1, lambda rng: mask_cases(rng, ps=(0.5,)), verify="verify_mask_independence", name="independence"),
            Property(1, seeded_cases("dropout_mask", lambda r: ((30, 40), 0.5, r)), verify="verify_seeded",
                     name="seeded"),
            Property(1, edge_cases, verify="verify_mask_edges", name="edges"),
            Property(1, lambda rng: mask_cases(rng, ps=(0.1, 0.9)), verify="verify_mask_rate", name="hidden_rate",
                     hidden=True),
        ), Hints(
            idea=T("Each entry flips its own biased coin: dropped with probability p, kept (and scaled up) otherwise.",
                   "원소마다 따로 동전을 던집니다: 확률 p로 드롭, 아니면 남기고 키웁니다."),
            formula=T("mask = (rng.random(shape) >= p) * 1/(1-p): the scale keeps the expected value; p = 1 needs care "
                      "(no 1/0).",
                      "mask = (rng.random(shape) >= p) * 1/(1-p): 스케일이 기댓값을 유지합니다. p = "
                      "1은 주의 (1/0 금지)."),
            code=T("scale = 1.0 / (1.0 - p) if p < 1 else 0.0; return (rng.random(shape) >= p) * scale"),
        ), (
            Mistake("dropout_mask.no_scaling",
                    T("Scale the kept entries by 1/(1-p) (inverted dropout), so nothing changes at test time.",
                      "남은 원소를 1/(1-p)배 하세요 (역 드롭아웃). 그래야 테스트 때 바꿀 것이 없습니다."),
                    detect="property"),
            Mistake("dropout_mask.keep_probability",
                    T("p is the DROP rate: keep an entry when rng.random() >= p.",
                      "p는 드롭 비율입니다: rng.random() >= p일 때 남기세요."),
                    detect="property"),
            Mistake("dropout_mask.global_random",
                    T("Draw from the rng argument, not np.random: a seeded run must be reproducible.",
                      "np.random이 아니라 rng 인자에서 뽑으세요: 시드를 준 실행은 재현되어야 합니다."),
                    detect="property"),
            Mistake("dropout_mask.shared_draws",
                    T("Draw one number per entry (rng.random(shape)), not one per column broadcast down the rows.",
                      "원소마다 하나씩 뽑으세요 (rng.random(shape)). 열마다 하나를 뽑아 행으로 "
                      "브로드캐스트하면 안 됩니다."),
                    detect="property"),
            Mistake("dropout_mask.edge_nan",
                    T("At p = 1, 1/(1-p) is inf and 0 * inf is NaN: use a scale of 0 when p == 1.",
                      "p = 1이면 1/(1-p)가 inf, 0 * inf는 NaN입니다: p == 1이면 스케일을 0으로."), detect="property"),
        )),
        Function("dropout_forward", (
            Property(2, forward_cases, verify="verify_forward", name="train"),
            Correctness(1, test_time_cases, name="test_time"),
            Property(1, seeded_cases("dropout_forward", lambda r: (np.ones((20, 30)), 0.5, r)), verify="verify_seeded",
                     name="seeded"),
            Purity(1, lambda rng: forward_cases(rng, dtypes=(np.float32,))[:1]),
        ), Hints(
            idea=T("Apply a fresh mask in training; at test time do nothing at all.",
                   "학습 때는 새 마스크를 곱하고, 테스트 때는 아무것도 하지 않습니다."),
            formula=T("train: mask = dropout_mask(x.shape, p, rng) in x's dtype, return (x * mask, mask); "
                      "else (x, None).",
                      "학습: mask = dropout_mask(x.shape, p, rng) (x의 dtype), (x * mask, mask) "
                      "반환; 아니면 (x, None)."),
            code=T("if not train: return x, None\nmask = dropout_mask(x.shape, p, rng).astype(x.dtype)\n"
                   "return x * mask, mask"),
        ), (
            Mistake("dropout_forward.scale_at_test",
                    T("With inverted dropout the scaling happened in training: at test time return x unchanged.",
                      "역 드롭아웃에서는 학습 때 이미 스케일했습니다: 테스트 때는 x를 그대로 반환하세요.")),
            Mistake("dropout_forward.unscaled",
                    T("Inverted dropout scales the kept units by 1/(1-p) in training, so that the expected output "
                      "equals x and test time needs nothing: use dropout_mask.",
                      "역 드롭아웃은 학습 때 남은 유닛을 1/(1-p)로 스케일해서 출력의 기댓값이 "
                      "x가 되게 하고, 테스트 때는 아무것도 하지 않습니다: dropout_mask를 쓰세요."), detect="property"),
            Mistake("dropout_forward.global_random",
                    T("Draw the mask from the rng argument, never np.random: a seeded run must repeat.",
                      "마스크는 np.random이 아니라 rng 인자에서 뽑으세요: 시드를 준 실행은 반복되어야 합니다."),
                    detect="property"),
        )),
        Function("dropout_backward", (Correctness(2, backward_cases), Purity(1, lambda rng: backward_cases(
            rng, dtypes=(np.float32,)))), Hints(
            idea=T("Dropped units passed nothing forward, so they pass nothing back.",
                   "드롭된 유닛은 앞으로 아무것도 보내지 않았으니 뒤로도 보내지 않습니다."),
            formula=T("dx = dout * mask (the same mask, scale included).",
                      "dx = dout * mask (같은 마스크, 스케일 포함)."),
            code=T("return dout * mask"),
        ), (
            Mistake("dropout_backward.no_mask", T("Multiply by the forward pass's mask.",
                                                  "순전파의 마스크를 곱하세요.")),
            Mistake("dropout_backward.unscaled",
                    T("The forward pass scaled by 1/(1-p): the gradient is scaled the same way.",
                      "순전파에서 1/(1-p)배 했으니 기울기도 같이 스케일됩니다.")),
        )),
        Function("dropout_exact", (
            Property(3, exact_cases, verify="verify_exact", name="exact_count"),
            Property(1, seeded_cases("dropout_exact", lambda r: (np.ones(12), 0.5, r)), verify="verify_seeded",
                     name="seeded"),
        ), Hints(
            idea=T("Instead of a coin per entry, choose exactly k positions to keep.",
                   "원소마다 동전을 던지는 대신, 남길 위치를 정확히 k개 고릅니다."),
            formula=T("k = floor(n (1 - ratio) + 0.5); keep a uniformly random k-subset of positions, "
                      "value 1/(1-ratio).",
                      "k = floor(n (1 - ratio) + 0.5); 위치 중 균등 무작위로 k개를 남기고 값은 1/(1-ratio)."),
            code=T("keep = xp.argsort(rng.random(y.size))[:k]; mask = xp.zeros(y.size, y.dtype); mask[keep] "
                   "= 1/(1-ratio); mask = mask.reshape(y.shape)"),
        ), (
            Mistake("dropout_exact.no_rounding",
                    T("Round to nearest: k = floor(n (1 - ratio) + 0.5), not floor(n (1 - ratio)).",
                      "반올림하세요: floor(n (1 - ratio))가 아니라 k = floor(n (1 - ratio) + 0.5)."),
                    detect="property"),
            Mistake("dropout_exact.bernoulli",
                    T("A coin per entry keeps a random number of entries; this variant keeps exactly k.",
                      "원소마다 동전을 던지면 남는 개수가 매번 다릅니다. 이 변형은 정확히 k개를 남깁니다."),
                    detect="property"),
            Mistake("dropout_exact.not_uniform",
                    T("Choose the k positions at random (argsort(rng.random(n))[:k]), not always the first k.",
                      "k개 위치를 무작위로 고르세요 (argsort(rng.random(n))[:k]). 항상 처음 k개면 안 됩니다."),
                    detect="property"),
        )),
    ),
)
