"""Checks from inside a notebook: `dlgrade.check("ex02")`, `dlgrade.hint("ex02", "sigmoid")`.

`check` grades the exercise's functions as the kernel has them now (their source, from the
executed cells: see dlgrade.integrations.kernel_source), never the kernel's objects: the source is written to a
private module, judged by the engine in a fresh interpreter (dlgrade.integrations.inline_run) and run in the
same sandboxed child as `dlgrade check`, so nothing in the kernel can fake a pass. Bubblewrap
fences the child where it works; elsewhere (Colab) resource limits only, and the first report
says so. Progress is recorded in the notebook's folder
(`.dlgrade/progress.json`), as the CLI does in a workspace. Nothing here prints or raises for a
student's mistake: every outcome is an object Jupyter shows (dlgrade.integrations.inline_view).
"""
import os
import shutil
import sys

from dlgrade.integrations.inline_view import CheckView, Notice
from dlgrade.text import LANGS, Msg

_SAID = set()  # notes said once per kernel


def check(exercise, function=None, *, lang="en", workspace=None, timeout=10.0, kernel=None):
    """Grade `exercise` ("ex02", "2") from the kernel's current definitions; `function` (a name or a
    list of names) limits it to those functions; `timeout`: seconds per check case. Returns a
    CheckView (or a Notice for a usage error). `kernel` (a kernel_source.Kernel) replaces the
    running kernel, for tests and benchmarks."""
    from dlgrade.integrations import kernel_source
    from dlgrade.pipeline.report import CheckResult, Report

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
            problem = found.problems[f.name]
            status = "not_implemented" if problem.id == "inline.not_defined" else "error"  # not written yet, as a stub
            report.checks.append(CheckResult(check_id, f.name, chk.kind, status, 0.0, chk.points, problem,
                                             hidden=chk.hidden))
        elif check_id in ran:
            report.checks.append(ran.pop(check_id))
    report.checks += ran.values()
    if found.cells:
        notes.insert(0, Msg("inline.graded_cells", {"cells": ", ".join(f"[{n}]" for n in found.cells)}))
    record(os.path.abspath(workspace or os.getcwd()), ex, report)
    return CheckView(report, lang, notes)


def record(folder, ex, report):
    """Record the check in the folder's progress as `dlgrade check` does. A check of some functions
    keeps the last recorded outcome of the others (never checked: not implemented), so `dlgrade list`
    does not call an exercise passed after one function passed."""
    from types import SimpleNamespace

    from dlgrade.study import progress
    from dlgrade.study.policy import is_bundled
    from dlgrade.pipeline.report import CheckResult

    if not report.checks or is_bundled(folder):
        return
    now = {c.id: c for c in report.checks}
    before = (progress.load(folder)["exercises"].get(ex.id, {}).get("last") or {}).get("checks", {})
    merged = []
    for f, chk in ex.checks(False):
        check_id = chk.check_id(ex, f)
        if check_id in now:
            merged.append(now.pop(check_id))
        else:
            old = before.get(check_id) or {"status": "not_implemented"}
            merged.append(CheckResult(check_id, f.name, chk.kind, old["status"],
                                      chk.points if old["status"] == "passed" else 0.0, chk.points,
                                      misconception=old.get("misconception")))
    merged += now.values()
    scored = [c for c in merged if c.status != "skipped"]
    whole = SimpleNamespace(exercise=ex.id, checks=merged, score=float(sum(c.score for c in scored)),
                            max_score=float(sum(c.max_score for c in scored)))
    try:
        progress.record_check(folder, whole)
    except OSError:  # a read-only folder: the report is still shown
        pass


def usage(exercise, function, lang):
    """(exercise record, function names, None), or a Notice for an unknown exercise or function."""
    from dlgrade import catalog

    if lang not in LANGS:
        bad = Msg("inline.bad_lang", {"given": repr(lang)})
        return None, None, Notice([bad.render("en"), bad.render("ko")], "en", error=True)  # no language chosen
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
            "exercise": ex.id, "name": unknown[0] if unknown else "",
            "known": ", ".join(f.name for f in ex.functions)})],
            lang, error=True)
    return ex, [f.name for f in ex.functions if f.name in names], None


TOTAL_TIMEOUT_S = 300.0  # one exercise, all its checks


def grade(ex, names, pieces, timeout, notes):
    """The engine's check of the written module: judged in a fresh interpreter (dlgrade.integrations.inline_run),
    the functions run in its sandboxed child, fenced by bubblewrap where it works."""
    from dlgrade.sandbox import isolation
    from dlgrade.integrations import kernel_source

    path = kernel_source.write_module(ex.filename, pieces)
    folder = os.path.dirname(path)
    job = {"exercise": ex.id, "path": path, "functions": names, "timeout": float(timeout),
           "total_timeout": TOTAL_TIMEOUT_S, "isolation": isolation.name_for("auto")}
    try:
        reply = run_job(job, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(reply, Msg):  # the grading process itself failed: every asked check says so
        return problem_report(ex, names, reply)
    if reply["isolation"] == "rlimit" and "rlimit" not in _SAID:
        _SAID.add("rlimit")
        notes.append(Msg("inline.rlimit_only"))
    from dlgrade.pipeline.report import Report

    report = Report.from_record(reply["report"])
    report.file = ""  # a temporary module of the kernel's cells, gone by now
    if report.problem is not None and report.problem.id.startswith("import."):
        # the module is ours, not a file of the student's: name their cells instead
        own = Msg(report.problem.id, {**report.problem.params, "file": Msg("inline.your_cells")})
        for c in report.checks:
            if c.message is report.problem:
                c.message = own
        report.problem = own
    return report


def run_job(job, folder):
    """Run dlgrade.integrations.inline_run; its JSON reply, or a Msg when it failed. An interrupt of the kernel
    stops it (it then closes its child) and is raised again."""
    import json
    import subprocess

    proc = subprocess.Popen([sys.executable, "-m", "dlgrade.integrations.inline_run"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=folder)
    try:
        out, err = proc.communicate(json.dumps(job).encode(), timeout=TOTAL_TIMEOUT_S + 60)
    except BaseException:  # KeyboardInterrupt (the kernel's stop button) or our own timeout
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if sys.exc_info()[0] is subprocess.TimeoutExpired:
            return Msg("check.deadline")
        raise
    try:
        return json.loads(out)
    except ValueError:
        detail = err.decode(errors="replace").strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        return Msg("check.internal", {"detail": detail[0][:300]})


def problem_report(ex, names, message):
    from dlgrade.pipeline.report import CheckResult, Report

    report = Report(ex.id, ex.slug, ex.title, "", problem=message)
    report.checks = [CheckResult(chk.check_id(ex, f), f.name, chk.kind, "error", 0.0, chk.points, message,
                                 hidden=chk.hidden) for f, chk in ex.checks(False) if f.name in names]
    return report


def caller_globals():
    """The globals of the first caller outside this package (a script calling dlgrade.check)."""
    frame = sys._getframe(1)
    while frame is not None and str(frame.f_globals.get("__name__", "")).partition(".")[0] == "dlgrade":
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def hint(exercise, function=None, *, level=None, lang="en", workspace=None):
    """The next hint (each call opens one more level, remembered in the notebook's folder), or
    `level` 1-3; after a failed check, the hint for the mistake it found comes first."""
    from dlgrade.study import policy as study

    ex, names, problem = usage(exercise, function, lang)
    if problem is not None:
        return problem
    folder = os.path.abspath(workspace or os.getcwd())
    f = ex.function(names[0]) if function is not None else None
    if level is not None and (not isinstance(level, int) or not 1 <= level <= len((f or ex.functions[0]).hints.levels)):
        return Notice([Msg("inline.bad_level", {"levels": len((f or ex.functions[0]).hints.levels)})], lang, error=True)
    try:
        step = study.next_hint(ex, folder, f, level)
    except study.HintLocked as e:
        return Notice([Msg("study.hint_locked", {"level": e.level, "next": e.next_level, "function": f.name,
                                                  "exercise": ex.id})], lang, error=True)
    f, lines = step.function, []
    if step.mistake is not None:
        lines.append(Msg("study.hint_mistake", {"function": f.name, "hint": step.mistake.hint}))
    for n in range(1, step.level + 1):
        lines += [Msg("cli.hint_header", {"level": n, "levels": len(f.hints.levels), "function": f.name}),
                  "  " + f.hints.levels[n - 1].get(lang)]
    if step.all_open:
        lines.append(Msg("study.hint_all_open", {"levels": len(f.hints.levels), "function": f.name}))
    return Notice(lines, lang)
