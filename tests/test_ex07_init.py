"""ex07: the seeds' experiment comes out of the reference; rng.normal with a scale is an
alternative correct formulation; the spread verifier never fails a correct init."""
import math

import numpy as np

from dlgrade.catalog.inputs import Case
from dlgrade.reference import ex07_init as r
from tests.helpers import grade_source, solution_text


def test_seeds_experiment():
    sig_std1 = r.activation_stats("std1", "sigmoid")
    sig_xavier = r.activation_stats("xavier", "sigmoid")
    relu_he = r.activation_stats("he", "relu")
    relu_naive = r.activation_stats("naive", "relu")
    assert sig_std1[-1, 1] > 0.4  # saturated at 0 and 1: huge spread around 0.5
    assert 0.1 < sig_xavier[-1, 1] < 0.3  # still spread after 10 layers, not saturated
    assert relu_he[-1, 1] > 0.3  # He keeps ReLU alive
    assert relu_naive[-1, 1] < 1e-10  # std 0.01 kills the signal


def test_rng_normal_with_scale_is_an_alternative(tmp_path):
    alt = solution_text("ex07_init")
    alt += ("\n\ndef xavier_init(n_in, n_out, rng):\n"
            "    return rng.normal(0.0, 1.0 / math.sqrt(n_in), size=(n_in, n_out))\n"
            "\n\ndef he_init(n_in, n_out, rng):\n    return rng.normal(0.0, math.sqrt(2.0 / n_in), (n_in, n_out))\n")
    report = grade_source("ex07", alt, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_spread_verifier_never_fails_a_correct_init_over_many_seeds():
    for seed in range(300):
        rng = np.random.default_rng(seed)
        W = r.he_init(400, 300, rng)
        assert r.verify_he_spread(Case((400, 300, None)), [W]) is None
        assert r.verify_xavier_spread(Case((400, 300, None)), [W / math.sqrt(2)]) is None


def test_spread_verifier_fails_variance_as_std():
    W = r.he_init__variance_as_std(400, 300, np.random.default_rng(0))
    assert r.verify_he_spread(Case((400, 300, None)), [W]) is not None
