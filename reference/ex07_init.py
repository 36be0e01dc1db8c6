"""ex07 weight initialization (notes 000 §1.3.2, 002 "Parameter initialization")."""
import math

import numpy as np

from dlgrade.text import T
from dlgrade.pipeline.xp import array_module


def naive_init(n_in, n_out, rng, std=0.01):
    return rng.standard_normal((n_in, n_out)) * std


def xavier_init(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) / math.sqrt(n_in)


def he_init(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) / math.sqrt(n_in / 2)


INITS = {"std1": lambda n_in, n_out, rng: rng.standard_normal((n_in, n_out)),
         "naive": naive_init, "xavier": xavier_init, "he": he_init}


def _act(name, a):
    xp = array_module(a)
    if name == "sigmoid":
        return 1 / (1 + xp.exp(-a))
    if name == "tanh":
        return xp.tanh(a)
    return xp.maximum(a, 0)


def activation_stats(init, activation, n_layers=10, width=100, n_samples=1000, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    A = rng.standard_normal((n_samples, width))
    stats = []
    for _ in range(n_layers):
        A = _act(activation, A @ INITS[init](width, width, rng))
        stats.append(array_module(A).stack((A.mean(), A.std())))
    return array_module(A).stack(stats)


# --- the spread of a large draw: a statistical check with a stated false-failure rate ---------
# For N = n_in * n_out >= 10^5 standard-normal draws scaled by s, the sample std is within 5% of s
# (the sample variance has relative sd sqrt(2/N) <= 0.0045, so 5% is over 10 sd away: P < 1e-20),
# and |mean| < 7 s / sqrt(N) (P(|Z| > 7) ~ 2.6e-12). A correct init fails with P < 1e-11.

def spread_verifier(target_std):
    def verify(case, values):
        W = values[-1]
        n_in, n_out = case.args[0], case.args[1]
        if not isinstance(W, np.ndarray) or W.shape != (n_in, n_out):
            return T(f"expected an array of shape ({n_in}, {n_out})",
                     f"shape ({n_in}, {n_out})인 배열이어야 합니다"), None
        want = target_std(n_in, n_out, case)
        got_std, got_mean = float(W.std()), float(W.mean())
        if not 0.95 * want < got_std < 1.05 * want:
            return T(f"the weights' std is {got_std:.4g}, expected {want:.4g} (within 5%)",
                     f"가중치 표준편차가 {got_std:.4g}, 기대값 {want:.4g} (5% 이내)"), None
        if abs(got_mean) > 7 * want / math.sqrt(W.size):
            return T(f"the weights' mean is {got_mean:.3g}, expected about 0",
                     f"가중치 평균이 {got_mean:.3g}, 약 0이어야 합니다"), None
        return None

    return verify


verify_naive_spread = spread_verifier(lambda n_in, n_out, case: case.kwargs.get("std", 0.01))
verify_xavier_spread = spread_verifier(lambda n_in, n_out, case: 1 / math.sqrt(n_in))
verify_he_spread = spread_verifier(lambda n_in, n_out, case: math.sqrt(2 / n_in))


# --- known mistakes, written as wrong functions ----------------------------------------------

def naive_init__ignores_std(n_in, n_out, rng, std=0.01):
    return rng.standard_normal((n_in, n_out)) * 0.01


def naive_init__variance_as_std(n_in, n_out, rng, std=0.01):
    return rng.standard_normal((n_in, n_out)) * std ** 2


def xavier_init__fan_out(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) / math.sqrt(n_out)


def xavier_init__variance_as_std(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) / n_in


def he_init__sqrt_2n(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) / math.sqrt(2 * n_in)


def he_init__variance_as_std(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) * (2 / n_in)


def he_init__fan_out(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) / math.sqrt(n_out / 2)


def activation_stats__pre_activation(init, activation, n_layers=10, width=100, n_samples=1000, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    A = rng.standard_normal((n_samples, width))
    stats = []
    inits = {"std1": lambda i, o, r: r.standard_normal((i, o)), "naive": naive_init, "xavier": xavier_init,
             "he": he_init}
    for _ in range(n_layers):
        Z = A @ inits[init](width, width, rng)
        A = (
            1 / (1 + np.exp(-Z))
            if activation == "sigmoid"
            else np.tanh(Z)
            if activation == "tanh"
            else np.maximum(Z, 0)
        )
        stats.append((Z.mean(), Z.std()))
    return np.array(stats)


def activation_stats__draw_order(init, activation, n_layers=10, width=100, n_samples=1000, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    inits = {"std1": lambda i, o, r: r.standard_normal((i, o)), "naive": naive_init, "xavier": xavier_init,
             "he": he_init}
    W = inits[init](width, width, rng)
    A = rng.standard_normal((n_samples, width))
    stats = []
    for i in range(n_layers):
        if i:
            W = inits[init](width, width, rng)
        Z = A @ W
        A = (
            1 / (1 + np.exp(-Z))
            if activation == "sigmoid"
            else np.tanh(Z)
            if activation == "tanh"
            else np.maximum(Z, 0)
        )
        stats.append((A.mean(), A.std()))
    return np.array(stats)


# --- the figures of `dlgrade plot` (`Exercise(plot="plot")`): the student's own functions beside these ----

import os  # noqa: E402
from dlgrade.sandbox.protocol import Rng  # noqa: E402


def plot(student, out, labels, layers=5, width=100, n=1000):
    configs = (("std1", "sigmoid"), ("xavier_init", "sigmoid"), ("he_init", "relu"), ("naive_init", "relu"))
    from dlgrade.study.plots import figure, save

    plt, fig, axes = figure(len(configs), layers, (3 * layers, 2.6 * len(configs)))
    for row, (init, act) in enumerate(configs):
        rng = np.random.default_rng(0)
        A = rng.standard_normal((n, width))
        for layer in range(layers):
            seed = 1000 * row + layer
            W = None if init == "std1" else student(init, width, width, Rng(seed))
            mine = W is not None and np.shape(W) == (width, width)
            if not mine:  # std 1 is the notes' baseline, not a student function
                W = INITS.get(init, globals().get(init))(width, width, np.random.default_rng(seed))
            Z = A @ W
            A = 1 / (1 + np.exp(-Z)) if act == "sigmoid" else np.maximum(Z, 0)
            ax = axes[row][layer]
            ax.hist(A.ravel(), bins=30, range=(0, 1) if act == "sigmoid" else None, color="C0" if mine else "0.6")
            note = "" if mine or init == "std1" else f" ({labels['reference']})"
            ax.set_title(f"{init.split('_')[0]}/{act} {labels['layer']} {layer + 1}{note}", fontsize=8)
            if note and layer == 0:
                ax.text(0.5, 0.9, f"{init}: {student.note(init)}", transform=ax.transAxes, ha="center",
                        color="C3", fontsize=7, bbox={"facecolor": "white", "alpha": 0.8, "lw": 0})
            ax.set_yticks([])
    return [save(plt, fig, os.path.join(out, "ex07_init.png"))]
