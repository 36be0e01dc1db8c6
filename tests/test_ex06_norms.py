"""ex06: the seed's example, and an alternative formulation scoring full marks."""
import numpy as np

from dlgrade.reference import ex06_norms as r
from tests.helpers import grade_source

ALTERNATIVE = '''
import numpy as np


def l1_norm(x, axis=None):
    return np.linalg.norm(x.ravel(), 1) if axis is None else np.linalg.norm(x, 1, axis=axis)


def l2_norm(x, axis=None):
    return np.linalg.norm(x.ravel()) if axis is None else np.linalg.norm(x, axis=axis)


def lp_norm(x, p, axis=None):
    return np.sum(np.abs(x) ** p, axis=axis) ** (1 / p)


def l2_penalty(weights, lam):
    return 0.5 * lam * sum(np.vdot(w, w) for w in weights)


def l2_penalty_grad(w, lam):
    return w * lam


def l1_penalty(weights, lam):
    return lam * sum(np.linalg.norm(w.ravel(), 1) for w in weights)


def l1_penalty_grad(w, lam):
    return lam * ((w > 0).astype(w.dtype) - (w < 0).astype(w.dtype))


def clip_by_norm(g, max_norm):
    n = np.linalg.norm(g.ravel())
    return g * min(1.0, max_norm / n) if n > 0 else g.copy()
'''


def test_seed_example():
    assert np.array_equal(r.l1_norm(r.EXAMPLE_X, axis=1), r.EXAMPLE_L1_AXIS1)
    assert np.allclose(r.l2_norm(r.EXAMPLE_X, axis=1), r.EXAMPLE_L2_AXIS1, atol=6e-9)


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex06", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
