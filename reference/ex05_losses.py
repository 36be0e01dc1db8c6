"""ex05 loss functions (notes 000 §4.2.3, 002, 003)."""
import numpy as np

from dlgrade.pipeline.xp import array_module


def mse(y_pred, y_true):
    return ((y_pred - y_true) ** 2).mean()


def mae(y_pred, y_true):
    return array_module(y_pred).abs(y_pred - y_true).mean()


def rmse(y_pred, y_true):
    return array_module(y_pred).sqrt(mse(y_pred, y_true))


def binary_cross_entropy(p, y, eps=1e-7):
    xp = array_module(p)
    p = xp.clip(p, eps, 1 - eps)
    return -(y * xp.log(p) + (1 - y) * xp.log(1 - p)).mean()


def categorical_cross_entropy(probs, onehot, eps=1e-7):
    xp = array_module(probs)
    return -(onehot * xp.log(xp.clip(probs, eps, 1))).sum(axis=-1).mean()


def sparse_categorical_cross_entropy(probs, labels, eps=1e-7):
    xp = array_module(probs)
    picked = probs[xp.arange(probs.shape[0]), labels]
    return -xp.log(xp.clip(picked, eps, 1)).mean()


def log_softmax(logits):
    xp = array_module(logits)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - xp.log(xp.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_cross_entropy(logits, labels):
    xp = array_module(logits)
    return -log_softmax(logits)[xp.arange(logits.shape[0]), labels].mean()


def softmax_cross_entropy_grad(logits, labels):
    xp = array_module(logits)
    grad = xp.exp(log_softmax(logits))
    grad[xp.arange(logits.shape[0]), labels] -= 1
    return grad / logits.shape[0]


def mse_grad(y_pred, y_true):
    return 2 * (y_pred - y_true) / y_pred.size


def bce_grad(p, y):
    return (p - y) / (p * (1 - p)) / p.size


# --- numerical gradients of the reference losses: the second oracle of the gradient checks --

def numeric_gradient(loss, x, *rest, h=1e-6):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = loss(x, *rest)
        x[i] = old - h
        down = loss(x, *rest)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def mse_grad_numeric(y_pred, y_true):
    return numeric_gradient(mse, y_pred, y_true)


def bce_unclipped(p, y):
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()


def bce_grad_numeric(p, y):
    return numeric_gradient(bce_unclipped, p, y)


def softmax_cross_entropy_grad_numeric(logits, labels):
    return numeric_gradient(softmax_cross_entropy, logits, labels)


# --- known mistakes, written as wrong functions ----------------------------------------------

def mse__sum(y_pred, y_true):
    return ((y_pred - y_true) ** 2).sum()


def mse__not_squared(y_pred, y_true):
    return (y_pred - y_true).mean()


def mae__squared(y_pred, y_true):
    return ((y_pred - y_true) ** 2).mean()


def mae__sum(y_pred, y_true):
    return array_module(y_pred).abs(y_pred - y_true).sum()


def rmse__no_sqrt(y_pred, y_true):
    return ((y_pred - y_true) ** 2).mean()


def rmse__sqrt_inside(y_pred, y_true):
    xp = array_module(y_pred)
    return xp.sqrt((y_pred - y_true) ** 2).mean()


def binary_cross_entropy__unclipped(p, y, eps=1e-7):
    xp = array_module(p)
    return -(y * xp.log(p) + (1 - y) * xp.log(1 - p)).mean()


def binary_cross_entropy__sum(p, y, eps=1e-7):
    xp = array_module(p)
    p = xp.clip(p, eps, 1 - eps)
    return -(y * xp.log(p) + (1 - y) * xp.log(1 - p)).sum()


def binary_cross_entropy__missing_negative_term(p, y, eps=1e-7):
    xp = array_module(p)
    return -(y * xp.log(xp.clip(p, eps, 1 - eps))).mean()


def categorical_cross_entropy__mean_over_classes(probs, onehot, eps=1e-7):
    xp = array_module(probs)
    return -(onehot * xp.log(xp.clip(probs, eps, 1))).mean()


def categorical_cross_entropy__unclipped(probs, onehot, eps=1e-7):
    xp = array_module(probs)
    return -(onehot * xp.log(probs)).sum(axis=-1).mean()


def sparse_categorical_cross_entropy__column_pick(probs, labels, eps=1e-7):
    xp = array_module(probs)
    return -xp.log(xp.clip(probs[:, labels], eps, 1)).mean()


def sparse_categorical_cross_entropy__unclipped(probs, labels, eps=1e-7):
    xp = array_module(probs)
    return -xp.log(probs[xp.arange(probs.shape[0]), labels]).mean()


def softmax_cross_entropy__overflow(logits, labels):
    xp = array_module(logits)
    e = xp.exp(logits)
    p = e / e.sum(axis=-1, keepdims=True)
    return -xp.log(p[xp.arange(logits.shape[0]), labels]).mean()


def softmax_cross_entropy__sum(logits, labels):
    xp = array_module(logits)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    logp = shifted - xp.log(xp.exp(shifted).sum(axis=-1, keepdims=True))
    return -logp[xp.arange(logits.shape[0]), labels].sum()


def softmax_cross_entropy_grad__no_mean(logits, labels):
    xp = array_module(logits)
    e = xp.exp(logits - logits.max(axis=-1, keepdims=True))
    grad = e / e.sum(axis=-1, keepdims=True)
    grad[xp.arange(logits.shape[0]), labels] -= 1
    return grad


def softmax_cross_entropy_grad__sign(logits, labels):
    xp = array_module(logits)
    e = xp.exp(logits - logits.max(axis=-1, keepdims=True))
    grad = -e / e.sum(axis=-1, keepdims=True)
    grad[xp.arange(logits.shape[0]), labels] += 1
    return grad / logits.shape[0]


def mse_grad__no_two(y_pred, y_true):
    return (y_pred - y_true) / y_pred.size


def mse_grad__no_mean(y_pred, y_true):
    return 2 * (y_pred - y_true)


def bce_grad__no_mean(p, y):
    return (p - y) / (p * (1 - p))


def bce_grad__sign(p, y):
    return (y - p) / (p * (1 - p)) / p.size
