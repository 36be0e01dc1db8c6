"""ex11: alternative formulations pass; the reference XOR trainer converges for many seeds (so a
correct student is not failed by bad luck); the minibatch verifier rejects an identity order."""
import numpy as np

from dlgrade.reference import ex11_training as r
from tests.helpers import fixture, grade_source

ALTERNATIVE = fixture("alternatives", "ex11_training.py")


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex11", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_reference_xor_training_converges_for_many_seeds():
    for seed in range(50):
        assert r.verify_xor_training(None, [r.train_xor(np.random.default_rng(seed))]) is None


def test_seed_003_delta_rule_learns_its_data():
    X = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    D = np.array([0.0, 0.0, 1.0, 1.0])
    W = np.random.default_rng(0).uniform(-1, 1, 3)
    for _ in range(2000):
        W = r.delta_sgd_epoch(W, X, D, 0.9)
    assert np.array_equal(np.round(r.sigmoid(X @ W)), D)


def epoch_case(n, bs):
    from dlgrade.catalog.inputs import Case, Step

    X = np.column_stack([np.arange(n), np.random.default_rng(n).normal(size=(n, 2))])
    Y = np.random.default_rng(bs).normal(size=(n, 3))
    return Case(steps=[Step("minibatches", (X, Y, bs, None))] * 3), X, Y


def test_minibatch_verifier_never_fails_the_reference():
    master = np.random.default_rng(0)
    for n, bs in ((13, 16), (23, 5), (20, 4)):
        case, X, Y = epoch_case(n, bs)
        for _ in range(300):
            a, b = (int(s) for s in master.integers(2**31, size=2))
            values = [r.minibatches(X, Y, bs, np.random.default_rng(s)) for s in (a, a, b)]
            assert r.verify_minibatches(case, values) is None


def test_minibatch_verifier_names_a_fixed_order():
    case, X, Y = epoch_case(13, 4)
    fixed = [(X[i:i + 4], Y[i:i + 4]) for i in range(0, 13, 4)]
    assert r.verify_minibatches(case, [fixed] * 3)[1] == "minibatches.same_order"
