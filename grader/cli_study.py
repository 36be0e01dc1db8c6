"""Self-study commands: init, reset, hint (progressive, remembered), list (progress), watch."""
import json
import os
import shutil
import sys
import time

import click

from dlgrade.cli_common import LANG, WORKSPACE, load_exercise, usage_error
from dlgrade.text import render


def is_bundled(folder):
    from dlgrade import workspace as ws

    real = os.path.realpath(folder)
    return real in (os.path.realpath(ws.bundled_exercises()), os.path.realpath(ws.bundled_solutions()))


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite exercise files that are already there.")
@LANG
def init(directory, force, lang):
    """Create a fresh workspace with every exercise's stub."""
    from dlgrade import catalog
    from dlgrade.workspace import bundled_exercises

    os.makedirs(directory, exist_ok=True)
    names = [ex.filename for ex in catalog.all_exercises()]
    present = [n for n in names if os.path.exists(os.path.join(directory, n))]
    if present and not force:
        usage_error("study.init_exists", lang, path=directory, files=", ".join(present[:3]))
    for n in names:
        shutil.copyfile(os.path.join(bundled_exercises(), n), os.path.join(directory, n))
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
    from dlgrade import progress, workspace as ws

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace)
    if is_bundled(folder):
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


def last_statuses(entry):
    """function -> list of (status, misconception) from the last recorded check."""
    out = {}
    for c in (entry.get("last") or {}).get("checks", {}).values():
        out.setdefault(c["function"], []).append((c["status"], c.get("misconception")))
    return out


@click.command()
@click.argument("exercise")
@click.argument("function", required=False)
@click.option("--level", type=click.IntRange(1, 3), default=None, help="1 idea, 2 formula, 3 near-code.")
@WORKSPACE
@LANG
def hint(exercise, function, level, workspace, lang):
    """Progressive hints: each call opens the next level (remembered per workspace); after a failed
    check, the hint written for the mistake that was found comes first."""
    from dlgrade import progress, workspace as ws

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace)
    remember = not is_bundled(folder)
    entry = progress.load(folder)["exercises"].get(ex.id, {}) if remember else {}
    statuses = last_statuses(entry)
    if function:
        f = ex.function(function)
        if f is None:
            usage_error("cli.unknown_function", lang, exercise=ex.id, name=function,
                        known=", ".join(x.name for x in ex.functions))
    else:  # the first function still failing in the last check, else the first one
        f = next((x for x in ex.functions if any(s not in ("passed", "skipped") for s, _ in statuses.get(x.name, []))),
                 ex.functions[0])
    opened = progress.hint_level(folder, ex.id, f.name) if remember else len(f.hints)
    all_open = level is None and remember and opened >= len(f.hints)
    if level is None:
        level = min(opened + 1, len(f.hints)) if remember else 1
    elif remember and level > opened + 1:
        usage_error("study.hint_locked", lang, level=level, next=opened + 1, function=f.name, exercise=ex.id)
    mistake = next((f.mistake(m) for s, m in statuses.get(f.name, []) if s == "failed" and m and f.mistake(m)), None)
    if mistake is not None:
        click.echo(render("study.hint_mistake", lang, function=f.name, hint=mistake.hint.get(lang)))
    for n in range(1, level + 1):
        click.echo(render("cli.hint_header", lang, level=n, levels=len(f.hints), function=f.name))
        click.echo("  " + f.hints[n - 1].get(lang))
    if all_open:
        click.echo(render("study.hint_all_open", lang, levels=len(f.hints), function=f.name))
    if remember:
        progress.unlock_hint(folder, ex.id, f.name, level)


def exercise_status(entry, present):
    if not present:
        return "missing"
    last = entry.get("last")
    if not last:
        return "not_started"
    statuses = {c["status"] for c in last["checks"].values()}
    if statuses <= {"passed", "skipped"}:
        return "passed"
    if statuses == {"not_implemented"}:
        return "not_implemented"
    return "failing"


@click.command("list")
@WORKSPACE
@click.option("--json", "as_json", is_flag=True)
@LANG
def list_(workspace, as_json, lang):
    """Every exercise with its status, best score and quiz score."""
    from dlgrade import catalog, progress, workspace as ws
    from dlgrade.render import console

    folder = ws.resolve(workspace)
    done = progress.load(folder)["exercises"]
    rows = []
    for ex in catalog.all_exercises():
        entry = done.get(ex.id, {})
        present = os.path.isfile(os.path.join(folder, ex.filename)) or \
            os.path.isfile(os.path.join(folder, ex.slug + ".ipynb"))
        quiz = entry.get("quiz") or {}
        rows.append({"exercise": ex.id, "slug": ex.slug, "title": ex.title.get(lang), "file": present,
                     "status": exercise_status(entry, present), "best": float(entry.get("best", 0.0)),
                     "max_score": float(ex.max_score()), "quiz_best": quiz.get("best"), "quiz_max": quiz.get("max"),
                     "functions": [f.name for f in ex.functions]})
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
        table.add_row(r["exercise"], r["title"], f"[{colour[r['status']]}]{render('study.status_' + r['status'], lang)}[/]",
                      f"{r['best']:g}/{r['max_score']:g}", quiz)
    console().print(table)


def watch_loop(folder, exercises, run, stop=None, debounce_ms=200):
    """Call run(exercise) whenever one of the exercises' files in `folder` is saved, until stop is set."""
    import watchfiles

    names = {ex.filename: ex for ex in exercises} | {ex.slug + ".ipynb": ex for ex in exercises}
    for changes in watchfiles.watch(folder, stop_event=stop, debounce=debounce_ms, raise_interrupt=False):
        touched = {names[os.path.basename(p)].id: names[os.path.basename(p)] for _, p in changes
                   if os.path.basename(p) in names}
        for key in sorted(touched):
            run(touched[key])


@click.command()
@click.argument("exercise", required=False)
@WORKSPACE
@LANG
def watch(exercise, workspace, lang):
    """Re-check an exercise (or any exercise) every time its file is saved."""
    from dlgrade import catalog, engine, progress, workspace as ws
    from dlgrade.render import console, print_report

    folder = ws.resolve(workspace)
    exercises = [load_exercise(exercise, lang)] if exercise else catalog.all_exercises()
    out = console()
    out.print(render("study.watching", lang, path=folder, files=", ".join(e.filename for e in exercises[:3])
                     + (" ..." if len(exercises) > 3 else "")))

    def run(ex):
        out.clear()
        try:
            report = engine.check(ex.id, folder)
        except engine.MissingFile:
            return
        if not is_bundled(folder):
            progress.record_check(folder, report)
        print_report(report, lang, out)

    try:
        watch_loop(folder, exercises, run)
    except KeyboardInterrupt:  # Ctrl-C while a check runs: watchfiles only absorbs it while waiting
        pass
    sys.exit(0)


@click.command()
@click.argument("exercise")
@WORKSPACE
@click.option("--out", type=click.Path(file_okay=False), default=".", show_default=True, help="Folder for the PNGs.")
@LANG
def plot(exercise, workspace, out, lang):
    """Draw your own functions next to the reference (ex02, ex07, ex08)."""
    from dlgrade import engine, plots, workspace as ws

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace)
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
