"""`dlgrade quiz`: interactive, graded from an answers file, or the answer key for instructors."""
import json
import sys

import click

from dlgrade.cli_common import LANG, WORKSPACE, load_exercise, usage_error
from dlgrade.text import render


def report_object(ex, questions, graded, lang):
    checks = []
    for q, g in zip(questions, graded):
        message = g.problem.render(lang) if g.problem else render("quiz.right" if g.right else "quiz.wrong", lang)
        if g.explain is not None and not g.right:
            message += " - " + g.explain.get(lang)
        checks.append({"id": f"{ex.id}.quiz.{q.id}", "function": q.id, "kind": "quiz",
                       "status": "passed" if g.right else "failed", "score": 1.0 if g.right else 0.0,
                       "max_score": 1.0, "message": message, "misconception": None})
    return {"exercise": ex.id, "score": float(sum(c["score"] for c in checks)), "max_score": float(len(checks)),
            "checks": checks}


@click.command()
@click.argument("exercise")
@click.option("--answers", type=click.Path(dir_okay=False), default=None, help='JSON file {"q1": answer, ...}.')
@click.option("--student", default="", help="Your student id: it seeds your own numbers.")
@click.option("--answer-key", is_flag=True, help="Print the answers (for instructors).")
@click.option("--json", "as_json", is_flag=True)
@WORKSPACE
@LANG
def quiz(exercise, answers, student, answer_key, as_json, workspace, lang):
    """A short quiz on an exercise's seed sections."""
    from dlgrade import progress
    from dlgrade import quiz as quizzes
    from dlgrade import workspace as ws
    from dlgrade.cli_study import is_bundled

    ex = load_exercise(exercise, lang)
    questions = quizzes.load(ex.slug)
    if not questions:
        usage_error("quiz.none", lang, exercise=ex.id)
    if answer_key:
        click.echo(json.dumps({"exercise": ex.id, "questions": [
            {"id": q.id, "kind": q.kind, "answer": q.key(student)} for q in questions]}, ensure_ascii=False))
        return
    if answers:
        try:
            with open(answers, encoding="utf-8") as fh:
                given = json.load(fh)
            if not isinstance(given, dict):
                raise ValueError("expected a JSON object")
        except (OSError, ValueError) as e:
            usage_error("quiz.bad_answers", lang, path=answers, detail=str(e)[:200])
    else:
        given = {}
        for n, q in enumerate(questions, start=1):
            click.echo(render("quiz.question", lang, n=n, total=len(questions), kind=render(f"quiz.kind_{q.kind}", lang)))
            click.echo(q.prompt(student, lang))
            given[q.id] = click.prompt(render("quiz.your_answer", lang), default="", show_default=False)
            right, problem = q.judge(given[q.id], student)
            click.echo("  " + (problem.render(lang) if problem else render("quiz.right" if right else "quiz.wrong", lang)))
            if not right and q.explain.en:
                click.echo("  " + q.explain.get(lang))
    result = report_object(ex, questions, quizzes.grade(questions, given, student), lang)
    folder = ws.resolve(workspace)
    if not is_bundled(folder):
        progress.record_quiz(folder, ex.id, result["score"], result["max_score"])
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(render("quiz.score", lang, exercise=ex.id, score=result["score"], total=result["max_score"]))
    sys.exit(0 if result["score"] == result["max_score"] else 1)
