"""ex04: the seed's numbers, a numerical-gradient check of the reference, and an alternative
(per-weight, as the seed writes it) formulation scoring full marks."""
import numpy as np

from dlgrade.reference import ex04_backprop as r
from tests.helpers import fixture, grade_source, solution_text, with_function


def test_reference_reproduces_every_seed_number():
    h, o = r.forward_2_2_2(r.EXAMPLE_X, r.EXAMPLE_W1, r.EXAMPLE_W2)
    assert np.allclose(h, r.EXAMPLE_H, atol=6e-9) and np.allclose(o, r.EXAMPLE_O, atol=6e-9)
    assert abs(r.total_error(o, r.EXAMPLE_TARGET) - r.EXAMPLE_E_TOTAL) < 6e-9
    dW1, dW2 = r.backward_2_2_2(r.EXAMPLE_X, r.EXAMPLE_TARGET, r.EXAMPLE_W1, r.EXAMPLE_W2)
    assert abs(dW2[0, 0] - r.EXAMPLE_DE_DW5) < 6e-9
    assert abs(dW1[0, 0] - 0.00080888) < 6e-9
    W1n = r.gradient_descent_step(r.EXAMPLE_W1, dW1, r.EXAMPLE_LR)
    W2n = r.gradient_descent_step(r.EXAMPLE_W2, dW2, r.EXAMPLE_LR)
    assert np.allclose(W1n, r.EXAMPLE_W1_NEW, atol=6e-9) and np.allclose(W2n, r.EXAMPLE_W2_NEW, atol=6e-9)
    assert abs(W2n[0, 1] - 0.38685205) < 6e-9  # not the seed's typo 0.38685305
    assert abs(r.total_error(r.forward_2_2_2(r.EXAMPLE_X, W1n, W2n)[1], r.EXAMPLE_TARGET) - r.EXAMPLE_E_AFTER) < 6e-9


def test_reference_two_layer_gradients_match_numerical_gradient():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 3)), rng.integers(0, 2, (6, 2)).astype(float)
    params = [rng.normal(size=s) for s in ((3, 4), (4,), (4, 2), (2,))]
    analytic = r.two_layer_gradients(X, Y, *params)
    for p, g in zip(params, analytic):
        num = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + 1e-6
            up = r.two_layer_loss(X, Y, *params)
            p[i] = old - 1e-6
            num[i] = (up - r.two_layer_loss(X, Y, *params)) / 2e-6
            p[i] = old
        assert np.allclose(g, num, atol=1e-7)


PER_WEIGHT = fixture("alternatives", "ex04_backward_per_weight.py")


def test_alternative_per_weight_backward_scores_full(tmp_path):
    source = solution_text("ex04_backprop") + PER_WEIGHT
    source += "\n\ndef sigmoid_backward(dout, y):\n    return dout * (y - y * y)\n"
    report = grade_source("ex04", source, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_seed_typo_value_is_rejected_in_its_own_function_only(tmp_path):
    typo = solution_text("ex04_backprop").replace(
        "    return W - lr * dW\n",
        "    out = W - lr * dW\n    return np.where(np.isclose(out, 0.38685205), 0.38685305, out)\n")
    report = grade_source("ex04", typo, tmp_path, functions=["backward_2_2_2", "gradient_descent_step"])
    status = {c.id: c.status for c in report.checks}
    assert status["ex04.backward_2_2_2.example_one_step"] == "passed"  # charged to gradient_descent_step only
    assert status["ex04.gradient_descent_step.example_w2"] == "failed"
    assert status["ex04.gradient_descent_step.example_w1"] == "passed"


def test_hints_point_out_every_seed_erratum():
    from dlgrade import catalog

    ex = catalog.load("ex04")
    for function, typo in (("backward_2_2_2", "0.38685305"), ("gradient_descent_step", "0.38685305"),
                           ("gradient_descent_step", "0.1 - 0.5 * 0.00080888"), ("total_error", "0.023978190")):
        hints = ex.function(function).hints.levels
        assert any(typo in h.en for h in hints) and any(typo in h.ko for h in hints), (function, typo)


def test_dense_backward_column_orientation_is_named(tmp_path):
    source = with_function("ex04", "dense_backward", "def mine(dY, X, W):\n    return W @ dY.T, X.T @ dY, dY.sum(0)\n")
    report = grade_source("ex04", source, tmp_path, functions=["dense_backward"])
    values = next(c for c in report.checks if c.id == "ex04.dense_backward.values")
    assert values.status == "failed" and values.misconception == "dense_backward.dx_transposed"
