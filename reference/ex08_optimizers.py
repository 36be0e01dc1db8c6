"""ex08 optimizer update rules (notes 000 §4.2.4, 002 §03, 003).

Conventions (the contract): momentum v = mu v - lr g, w = w + v (notes 000's sign); Nesterov
w = w + mu v_new - lr g; AdaGrad and RMSProp with eps outside the root; Adam bias-corrected
(the notes omit it: errata). Each returns new arrays, never updating in place.
"""
from dlgrade.pipeline.xp import array_module


def sgd_update(w, g, lr):
    return w - lr * g


def momentum_update(w, g, v, lr, momentum=0.9):
    v = momentum * v - lr * g
    return w + v, v


def nesterov_update(w, g, v, lr, momentum=0.9):
    v = momentum * v - lr * g
    return w + momentum * v - lr * g, v


def adagrad_update(w, g, h, lr, eps=1e-8):
    h = h + g * g
    return w - lr * g / (array_module(h).sqrt(h) + eps), h


def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * g * g
    return w - lr * g / (array_module(s).sqrt(s) + eps), s


def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (array_module(v_hat).sqrt(v_hat) + eps), m, v


UPDATES = {"sgd_update": sgd_update, "momentum_update": momentum_update, "nesterov_update": nesterov_update,
           "adagrad_update": adagrad_update, "rmsprop_update": rmsprop_update, "adam_update": adam_update}


def trajectory(name, w, state, grads, **kwargs):
    """The oracle of the multi-step checks: `name` applied once per gradient, threading the state.
    Returns what the last call returns."""
    update = UPDATES[name]
    out = (w, *state)
    for t, g in enumerate(grads, start=1):
        w, state = out[0], list(out[1:])
        if name == "adam_update":
            out = update(w, g, *state, t, **kwargs)
        else:
            out = update(w, g, *state, **kwargs)
        out = out if isinstance(out, tuple) else (out,)
    return out if len(out) > 1 else out[0]


# --- known mistakes, written as wrong functions ----------------------------------------------

def sgd_update__ascent(w, g, lr):
    return w + lr * g


def momentum_update__plus_lr_g(w, g, v, lr, momentum=0.9):
    v = momentum * v + lr * g
    return w + v, v


def momentum_update__old_velocity(w, g, v, lr, momentum=0.9):
    return w + v, momentum * v - lr * g


def nesterov_update__plain_momentum(w, g, v, lr, momentum=0.9):
    v = momentum * v - lr * g
    return w + v, v


def adagrad_update__eps_inside_sqrt(w, g, h, lr, eps=1e-8):
    h = h + g * g
    return w - lr * g / array_module(h).sqrt(h + eps), h


def adagrad_update__no_sqrt(w, g, h, lr, eps=1e-8):
    h = h + g * g
    return w - lr * g / (h + eps), h


def rmsprop_update__rho_swapped(w, g, s, lr, rho=0.9, eps=1e-8):
    s = (1 - rho) * s + rho * g * g
    return w - lr * g / (array_module(s).sqrt(s) + eps), s


def rmsprop_update__eps_inside_sqrt(w, g, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * g * g
    return w - lr * g / array_module(s).sqrt(s + eps), s


def adam_update__no_bias_correction(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    return w - lr * m / (array_module(v).sqrt(v) + eps), m, v


def adam_update__t_from_zero(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** (t - 1))
    v_hat = v / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (array_module(v_hat).sqrt(v_hat) + eps), m, v


def adam_update__beta_swapped(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = (1 - beta1) * m + beta1 * g
    v = (1 - beta2) * v + beta2 * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (array_module(v_hat).sqrt(v_hat) + eps), m, v


def adam_update__eps_inside_sqrt(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / array_module(v_hat).sqrt(v_hat + eps), m, v


def adagrad_update__g_not_squared(w, g, h, lr, eps=1e-8):
    xp = array_module(w)
    h = h + g  # accumulates g, not g^2
    return w - lr * g / (xp.sqrt(xp.abs(h)) + eps), h


def rmsprop_update__no_sqrt(w, g, s, lr, rho=0.9, eps=1e-8):
    s = rho * s + (1 - rho) * g * g
    return w - lr * g / (s + eps), s


def adam_update__no_sqrt(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    return w - lr * (m / (1 - beta1 ** t)) / (v / (1 - beta2 ** t) + eps), m, v


def adam_update__returns_hats(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    xp = array_module(w)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (xp.sqrt(v_hat) + eps), m_hat, v_hat  # the corrected moments kept as state


def adam_update__correction_without_t(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    xp = array_module(w)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    return w - lr * (m / (1 - beta1)) / (xp.sqrt(v / (1 - beta2)) + eps), m, v  # 1 - beta, not 1 - beta^t


def momentum_update__ema(w, g, v, lr, momentum=0.9):
    v = momentum * v + (1 - momentum) * g  # an average of gradients (another convention)
    return w - lr * v, v
# --- fused GPU baselines (timing on the GPU, `Function(baseline=...)`): one CUDA kernel each ----

from dlgrade.pipeline.gpu_baselines import Kernel  # noqa: E402

_SGD_K = Kernel("T w, T g, T lr", "T w_new", "w_new = w - lr * g;", "dlgrade_sgd_update")
_MOMENTUM_K = Kernel("T w, T g, T v, T lr, T mu", "T w_new, T v_new",
                     "T vn = mu * v - lr * g; v_new = vn; w_new = w + vn;", "dlgrade_momentum_update")
_NESTEROV_K = Kernel("T w, T g, T v, T lr, T mu", "T w_new, T v_new",
                     "T vn = mu * v - lr * g; v_new = vn; w_new = w + mu * vn - lr * g;", "dlgrade_nesterov_update")
_ADAGRAD_K = Kernel("T w, T g, T h, T lr, T eps", "T w_new, T h_new",
                    "T hn = h + g * g; h_new = hn; w_new = w - lr * g / (sqrt(hn) + eps);", "dlgrade_adagrad_update")
_RMSPROP_K = Kernel("T w, T g, T s, T lr, T rho, T eps", "T w_new, T s_new",
                    "T sn = rho * s + (T(1) - rho) * g * g; s_new = sn; w_new = w - lr * g / (sqrt(sn) + eps);",
                    "dlgrade_rmsprop_update")
# c1 = 1 / (1 - beta1^t) and c2 = 1 / (1 - beta2^t): the bias corrections, computed once on the host
_ADAM_K = Kernel("T w, T g, T m, T v, T lr, T b1, T b2, T c1, T c2, T eps", "T w_new, T m_new, T v_new",
                 "T mn = b1 * m + (T(1) - b1) * g; T vn = b2 * v + (T(1) - b2) * g * g; m_new = mn; v_new = vn;"
                 " w_new = w - lr * (mn * c1) / (sqrt(vn * c2) + eps);", "dlgrade_adam_update")


def sgd_update_fused(w, g, lr):
    return _SGD_K((w, g), lr)


def momentum_update_fused(w, g, v, lr, momentum=0.9):
    return _MOMENTUM_K((w, g, v), lr, momentum)


def nesterov_update_fused(w, g, v, lr, momentum=0.9):
    return _NESTEROV_K((w, g, v), lr, momentum)


def adagrad_update_fused(w, g, h, lr, eps=1e-8):
    return _ADAGRAD_K((w, g, h), lr, eps)


def rmsprop_update_fused(w, g, s, lr, rho=0.9, eps=1e-8):
    return _RMSPROP_K((w, g, s), lr, rho, eps)


def adam_update_fused(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _ADAM_K((w, g, m, v), lr, beta1, beta2, 1 / (1 - beta1 ** t), 1 / (1 - beta2 ** t), eps)


# --- the figures of `dlgrade plot` (`Exercise(plot="plot")`): the student's own functions beside these ----

import os  # noqa: E402
import numpy as np  # noqa: E402

OPTIMIZERS = (  # name, state arrays, keyword arguments (the notes' figure settings)
    ("sgd_update", 0, {"lr": 0.95}), ("momentum_update", 1, {"lr": 0.1}), ("nesterov_update", 1, {"lr": 0.1}),
    ("adagrad_update", 1, {"lr": 1.5}), ("rmsprop_update", 1, {"lr": 0.1}), ("adam_update", 2, {"lr": 0.3}),
)


def path_of(update, n_state, kwargs, steps=30):
    w = np.array([-7.0, 2.0])
    state = [np.zeros(2) for _ in range(n_state)]
    points = [w]
    for t in range(1, steps + 1):
        g = np.array([w[0] / 10, 2 * w[1]])  # gradient of x^2/20 + y^2
        args = (w, g, *state) + ((t,) if n_state == 2 else ())
        out = update(*args, **kwargs)
        if out is None:
            return None
        out = out if isinstance(out, tuple) else (out,)
        w, state = np.asarray(out[0], dtype=float), [np.asarray(s, dtype=float) for s in out[1:]]
        if w.shape != (2,) or not np.isfinite(w).all():
            return None
        points.append(w)
    return np.array(points)


def plot(student, out, labels):
    xs, ys = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-5, 5, 100))
    from dlgrade.study.plots import figure, save

    plt, fig, axes = figure(2, 3, (15, 8))
    for k, (name, n_state, kwargs) in enumerate(OPTIMIZERS):
        ax = axes[k // 3][k % 3]
        ax.contour(xs, ys, xs ** 2 / 20 + ys ** 2, levels=20, colors="0.8", linewidths=0.6)
        theirs = path_of(globals()[name], n_state, kwargs)
        ax.plot(theirs[:, 0], theirs[:, 1], "o-", color="0.6", ms=3, lw=1, label=labels["reference"])
        mine = path_of(lambda *a, **kw: student(name, *a, **kw), n_state, kwargs)
        if mine is not None:
            ax.plot(mine[:, 0], mine[:, 1], "o-", color="C3", ms=2, lw=1, label=labels["yours"])
        else:
            ax.text(0.5, 0.05, student.note(name), transform=ax.transAxes, ha="center", color="C3")
        ax.plot(0, 0, "+", color="k")
        ax.set_title(name.replace("_update", ""))
        ax.set_xlim(-10, 10)
        ax.set_ylim(-5, 5)
    axes[0][0].legend(fontsize=8)
    return [save(plt, fig, os.path.join(out, "ex08_optimizers.png"))]
