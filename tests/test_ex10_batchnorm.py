"""ex10: the reference backward equals numerical gradients; a cache of another shape and a
per-element formulation still score full marks (the cache is the student's own)."""
import numpy as np

from dlgrade.reference import ex10_batchnorm as r
from tests.helpers import grade_source

ALTERNATIVE = '''
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    n = x.shape[0]
    mu = x.sum(axis=0) / n
    xc = x - mu
    var = (xc ** 2).sum(axis=0) / n
    inv = 1 / np.sqrt(var + eps)
    return gamma * (xc * inv) + beta, {"xc": xc, "inv": inv, "gamma": gamma}


def batchnorm_backward(dout, cache):
    xc, inv, gamma = cache["xc"], cache["inv"], cache["gamma"]
    n = dout.shape[0]
    xhat = xc * inv
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    # the classic staged form: through xhat, var and mu
    dxhat = dout * gamma
    dvar = (dxhat * xc * -0.5 * inv ** 3).sum(axis=0)
    dmu = (-dxhat * inv).sum(axis=0) + dvar * (-2 * xc).sum(axis=0) / n
    return dxhat * inv + dvar * 2 * xc / n + dmu / n, dgamma, dbeta


def batchnorm_running_update(running_mean, running_var, x, momentum=0.9):
    n = x.shape[0]
    mean = x.sum(axis=0) / n
    var = ((x - mean) ** 2).sum(axis=0) / n
    return running_mean + (1 - momentum) * (mean - running_mean), running_var + (1 - momentum) * (var - running_var)


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    scale = gamma / np.sqrt(running_var + eps)  # folded into one affine map, as deployed models do
    return x * scale + (beta - running_mean * scale)


def residual_forward(x, W1, b1, W2, b2):
    h = x @ W1 + b1
    return (h * (h > 0)) @ W2 + b2 + x


def residual_backward(dout, x, W1, b1, W2, b2):
    h = x @ W1 + b1
    mask = (h > 0).astype(x.dtype)
    dh = (dout @ W2.T) * mask
    return dout + dh @ W1.T, x.T @ dh, dh.sum(axis=0), (h * mask).T @ dout, dout.sum(axis=0)
'''


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
    for a, b in zip(r.batchnorm_backward_from_inputs(dout, x, gamma, beta), r.batchnorm_backward_numeric(dout, x, gamma, beta)):
        assert np.allclose(a, b, atol=1e-6)
