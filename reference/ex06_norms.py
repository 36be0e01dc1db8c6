"""ex06 norms and regularization (notes 000 §4.2.3.2, 002 §04)."""
import numpy as np

from dlgrade.pipeline.xp import array_module

EXAMPLE_X = np.array([[9, 9, 1], [5, 9, 5], [8, 4, 3], [3, 8, 5], [5, 3, 4]])  # 000 §4.2.3.2
EXAMPLE_L1_AXIS1 = np.array([19.0, 19.0, 15.0, 16.0, 12.0])
EXAMPLE_L2_AXIS1 = np.array([12.76714533, 11.44552314, 9.43398113, 9.89949494, 7.07106781])


def l1_norm(x, axis=None):
    return array_module(x).abs(x).sum(axis=axis)


def l2_norm(x, axis=None):
    return array_module(x).sqrt((x * x).sum(axis=axis))


def lp_norm(x, p, axis=None):
    return (array_module(x).abs(x) ** p).sum(axis=axis) ** (1.0 / p)


def l2_penalty(weights, lam):
    return lam / 2 * sum((w * w).sum() for w in weights)


def l2_penalty_grad(w, lam):
    return lam * w


def l1_penalty(weights, lam):
    return lam * sum(array_module(w).abs(w).sum() for w in weights)


def l1_penalty_grad(w, lam):
    return lam * array_module(w).sign(w)


def l1_penalty_grad_left(w, lam):
    """The smallest subgradient of lam*|w|: -lam at w = 0 (the kink rule)."""
    xp = array_module(w)
    return lam * xp.where(w == 0, -1.0, xp.sign(w))


def l1_penalty_grad_right(w, lam):
    """The largest subgradient of lam*|w|: +lam at w = 0."""
    xp = array_module(w)
    return lam * xp.where(w == 0, 1.0, xp.sign(w))


def clip_by_norm(g, max_norm):
    norm = l2_norm(g)
    return g * min(1.0, float(max_norm / norm)) if norm > 0 else g * 1


# --- known mistakes, written as wrong functions ----------------------------------------------

def l1_norm__no_abs(x, axis=None):
    return x.sum(axis=axis)


def l1_norm__wrong_axis(x, axis=None):
    xp = array_module(x)
    return xp.abs(x).sum(axis=None if axis is None else (0 if axis in (1, -1) and x.ndim == 2 else axis))


def l2_norm__no_sqrt(x, axis=None):
    return (x * x).sum(axis=axis)


def l2_norm__matrix_2_norm(x, axis=None):
    if axis is None and x.ndim == 2:
        return np.linalg.norm(x, 2)  # the largest singular value, not the vector norm
    return array_module(x).sqrt((x * x).sum(axis=axis))


def l2_norm__wrong_axis(x, axis=None):
    xp = array_module(x)
    return xp.sqrt((x * x).sum(axis=None if axis is None else (0 if axis in (1, -1) and x.ndim == 2 else axis)))


def lp_norm__no_root(x, p, axis=None):
    return (array_module(x).abs(x) ** p).sum(axis=axis)


def lp_norm__no_abs(x, p, axis=None):
    return (x ** p).sum(axis=axis) ** (1.0 / p)


def l2_penalty__no_half(weights, lam):
    return lam * sum((w * w).sum() for w in weights)


def l2_penalty__first_array_only(weights, lam):
    return lam / 2 * (weights[0] * weights[0]).sum()


def l2_penalty_grad__two(w, lam):
    return 2 * lam * w


def l1_penalty__no_abs(weights, lam):
    return lam * sum(w.sum() for w in weights)


def l1_penalty_grad__no_sign(w, lam):
    return lam * (w * 0 + 1)


def l1_penalty_grad__one_at_zero(w, lam):
    return lam * array_module(w).where(w >= 0, 1.0, -1.0)


def clip_by_norm__always_rescale(g, max_norm):
    return g * (max_norm / l2_norm(g))


def clip_by_norm__elementwise(g, max_norm):
    return array_module(g).clip(g, -max_norm, max_norm)
