"""Figures made from the student's OWN functions (run in the sandboxed child) next to the
reference. An exercise declares its figures in its record (`Exercise(plot="plot")`): a function
of its reference module, `plot(student, out, labels) -> [paths]`, that calls the student's
functions through `student(name, *args)` (None when a call does not work; `student.note(name)`
says why) and draws with `figure` and `save` here. Headless (Agg). A function that is not
implemented yet is drawn from the reference only, and says so.
"""
import functools
import importlib
import os

from dlgrade.pipeline.execute import call
from dlgrade.sandbox import protocol
from dlgrade.sandbox.runner import Child, Crashed, Limits, Timeout


class Student:
    """Calls into the student's module in a child process; None when a call does not work."""

    def __init__(self, path, labels=None):
        self.labels = labels if labels is not None else set_language("en")[0]
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
        return self.labels["not_implemented" if fn in self.not_implemented else "failed"]

    def close(self):
        self.child.close()


@functools.lru_cache(maxsize=1)  # looking on disk reads every font file's name
def hangul_font():
    """A font that can draw Korean (NanumGothic, Noto CJK ...), or None."""
    from matplotlib import font_manager

    names = ("Nanum", "CJK", "Noto Sans KR", "Malgun", "AppleGothic")
    for f in font_manager.fontManager.ttflist:
        if any(k in f.name for k in names):
            return f.name
    # matplotlib's font cache predates a font installed later (fonts-nanum after matplotlib): look on disk
    for path in sorted(font_manager.findSystemFonts()):
        if any(k.replace(" ", "").lower() in os.path.basename(path).lower() for k in names):
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError, ValueError):
                continue
    return None


def set_language(lang):
    """The texts inside the figures (a dict), in Korean when a Hangul font exists, else in
    English; returns (labels, the language used)."""
    import matplotlib

    from dlgrade.text import render

    used = "ko" if lang == "ko" and hangul_font() else "en"
    if used == "ko":  # DejaVu draws what the Hangul font lacks; an ASCII minus: Nanum fonts have no U+2212
        matplotlib.rcParams["font.family"] = [hangul_font(), "DejaVu Sans"]
        matplotlib.rcParams["axes.unicode_minus"] = False
    labels = {key: render(f"plot.{key}", used) for key in ("reference", "yours", "not_implemented", "failed", "layer")}
    return labels, used


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


def with_plots():
    """The ids of the exercises whose record declares figures."""
    from dlgrade import catalog

    return [ex.id for ex in catalog.all_exercises() if ex.plot]


def plot(exercise, student_file, out, lang="en"):
    """Write the exercise's figures into `out`; returns (paths, the language of the figures' texts)."""
    if not exercise.plot:
        return [], lang
    make = getattr(importlib.import_module(exercise.reference_module), exercise.plot)
    labels, used = set_language(lang)
    os.makedirs(out, exist_ok=True)
    student = Student(student_file, labels)
    try:
        return make(student, out, labels), used
    finally:
        student.close()
