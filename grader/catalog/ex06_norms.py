"""ex06: norms and regularization (midterm report §4.2.3.2, AI College lecture §04)."""
import numpy as np

from dlgrade.checks import Correctness, Purity
from dlgrade.catalog.inputs import DTYPES, Case, f32, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.text import T

AXES = (((5, 3), None), ((5, 3), 1), ((5, 3), 0), ((2, 3, 4), -1), ((7,), None), ((7,), 0))


def norm_cases(rng, dtypes=DTYPES, p=None, axes=AXES):
    cases = []
    for dtype in dtypes:
        for shape, axis in axes:
            x = rng.normal(size=shape).astype(dtype) * 3
            args = (x,) if p is None else (x, p)
            cases.append(Case(args, {"axis": axis}, f"{label_of(*args)}, axis={axis}"))
    return cases


def lp_cases(rng, dtypes=DTYPES):
    return [c for p in (1, 2, 3, 1.5) for c in norm_cases(rng, dtypes, p=p, axes=AXES[:4])]


def example_case(rng):
    from dlgrade.reference.ex06_norms import EXAMPLE_X

    return [Case((EXAMPLE_X.astype(np.float64),), {"axis": 1},
                 T("the midterm report's (5, 3) example, axis=1 (§4.2.3.2)",
                   "중간과제 보고서의 (5, 3) 예제, axis=1 (§4.2.3.2)"))]


def weights_list(rng, dtypes=DTYPES):
    cases = []
    for dtype in dtypes:
        ws = [rng.normal(size=s).astype(dtype) for s in ((3, 4), (4,), (4, 2))]
        cases.append(Case((ws, 0.1), {}, f"[{label_of(*ws)}], lam=0.1"))
        cases.append(Case((ws[:1], 0.5), {}, f"[{label_of(ws[0])}], lam=0.5"))
    return cases


def grad_cases(rng, dtypes=DTYPES):
    cases = []
    for dtype in dtypes:
        for shape in ((6,), (3, 4)):
            w = rng.normal(size=shape).astype(dtype)
            w.flat[::3] = 0  # the kink of |w|: the subgradient used here is 0
            w.flat[1::3] = -np.abs(w.flat[1::3])  # negatives, so sign(w) differs from a constant
            cases.append(Case((w, 0.3), {}, label_of(w, 0.3) + " with zeros"))
    return cases


def clip_cases(rng, dtypes=DTYPES):
    cases = []
    for dtype in dtypes:
        for shape, scale, limit in (((5,), 10.0, 1.0), ((3, 4), 0.01, 1.0), ((3, 4), 5.0, 2.0), ((2, 2), 1.0, 100.0)):
            g = (rng.normal(size=shape) * scale).astype(dtype)
            cases.append(Case((g, limit), {}, f"{label_of(g)} (norm {np.sqrt((g.astype(float) ** 2).sum()):.3g}), "
                                              f"max_norm={limit:g}"))
    return cases



WRONG_AXIS = Mistake("{f}.wrong_axis", T(
    "Reduce along the `axis` you are given: axis=1 gives one norm per ROW, as in the notes' example.",
    "주어진 `axis`를 따라 줄이세요: axis=1이면 행마다 하나의 노름 (자료의 예제처럼)."))


def wrong_axis(f):
    return Mistake(WRONG_AXIS.id.format(f=f), WRONG_AXIS.hint)


EXERCISE = Exercise(
    id="ex06",
    name="norms",
    title=T("Norms and regularization", "노름과 정규화"),
    notes=("000 §4.2.3.2", "002 §04"),
    functions=(
        Function("l1_norm", (
            Correctness(1, example_case, expected=np.array([19.0, 19.0, 15.0, 16.0, 12.0]), name="example"),
            Correctness(2, norm_cases), Purity(1, f32(norm_cases)),
            Correctness(1, lambda rng: norm_cases(rng, axes=(((40, 30), 1), ((6, 5, 4), 0))), name="hidden_values",
                        hidden=True),
        ), Hints(
            idea=T("The L1 norm adds up the absolute values (the 'Manhattan' distance).",
                   "L1 노름은 절댓값을 더합니다 (맨해튼 거리)."),
            formula=T("||x||_1 = sum_i |x_i| along the axis; axis=None sums over every element.",
                      "||x||_1 = 축을 따라 sum_i |x_i|. axis=None이면 모든 원소의 합."),
            code=T("return xp.abs(x).sum(axis=axis)"),
        ), (
            Mistake("l1_norm.no_abs", T("Take absolute values before summing.", "더하기 전에 절댓값을 취하세요.")),
            wrong_axis("l1_norm"),
        )),
        Function("l2_norm", (
            Correctness(1, example_case,
                        expected=np.array([12.76714533, 11.44552314, 9.43398113, 9.89949494, 7.07106781]),
                        atol=6e-9, rtol=0, name="example"),
            Correctness(2, norm_cases), Purity(1, f32(norm_cases)),
        ), Hints(
            idea=T("The L2 norm is the Euclidean length.", "L2 노름은 유클리드 길이입니다."),
            formula=T("||x||_2 = sqrt(sum_i x_i^2) along the axis; with axis=None it is the length of the "
                      "flattened array (for a matrix: the Frobenius norm, not the matrix 2-norm).",
                      "||x||_2 = 축을 따라 sqrt(sum_i x_i^2). axis=None이면 펼친 배열의 길이 (행렬이면 프로베니우스 "
                      "노름, 행렬 2-노름 아님)."),
            code=T("return xp.sqrt((x * x).sum(axis=axis))"),
        ), (
            Mistake("l2_norm.no_sqrt", T("Take the square root of the sum of squares.",
                                         "제곱합의 제곱근을 구하세요.")),
            Mistake("l2_norm.matrix_2_norm",
                    T("np.linalg.norm(X, 2) of a matrix is its largest singular value; the vector norm over all "
                      "elements is sqrt(sum x^2).",
                      "행렬의 np.linalg.norm(X, 2)는 최대 특이값입니다. 모든 원소의 벡터 노름은 sqrt(sum x^2)."),),
            wrong_axis("l2_norm"),
        )),
        Function("lp_norm", (Correctness(2, lp_cases), Purity(1, f32(lp_cases))), Hints(
            idea=T("L1 and L2 are the p = 1 and p = 2 members of one family.",
                   "L1과 L2는 한 가족의 p = 1, p = 2인 경우입니다."),
            formula=T("||x||_p = (sum_i |x_i|^p)^(1/p)."),
            code=T("return (xp.abs(x) ** p).sum(axis=axis) ** (1.0 / p)"),
        ), (
            Mistake("lp_norm.no_root", T("Finish with the 1/p-th power.", "마지막에 1/p 제곱을 하세요.")),
            Mistake("lp_norm.no_abs", T("Use |x_i|^p: odd p of negative numbers is negative.",
                                        "|x_i|^p를 쓰세요: 음수의 홀수 제곱은 음수입니다.")),
        )),
        Function("l2_penalty", (Correctness(2, weights_list), Purity(1, f32(weights_list))), Hints(
            idea=T("Weight decay adds the squared size of all weights to the loss.",
                   "가중치 감쇠는 모든 가중치의 제곱 크기를 손실에 더합니다."),
            formula=T("penalty = lam/2 * sum over arrays of sum(w^2); the 1/2 makes the gradient lam * w.",
                      "벌점 = lam/2 * 배열마다 sum(w^2)의 합. 1/2 덕분에 기울기가 lam * w."),
            code=T("return lam / 2 * sum((w * w).sum() for w in weights)"),
        ), (
            Mistake("l2_penalty.no_half", T("The convention here is lam/2 * sum(w^2).",
                                            "여기서는 lam/2 * sum(w^2)로 정의합니다.")),
            Mistake("l2_penalty.first_array_only", T("Sum over every array in the list.",
                                                     "목록의 모든 배열에 대해 더하세요.")),
        )),
        Function("l2_penalty_grad", (Correctness(1, grad_cases), Purity(1, f32(grad_cases))), Hints(
            idea=T("Differentiate lam/2 * w^2.", "lam/2 * w^2를 미분하세요."),
            formula=T("d/dw lam/2 * sum(w^2) = lam * w."),
            code=T("return lam * w"),
        ), (
            Mistake("l2_penalty_grad.two", T("The 1/2 in the penalty cancels the 2: lam * w.",
                                             "벌점의 1/2이 2와 상쇄됩니다: lam * w.")),
        )),
        Function("l1_penalty", (Correctness(2, weights_list), Purity(1, f32(weights_list))), Hints(
            idea=T("L1 regularization adds the absolute sizes of all weights.",
                   "L1 정규화는 모든 가중치의 절댓값을 더합니다."),
            formula=T("penalty = lam * sum over arrays of sum |w|.", "벌점 = lam * 배열마다 sum |w|의 합."),
            code=T("return lam * sum(xp.abs(w).sum() for w in weights)"),
        ), (
            Mistake("l1_penalty.no_abs", T("Use |w|: negative weights count too.",
                                           "|w|를 쓰세요: 음수 가중치도 셉니다.")),
        )),
        Function("l1_penalty_grad",
                 (Correctness(2, grad_cases, between=("l1_penalty_grad_left", "l1_penalty_grad_right")),
                  Purity(1, f32(grad_cases))), Hints(
            idea=T("|w| has slope -1 on the left and +1 on the right; at 0 it is not differentiable (AI "
                   "College lecture): any value from -lam to lam is right there (the reference uses 0).",
                   "|w|의 기울기는 왼쪽 -1, 오른쪽 +1. 0에서는 미분할 수 없으므로 (AI College 강의) "
                   "-lam부터 lam 사이의 어떤 값도 맞습니다 (기준 구현은 0을 씁니다)."),
            formula=T("subgradient = lam * sign(w), with sign(0) = 0.", "부분 기울기 = lam * sign(w), sign(0) = 0."),
            code=T("return lam * xp.sign(w)"),
        ), (
            Mistake("l1_penalty_grad.no_sign", T("The slope of |w| is sign(w), not 1.",
                                                 "|w|의 기울기는 1이 아니라 sign(w)입니다.")),
            # lam at w = 0 (where(w >= 0, 1, -1)) is a valid subgradient by the kink rule: not a mistake
        )),
        Function("clip_by_norm", (Correctness(2, clip_cases), Purity(1, f32(clip_cases))), Hints(
            idea=T("Shrink a gradient that is too long, keeping its direction; leave short ones alone.",
                   "너무 긴 기울기는 방향을 유지한 채 줄이고, 짧은 것은 그대로 둡니다."),
            formula=T("if ||g||_2 > max_norm: g * max_norm / ||g||_2, else g unchanged (the norm over all elements).",
                      "||g||_2 > max_norm이면 g * max_norm / ||g||_2, 아니면 그대로 (모든 원소에 대한 노름)."),
            code=T("norm = xp.sqrt((g * g).sum()); return g.copy() if norm <= max_norm else g * (max_norm / norm)"),
        ), (
            Mistake("clip_by_norm.always_rescale",
                    T("A gradient whose norm is already below max_norm must stay unchanged, not be stretched.",
                      "노름이 이미 max_norm보다 작은 기울기는 늘이지 말고 그대로 두세요.")),
            Mistake("clip_by_norm.elementwise",
                    T("Clipping each element changes the direction; rescale the whole vector by one factor.",
                      "원소별로 자르면 방향이 바뀝니다. 벡터 전체를 한 배율로 줄이세요.")),
        )),
    ),
)
