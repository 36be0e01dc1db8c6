"""ex09: the statistical verifiers never fail the reference (many seeds), and other correct
formulations (binomial draws, permutation, choice) pass."""
import numpy as np

from dlgrade.catalog.ex09_dropout import BIG
from dlgrade.catalog.inputs import Case, Step
from dlgrade.reference import ex09_dropout as r
from tests.helpers import fixture, grade_source

SEEDS = range(300)


def test_mask_verifiers_never_fail_the_reference():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        for p in (0.3, 0.5, 0.8):
            case = Case((BIG, p, None))
            m = r.dropout_mask(BIG, p, rng)
            assert r.verify_mask_values(case, [m]) is None
            assert r.verify_mask_rate(case, [m]) is None
        m = r.dropout_mask(BIG, 0.5, rng)
        assert r.verify_mask_independence(Case((BIG, 0.5, None)), [m]) is None


def test_exact_verifier_never_fails_the_reference():
    y = np.linspace(0.1, 1.0, 10)
    for seed in range(100):
        rng = np.random.default_rng(seed)
        steps = [Step("dropout_exact", (y, 0.5, None))] * 400
        values = [r.dropout_exact(y, 0.5, rng) for _ in steps]
        assert r.verify_exact(Case(steps=steps), values) is None


def test_bounds_are_tight_enough_to_catch_mistakes():
    rng = np.random.default_rng(0)
    assert r.verify_mask_rate(Case((BIG, 0.3, None)), [r.dropout_mask(BIG, 0.33, rng)]) is not None
    assert r.verify_mask_independence(Case((BIG, 0.5, None)), [r.dropout_mask__shared_draws(BIG, 0.5, rng)])[1] \
        == "dropout_mask.shared_draws"


ALTERNATIVE = fixture("alternatives", "ex09_dropout.py")


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex09", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
