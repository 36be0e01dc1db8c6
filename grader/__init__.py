"""dlgrade: auto-graded exercises for the fundamentals of deep learning.

The library API never prints and never exits; `dlgrade.cli.main` is the thin layer on top. In a
notebook: `dlgrade.check("ex02")`, `dlgrade.hint("ex02", "sigmoid")`, `dlgrade.quiz("ex02")`
(grader/integrations/inline.py). `import dlgrade` stays light: each of these imports what it needs when called.
"""
import types as _types

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


class _CallableModule(_types.ModuleType):
    """`dlgrade.quiz` is the quiz module (question types) and, called, the notebook quiz."""

    def __call__(self, exercise, *, student="", answers=None, lang="en", workspace=None, widgets=None):
        """A quiz form (ipywidgets where present, else text input); with `answers` ({id: answer}) graded at once."""
        from dlgrade.integrations.inline_quiz import quiz as _quiz

        return _quiz(exercise, student=student, answers=answers, lang=lang, workspace=workspace, widgets=widgets)


from dlgrade import quiz as _quiz_module  # noqa: E402  (light: no numpy, no sympy until a question is judged)

_quiz_module.__class__ = _CallableModule
