"""ex02 activation functions and their derivatives (notes 000 §3, 002, 004)."""

from dlgrade.pipeline.xp import array_module


def step(x):
    xp = array_module(x)
    return xp.where(x > 0, 1.0, xp.where(x < 0, 0.0, 0.5)).astype(x.dtype) if hasattr(x, "dtype") \
        else (1.0 if x > 0 else 0.0 if x < 0 else 0.5)


def sigmoid(x):
    xp = array_module(x)
    e = xp.exp(-xp.abs(x))  # never overflows: exp of a non-positive number
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


def tanh(x):
    return array_module(x).tanh(x)


def relu(x):
    return array_module(x).maximum(x, 0)


def leaky_relu(x, alpha=0.01):
    return array_module(x).where(x > 0, x, alpha * x)


def elu(x, alpha=1.0):
    xp = array_module(x)
    return xp.where(x > 0, x, alpha * xp.expm1(xp.minimum(x, 0)))


def prelu(x, a):
    return array_module(x).where(x > 0, x, a * x)


def ramp(x):
    return array_module(x).clip(x, 0, 1)


def swish(x):
    return x * sigmoid(x)


def softplus(x):
    xp = array_module(x)
    return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))


def softmax(x, axis=-1):
    xp = array_module(x)
    e = xp.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh_grad(x):
    return 1 - tanh(x) ** 2


# --- derivatives at kinks: any value between the left and right derivatives is right --------

def relu_grad_left(x):
    return array_module(x).where(x > 0, 1.0, 0.0)


def relu_grad_right(x):
    return array_module(x).where(x >= 0, 1.0, 0.0)


def leaky_relu_grad_left(x, alpha=0.01):
    return array_module(x).where(x > 0, 1.0, alpha)


def leaky_relu_grad_right(x, alpha=0.01):
    return array_module(x).where(x >= 0, 1.0, alpha)


def elu_grad_left(x, alpha=1.0):
    xp = array_module(x)
    return xp.where(x > 0, 1.0, alpha * xp.exp(xp.minimum(x, 0)))


def elu_grad_right(x, alpha=1.0):
    xp = array_module(x)
    return xp.where(x >= 0, 1.0, alpha * xp.exp(xp.minimum(x, 0)))


def step_left(x):
    return step(x)


# --- sympy expressions the derivative checks are derived from --------------------------------

def _sym():
    import sympy as sp

    return sp, sp.Symbol("x", real=True)


def sigmoid_grad_expr():
    """d/dx 1 / (1 + e^-x)"""
    sp, x = _sym()
    return sp.diff(1 / (1 + sp.exp(-x)), x), (x,)


def tanh_grad_expr():
    """d/dx tanh(x)"""
    sp, x = _sym()
    return sp.diff(sp.tanh(x), x), (x,)


def relu_grad_expr():
    """d/dx max(0, x), away from 0"""
    sp, x = _sym()
    return sp.diff(sp.Piecewise((0, x < 0), (x, True)), x), (x,)


def leaky_relu_grad_expr():
    """d/dx (x if x > 0 else alpha x), away from 0"""
    sp, x = _sym()
    alpha = sp.Symbol("alpha", positive=True)
    return sp.diff(sp.Piecewise((alpha * x, x < 0), (x, True)), x), (x, alpha)


def elu_grad_expr():
    """d/dx (x if x > 0 else alpha (e^x - 1)), away from 0"""
    sp, x = _sym()
    alpha = sp.Symbol("alpha", positive=True)
    return sp.diff(sp.Piecewise((alpha * (sp.exp(x) - 1), x < 0), (x, True)), x), (x, alpha)


def swish_grad_expr():
    """d/dx x / (1 + e^-x)"""
    sp, x = _sym()
    return sp.diff(x / (1 + sp.exp(-x)), x), (x,)


def softplus_grad_expr():
    """d/dx log(1 + e^x)"""
    sp, x = _sym()
    return sp.diff(sp.log(1 + sp.exp(x)), x), (x,)


# --- known mistakes, written as wrong functions ----------------------------------------------

def step__zero_at_zero(x):
    return array_module(x).where(x > 0, 1.0, 0.0)


def step__one_at_zero(x):
    return array_module(x).where(x >= 0, 1.0, 0.0)


def sigmoid__naive(x):
    xp = array_module(x)
    return 1 / (1 + xp.exp(-x))


def sigmoid__wrong_sign(x):
    xp = array_module(x)
    return 1 / (1 + xp.exp(x))


def tanh__coth(x):
    xp = array_module(x)
    return (xp.exp(2 * x) + 1) / (xp.exp(2 * x) - 1)


def relu__min(x):
    return array_module(x).minimum(x, 0)


def leaky_relu__alpha_on_positive(x, alpha=0.01):
    return array_module(x).where(x > 0, alpha * x, x)


def elu__no_minus_one(x, alpha=1.0):
    xp = array_module(x)
    return xp.where(x > 0, x, alpha * xp.exp(xp.minimum(x, 0)))


def ramp__no_upper_clip(x):
    return array_module(x).maximum(x, 0)


def swish__sigmoid_only(x):
    return sigmoid(x)


def softplus__overflow(x):
    xp = array_module(x)
    return xp.log(1 + xp.exp(x))


def softmax__no_max_subtraction(x, axis=-1):
    xp = array_module(x)
    e = xp.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def softmax__global_sum(x, axis=-1):
    xp = array_module(x)
    e = xp.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum()


def sigmoid_grad__no_one_minus(x):
    return sigmoid(x)


def sigmoid_grad__of_input(x):
    return x * (1 - x)


def tanh_grad__not_squared(x):
    return 1 - tanh(x)


def relu_grad__returns_relu(x):
    return relu(x)


def leaky_relu_grad__zero_left(x, alpha=0.01):
    return array_module(x).where(x > 0, 1.0, 0.0)


def elu_grad__alpha_only(x, alpha=1.0):
    return array_module(x).where(x > 0, 1.0, alpha)


def swish_grad__product_rule(x):
    return sigmoid(x)


def softplus_grad__exp(x):
    return array_module(x).exp(x)


def softplus_grad__overflow(x):
    xp = array_module(x)
    return xp.exp(x) / (1 + xp.exp(x))


# --- derivatives in stable closed form (the oracles of the stability checks) ----------------

def relu_grad(x):
    return relu_grad_left(x)


def leaky_relu_grad(x, alpha=0.01):
    return leaky_relu_grad_left(x, alpha)


def elu_grad(x, alpha=1.0):
    return elu_grad_left(x, alpha)


def swish_grad(x):
    s = sigmoid(x)
    return s + x * s * (1 - s)


def softplus_grad(x):
    return sigmoid(x)


def softmax__global_max(x, axis=-1):
    xp = array_module(x)
    e = xp.exp(x - x.max())  # one max for the whole array: rows far below it underflow to 0 / 0
    return e / e.sum(axis=axis, keepdims=True)
# --- fused GPU baselines (timing on the GPU, `Function(baseline=...)`): one CUDA kernel each ----

from dlgrade.pipeline.gpu_baselines import Kernel  # noqa: E402

_SIGMOID = "T e = exp(-fabs(x)); T s = (x >= T(0) ? T(1) : e) / (T(1) + e);"  # never overflows
_SIGMOID_K = Kernel("T x", "T y", _SIGMOID + " y = s;", "dlgrade_sigmoid")
_TANH_K = Kernel("T x", "T y", "y = tanh(x);", "dlgrade_tanh")
_RELU_K = Kernel("T x", "T y", "y = x > T(0) ? x : T(0);", "dlgrade_relu")
_LEAKY_RELU_K = Kernel("T x, T alpha", "T y", "y = x > T(0) ? x : alpha * x;", "dlgrade_leaky_relu")
_ELU_K = Kernel("T x, T alpha", "T y", "y = x > T(0) ? x : alpha * expm1(x);", "dlgrade_elu")
_SWISH_K = Kernel("T x", "T y", _SIGMOID + " y = x * s;", "dlgrade_swish")
_SOFTPLUS_K = Kernel("T x", "T y", "y = (x > T(0) ? x : T(0)) + log1p(exp(-fabs(x)));", "dlgrade_softplus")
_SIGMOID_GRAD_K = Kernel("T x", "T y", _SIGMOID + " y = s * (T(1) - s);", "dlgrade_sigmoid_grad")
_TANH_GRAD_K = Kernel("T x", "T y", "T t = tanh(x); y = T(1) - t * t;", "dlgrade_tanh_grad")


def sigmoid_fused(x):
    return _SIGMOID_K(x)


def tanh_fused(x):
    return _TANH_K(x)


def relu_fused(x):
    return _RELU_K(x)


def leaky_relu_fused(x, alpha=0.01):
    return _LEAKY_RELU_K(x, alpha)


def elu_fused(x, alpha=1.0):
    return _ELU_K(x, alpha)


def swish_fused(x):
    return _SWISH_K(x)


def softplus_fused(x):
    return _SOFTPLUS_K(x)


def sigmoid_grad_fused(x):
    return _SIGMOID_GRAD_K(x)


def tanh_grad_fused(x):
    return _TANH_GRAD_K(x)


# --- the figures of `dlgrade plot` (`Exercise(plot="plot")`): the student's own functions beside these ----

import os  # noqa: E402
import numpy as np  # noqa: E402

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "softplus", "step")
DERIVATIVES = ("sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad", "elu_grad", "swish_grad",
               "softplus_grad", None)


def plot(student, out, labels):
    x = np.linspace(-5, 5, 401)
    from dlgrade.study.plots import figure, save

    plt, fig, axes = figure(2, 4, (16, 7))
    for k, (fn, dfn) in enumerate(zip(ACTIVATIONS, DERIVATIVES)):
        ax = axes[k // 4][k % 4]
        for name, style, colour in ((fn, "-", "C0"), (dfn, "--", "C1")):
            if name is None:
                continue
            ax.plot(x, globals()[name](x), color="0.75", lw=4, ls=style, label=f"{labels['reference']} {name}")
            mine = student(name, x)
            if mine is not None and np.shape(mine) == x.shape:
                ax.plot(x, mine, color=colour, lw=1.5, ls=style, label=f"{labels['yours']} {name}")
            else:
                ax.text(0.5, 0.05 if style == "-" else 0.15, f"{name}: {student.note(name)}", transform=ax.transAxes,
                        ha="center", color="C3", fontsize=8)
        ax.set_title(fn)
        ax.axhline(0, color="0.9", lw=0.5)
        ax.legend(fontsize=6)
    return [save(plt, fig, os.path.join(out, "ex02_activations.png"))]
