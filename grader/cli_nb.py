"""`dlgrade nbgrader build|autograde`: nbgrader courses made from the catalog."""
import click

from grader.cli_common import LANG, load_exercise


@click.group("nbgrader")
def nbgrader():
    """Instructors: nbgrader notebooks from the exercises, and a fast sandboxed autograder."""


@nbgrader.command()
@click.option("--course-dir", type=click.Path(file_okay=False), required=True)
@click.argument("exercises", nargs=-1)
@LANG
def build(course_dir, exercises, lang):
    """Write source/<ex>/<ex>.ipynb for each exercise (all when none is named)."""
    from grader import nbcourse

    for name in exercises:
        load_exercise(name, lang)  # a clear usage error for an unknown name
    for path in nbcourse.build(course_dir, list(exercises) or None):
        click.echo(path)


@nbgrader.command()
@click.option("--course-dir", type=click.Path(exists=True, file_okay=False), required=True)
@click.argument("exercise")
@click.option("--jobs", type=click.IntRange(1), default=None)
@LANG
def autograde(course_dir, exercise, jobs, lang):
    """Grade nbgrader's submitted notebooks in dlgrade's sandbox; scores go to nbgrader's gradebook."""
    from grader import nbcourse

    ex = load_exercise(exercise, lang)
    scores = nbcourse.autograde(course_dir, ex.id, jobs=jobs)
    for student, by_check in sorted(scores.items()):
        click.echo(f"{student}: {sum(by_check.values()):g}")
