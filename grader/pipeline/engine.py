"""The grading pipeline: collect -> run in the sandbox -> compare -> explain -> report.

`check()` is the library entry point: it never prints and never exits.
"""
import contextlib
import os
import secrets
import time
from dataclasses import dataclass, replace


from dlgrade import catalog
from dlgrade.checks.base import Context, Verdict
from dlgrade.pipeline.config import RunConfig
from dlgrade.pipeline.execute import BadReply, run_case
from dlgrade.pipeline.report import CheckResult, Report
from dlgrade.sandbox import protocol
from dlgrade.sandbox.runner import Child, Crashed, Limits, Timeout, describe_exit
from dlgrade.text import Msg


class MissingFile(FileNotFoundError):
    def __init__(self, path):
        super().__init__(path)
        self.path = path


def both_present(exercise, workspace):
    """Both exNN_name.py and exNN_name.ipynb are in the workspace (the .py is graded unless told)."""
    return all(os.path.isfile(os.path.join(workspace, name)) for name in exercise.filenames)


def student_path(exercise, workspace, prefer="py"):
    """The student's exNN_name.py, or else their exNN_name.ipynb (its code cells are the module);
    prefer="ipynb" takes the notebook where both exist."""
    path = os.path.join(workspace, exercise.filename)
    notebook = os.path.join(workspace, exercise.notebook_filename)
    if (prefer == "ipynb" or not os.path.isfile(path)) and os.path.isfile(notebook):
        return notebook
    if not os.path.isfile(path):
        raise MissingFile(path)
    return path


def check(name, workspace, config=RunConfig(), path=None, sandbox=None, wrap=None):
    """Grade one exercise of a workspace as `config` says. Raises catalog.UnknownExercise or MissingFile.

    path: the student's file (default: found in the workspace); sandbox: a sandbox.session.StudentSandbox,
    the child shared by a student's exercises (its limits then apply); wrap: the isolation wrapper of
    this call's own child (see sandbox.runner). A config without a hidden seed gets fresh secret inputs;
    config.timeout bounds the whole exercise from now."""
    exercise = catalog.load(name)
    path = os.path.abspath(path or student_path(exercise, workspace))
    if config.hidden and config.hidden_seed is None:
        config = replace(config, hidden_seed=secrets.randbits(63))
    from dlgrade.sandbox import student_files

    try:  # a link out of the student's folder would grade a classmate's file, or the course's
        student_files.check_inside(path, workspace if workspace else os.path.dirname(path))
    except student_files.Refused as e:
        return refused(exercise, path, config, e.msg)
    run = Run(config, sandbox.limits if sandbox is not None else config.limits(), wrap, sandbox,
              time.monotonic() + config.timeout if config.timeout else None)
    if path.endswith(".ipynb"):
        return grade_notebook(exercise, path, run)
    return grade_file(exercise, path, run)


@dataclass(frozen=True)
class Run:
    """One call of `check`: its config and what the call adds (limits, sandbox, the deadline on the clock)."""

    config: RunConfig
    limits: Limits
    wrap: object = None  # isolation wrapper for a child of this call's own
    sandbox: object = None  # a StudentSandbox: the child shared by a student's exercises
    deadline: float | None = None  # time.monotonic() by which the whole exercise must be graded


def refused(exercise, path, config, problem):
    """A report for a file that was not graded: every check an error, with the reason."""
    pairs = [(f, chk) for f, chk in exercise.checks(config.hidden)
             if not config.functions or f.name in config.functions]
    return Report.not_run(exercise, pairs, "error", problem, path)


def grade_notebook(exercise, path, run):
    import shutil

    from dlgrade.integrations import notebook
    from dlgrade.sandbox import student_files

    try:
        module, problem = notebook.materialize(path)
    except notebook.NotebookError as e:
        return refused(exercise, path, run.config, Msg("import.notebook", {"file": os.path.basename(path),
                                                                           "detail": e.detail}))
    except student_files.Refused as e:
        return refused(exercise, path, run.config, e.msg)
    try:
        report = grade_file(exercise, module, run)
    finally:
        shutil.rmtree(os.path.dirname(module), ignore_errors=True)
    report.file = path
    if problem is not None and report.problem is None:  # the other cells were graded; say which cell is broken
        report.problem = problem
    return report


def grade_file(exercise, path, run):
    import importlib

    reference = importlib.import_module(exercise.reference_module)
    report = Report(exercise.id, exercise.slug, exercise.title, path,
                    hidden_not_run=len(exercise.checks(True)) - len(exercise.checks(run.config.hidden)))
    runner = Runner(path, run)
    try:
        for function, chk in with_gpu_checks(exercise, run.config):
            if run.config.functions and function.name not in run.config.functions:
                continue
            if getattr(chk, "available", True) is False:
                report.checks.append(CheckResult(chk.check_id(exercise, function), function.name, chk.kind, "skipped",
                                                 0.0, chk.points, Msg("gpu.skipped", {"reason": chk.reason}),
                                                 hidden=chk.hidden))
                continue
            check_id = chk.check_id(exercise, function)
            ctx = Context(reference, function, exercise.reference_module, trusted=runner.trusted)
            verdict = runner.run_check(function, chk, check_id, ctx)
            mistake = function.mistake(verdict.misconception) if verdict.misconception else None
            report.checks.append(CheckResult(
                check_id, function.name, chk.kind, verdict.status,
                chk.points if verdict.status == "passed" else 0.0, chk.points, verdict.message,
                verdict.misconception, mistake.hint if mistake else None, chk.hidden,
                None if mistake else verdict.diagnosis))
    finally:
        runner.close()
    report.problem = runner.import_problem
    withhold_unearned(report)
    report.printed = capped(runner.printed)
    return report


PRINTED_LIMIT = 2000  # characters of the student's print() output kept for display


def capped(pieces, limit=PRINTED_LIMIT, width=200):
    """The first `limit` characters of what the student printed (children in order), lines cut at
    `width`, with a mark where anything was cut."""
    text, cut = "".join(t for t, _ in pieces), any(more for _, more in pieces)
    cut = cut or len(text) > limit
    lines = [line if len(line) <= width else line[:width] + " [...]" for line in text[:limit].splitlines()]
    return "\n".join(lines) + ("\n[...]" if cut else "")


EARNED_ONLY = ("purity", "stability", "timing")  # points that count once the function's values are right


def withhold_unearned(report):
    """No points for no work: a function's purity, dtype, stability and timing points count only
    when every correctness check of that function passed (a stub, an identity function or zeros
    keep their inputs and dtype but compute nothing). The check keeps its status; its points are
    withheld with a message saying why."""
    wrong = {c.function for c in report.checks if c.kind == "correctness" and c.status not in ("passed", "skipped")}
    for c in report.checks:
        if c.function in wrong and c.kind in EARNED_ONLY and c.status == "passed" and c.score > 0:
            c.score = 0.0
            c.message = Msg("diag.withheld", {"function": c.function})


def with_gpu_checks(exercise, config):
    """The catalog's checks, plus GPU twins (--gpu) and timing checks (--timing), per function."""
    pairs = exercise.checks(config.hidden)
    if not config.gpu and not config.timing:
        return pairs
    from dlgrade.checks.gpu import with_device_checks

    return with_device_checks(exercise, pairs, config.gpu, config.timing, config.fused)


class Runner:
    """Runs checks in a child, restarting it after a hang or a crash."""

    def __init__(self, path, run):
        self.path, self.run = path, run
        self.child = None
        self.idle = True  # no request of ours is half answered by the child
        self.import_problem = None
        self.timed_out = set()  # functions that hung: their remaining checks are not run
        self.printed = []  # what the student's code printed, child by child (shown, never parsed)
        from dlgrade.pipeline.trusted import Trusted

        self.trusted = Trusted(run.limits)  # started only when a GPU or timing check needs it

    def ensure_child(self):
        if self.child is not None or self.import_problem is not None:
            return self.child
        if self.run.sandbox is not None:
            child, failure = self.run.sandbox.open(self.path)
        else:
            child = Child(self.path, self.run.limits, wrap=self.run.wrap)
            failure = child.start()
        if failure is None:
            self.child = child
        else:
            if self.run.sandbox is None:
                child.close()
            self.import_problem = import_message(failure, os.path.basename(self.path))
        return self.child

    def restart(self):
        if self.child is not None:
            self.printed.append(self.child.head(PRINTED_LIMIT))
            self.child.close()
            self.child = None

    def close(self):
        if self.run.sandbox is not None and self.child is not None:  # the student's next exercise may use it
            self.run.sandbox.release(self.child, self.idle)
            self.child = None
        self.restart()
        self.trusted.close()

    def run_check(self, function, chk, check_id, ctx):
        """The check's verdict: the first case that fails decides it. When that failure names no
        mistake, the remaining cases are still run only to find one that does (a 0-d input tells
        little, a (2, 3) input more); the verdict and its message stay the first failure's."""
        if function.name in self.timed_out:
            return Verdict("timeout", Msg("check.skipped_after_timeout", {"function": function.name}))
        try:
            cases = chk.cases(check_id, self.run.config.hidden_seed if chk.hidden else None)
        except Exception as e:  # a bug in our own generator must not look like the student's
            return Verdict("error", Msg("check.internal", {"detail": f"{type(e).__name__}: {e}"}))
        exclusive = getattr(chk, "exclusive", None)  # timing: one timed case at a time on this machine
        first = None  # an unexplained failure, kept while the later cases are searched for its explanation
        for case in cases:
            with exclusive() if exclusive else contextlib.nullcontext():
                verdict = self.case_verdict(function, chk, case, ctx, searching=first is not None)
            if first is not None:
                if verdict is not None and verdict.status == "failed" and (verdict.misconception or verdict.diagnosis):
                    first.misconception, first.diagnosis = verdict.misconception, verdict.diagnosis
                    return first
                if verdict is not None and verdict.status != "failed":
                    return first
                continue
            if verdict is not None and verdict.status == "failed" and not (verdict.misconception or verdict.diagnosis):
                first = verdict
                continue
            if verdict is not None:
                return verdict
        return first or Verdict("passed", ctx.advice)

    def case_verdict(self, function, chk, case, ctx, searching=False):
        """One case in the child and its judgement: a Verdict, or None when the case passed. While
        searching (an earlier case already failed) a hang only ends the search: it is not held
        against the function's other checks."""
        child = self.ensure_child()
        if child is None:
            status = "timeout" if self.import_problem.id == "import.timeout" else "error"
            return Verdict(status, self.import_problem)
        timeout = chk.timeout or self.run.limits.call_timeout_s
        if self.run.deadline is not None:
            left = self.run.deadline - time.monotonic()
            if left <= 0:
                return Verdict("timeout", Msg("check.deadline"))
            timeout = min(timeout, left)
        try:
            self.idle = False
            verdict = run_case(child, function, chk, case, ctx, timeout, clock=True)
            self.idle = True
        except Timeout:
            self.restart()
            if not searching:
                self.timed_out.add(function.name)
            return Verdict("timeout", Msg("check.timeout", {"seconds": f"{timeout:g}", "case": case.label}))
        except (protocol.ProtocolError, BadReply):  # a forged or oversized reply: the child is not trusted again
            self.restart()
            return Verdict("error", Msg("sandbox.bad_reply", {"case": case.label}))
        except Crashed as e:
            code = e.returncode
            self.restart()
            return Verdict("error", Msg("check.crashed", {"how": describe_exit(code) or "protocol",
                                                          "case": case.label}))
        return verdict


def import_message(failure, filename):
    if failure.kind == "syntax" and not isinstance(failure.line, int):  # null bytes: no line to point at
        return Msg("import.syntax_noline", {"file": filename, "detail": failure.detail})
    if failure.kind == "syntax":
        return Msg("import.syntax", {"file": filename, "line": failure.line, "detail": failure.detail,
                                     "text": failure.text})
    if failure.kind == "timeout":
        return Msg("import.timeout", {"file": filename})
    if failure.kind == "crash":
        if not failure.detail:  # no exit status to say (a box that could not be started)
            return Msg("import.crash_plain", {"file": filename})
        return Msg("import.crash", {"file": filename, "how": failure.detail})
    return Msg("import.exception", {"file": filename, "detail": failure.detail,
                                    "line": Msg("check.at_line", {"line": failure.line}) if failure.line else ""})
