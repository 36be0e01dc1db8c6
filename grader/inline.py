"""Checks from inside a notebook: `dlgrade.check("ex02")`, `dlgrade.hint("ex02", "sigmoid")`.

`check` grades the exercise's functions as the kernel has them now (their source, from the
executed cells: see grader.kernel_source), never the kernel's objects: the source is written to a
private module and graded by the engine in the same sandboxed child as `dlgrade check`, so nothing
in the kernel can fake a pass. Bubblewrap fences the child where it works; elsewhere (Colab)
resource limits only, and the first report says so. Progress is recorded in the notebook's folder
(`.dlgrade/progress.json`), as the CLI does in a workspace. Nothing here prints or raises for a
student's mistake: every outcome is an object Jupyter shows (grader.inline_view).
"""
import os
import shutil
import sys

from dlgrade.inline_view import CheckView, Notice
from dlgrade.text import LANGS, Msg

_SAID = set()  # notes said once per kernel


def check(exercise, function=None, *, lang="en", workspace=None, timeout=10.0, kernel=None):
    """Grade `exercise` ("ex02", "2") from the kernel's current definitions; `function` (a name or a
    list of names) limits it to those functions. Returns a CheckView (or a Notice for a usage error).
    `kernel` (a kernel_source.Kernel) replaces the running kernel, for tests."""
    from dlgrade import kernel_source, progress
    from dlgrade.report import CheckResult, Report

    ex, names, problem = usage(exercise, function, lang)
    if problem is not None:
        return problem
    kernel = kernel or kernel_source.Kernel.current(caller_globals())
    found = kernel_source.collect(names, kernel)
    graded = [n for n in names if n not in found.problems]
    notes = []
    if graded:
        report = grade(ex, graded, found.pieces, timeout, notes)
    else:
        report = Report(ex.id, ex.slug, ex.title, "",
                        hidden_not_run=len(ex.checks(True)) - len(ex.checks(False)))
    ran = {c.id: c for c in report.checks}
    report.checks = []
    for f, chk in ex.checks(False):
        check_id = chk.check_id(ex, f)
        if f.name in found.problems:
            report.checks.append(CheckResult(check_id, f.name, chk.kind, "error", 0.0, chk.points,
                                             found.problems[f.name], hidden=chk.hidden))
        elif check_id in ran:
            report.checks.append(ran.pop(check_id))
    report.checks += ran.values()
    if found.cells:
        notes.insert(0, Msg("inline.graded_cells", {"cells": ", ".join(map(str, found.cells))}))
    folder = os.path.abspath(workspace or os.getcwd())
    if report.checks and not bundled(folder):
        try:
            progress.record_check(folder, report)
        except OSError:  # a read-only folder: the report still counts for the student
            pass
    return CheckView(report, lang, notes)


def usage(exercise, function, lang):
    """(exercise record, function names, None), or a Notice for an unknown exercise or function."""
    from dlgrade import catalog

    if lang not in LANGS:
        return None, None, Notice([Msg("inline.bad_lang", {"lang": repr(lang)})], "en", error=True)
    try:
        ex = catalog.load(exercise)
    except catalog.UnknownExercise:
        return None, None, Notice([Msg("cli.unknown_exercise", {
            "name": exercise, "known": ", ".join(s[:4] for s in catalog.slugs())})], lang, error=True)
    if function is None:
        return ex, [f.name for f in ex.functions], None
    names = [function] if isinstance(function, str) else list(function)
    unknown = [n for n in names if ex.function(str(n)) is None]
    if unknown or not names:
        return None, None, Notice([Msg("cli.unknown_function", {
            "exercise": ex.id, "name": unknown[0] if unknown else "", "known": ", ".join(f.name for f in ex.functions)})],
            lang, error=True)
    return ex, [f.name for f in ex.functions if f.name in names], None


def grade(ex, names, pieces, timeout, notes):
    """The engine's check of the written module, in the child, fenced as well as this machine allows."""
    from dlgrade import engine, isolation, kernel_source
    from dlgrade.sandbox.runner import Limits

    path = kernel_source.write_module(ex.filename, pieces)
    folder = os.path.dirname(path)
    try:
        wrap = isolation.choose("auto", folder)
        if wrap.name == "rlimit" and "rlimit" not in _SAID:
            _SAID.add("rlimit")
            notes.append(Msg("inline.rlimit_only"))
        report = engine.check(ex.id, folder, path=path, functions=names, wrap=wrap,
                              limits=Limits(call_timeout_s=timeout))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if report.problem is not None and report.problem.id.startswith("import."):
        # the module is ours, not a file of the student's: name their cells instead
        own = Msg(report.problem.id, {**report.problem.params, "file": Msg("inline.your_cells")})
        for c in report.checks:
            if c.message is report.problem:
                c.message = own
        report.problem = own
    report.file = ""
    return report


def caller_globals():
    """The globals of the first caller outside this package (a script calling dlgrade.check)."""
    frame = sys._getframe(1)
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("dlgrade"):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def bundled(folder):
    from dlgrade import workspace as ws

    real = os.path.realpath(folder)
    return real in (os.path.realpath(ws.bundled_exercises()), os.path.realpath(ws.bundled_solutions()))


def hint(exercise, function=None, *, level=None, lang="en", workspace=None):
    """The next hint (each call opens one more level, remembered in the notebook's folder), or
    `level` 1-3; after a failed check, the hint for the mistake it found comes first."""
    from dlgrade import progress
    from dlgrade.cli_study import last_statuses

    ex, names, problem = usage(exercise, function, lang)
    if problem is not None:
        return problem
    folder = os.path.abspath(workspace or os.getcwd())
    remember = not bundled(folder)
    entry = progress.load(folder)["exercises"].get(ex.id, {}) if remember else {}
    statuses = last_statuses(entry)
    if function is not None:
        f = ex.function(names[0])
    else:  # the first function still failing in the last check, else the first one
        f = next((x for x in ex.functions if any(s not in ("passed", "skipped") for s, _ in statuses.get(x.name, []))),
                 ex.functions[0])
    opened = progress.hint_level(folder, ex.id, f.name) if remember else 0
    if level is None:
        level = min(opened + 1, len(f.hints))
    elif not isinstance(level, int) or not 1 <= level <= len(f.hints):
        return Notice([Msg("inline.bad_level", {"levels": len(f.hints)})], lang, error=True)
    elif remember and level > opened + 1:
        return Notice([Msg("study.hint_locked", {"level": level, "next": opened + 1, "function": f.name,
                                                  "exercise": ex.id})], lang, error=True)
    lines = []
    mistake = next((f.mistake(m) for s, m in statuses.get(f.name, []) if s == "failed" and m and f.mistake(m)), None)
    if mistake is not None:
        lines.append(Msg("study.hint_mistake", {"function": f.name, "hint": mistake.hint}))
    for n in range(1, level + 1):
        lines += [Msg("cli.hint_header", {"level": n, "levels": len(f.hints), "function": f.name}),
                  "  " + f.hints[n - 1].get(lang)]
    if remember:
        try:
            progress.unlock_hint(folder, ex.id, f.name, level)
        except OSError:
            pass
    return Notice(lines, lang)
