"""`dlgrade.quiz("ex02")` in a notebook: an ipywidgets form where ipywidgets is installed (one
input per question and a button), else questions asked with `input()`; with `answers=` graded at
once. Questions, keys and judging are grader.quiz's, as for `dlgrade quiz`; the score is recorded
in the notebook's folder as the CLI records it.
"""
import os

from dlgrade.integrations.inline_view import CheckView, Notice
from dlgrade.text import Msg


def quiz(exercise, *, student="", answers=None, lang="en", workspace=None, widgets=None):
    """A form (widgets None: ipywidgets if importable), text input (widgets False), or, with
    `answers` ({question id: answer}), the graded result at once."""
    from dlgrade import quiz as quizzes
    from dlgrade.integrations.inline import usage

    ex, _, problem = usage(exercise, None, lang)
    if problem is not None:
        return problem
    questions = quizzes.load(ex.slug)
    if not questions:
        return Notice([Msg("quiz.none", {"exercise": ex.id})], lang, error=True)
    folder = os.path.abspath(workspace or os.getcwd())
    if answers is not None:
        if not isinstance(answers, dict):
            return Notice([Msg("quiz.bad_answers", {"path": "answers", "detail": type(answers).__name__})], lang,
                          error=True)
        return result(ex, questions, answers, student, lang, folder)
    if widgets is None:
        widgets = has_widgets()
    if widgets:
        return form(ex, questions, student, lang, folder)
    given = {}
    for n, q in enumerate(questions, start=1):
        prompt = "\n".join([Msg("quiz.question", {"n": n, "total": len(questions),
                                                  "kind": Msg(f"quiz.kind_{q.kind}")}).render(lang),
                            q.prompt(student, lang), Msg("quiz.your_answer").render(lang) + ": "])
        given[q.id] = input(prompt)
    return result(ex, questions, given, student, lang, folder)


def has_widgets():
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    from dlgrade.integrations.kernel_source import ipython

    return ipython() is not None and getattr(ipython(), "kernel", None) is not None  # a front end to show them


def result(ex, questions, given, student, lang, folder):
    """Grade, record the score, and return the same kind of view as a check (one row per question)."""
    from dlgrade.study import progress
    from dlgrade import quiz as quizzes
    from dlgrade.study.policy import is_bundled as bundled
    from dlgrade.pipeline.report import CheckResult, Report

    report = Report(ex.id, ex.slug, ex.title, "")
    for q, g in zip(questions, quizzes.grade(questions, given, student)):
        verdict = g.problem or Msg("quiz.right" if g.right else "quiz.wrong")
        message = verdict if g.explain is None or g.right else Msg("inline.quiz_feedback", {"verdict": verdict,
                                                                                           "explain": g.explain})
        report.checks.append(CheckResult(f"{ex.id}.quiz.{q.id}", q.id, "quiz", "passed" if g.right else "failed",
                                         1.0 if g.right else 0.0, 1.0, message))
    if not bundled(folder):
        try:
            progress.record_quiz(folder, ex.id, report.score, report.max_score)
        except OSError:
            pass
    return CheckView(report, lang, summary=Msg("quiz.score", {"exercise": ex.id, "score": report.score,
                                                              "total": report.max_score}))


def form(ex, questions, student, lang, folder):
    """An ipywidgets form: the questions, one text box each, and a button that shows the result below."""
    import ipywidgets as w

    boxes, parts = {}, []
    for n, q in enumerate(questions, start=1):
        head = Msg("quiz.question", {"n": n, "total": len(questions), "kind": Msg(f"quiz.kind_{q.kind}")}).render(lang)
        parts.append(w.HTML(f'<div lang="{lang}"><b>{esc(head)}</b><div style="white-space:pre-wrap">'
                            f'{esc(q.prompt(student, lang))}</div></div>'))
        boxes[q.id] = w.Text(placeholder=Msg("inline.quiz_placeholder").render(lang))
        parts.append(boxes[q.id])
    button = w.Button(description=Msg("inline.quiz_submit").render(lang), button_style="primary")
    shown = w.HTML()

    def submit(_button):
        view = result(ex, questions, {k: box.value for k, box in boxes.items()}, student, lang, folder)
        shown.value = view._repr_html_()

    button.on_click(submit)
    box = w.VBox([*parts, button, shown])
    box.dlgrade_inputs, box.dlgrade_button, box.dlgrade_result = boxes, button, shown  # for tests and scripts
    return box


def esc(text):
    import html

    return html.escape(str(text))
