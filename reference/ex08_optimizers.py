"""ex08 optimizer update rules (seeds 000 §4.2.4, 002 §03, 003).

Conventions (the contract): momentum v = mu v - lr g, w = w + v (seed 000's sign); Nesterov
w = w + mu v_new - lr g; AdaGrad and RMSProp with eps outside the root; Adam bias-corrected
(the seeds omit it: errata). Each returns new arrays, never updating in place.
"""
from dlgrade.xp import array_module


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


def adagrad_update__eps_inside(w, g, h, lr, eps=1e-8):
    h = h + g * g
    return w - lr * g / array_module(h).sqrt(h + eps), h


def adagrad_update__no_sqrt(w, g, h, lr, eps=1e-8):
    h = h + g * g
    return w - lr * g / (h + eps), h


def rmsprop_update__rho_swapped(w, g, s, lr, rho=0.9, eps=1e-8):
    s = (1 - rho) * s + rho * g * g
    return w - lr * g / (array_module(s).sqrt(s) + eps), s


def rmsprop_update__eps_inside(w, g, s, lr, rho=0.9, eps=1e-8):
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


def adam_update__eps_inside(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
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
