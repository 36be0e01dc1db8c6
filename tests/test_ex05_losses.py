"""ex05: other correct formulations score full marks; the reference gradients equal numerical ones."""
import numpy as np

from dlgrade.reference import ex05_losses as r
from tests.helpers import fixture, grade_source

ALTERNATIVE = fixture("alternatives", "ex05_losses.py")


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex05", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_reference_gradients_equal_numerical_gradients():
    rng = np.random.default_rng(1)
    y, t = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    assert np.allclose(r.mse_grad(y, t), r.mse_grad_numeric(y, t), atol=1e-8)
    p, lab = rng.uniform(0.1, 0.9, 6), rng.integers(0, 2, 6).astype(float)
    assert np.allclose(r.bce_grad(p, lab), r.bce_grad_numeric(p, lab), atol=1e-7)
    z, k = rng.normal(size=(5, 3)), rng.integers(0, 3, 5)
    assert np.allclose(r.softmax_cross_entropy_grad(z, k), r.softmax_cross_entropy_grad_numeric(z, k), atol=1e-8)


def test_stable_losses_at_extremes():
    assert np.isfinite(r.softmax_cross_entropy(np.array([[1e4, -1e4, 0.0]]), np.array([1])))
    assert np.isfinite(r.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0])))
