"""`dlgrade grade`: batch grading of a class (a thin layer over dlgrade.pipeline.batch)."""
import os
import sys

import click

from dlgrade.text import LANGS, Msg, render


@click.command("grade", short_help="Grade a whole class (one folder per student).")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False))
@click.option("--exercises", default=None, help="Comma-separated, e.g. ex01,ex02 (default: all).")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Parallel children (default: all cores).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write the results here; stdout gets a summary.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "gradescope"]), default="json", show_default=True)
@click.option("--hidden", is_flag=True, help="Also run the hidden checks (fresh inputs, shared by the whole run).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds for one (student, exercise).")
@click.option("--resume", is_flag=True, help="Continue a killed run from its journal.")
@click.option("--isolation", type=click.Choice(["auto", "strict", "rlimit"]), default="auto", show_default=True,
              help="auto, strict: refuse to run without bubblewrap; rlimit: resource limits only "
                   "(README, Instructors).")
@click.option("--scheduler", default=None, help="Address of a Dask distributed scheduler to send the work to.")
@click.option("--functions", default=None, help="Grade only these functions, comma-separated (default: all).")
@click.option("--prefer", type=click.Choice(["py", "ipynb"]), default=None,
              help="Which file to grade where a student handed in both exNN_<name>.py and .ipynb (else refused).")
@click.option("--gpu", is_flag=True, help="Also every correctness check with CuPy inputs (needs a GPU here).")
@click.option("--timing", is_flag=True, help="Also time functions against the reference (on the GPU with --gpu).")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
def grade(submissions, exercises, jobs, out, fmt, hidden, timeout, resume, isolation, scheduler, functions, prefer,
          gpu, timing, lang):
    """Grade SUBMISSIONS/<student_id>/exNN_<name>.py for a whole class."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, \
        TimeRemainingColumn

    from dlgrade import catalog
    from dlgrade.pipeline import batch
    from dlgrade.pipeline.config import RunConfig
    from dlgrade.integrations import dask_grading
    from dlgrade.pipeline import engine
    from dlgrade.integrations import formats
    from dlgrade.sandbox import isolation as iso
    from dlgrade.cli.render import console

    names = [e for e in (exercises or "").split(",") if e.strip()]
    try:
        slugs = [catalog.resolve(e) for e in names] or None
    except catalog.UnknownExercise as e:
        click.echo(render("cli.unknown_exercise", lang, name=e.name, known=", ".join(s[:4] for s in catalog.slugs())),
                   err=True)
        sys.exit(2)
    if fmt == "gradescope" and len(batch.students_in(submissions)) > 1 and not out:
        click.echo(render("gs.needs_out", lang), err=True)
        sys.exit(2)
    if not batch.students_in(submissions):
        click.echo(render("batch.no_students", lang, path=submissions), err=True)
        sys.exit(2)
    both = [f"{s}/{ex.slug}" for s in batch.students_in(submissions)
            for ex in map(catalog.load, slugs or catalog.slugs())
            if engine.both_present(ex, os.path.join(submissions, s))]
    if both and prefer is None:
        click.echo(render("batch.both_files", lang, count=len(both), examples=", ".join(both[:3])
                          + (" ..." if len(both) > 3 else "")), err=True)
        sys.exit(2)
    if isolation != "rlimit" and not iso.bwrap_works() and not scheduler:  # Dask: decided on each worker
        click.echo(render("batch.strict_without_bwrap" if isolation == "strict" else "batch.needs_bwrap", lang),
                   err=True)
        sys.exit(2)
    if gpu:  # a class graded with GPU checks that all say "skipped" would be graded on nothing
        from dlgrade.pipeline.xp import gpu_status

        ok, why = gpu_status()
        if not ok:
            click.echo(render("gpu.batch_without_gpu", lang, reason=why.render(lang)), err=True)
            sys.exit(2)
    err = console(stderr=True)
    if isolation == "rlimit":
        err.print("[yellow]" + render("batch.rlimit_warning", lang) + "[/]")
    only = tuple(f.strip() for f in functions.split(",") if f.strip()) if functions else None
    settings = RunConfig.for_class(hidden=hidden, timeout=timeout, isolation=isolation, lang=lang, functions=only,
                                   prefer=prefer, gpu=gpu, timing=timing)
    journal = f"{out}.journal" if out else None

    def journal_failed(path, detail):
        err.print(render("sandbox.journal_failed", lang, path=formats.escaped(path), detail=detail), markup=False,
                  highlight=False)

    with Progress(TextColumn(render("batch.progress", lang)), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=err, transient=False) as bar:
        task = bar.add_task("grade", total=None, rate="")
        started = {}

        def progress(done, total):
            import time

            started.setdefault("journal", done)  # the first call counts what the journal already had
            started.setdefault("t", (time.monotonic(), done))
            t0, d0 = started["t"]
            rate = (done - d0) / max(time.monotonic() - t0, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f}/s")

        try:
            result = batch.grade_class(submissions, slugs, settings, jobs=jobs, journal_path=journal, resume=resume,
                                       on_result=progress, scheduler=scheduler, on_journal_error=journal_failed)
        except batch.ResumeMismatch as e:
            bar.stop()
            click.echo(render("batch.resume_mismatch", lang, fields=", ".join(e.fields)), err=True)
            sys.exit(2)
        except batch.JournalBusy as e:
            bar.stop()
            click.echo(render("batch.journal_busy", lang, path=os.path.abspath(e.path)), err=True)
            sys.exit(2)
        except dask_grading.SchedulerUnreachable as e:
            bar.stop()
            click.echo(render("batch.scheduler_unreachable", lang, address=e.address,
                              seconds=dask_grading.SCHEDULER_TIMEOUT), err=True)
            sys.exit(2)
        except dask_grading.WorkerCannotIsolate as e:
            bar.stop()
            click.echo(render("batch.worker_without_bwrap", lang, worker=e.worker, problem=Msg(
                "batch.strict_without_bwrap" if e.mode == "strict" else "batch.needs_bwrap")), err=True)
            sys.exit(2)
        except batch.SelfCheckFailed as e:  # the grader cannot work here: nobody is graded (exit 1)
            bar.stop()
            click.echo(render("batch.self_check_failed", lang, exercise=e.exercise, problems=e.problems,
                              isolation=iso.name_for(isolation)), err=True)
            sys.exit(1)
    if resume:
        path = os.path.abspath(journal or os.path.join(submissions, ".dlgrade-journal.jsonl"))
        came = started.get("journal", 0)
        total = sum(len(s["exercises"]) for s in result["students"])
        click.echo(render("batch.resumed", lang, journal=came, path=path, now=total - came) if came
                   else render("batch.resumed_nothing", lang, path=path), err=True)
    if fmt == "gradescope":
        write_gradescope(result, out, lang)
        return
    text = formats.FORMATS[fmt](result)
    if out:
        try:
            formats.write_atomic(out, text)
        except OSError as e:
            click.echo(render("sandbox.out_failed", lang, path=formats.escaped(os.path.abspath(out)),
                              detail=e.strerror or str(e)), err=True)
            sys.exit(1)
        st = result["students"]
        click.echo(render("batch.summary", lang, students=len(st), exercises=len(st[0]["exercises"]) if st else 0,
                          isolation=f"{result['isolation']}, {result['bound']}",
                          mean=sum(s["total"] for s in st) / max(len(st), 1),
                          max=st[0]["max_total"] if st else 0, out=formats.escaped(os.path.abspath(out))))
    else:
        click.echo(text)
    if not batch.all_graded(result):
        bad = sum(ex.get("status") == "error" for s in result["students"] for ex in s["exercises"])
        click.echo(render("batch.ungraded", lang, count=bad), err=True)
        sys.exit(1)


def write_gradescope(result, out, lang):
    """One student: results.json (to --out, else stdout); several: --out is a folder of them."""
    import json

    from dlgrade.pipeline import batch
    from dlgrade.integrations import gradescope

    if out is None:
        click.echo(json.dumps(gradescope.results(result["students"][0], lang), ensure_ascii=False, indent=1))
    else:
        paths = gradescope.write_class(result, out, lang)
        click.echo(render("gs.written", lang, count=len(paths), where=os.path.abspath(out)))
    if not batch.all_graded(result):
        sys.exit(1)
