"""`dlgrade grade`: batch grading of a class (a thin layer over grader.batch)."""
import os
import sys

import click

from dlgrade.text import render


@click.command("grade")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False))
@click.option("--exercises", default=None, help="Comma-separated, e.g. ex01,ex02 (default: all).")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Parallel children (default: all cores).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the results here; stdout gets a summary.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "gradescope"]), default="json", show_default=True)
@click.option("--hidden", is_flag=True, help="Also run the hidden checks (fresh inputs, shared by the whole run).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds for one (student, exercise).")
@click.option("--resume", is_flag=True, help="Continue a killed run from its journal.")
@click.option("--isolation", type=click.Choice(["auto", "strict", "rlimit"]), default="auto", show_default=True,
              help="strict: refuse to run without bubblewrap.")
@click.option("--scheduler", default=None, help="Address of a Dask distributed scheduler to send the work to.")
@click.option("--functions", default=None, help="Grade only these functions, comma-separated (default: all).")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True)
def grade(submissions, exercises, jobs, out, fmt, hidden, timeout, resume, isolation, scheduler, functions, lang):
    """Grade SUBMISSIONS/<student_id>/exNN_<name>.py for a whole class."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, \
        TimeRemainingColumn

    from dlgrade import batch, catalog, formats
    from dlgrade import isolation as iso
    from dlgrade.render import console

    names = [e for e in (exercises or "").split(",") if e.strip()]
    try:
        slugs = [catalog.resolve(e) for e in names] or None
    except catalog.UnknownExercise as e:
        click.echo(render("cli.unknown_exercise", lang, name=e.name, known=", ".join(s[:4] for s in catalog.slugs())),
                   err=True)
        sys.exit(2)
    if not batch.students_in(submissions):
        click.echo(render("batch.no_students", lang, path=submissions), err=True)
        sys.exit(2)
    if isolation == "strict" and not iso.bwrap_works():
        click.echo(render("batch.strict_without_bwrap", lang), err=True)
        sys.exit(2)
    err = console(stderr=True)
    if iso.name_for(isolation) == "rlimit" and isolation == "auto":
        err.print("[yellow]" + render("batch.rlimit_warning", lang) + "[/]")
    settings = batch.Settings(hidden=hidden, timeout=timeout, isolation=isolation, lang=lang,
                              functions=tuple(f.strip() for f in functions.split(",") if f.strip()) if functions else None)
    journal = f"{out}.journal" if out else None
    with Progress(TextColumn(render("batch.progress", lang)), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=err, transient=False) as bar:
        task = bar.add_task("grade", total=None, rate="")
        started = {}

        def progress(done, total):
            import time

            started.setdefault("t", (time.monotonic(), done))
            t0, d0 = started["t"]
            rate = (done - d0) / max(time.monotonic() - t0, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f}/s")

        try:
            result = batch.grade_class(submissions, slugs, settings, jobs=jobs, journal_path=journal, resume=resume,
                                       on_result=progress, scheduler=scheduler)
        except batch.ResumeMismatch as e:
            bar.stop()
            click.echo(render("batch.resume_mismatch", lang, fields=", ".join(e.fields)), err=True)
            sys.exit(2)
        except batch.SelfCheckFailed as e:  # the grader cannot work here: nobody is graded (exit 1)
            bar.stop()
            click.echo(render("batch.self_check_failed", lang, exercise=e.exercise, problems=e.problems,
                              isolation=iso.name_for(isolation)), err=True)
            sys.exit(1)
    text = formats.FORMATS[fmt](result)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
        st = result["students"]
        click.echo(render("batch.summary", lang, students=len(st), exercises=len(st[0]["exercises"]) if st else 0,
                          isolation=result["isolation"], mean=sum(s["total"] for s in st) / max(len(st), 1),
                          max=st[0]["max_total"] if st else 0, out=os.path.abspath(out)))
    else:
        click.echo(text)
    if not batch.all_graded(result):
        bad = sum(ex.get("status") == "error" for s in result["students"] for ex in s["exercises"])
        click.echo(render("batch.ungraded", lang, count=bad), err=True)
        sys.exit(1)
