"""Self-study commands: init, reset, hint (progressive, remembered), list (progress), watch."""
import json
import os
import shutil
import sys
import time

import click

from dlgrade.cli.common import LANG, WORKSPACE, load_exercise, usage_error
from dlgrade.text import render


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite exercise files that are already there.")
@LANG
def init(directory, force, lang):
    """Create a fresh workspace with every exercise's stub."""
    from dlgrade import catalog
    from dlgrade.study.workspace import bundled_exercises

    os.makedirs(directory, exist_ok=True)
    names = [ex.filename for ex in catalog.all_exercises()]
    present = [n for n in names if os.path.exists(os.path.join(directory, n))]
    if present and not force:
        usage_error("study.init_exists", lang, path=directory, files=", ".join(present[:3]))
    for n in names:
        shutil.copyfile(os.path.join(bundled_exercises(), n), os.path.join(directory, n))
    from dlgrade.study import progress

    os.makedirs(os.path.join(directory, progress.FOLDER), exist_ok=True)  # marks a workspace (pytest plugin)
    click.echo(render("study.init_done", lang, path=directory, count=len(names)))


def backup_path(folder, slug, stamp):
    """A backup name not taken yet: two resets in the same second must not overwrite the first
    backup (the second would save the stub over the student's work)."""
    candidate, n = os.path.join(folder, f"{slug}.{stamp}.py"), 1
    while os.path.exists(candidate):
        candidate, n = os.path.join(folder, f"{slug}.{stamp}-{n}.py"), n + 1
    return candidate


@click.command()
@click.argument("exercise")
@WORKSPACE
@LANG
def reset(exercise, workspace, lang):
    """Restore an exercise's stub, keeping a backup of your file."""
    from dlgrade.study import progress
    from dlgrade.study import policy as study
    from dlgrade.study import workspace as ws

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace)
    if study.is_bundled(folder):
        usage_error("study.bundled", lang, path=folder)
    target = os.path.join(folder, ex.filename)
    backup = ""
    if os.path.exists(target):
        backups = os.path.join(folder, progress.FOLDER, "backups")
        os.makedirs(backups, exist_ok=True)
        backup = backup_path(backups, ex.slug, time.strftime("%Y%m%d-%H%M%S"))
        shutil.copyfile(target, backup)
    shutil.copyfile(os.path.join(ws.bundled_exercises(), ex.filename), target)
    click.echo(render("study.reset_done", lang, file=ex.filename, backup=backup or "-"))


@click.command(short_help="Hints, one level more each call (the found mistake first).")
@click.argument("exercise")
@click.argument("function", required=False)
@click.option("--level", type=click.IntRange(1, 3), default=None, help="1 idea, 2 formula, 3 near-code.")
@WORKSPACE
@LANG
def hint(exercise, function, level, workspace, lang):
    """Progressive hints: each call opens the next level (remembered per workspace); after a failed
    check, the hint written for the mistake that was found comes first."""
    from dlgrade.study import policy as study
    from dlgrade.study import workspace as ws

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace)
    f = None
    if function:
        f = ex.function(function)
        if f is None:
            usage_error("cli.unknown_function", lang, exercise=ex.id, name=function,
                        known=", ".join(x.name for x in ex.functions))
    try:
        step = study.next_hint(ex, folder, f, level)
    except study.HintLocked as e:
        usage_error("study.hint_locked", lang, level=e.level, next=e.next_level, function=f.name, exercise=ex.id)
    f = step.function
    if step.mistake is not None:
        click.echo(render("study.hint_mistake", lang, function=f.name, hint=step.mistake.hint.get(lang)))
    for n in range(1, step.level + 1):
        click.echo(render("cli.hint_header", lang, level=n, levels=len(f.hints.levels), function=f.name))
        click.echo("  " + f.hints.levels[n - 1].get(lang))
    if step.all_open:
        click.echo(render("study.hint_all_open", lang, levels=len(f.hints.levels), function=f.name))


@click.command("list")
@WORKSPACE
@click.option("--json", "as_json", is_flag=True)
@LANG
def list_(workspace, as_json, lang):
    """Every exercise with its status, best score and quiz score."""
    from dlgrade.study import policy as study
    from dlgrade.study import workspace as ws
    from dlgrade.cli.render import console

    folder = ws.resolve(workspace)
    rows = study.progress_rows(folder, lang)
    if as_json:
        click.echo(json.dumps({"workspace": folder, "exercises": rows}, ensure_ascii=False))
        return
    from rich.table import Table

    colour = {"passed": "green", "failing": "red", "not_implemented": "yellow", "not_started": "dim", "missing": "dim"}
    table = Table(title=render("cli.list_header", lang, workspace=folder))
    for col in render("study.columns", lang).split("|"):
        table.add_column(col)
    for r in rows:
        quiz = f"{r['quiz_best']:g}/{r['quiz_max']:g}" if r["quiz_best"] is not None else "-"
        table.add_row(r["exercise"], r["title"],
                      f"[{colour[r['status']]}]{render('study.status_' + r['status'], lang)}[/]",
                      f"{r['best']:g}/{r['max_score']:g}", quiz)
    console().print(table)


def watch_loop(folder, exercises, run, stop=None, debounce_ms=200):
    """Call run(exercise) whenever one of the exercises' files in `folder` is saved, until stop is set."""
    import watchfiles

    names = {name: ex for ex in exercises for name in ex.filenames}
    for changes in watchfiles.watch(folder, stop_event=stop, debounce=debounce_ms, raise_interrupt=False):
        touched = {names[os.path.basename(p)].id: names[os.path.basename(p)] for _, p in changes
                   if os.path.basename(p) in names}
        for key in sorted(touched):
            run(touched[key])


@click.command(short_help="Check an exercise now and every time you save it.")
@click.argument("exercise", required=False)
@WORKSPACE
@LANG
def watch(exercise, workspace, lang):
    """Re-check an exercise (or any exercise) every time its file is saved."""
    from dlgrade import catalog
    from dlgrade.pipeline import engine
    from dlgrade.study import policy as study
    from dlgrade.study import workspace as ws
    from dlgrade.cli.render import console, print_report

    folder = ws.resolve(workspace, stubs=False)
    exercises = [load_exercise(exercise, lang)] if exercise else catalog.all_exercises()
    out = console()
    out.print(render("study.watching", lang, path=folder, files=", ".join(e.filename for e in exercises[:3])
                     + (" ..." if len(exercises) > 3 else "")))

    def run(ex):
        out.clear()
        try:
            report = study.check_and_record(ex, folder)
        except engine.MissingFile:
            return
        print_report(report, lang, out)

    present = [e for e in exercises if study.has_file(folder, e)]
    if exercise and not present:
        usage_error("cli.missing_file", lang, path=os.path.join(folder, exercises[0].filename))
    if present:  # a check at once, not only after the first save: the most recently edited exercise
        run(max(present, key=lambda e: max(os.path.getmtime(p) for p in (os.path.join(folder, n) for n in e.filenames)
                                           if os.path.exists(p))))
    try:
        watch_loop(folder, exercises, run)
    except KeyboardInterrupt:  # Ctrl-C while a check runs: watchfiles only absorbs it while waiting
        pass
    sys.exit(0)


@click.command(short_help="Draw your functions next to the reference.")
@click.argument("exercise")
@WORKSPACE
@click.option("--out", type=click.Path(file_okay=False), default=".", show_default=True, help="Folder for the PNGs.")
@LANG
def plot(exercise, workspace, out, lang):
    """Draw your own functions next to the reference (ex02, ex07, ex08)."""
    from dlgrade.pipeline import engine
    from dlgrade.study import plots
    from dlgrade.study import workspace as ws

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace, stubs=False)
    try:
        path = engine.student_path(ex, folder)
    except engine.MissingFile as e:
        usage_error("cli.missing_file", lang, path=e.path)
    if not ex.plot:
        usage_error("study.no_plot", lang, exercise=ex.id, known=", ".join(plots.with_plots()))
    written, used = plots.plot(ex, path, out, lang)
    for p in written:
        click.echo(os.path.abspath(p))
    click.echo(render("study.plot_legend", lang), err=True)
    if used != lang:
        click.echo(render("study.plot_no_font", lang), err=True)
