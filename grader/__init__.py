"""dlgrade: auto-graded exercises for the fundamentals of deep learning.

The library API never prints and never exits; `dlgrade.cli.main` is the thin layer on top. In a
notebook: `dlgrade.check("ex02")`, `dlgrade.hint("ex02", "sigmoid")`, `dlgrade.quiz("ex02")`
(grader/integrations/inline.py). `import dlgrade` stays light: each of these imports what it needs when called.
"""
__version__ = "0.1.0"


def check(exercise, function=None, *, lang="en", workspace=None, timeout=10.0):
    """Grade an exercise's functions as this notebook's kernel has them now; shows a report.

    `function`: one name (or a list) to check only those. `lang`: "en" or "ko"."""
    from dlgrade.integrations.inline import check as _check

    return _check(exercise, function, lang=lang, workspace=workspace, timeout=timeout)


def hint(exercise, function=None, *, level=None, lang="en", workspace=None):
    """The next hint for a function (each call opens one more level), or the given `level` (1-3)."""
    from dlgrade.integrations.inline import hint as _hint

    return _hint(exercise, function, level=level, lang=lang, workspace=workspace)


def __getattr__(name):
    """`dlgrade.quiz` on first use (a sandboxed child imports this package and never needs it)."""
    if name == "quiz":
        import importlib

        return importlib.import_module("dlgrade.quiz")  # callable: see the end of grader/quiz.py
    raise AttributeError(f"module 'dlgrade' has no attribute {name!r}")
