"""ex10: the reference backward equals numerical gradients; a cache of another shape and a
per-element formulation still score full marks (the cache is the student's own)."""
import numpy as np

from dlgrade.reference import ex10_batchnorm as r
from tests.helpers import fixture, grade_source

ALTERNATIVE = fixture("alternatives", "ex10_batchnorm.py")


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex10", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_inference_of_one_sample_equals_its_row_in_a_batch():
    rng = np.random.default_rng(1)
    x, gamma, beta = rng.normal(size=(5, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3)
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2, 3)
    batch = r.batchnorm_inference(x, gamma, beta, rm, rv)
    for i in range(5):
        assert np.allclose(r.batchnorm_inference(x[i:i + 1], gamma, beta, rm, rv), batch[i:i + 1])
    wrong = r.batchnorm_inference__batch_statistics(x[:1], gamma, beta, rm, rv)
    assert np.allclose(wrong, beta) and not np.allclose(wrong, batch[:1])  # the bug the check names


def test_running_update_converges_to_the_data_statistics_and_differs_from_pytorch_convention():
    rng = np.random.default_rng(2)
    data = rng.normal(3.0, 2.0, size=(20000, 2))
    rm, rv = np.zeros(2), np.ones(2)
    for batch in data.reshape(200, 100, 2):
        rm, rv = r.batchnorm_running_update(rm, rv, batch)
    assert np.allclose(rm, 3.0, atol=0.3) and np.allclose(rv, 4.0 * 99 / 100, atol=0.6)
    x = data[:4]
    a = r.batchnorm_running_update(np.zeros(2), np.ones(2), x, momentum=0.9)
    b = r.batchnorm_running_update__pytorch_momentum(np.zeros(2), np.ones(2), x, momentum=0.1)
    assert all(np.allclose(u, v) for u, v in zip(a, b))  # PyTorch's 0.1 is this course's 0.9


def test_reference_backward_equals_numerical_gradient():
    rng = np.random.default_rng(0)
    x, gamma, beta, dout = rng.normal(size=(6, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=(6, 3))
    for a, b in zip(r.batchnorm_backward_from_inputs(dout, x, gamma, beta),
                    r.batchnorm_backward_numeric(dout, x, gamma, beta)):
        assert np.allclose(a, b, atol=1e-6)
