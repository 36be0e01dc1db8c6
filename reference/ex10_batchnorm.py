"""ex10 batch normalization and residual connections (notes 000 §1.3.4-1.3.5, 002)."""
from dlgrade.pipeline.xp import array_module


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    xp = array_module(x)
    mu = x.mean(axis=0)
    var = x.var(axis=0)  # biased: the batch's own variance
    xhat = (x - mu) / xp.sqrt(var + eps)
    return gamma * xhat + beta, (xhat, var, gamma, eps)


def batchnorm_backward(dout, cache):
    xp = array_module(dout)
    xhat, var, gamma, eps = cache
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * gamma
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / xp.sqrt(var + eps)
    return dx, dgamma, dbeta


def batchnorm_backward_from_inputs(dout, x, gamma, beta, eps=1e-5):
    """The oracle of the backward check: the student's cache is opaque, so start from the inputs."""
    return batchnorm_backward(dout, batchnorm_forward(x, gamma, beta, eps)[1])


def batchnorm_running_update(running_mean, running_var, x, momentum=0.9):
    """momentum * running + (1 - momentum) * the batch's statistic (mean; variance divided by N)."""
    mu, var = x.mean(axis=0), x.var(axis=0)
    return momentum * running_mean + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * var


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    """Normalize with the running statistics: each sample's output does not depend on the others."""
    xp = array_module(x)
    return gamma * (x - running_mean) / xp.sqrt(running_var + eps) + beta


def relu(z):
    return array_module(z).maximum(z, 0)


def residual_forward(x, W1, b1, W2, b2):
    return x + relu(x @ W1 + b1) @ W2 + b2


def residual_backward(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    a1 = relu(z1)
    dW2, db2 = a1.T @ dout, dout.sum(axis=0)
    dz1 = (dout @ W2.T) * (z1 > 0)
    dW1, db1 = x.T @ dz1, dz1.sum(axis=0)
    dx = dout + dz1 @ W1.T  # the identity path carries dout straight through
    return dx, dW1, db1, dW2, db2


# --- known mistakes, written as wrong functions ----------------------------------------------

def batchnorm_forward__unbiased_variance(x, gamma, beta, eps=1e-5):
    xp = array_module(x)
    mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    xhat = (x - mu) / xp.sqrt(var + eps)
    return gamma * xhat + beta, (xhat, var, gamma, eps)


def batchnorm_forward__eps_outside_sqrt(x, gamma, beta, eps=1e-5):
    xp = array_module(x)
    mu, var = x.mean(axis=0), x.var(axis=0)
    xhat = (x - mu) / (xp.sqrt(var) + eps)
    return gamma * xhat + beta, (xhat, var, gamma, eps)


def batchnorm_forward__wrong_axis(x, gamma, beta, eps=1e-5):
    xp = array_module(x)
    mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    xhat = (x - mu) / xp.sqrt(var + eps)
    return gamma * xhat + beta, (xhat, var, gamma, eps)


def batchnorm_backward__missing_mean_terms(dout, cache):
    xp = array_module(dout)
    xhat, var, gamma, eps = cache
    return dout * gamma / xp.sqrt(var + eps), (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward__mean_not_sum(dout, cache):
    xp = array_module(dout)
    xhat, var, gamma, eps = cache
    dxhat = dout * gamma
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / xp.sqrt(var + eps)
    return dx, (dout * xhat).mean(axis=0), dout.mean(axis=0)


def batchnorm_running_update__pytorch_momentum(running_mean, running_var, x, momentum=0.9):
    mu, var = x.mean(axis=0), x.var(axis=0)
    return (1 - momentum) * running_mean + momentum * mu, (1 - momentum) * running_var + momentum * var


def batchnorm_running_update__unbiased_variance(running_mean, running_var, x, momentum=0.9):
    mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    return momentum * running_mean + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * var


def batchnorm_inference__batch_statistics(x, gamma, beta, running_mean, running_var, eps=1e-5):
    xp = array_module(x)
    return gamma * (x - x.mean(axis=0)) / xp.sqrt(x.var(axis=0) + eps) + beta


def batchnorm_inference__eps_outside_sqrt(x, gamma, beta, running_mean, running_var, eps=1e-5):
    xp = array_module(x)
    return gamma * (x - running_mean) / (xp.sqrt(running_var) + eps) + beta


def residual_forward__no_identity(x, W1, b1, W2, b2):
    return array_module(x).maximum(x @ W1 + b1, 0) @ W2 + b2


def residual_forward__relu_after_add(x, W1, b1, W2, b2):
    xp = array_module(x)
    return xp.maximum(x + xp.maximum(x @ W1 + b1, 0) @ W2 + b2, 0)


def residual_backward__no_identity_gradient(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    a1 = array_module(x).maximum(z1, 0)
    dz1 = (dout @ W2.T) * (z1 > 0)
    return dz1 @ W1.T, x.T @ dz1, dz1.sum(axis=0), a1.T @ dout, dout.sum(axis=0)


def residual_backward__no_relu_gradient(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    a1 = array_module(x).maximum(z1, 0)
    dz1 = dout @ W2.T
    return dout + dz1 @ W1.T, x.T @ dz1, dz1.sum(axis=0), a1.T @ dout, dout.sum(axis=0)


# --- oracles from the forward inputs (the student's cache stays opaque) ------------------------

def batchnorm_backward_numeric(dout, x, gamma, beta, eps=1e-5, h=1e-6):
    """Central differences of sum(dout * out) w.r.t. x, gamma, beta: a second, independent oracle."""
    import numpy as np

    def loss(x_, g_, b_):
        return float((dout * batchnorm_forward(x_, g_, b_, eps)[0]).sum())

    grads = []
    params = [np.array(a, dtype=np.float64) for a in (x, gamma, beta)]
    for k, p in enumerate(params):
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = loss(*params)
            p[i] = old - h
            g[i] = (up - loss(*params)) / (2 * h)
            p[i] = old
        grads.append(g)
    return tuple(grads)


def batchnorm_backward__missing_mean_terms_from_inputs(dout, x, gamma, beta, eps=1e-5):
    return batchnorm_backward__missing_mean_terms(dout, batchnorm_forward(x, gamma, beta, eps)[1])


def batchnorm_backward__mean_not_sum_from_inputs(dout, x, gamma, beta, eps=1e-5):
    return batchnorm_backward__mean_not_sum(dout, batchnorm_forward(x, gamma, beta, eps)[1])


def batchnorm_backward__no_gamma(dout, cache):
    xp = array_module(dout)
    xhat, var, gamma, eps = cache
    dxhat = dout  # gamma left out: out = gamma * xhat + beta
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / xp.sqrt(var + eps)
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward__no_gamma_from_inputs(dout, x, gamma, beta, eps=1e-5):
    return batchnorm_backward__no_gamma(dout, batchnorm_forward(x, gamma, beta, eps)[1])
