"""ex03: simplified closed forms and a vectorized numerical gradient also score full marks."""
from tests.helpers import grade_source, with_function

ALTERNATIVE = '''
import numpy as np
from dlgrade.pipeline.xp import array_module


def du_dr(r, t):
    return 2 * r * array_module(r, t).sin(t) ** 2


def du_dt(r, t):
    return (r ** 2 + 2) * array_module(r, t).sin(2 * t)


def dz_dx(x, y):
    return 2 * x + 2 * y


def dw_dr(r, s):
    xp = array_module(r, s)
    return r * xp.sin(2 * s) + 2 * r * s ** 2


def dw_ds(r, s):
    xp = array_module(r, s)
    return r ** 2 * xp.cos(2 * s) + 2 * r ** 2 * s


def add_backward(dout):
    return (1 * dout, 1 * dout)


def mul_backward(x, y, dout):
    return (y * dout, x * dout)


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h / 2


def numerical_gradient(f, x, h=1e-5):
    flat = x.astype(np.float64).ravel()
    grad = np.empty_like(flat)
    for i in range(flat.size):
        e = np.zeros_like(flat)
        e[i] = h
        grad[i] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * h)
    return grad.reshape(x.shape).astype(x.dtype)
'''


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex03", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_sympy_oracle_is_the_stated_composition():
    from dlgrade.pipeline.symbolic import derived_function

    f = derived_function("dlgrade.reference.ex03_chain_rule", "du_dt_expr")
    import numpy as np

    assert np.isclose(f(1.0, np.pi / 4), 3.0)
    assert np.isclose(derived_function("dlgrade.reference.ex03_chain_rule", "dw_ds_expr")(1.0, 0.0), 1.0)


def test_closed_forms_agree_with_sympy_elementwise():
    import numpy as np

    from dlgrade.pipeline.symbolic import derived_function
    from dlgrade.reference import ex03_chain_rule as ref

    rng = np.random.default_rng(3)
    a, b = rng.uniform(-5, 5, (2, 4, 3))
    for name in ("du_dr", "du_dt", "dz_dx", "dw_dr", "dw_ds"):
        exact = derived_function("dlgrade.reference.ex03_chain_rule", f"{name}_expr")(a, b)
        assert np.allclose(getattr(ref, name)(a, b), exact, rtol=1e-12, atol=1e-12), name


def test_numerical_gradient_working_on_a_copy_passes_and_mutation_is_named(tmp_path):
    copying = with_function("ex03", "numerical_gradient", '''
def mine(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        grad[i] = (up - f(x)) / (2 * h)
    return grad
''')
    report = grade_source("ex03", copying, tmp_path, functions=["numerical_gradient"], hidden=True)
    assert {c.status for c in report.checks} == {"passed"}
    mutating = copying.replace("    x = x.copy()\n", "")  # leaves x[i] at old - h
    report = grade_source("ex03", mutating, tmp_path, functions=["numerical_gradient"])
    purity = next(c for c in report.checks if c.id == "ex03.numerical_gradient.purity")
    assert purity.status == "failed" and purity.misconception == "numerical_gradient.x_not_restored"
