"""`dlgrade quiz`: interactive practice, graded from an answers file, question sheets and answer
keys for instructors, and a whole class's answers files graded at once."""
import json
import sys

import click

from dlgrade.cli.common import LANG, WORKSPACE, load_exercise, usage_error
from dlgrade.text import Msg, render


def fail(err, lang):
    click.echo(err.msg.render(lang), err=True)
    sys.exit(2)


def ask(q, draw, lang):
    """Prompt until the answer can be read (an out-of-range option or a non-number asks again)."""
    while True:
        answer = click.prompt(render("quiz.your_answer", lang), default="", show_default=False)
        right, problem = q.judge(answer, draw)
        if problem is None:
            return answer, right
        click.echo("  " + problem.render(lang) + " - " + render("quiz.try_again", lang))


def interactive(ex, draw, lang):
    from dlgrade.study.quiz_class import message
    from dlgrade.quiz import Graded

    if not draw.graded:
        click.echo(render("quiz.practice_header", lang))
    given = {}
    questions = draw.questions()
    for n, q in enumerate(questions, start=1):
        click.echo(render("quiz.question", lang, n=n, total=len(questions), kind=render(f"quiz.kind_{q.kind}", lang)))
        click.echo(q.prompt(draw, lang))
        given[q.id], right = ask(q, draw, lang)
        g = Graded(q.id, right, None, q.explain if q.explain.en else None)
        said = Msg("quiz.graded_no_feedback") if draw.graded else message(q, g, draw)
        click.echo("  " + said.render(lang))
    return given


@click.command(short_help="A quiz on an exercise: practice, or graded with a course secret.")
@click.argument("exercise")
@click.option("--answers", type=click.Path(dir_okay=False), default=None, help='JSON file {"q1": answer, ...}.')
@click.option("--student", default="", help="Your student id: it chooses your own numbers and option order.")
@click.option("--answer-key", is_flag=True, help="Print the answers (for instructors; graded keys need the secret).")
@click.option("--sheet", is_flag=True, help="Print the questions of --student, to hand out (with the secret: graded).")
@click.option("--graded", is_flag=True, help="Require the course secret (refuse to fall back to practice).")
@click.option("--secret-file", type=click.Path(dir_okay=False), default=None,
              help="The course secret of a graded quiz (else the DLGRADE_QUIZ_SECRET environment variable).")
@click.option("--class", "class_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Grade CLASS/<student>/exNN_quiz.json for every student (instructors).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="With --class: write the results here.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "gradescope"]), default="json", show_default=True,
              help="With --class: the output format, as `dlgrade grade`.")
@click.option("--json", "as_json", is_flag=True)
@WORKSPACE
@LANG
def quiz(exercise, answers, student, answer_key, sheet, graded, secret_file, class_dir, out, fmt, as_json, workspace,
         lang):
    """A short quiz on an exercise's source notes: practice (your numbers from your id) or graded (the
    instructor's course secret chooses the numbers, so only the instructor can print the key)."""
    from dlgrade.integrations import formats
    from dlgrade.study import progress
    from dlgrade import quiz as quizzes
    from dlgrade.study import quiz_class as qc
    from dlgrade.study import workspace as ws
    from dlgrade.study.policy import is_bundled

    ex = load_exercise(exercise, lang)
    qz = quizzes.load(ex.slug)
    if not qz:
        usage_error("quiz.none", lang, exercise=ex.id)
    try:
        secret = qc.load_secret(secret_file)
    except qc.BadInput as e:
        fail(e, lang)
    if graded and secret is None:
        usage_error("quiz.graded_needs_secret", lang)
    draw = qz.draw(student, secret)
    if answer_key or sheet:
        obj = qc.answer_key(ex, draw) if answer_key else qc.sheet(ex, draw, lang)
        if as_json or answer_key:
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            for q in obj["questions"]:
                click.echo(f"{q['id']}. " + q["text"] + "\n")
        return
    if class_dir:
        result = qc.grade_class(class_dir, ex, qz, secret, lang)
        if not result["students"]:
            usage_error("quiz.no_students", lang, file=qc.answers_name(ex), path=class_dir)
        if fmt == "gradescope":  # as `dlgrade grade`: one results.json, or a folder of them
            from dlgrade.cli.grade import write_gradescope

            if len(result["students"]) > 1 and not out:
                usage_error("gs.needs_out", lang)
            write_gradescope(result, out, lang)
            return
        text = formats.FORMATS[fmt](result)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
            click.echo(render("quiz.class_written", lang, n=len(result["students"]), path=out))
        else:
            click.echo(text)
        return
    if answers:
        try:
            given = qc.read_answers(answers)
        except qc.BadInput as e:
            fail(e, lang)
        unknown = quizzes.unknown_ids(qz, given)
        if unknown:
            click.echo(render("quiz.unknown_ids", lang, exercise=ex.id, ids=", ".join(unknown)[:300]), err=True)
    else:
        given = interactive(ex, draw, lang)
    result = qc.report(ex, draw, quizzes.grade(draw, given))
    folder = ws.resolve(workspace)
    if not is_bundled(folder):
        progress.record_quiz(folder, ex.id, result.score, result.max_score)
    if as_json:
        click.echo(json.dumps(result.to_json(lang), ensure_ascii=False))
    else:
        if answers:
            for c in result.checks:
                mark = "✓" if c.status == "passed" else "✗"
                click.echo(f"  {mark} " + render("quiz.result_line", lang, id=c.function, status=c.message))
        click.echo(render("quiz.score", lang, exercise=ex.id, score=result.score, total=result.max_score))
    sys.exit(0 if result.score == result.max_score else 1)
