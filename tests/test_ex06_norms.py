"""ex06: the seed's example, and an alternative formulation scoring full marks."""
import numpy as np

from dlgrade.reference import ex06_norms as r
from tests.helpers import fixture, grade_source

ALTERNATIVE = fixture("alternatives", "ex06_norms.py")


def test_seed_example():
    assert np.array_equal(r.l1_norm(r.EXAMPLE_X, axis=1), r.EXAMPLE_L1_AXIS1)
    assert np.allclose(r.l2_norm(r.EXAMPLE_X, axis=1), r.EXAMPLE_L2_AXIS1, atol=6e-9)


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex06", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
