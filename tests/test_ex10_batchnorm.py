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


def test_reference_backward_equals_numerical_gradient():
    rng = np.random.default_rng(0)
    x, gamma, beta, dout = rng.normal(size=(6, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=(6, 3))
    for a, b in zip(r.batchnorm_backward_from_inputs(dout, x, gamma, beta), r.batchnorm_backward_numeric(dout, x, gamma, beta)):
        assert np.allclose(a, b, atol=1e-6)
