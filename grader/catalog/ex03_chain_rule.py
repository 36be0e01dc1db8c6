"""ex03: the chain rule and computational graphs (AI College lecture §02)."""
import numpy as np

from dlgrade.checks import Correctness, Purity
from dlgrade.catalog.inputs import Case, f32, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.catalog.inputs import Func
from dlgrade.pipeline.symbolic import Derived
from dlgrade.text import T


def pair_cases(rng, shapes=((), (5,), (2, 3)), low=-3.0, high=3.0, dtypes=(np.float64, np.float32)):
    """Two arguments of the same shape (scalars as Python floats)."""
    cases = []
    for dtype in dtypes:
        for shape in shapes:
            if shape == ():
                a, b = (float(v) for v in rng.uniform(low, high, 2))
            else:
                a, b = (rng.uniform(low, high, shape).astype(dtype) for _ in range(2))
            cases.append(Case((a, b), {}, label_of(a, b)))
    return cases


def pair_f32(rng):
    return pair_cases(rng, shapes=((4,),), dtypes=(np.float32,))


def add_cases(rng):
    return [Case((d,), {}, label_of(d)) for d in (1.3, rng.normal(size=(3, 2)), rng.normal(size=4).astype(np.float32))]


def mul_cases(rng, dtypes=(np.float64, np.float32)):
    cases = [Case((2.0, 3.0, 1.0), {}, "2.0, 3.0, 1.0")] if np.float64 in dtypes else []
    for dtype in dtypes:
        x, y, d = (rng.normal(size=(2, 3)).astype(dtype) for _ in range(3))
        cases.append(Case((x, y, d), {}, label_of(x, y, d)))
    return cases


# The functions given to the student's numerical_derivative / numerical_gradient (the child
# imports them from here; their exact derivatives are in the reference module).
def sin_x2(x):
    return np.sin(x) * x**2


def exp_half(x):
    return np.exp(x / 2)


def cubic(x):
    return x**3 - 2*x


def sum_sin_x2(x):
    return np.sum(np.sin(x) * x**2)


def sum_log1p_x2(x):
    return np.sum(np.log(1 + x**2))


def sum_cubic(x):
    return float(np.sum(x**3 - 2*x))


SCALAR_FUNCTIONS = (Func(__name__, "sin_x2", "lambda x: np.sin(x) * x**2"),
                    Func(__name__, "exp_half", "lambda x: np.exp(x / 2)"),
                    Func(__name__, "cubic", "lambda x: x**3 - 2*x"))
SUM_FUNCTIONS = (Func(__name__, "sum_sin_x2", "lambda x: np.sum(np.sin(x) * x**2)"),
                 Func(__name__, "sum_log1p_x2", "lambda x: np.sum(np.log(1 + x**2))"),
                 Func(__name__, "sum_cubic", "lambda x: float(np.sum(x**3 - 2*x))"))


def numdiff_cases(rng, n=2):
    return [Case((f, float(x)), {}, f"f = {f}, x = {x:.4f}") for f in SCALAR_FUNCTIONS for x in rng.uniform(-2, 2, n)]


def numgrad_cases(rng, shapes=((4,), (2, 3))):
    cases = []
    for f in SUM_FUNCTIONS:
        for shape in shapes:
            x = rng.uniform(-2, 2, shape)
            cases.append(Case((f, x), {}, f"f = {f}, x {label_of(x)}"))
    return cases


def derivative(name, expr, hints, mistakes, hidden_shapes=((7, 4),)):
    return Function(name, (
        Correctness(2, pair_cases, oracle=Derived(expr)),
        Purity(1, pair_f32),
        Correctness(1, lambda rng: pair_cases(rng, shapes=hidden_shapes, low=-10, high=10),
                    oracle=Derived(expr), name="hidden_values", hidden=True),
    ), hints, mistakes)


PATHS_U = T("u depends on t along two paths: t -> x -> u and t -> y -> u.",
            "u는 두 경로로 t에 의존합니다: t -> x -> u 와 t -> y -> u.")

EXERCISE = Exercise(
    id="ex03",
    name="chain_rule",
    title=T("The chain rule and computational graphs", "연쇄 법칙과 계산 그래프"),
    notes=("002 §02",),
    functions=(
        derivative("du_dr", "du_dr_expr", Hints(
            idea=T("Only x depends on r, so one path: r -> x -> u.",
                   "r에 의존하는 것은 x뿐이므로 경로는 하나: r -> x -> u."),
            formula=T("du/dr = (du/dx)(dx/dr) = 2x * sin t, with x = r sin t.",
                      "du/dr = (du/dx)(dx/dr) = 2x * sin t, x = r sin t."),
            code=T("x = r * xp.sin(t); return 2 * x * xp.sin(t)"),
        ), (
            Mistake("du_dr.no_inner_derivative",
                    T("You stopped at du/dx = 2x: multiply by dx/dr = sin t (and x itself is r sin t).",
                      "du/dx = 2x에서 멈췄습니다: dx/dr = sin t를 곱하세요 (x 자체도 r sin t).")),
        )),
        derivative("du_dt", "du_dt_expr", Hints(
            idea=PATHS_U,
            formula=T("du/dt = (du/dx)(dx/dt) + (du/dy)(dy/dt) = 2x * r cos t + 2 * 2 sin t cos t."),
            code=T("x = r * xp.sin(t); return 2 * x * r * xp.cos(t) + 4 * xp.sin(t) * xp.cos(t)"),
        ), (
            Mistake("du_dt.missing_y_path",
                    T("Only the path through x is there: add the path through y, (du/dy)(dy/dt) = 2 * 2 sin t cos t.",
                      "x를 지나는 경로만 있습니다: y를 지나는 경로 (du/dy)(dy/dt) = 2 * 2 sin t cos t를 더하세요.")),
            Mistake("du_dt.missing_x_path",
                    T("Only the path through y is there: add (du/dx)(dx/dt) = 2x * r cos t.",
                      "y를 지나는 경로만 있습니다: (du/dx)(dx/dt) = 2x * r cos t를 더하세요.")),
        )),
        derivative("dz_dx", "dz_dx_expr", Hints(
            idea=T("z = t^2 and t = x + y: differentiate the outer function, then the inner one.",
                   "z = t^2, t = x + y: 바깥 함수를 미분한 뒤 안쪽 함수를 미분합니다."),
            formula=T("dz/dx = (dz/dt)(dt/dx) = 2t * 1 = 2(x + y)."),
            code=T("return 2 * (x + y)"),
        ), (
            Mistake("dz_dx.missing_outer_factor", T("d/dt t^2 = 2t: the factor 2 is missing.",
                                                   "d/dt t^2 = 2t: 2배가 빠졌습니다.")),
            Mistake("dz_dx.t_is_x", T("t = x + y: y stays in dz/dt = 2t.",
                                      "t = x + y: dz/dt = 2t에 y가 남습니다.")),
        )),
        derivative("dw_dr", "dw_dr_expr", Hints(
            idea=T("w depends on r through x, y and z: three paths to add.",
                   "w는 x, y, z를 통해 r에 의존합니다: 세 경로를 더하세요."),
            formula=T("dw/dr = y cos s + x sin s + 2z * s."),
            code=T("x, y, z = r*cos(s), r*sin(s), r*s; return y*cos(s) + x*sin(s) + 2*z*s"),
        ), (
            Mistake("dw_dr.missing_z_path",
                    T("The path through z = r s is missing: add (dw/dz)(dz/dr) = 2z * s.",
                      "z = r s를 지나는 경로가 빠졌습니다: (dw/dz)(dz/dr) = 2z * s를 더하세요.")),
        )),
        derivative("dw_ds", "dw_ds_expr", Hints(
            idea=T("Three paths again, now with the derivatives of x, y, z with respect to s.",
                   "다시 세 경로, 이번에는 x, y, z를 s로 미분합니다."),
            formula=T("dw/ds = y(-r sin s) + x(r cos s) + 2z * r."),
            code=T("return y * (-r * sin(s)) + x * (r * cos(s)) + 2 * z * r"),
        ), (
            Mistake("dw_ds.missing_z_path",
                    T("The path through z = r s is missing: add 2z * r.",
                      "z = r s를 지나는 경로가 빠졌습니다: 2z * r을 더하세요.")),
            Mistake("dw_ds.only_z_path",
                    T("x and y depend on s too: add the paths through x and y.",
                      "x와 y도 s에 의존합니다: x와 y를 지나는 경로를 더하세요.")),
            Mistake("dw_ds.cos_sign",
                    T("d(cos s)/ds = -sin s: the path through x = r cos s carries a minus sign.",
                      "d(cos s)/ds = -sin s: x = r cos s를 지나는 경로에는 마이너스 부호가 붙습니다.")),
        )),
        Function("add_backward", (Correctness(1, add_cases),), Hints(
            idea=T("An addition node passes the upstream gradient on unchanged.",
                   "덧셈 노드는 상류 기울기를 그대로 흘려보냅니다."),
            formula=T("z = x + y: dz/dx = dz/dy = 1, so dx = dy = dout.",
                      "z = x + y: dz/dx = dz/dy = 1, 따라서 dx = dy = dout."),
            code=T("return dout, dout"),
        ), (
            Mistake("add_backward.split",
                    T("The gradient is not split between the inputs: each gets all of dout.",
                      "기울기를 두 입력에 나눠 주는 것이 아닙니다: 각 입력이 dout 전체를 그대로 받습니다.")),
        )),
        Function("mul_backward", (Correctness(2, mul_cases), Purity(1, f32(mul_cases))), Hints(
            idea=T("A multiplication node swaps its inputs on the way back.",
                   "곱셈 노드는 역전파 때 입력을 맞바꿉니다."),
            formula=T("z = x y: dz/dx = y and dz/dy = x, so dx = dout * y, dy = dout * x.",
                      "z = x y: dz/dx = y, dz/dy = x, 따라서 dx = dout * y, dy = dout * x."),
            code=T("return dout * y, dout * x"),
        ), (
            Mistake("mul_backward.not_swapped",
                    T("dx is dout times the OTHER input y (and dy = dout * x).",
                      "dx는 dout 곱하기 다른 입력 y입니다 (dy = dout * x).")),
            Mistake("mul_backward.no_upstream",
                    T("Multiply by the upstream gradient dout.", "상류 기울기 dout을 곱하세요.")),
        )),
        Function("numerical_derivative", (
            Correctness(2, numdiff_cases, oracle="numerical_derivative", rtol=1e-6, atol=1e-8),
            Correctness(1, lambda rng: numdiff_cases(rng, n=5), oracle="numerical_derivative", rtol=1e-6, atol=1e-8,
                        name="hidden_values", hidden=True),
        ), Hints(
            idea=T("Approximate the slope by evaluating f a little to the left and to the right of x.",
                   "x의 조금 왼쪽과 오른쪽에서 f를 계산해 기울기를 근사합니다."),
            formula=T("f'(x) ~ (f(x + h) - f(x - h)) / (2h): the central difference, error O(h^2) instead of O(h).",
                      "f'(x) ~ (f(x + h) - f(x - h)) / (2h): 중앙 차분, 오차가 O(h) 대신 O(h^2)."),
            code=T("return (f(x + h) - f(x - h)) / (2 * h)"),
        ), (
            Mistake("numerical_derivative.forward_difference",
                    T("(f(x+h) - f(x)) / h is the forward difference, error O(h); use the central difference.",
                      "(f(x+h) - f(x)) / h는 전방 차분으로 오차가 O(h)입니다. 중앙 차분을 쓰세요.")),
            Mistake("numerical_derivative.divide_by_h",
                    T("x + h and x - h are 2h apart: divide by 2h.",
                      "x + h와 x - h는 2h 떨어져 있습니다: 2h로 나누세요.")),
        )),
        Function("numerical_gradient", (
            Correctness(2, numgrad_cases, oracle="numerical_gradient", rtol=1e-6, atol=1e-8),
            Purity(1, lambda rng: numgrad_cases(rng, shapes=((3,),)),
                   mutation_mistake="numerical_gradient.x_not_restored"),
            Correctness(1, lambda rng: numgrad_cases(rng, shapes=((6,), (3, 2, 2))), oracle="numerical_gradient",
                        rtol=1e-6, atol=1e-8, name="hidden_values", hidden=True),
        ), Hints(
            idea=T("Do the central difference once per entry of x, nudging only that entry.",
                   "x의 원소마다 그 원소만 살짝 움직여 중앙 차분을 한 번씩 합니다."),
            formula=T("grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h); loop over np.ndindex(x.shape) "
                      "and put x[i] back.",
                      "grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h). np.ndindex(x.shape)로 돌고 "
                      "x[i]를 되돌려 놓으세요."),
            code=T("old = x[i].copy(); x[i] = old + h; up = f(x); x[i] = old - h; down = f(x); x[i] = old; "
                   "grad[i] = (up - down) / (2 * h)"),
        ), (
            Mistake("numerical_gradient.forward_difference",
                    T("Use the central difference (f(x+h) - f(x-h)) / (2h) for each entry.",
                      "원소마다 중앙 차분 (f(x+h) - f(x-h)) / (2h)를 쓰세요.")),
            Mistake("numerical_gradient.divide_by_h",
                    T("x + h e_i and x - h e_i are 2h apart: divide by 2h.",
                      "x + h e_i와 x - h e_i는 2h 떨어져 있습니다: 2h로 나누세요.")),
            Mistake("numerical_gradient.x_not_restored",
                    T("x is left changed: restore x[i] = old after each entry (numerical gradient checkers that "
                      "write into their input are a classic bug).",
                      "x가 바뀐 채로 남았습니다: 원소마다 x[i] = old로 되돌리세요 (입력을 바꾸는 "
                      "수치 기울기는 흔한 버그)."),
                    detect="property"),
        )),
    ),
)
