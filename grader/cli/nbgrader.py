"""`dlgrade nbgrader build|autograde`: nbgrader courses made from the catalog."""
import sys
import time

import click

from dlgrade.cli.common import LANG, load_exercise, usage_error
from dlgrade.text import render


def need(module, lang):
    try:
        __import__(module)
    except ImportError:
        usage_error("nb.needs_nbgrader", lang)


@click.group("nbgrader", short_help="Instructors: nbgrader notebooks and their grading.")
def nbgrader():
    """Instructors: nbgrader notebooks from the exercises, and a fast sandboxed autograder."""


@nbgrader.command()
@click.option("--course-dir", type=click.Path(file_okay=False), required=True)
@click.argument("exercises", nargs=-1)
@LANG
def build(course_dir, exercises, lang):
    """Write source/<ex>/<ex>.ipynb for each exercise (all when none is named), and nbgrader_config.py."""
    need("nbformat", lang)
    from dlgrade.integrations import nbcourse

    slugs = [load_exercise(name, lang).slug for name in exercises]  # a clear usage error for an unknown name
    for path in nbcourse.build(course_dir, slugs or None):
        click.echo(path)


@nbgrader.command()
@click.option("--course-dir", type=click.Path(exists=True, file_okay=False), required=True)
@click.argument("exercise")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Students graded at once (default: CPU count).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds per check case.")
@click.option("--isolation", type=click.Choice(["auto", "strict", "rlimit"]), default="auto", show_default=True,
              help="auto, strict: refuse to run without bubblewrap; rlimit: resource limits only "
                   "(README, Instructors).")
@LANG
def autograde(course_dir, exercise, jobs, timeout, isolation, lang):
    """Grade nbgrader's submitted notebooks in dlgrade's sandbox; scores and feedback go to nbgrader's gradebook."""
    need("nbgrader.api", lang)
    from dlgrade.pipeline import batch
    from dlgrade.integrations import nbcourse
    from dlgrade.sandbox import isolation as iso

    ex = load_exercise(exercise, lang)
    if isolation != "rlimit" and not iso.bwrap_works():  # resource limits only: the instructor's explicit choice
        usage_error("batch.strict_without_bwrap" if isolation == "strict" else "batch.needs_bwrap", lang)
    start = time.monotonic()
    failures = {}
    try:
        reports = nbcourse.autograde(course_dir, ex.id, jobs=jobs, isolation_mode=isolation, timeout=timeout,
                                     failures=failures)
    except nbcourse.CourseError as e:
        usage_error(e.msg.id, lang, **e.msg.params)
    except batch.SelfCheckFailed as e:  # this machine cannot grade: the gradebook is left as it was
        click.echo(render("batch.self_check_failed", lang, exercise=e.exercise, problems=e.problems,
                          isolation=iso.name_for(isolation)), err=True)
        sys.exit(1)
    max_total = sum(chk.points for _f, chk in ex.checks(hidden=True))
    for student, report in reports.items():
        click.echo(render("nb.student_line", lang, student=student, score=report.score if report else 0.0,
                          max=max_total))
    for student, detail in failures.items():  # the others were graded and recorded; exit 1 as `grade` does
        click.echo(render("nb.student_failed", lang, student=student, detail=detail), err=True)
    db = nbcourse.course_directory(course_dir).db_url
    click.echo(render("nb.summary", lang, count=len(reports), assignment=ex.slug,
                      seconds=time.monotonic() - start, db=db), err=True)
    sys.exit(1 if failures else 0)
