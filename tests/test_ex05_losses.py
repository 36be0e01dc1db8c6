"""ex05: other correct formulations score full marks; the reference gradients equal numerical ones."""
import numpy as np

from dlgrade.reference import ex05_losses as r
from tests.helpers import grade_source

ALTERNATIVE = '''
import numpy as np
from dlgrade.pipeline.xp import array_module


def mse(y_pred, y_true):
    return np.mean(np.square(y_pred - y_true))


def mae(y_pred, y_true):
    d = y_pred - y_true
    return np.mean(np.where(d < 0, -d, d))


def rmse(y_pred, y_true):
    return mse(y_pred, y_true) ** 0.5


def binary_cross_entropy(p, y, eps=1e-7):
    p = np.minimum(np.maximum(p, eps), 1 - eps)
    return np.mean(-np.where(y == 1, np.log(p), np.log(1 - p)) * (y == y))


def categorical_cross_entropy(probs, onehot, eps=1e-7):
    return -np.einsum("nk,nk->", onehot, np.log(np.clip(probs, eps, 1))) / probs.shape[0]


def sparse_categorical_cross_entropy(probs, labels, eps=1e-7):
    picked = np.take_along_axis(probs, labels[:, None], axis=1)
    return -np.mean(np.log(np.clip(picked, eps, 1)))


def softmax_cross_entropy(logits, labels):
    m = logits.max(axis=1)
    lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))
    return np.mean(lse - logits[np.arange(len(labels)), labels])


def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    onehot = np.eye(logits.shape[1], dtype=logits.dtype)[labels]
    return (p - onehot) / len(labels)


def mse_grad(y_pred, y_true):
    return (y_pred - y_true) * (2 / y_pred.size)


def bce_grad(p, y):
    return (-y / p + (1 - y) / (1 - p)) / p.size
'''


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
