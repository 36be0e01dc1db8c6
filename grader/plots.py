"""Figures made from the student's OWN functions (run in the sandboxed child) next to the
reference: ex02 activations and derivatives, ex07 per-layer activation histograms, ex08
optimizer paths on f(x, y) = x^2/20 + y^2 (the seeds' figures). Headless (Agg); returns paths.
A function that is not implemented yet is drawn from the reference only, and says so.
"""
import importlib
import os

import numpy as np

from dlgrade.execute import call
from dlgrade.inputs import Rng
from dlgrade.sandbox import protocol
from dlgrade.sandbox.runner import Child, Crashed, Limits, Timeout


class Student:
    """Calls into the student's module in a child process; None when a call does not work."""

    def __init__(self, path):
        self.child = Child(path, Limits(call_timeout_s=10))
        self.problem = self.child.start()
        self.not_implemented = set()  # functions that raised NotImplementedError (else: they failed)

    def __call__(self, fn, *args, **kwargs):
        if self.problem is not None:
            return None
        try:
            status, value = call(self.child, fn, *args, **kwargs)
        except (Timeout, Crashed, protocol.ProtocolError):
            self.child.kill()
            self.problem = "crashed"
            return None
        if status == "not_implemented":
            self.not_implemented.add(fn)
        return value

    def note(self, fn):
        """Why a function of the student's is not drawn: not implemented, or it did not work."""
        return LABELS["not_implemented" if fn in self.not_implemented else "failed"]

    def close(self):
        self.child.close()


LABELS = {}  # the texts inside the figures, in the language that the figure's font can show


def hangul_font():
    """A font that can draw Korean (NanumGothic, Noto CJK ...), or None."""
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if any(k in f.name for k in ("Nanum", "CJK", "Noto Sans KR", "Malgun", "AppleGothic")):
            return f.name
    return None


def set_language(lang):
    """Korean texts when a Hangul font exists, else English; returns the language used."""
    import matplotlib

    from dlgrade.text import render

    used = "ko" if lang == "ko" and hangul_font() else "en"
    if used == "ko":
        matplotlib.rcParams["font.family"] = hangul_font()
    for key in ("reference", "yours", "not_implemented", "failed", "layer"):
        LABELS[key] = render(f"plot.{key}", used)
    return used


def figure(rows, cols, size):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(rows, cols, figsize=size, squeeze=False)
    return plt, fig, axes


def save(plt, fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "softplus", "step")
DERIVATIVES = ("sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad", "elu_grad", "swish_grad",
               "softplus_grad", None)


def plot_ex02(student, ref, out):
    x = np.linspace(-5, 5, 401)
    plt, fig, axes = figure(2, 4, (16, 7))
    for k, (fn, dfn) in enumerate(zip(ACTIVATIONS, DERIVATIVES)):
        ax = axes[k // 4][k % 4]
        for name, style, colour in ((fn, "-", "C0"), (dfn, "--", "C1")):
            if name is None:
                continue
            ax.plot(x, getattr(ref, name)(x), color="0.75", lw=4, ls=style, label=f"{LABELS['reference']} {name}")
            mine = student(name, x)
            if mine is not None and np.shape(mine) == x.shape:
                ax.plot(x, mine, color=colour, lw=1.5, ls=style, label=f"{LABELS['yours']} {name}")
            else:
                ax.text(0.5, 0.05 if style == "-" else 0.15, f"{name}: {student.note(name)}", transform=ax.transAxes,
                        ha="center", color="C3", fontsize=8)
        ax.set_title(fn)
        ax.axhline(0, color="0.9", lw=0.5)
        ax.legend(fontsize=6)
    return [save(plt, fig, os.path.join(out, "ex02_activations.png"))]


def plot_ex07(student, ref, out, layers=5, width=100, n=1000):
    configs = (("std1", "sigmoid"), ("xavier_init", "sigmoid"), ("he_init", "relu"), ("naive_init", "relu"))
    plt, fig, axes = figure(len(configs), layers, (3 * layers, 2.6 * len(configs)))
    for row, (init, act) in enumerate(configs):
        rng = np.random.default_rng(0)
        A = rng.standard_normal((n, width))
        for layer in range(layers):
            seed = 1000 * row + layer
            W = None if init == "std1" else student(init, width, width, Rng(seed))
            mine = W is not None and np.shape(W) == (width, width)
            if not mine:  # std 1 is the seeds' baseline, not a student function
                W = ref.INITS.get(init, getattr(ref, init, None))(width, width, np.random.default_rng(seed))
            Z = A @ W
            A = 1 / (1 + np.exp(-Z)) if act == "sigmoid" else np.maximum(Z, 0)
            ax = axes[row][layer]
            ax.hist(A.ravel(), bins=30, range=(0, 1) if act == "sigmoid" else None, color="C0" if mine else "0.6")
            note = "" if mine or init == "std1" else f" ({LABELS['reference']})"
            ax.set_title(f"{init.split('_')[0]}/{act} {LABELS['layer']} {layer + 1}{note}", fontsize=8)
            if note and layer == 0:
                ax.text(0.5, 0.9, f"{init}: {student.note(init)}", transform=ax.transAxes, ha="center",
                        color="C3", fontsize=7, bbox={"facecolor": "white", "alpha": 0.8, "lw": 0})
            ax.set_yticks([])
    return [save(plt, fig, os.path.join(out, "ex07_init.png"))]


OPTIMIZERS = (  # name, state arrays, keyword arguments (the seeds' figure settings)
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


def plot_ex08(student, ref, out):
    xs, ys = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-5, 5, 100))
    plt, fig, axes = figure(2, 3, (15, 8))
    for k, (name, n_state, kwargs) in enumerate(OPTIMIZERS):
        ax = axes[k // 3][k % 3]
        ax.contour(xs, ys, xs ** 2 / 20 + ys ** 2, levels=20, colors="0.8", linewidths=0.6)
        theirs = path_of(getattr(ref, name), n_state, kwargs)
        ax.plot(theirs[:, 0], theirs[:, 1], "o-", color="0.6", ms=3, lw=1, label=LABELS["reference"])
        mine = path_of(lambda *a, **kw: student(name, *a, **kw), n_state, kwargs)
        if mine is not None:
            ax.plot(mine[:, 0], mine[:, 1], "o-", color="C3", ms=2, lw=1, label=LABELS["yours"])
        else:
            ax.text(0.5, 0.05, student.note(name), transform=ax.transAxes, ha="center", color="C3")
        ax.plot(0, 0, "+", color="k")
        ax.set_title(name.replace("_update", ""))
        ax.set_xlim(-10, 10)
        ax.set_ylim(-5, 5)
    axes[0][0].legend(fontsize=8)
    return [save(plt, fig, os.path.join(out, "ex08_optimizers.png"))]


PLOTS = {"ex02": plot_ex02, "ex07": plot_ex07, "ex08": plot_ex08}


def plot(exercise, student_file, out, lang="en"):
    """Write the exercise's figures into `out`; returns (paths, the language of the figures' texts)."""
    make = PLOTS.get(exercise.id)
    if make is None:
        return [], lang
    used = set_language(lang)
    os.makedirs(out, exist_ok=True)
    ref = importlib.import_module(exercise.reference_module)
    student = Student(student_file)
    try:
        return make(student, ref, out), used
    finally:
        student.close()
