"""ex03: simplified closed forms and a vectorized numerical gradient also score full marks."""
from tests.helpers import fixture, grade_source, with_function

ALTERNATIVE = fixture("alternatives", "ex03_chain_rule.py")


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
    copying = with_function("ex03", "numerical_gradient",
                            fixture("alternatives", "ex03_numerical_gradient_on_a_copy.py"))
    report = grade_source("ex03", copying, tmp_path, functions=["numerical_gradient"], hidden=True)
    assert {c.status for c in report.checks} == {"passed"}
    mutating = copying.replace("    x = x.copy()\n", "")  # leaves x[i] at old - h
    report = grade_source("ex03", mutating, tmp_path, functions=["numerical_gradient"])
    purity = next(c for c in report.checks if c.id == "ex03.numerical_gradient.purity")
    assert purity.status == "failed" and purity.misconception == "numerical_gradient.x_not_restored"
