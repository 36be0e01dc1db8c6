"""The grading pipeline: collect -> run in the sandbox -> compare -> explain -> report.

`check()` is the library entry point: it never prints and never exits.
"""
import os
import secrets
import time
from dataclasses import dataclass, replace


from dlgrade import catalog
from dlgrade.checks.base import Context, Verdict
from dlgrade.report import CheckResult, Report
from dlgrade.sandbox import protocol
from dlgrade.sandbox.runner import Child, Crashed, Limits, Timeout, describe_exit
from dlgrade.text import Msg


class MissingFile(FileNotFoundError):
    def __init__(self, path):
        super().__init__(path)
        self.path = path


@dataclass
class Options:
    hidden: bool = False
    limits: Limits = None
    wrap: object = None  # isolation wrapper for the child's argv (see sandbox.runner)
    hidden_seed: int | None = None
    functions: tuple | None = None  # only these functions' checks (None: all)
    deadline: float | None = None  # time.monotonic() by which the whole exercise must be graded
    gpu: bool = False  # also run every correctness check with CuPy inputs
    timing: bool = False  # also time the functions listed in grader.timing.BUDGETS (on the GPU with gpu)
    fused: bool = False  # on the GPU also judge the time against the one-kernel baseline


def student_path(exercise, workspace):
    """The student's exNN_name.py, or else their exNN_name.ipynb (its code cells are the module)."""
    path = os.path.join(workspace, exercise.filename)
    notebook = os.path.splitext(path)[0] + ".ipynb"
    if not os.path.isfile(path) and os.path.isfile(notebook):
        return notebook
    if not os.path.isfile(path):
        raise MissingFile(path)
    return path


def check(name, workspace, hidden=False, limits=None, wrap=None, path=None, functions=None, hidden_seed=None,
          total_timeout=None, gpu=False, timing=False, fused=False):
    """Grade one exercise of a workspace. Raises catalog.UnknownExercise or MissingFile.

    hidden_seed fixes the hidden checks' inputs (a batch run shares one secret seed, so a resumed run
    grades exactly as an uninterrupted one); total_timeout bounds the whole exercise in seconds."""
    exercise = catalog.load(name)
    path = os.path.abspath(path or student_path(exercise, workspace))
    limits, gpu = limits or Limits(), gpu or fused  # --fused is a GPU timing check
    if gpu:  # CUDA reserves far more virtual memory than an address-space limit allows
        limits = replace(limits, memory_mb=None)
    opts = Options(hidden=hidden, limits=limits, wrap=wrap,
                   functions=tuple(functions) if functions else None,
                   deadline=time.monotonic() + total_timeout if total_timeout else None, gpu=gpu,
                   timing=timing or fused, fused=fused)
    if hidden:
        opts.hidden_seed = secrets.randbits(63) if hidden_seed is None else hidden_seed
    if path.endswith(".ipynb"):
        return grade_notebook(exercise, path, opts)
    return grade_file(exercise, path, opts)


def grade_notebook(exercise, path, opts):
    import shutil

    from dlgrade import notebook

    try:
        module, errors = notebook.materialize(path)
    except notebook.NotebookError as e:
        report = Report(exercise.id, exercise.slug, exercise.title, path)
        report.problem = Msg("import.notebook", {"file": os.path.basename(path), "detail": str(e)})
        report.checks = [CheckResult(chk.check_id(exercise, f), f.name, chk.kind, "error", 0.0, chk.points,
                                     report.problem, hidden=chk.hidden) for f, chk in exercise.checks(opts.hidden)
                         if not opts.functions or f.name in opts.functions]
        return report
    try:
        report = grade_file(exercise, module, opts)
    finally:
        shutil.rmtree(os.path.dirname(module), ignore_errors=True)
    report.file = path
    if errors and report.problem is None:  # the other cells were graded; say which cell is broken
        cell, line, detail = errors[0]
        report.problem = Msg("import.cell_syntax", {"file": os.path.basename(path), "cell": cell, "line": line,
                                                    "detail": detail})
    return report


def grade_file(exercise, path, opts):
    import importlib

    reference = importlib.import_module(exercise.reference_module)
    report = Report(exercise.id, exercise.slug, exercise.title, path,
                    hidden_not_run=len(exercise.checks(True)) - len(exercise.checks(opts.hidden)))
    runner = Runner(path, opts)
    try:
        for function, chk in with_gpu_checks(exercise, opts):
            if opts.functions and function.name not in opts.functions:
                continue
            if getattr(chk, "available", True) is False:
                report.checks.append(CheckResult(chk.check_id(exercise, function), function.name, chk.kind, "skipped",
                                                 0.0, chk.points, Msg("gpu.skipped", {"reason": chk.reason}),
                                                 hidden=chk.hidden))
                continue
            check_id = chk.check_id(exercise, function)
            ctx = Context(reference, function, exercise.reference_module)
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
    return report


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


def with_gpu_checks(exercise, opts):
    """The catalog's checks, plus GPU twins (--gpu) and timing checks (--timing), per function."""
    pairs = exercise.checks(opts.hidden)
    if not opts.gpu and not opts.timing:
        return pairs
    from dlgrade.checks.gpu import with_device_checks

    return with_device_checks(exercise, pairs, opts.gpu, opts.timing, opts.fused)


class Runner:
    """Runs checks in a child, restarting it after a hang or a crash."""

    def __init__(self, path, opts):
        self.path, self.opts = path, opts
        self.child = None
        self.import_problem = None
        self.timed_out = set()  # functions that hung: their remaining checks are not run

    def ensure_child(self):
        if self.child is not None or self.import_problem is not None:
            return self.child
        kw = {"wrap": self.opts.wrap} if self.opts.wrap else {}
        child = Child(self.path, self.opts.limits, **kw)
        failure = child.start()
        if failure is None:
            self.child = child
        else:
            child.close()
            self.import_problem = import_message(failure, os.path.basename(self.path))
        return self.child

    def restart(self):
        if self.child is not None:
            self.child.close()
            self.child = None

    def close(self):
        self.restart()

    def run_check(self, function, chk, check_id, ctx):
        """The check's verdict: the first case that fails decides it. When that failure names no
        mistake, the remaining cases are still run only to find one that does (a 0-d input tells
        little, a (2, 3) input more); the verdict and its message stay the first failure's."""
        if function.name in self.timed_out:
            return Verdict("timeout", Msg("check.skipped_after_timeout", {"function": function.name}))
        try:
            cases = chk.cases(check_id, self.opts.hidden_seed if chk.hidden else None)
        except Exception as e:  # a bug in our own generator must not look like the student's
            return Verdict("error", Msg("check.internal", {"detail": f"{type(e).__name__}: {e}"}))
        first = None  # an unexplained failure, kept while the later cases are searched for its explanation
        for case in cases:
            verdict = self.run_case(function, chk, case, ctx, searching=first is not None)
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

    def run_case(self, function, chk, case, ctx, searching=False):
        """One case: None when it passes, else its Verdict. While searching (an earlier case already
        failed) a hang or a crash only ends the search: it is not held against the function."""
        child = self.ensure_child()
        if child is None:
            status = "timeout" if self.import_problem.id == "import.timeout" else "error"
            return Verdict(status, self.import_problem)
        steps = [s.request() for s in case.calls(function.name)]
        timeout = chk.timeout or self.opts.limits.call_timeout_s
        if self.opts.deadline is not None:
            left = self.opts.deadline - time.monotonic()
            if left <= 0:
                return Verdict("timeout", Msg("check.deadline"))
            timeout = min(timeout, left)
        try:
            started = time.monotonic()
            replies, buffers = child.run(steps, timeout)
            ctx.wall_s = time.monotonic() - started  # timing checks compare it with the child's own clock
        except Timeout:
            self.restart()
            if not searching:
                self.timed_out.add(function.name)
            return Verdict("timeout", Msg("check.timeout", {"seconds": f"{timeout:g}", "case": case.label}))
        except (Crashed, protocol.ProtocolError) as e:
            code = getattr(e, "returncode", None)
            self.restart()
            return Verdict("error", Msg("check.crashed", {"how": describe_exit(code) or "protocol",
                                                          "case": case.label}))
        verdict = reply_verdict(replies, case)
        if verdict is not None:
            return verdict
        try:
            values = [protocol.decode(r.get("value"), buffers, mark=True) if "value" in r else None
                      for r in replies]
        except (protocol.ProtocolError, ValueError, IndexError):
            return Verdict("error", Msg("check.bad_output", {"case": case.label}))
        try:
            return chk.judge_case(case, values, replies, ctx)
        except Exception as e:  # odd outputs must give a clear failure, not our traceback
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg(
                "check.unjudgeable", {"detail": f"{type(e).__name__}: {e}"[:200]})}))


def reply_verdict(replies, case):
    last = replies[-1] if replies else {"status": "error", "detail": "no reply"}
    status = last.get("status")
    if status == "ok":
        return None
    if last.get("ours"):  # our own reference or baseline failed in the child
        return Verdict("error", Msg("check.internal", {"detail": str(last.get("detail"))[:300]}))
    if status == "not_implemented":
        return Verdict("not_implemented", Msg("check.not_implemented"))
    if status == "missing":
        return Verdict("error", Msg("check.missing_function", {"function": str(last.get("detail"))}))
    if last.get("memory"):
        return Verdict("error", Msg("check.memory", {"case": case.label}))
    if last.get("exit"):
        return Verdict("error", Msg("check.exit", {"detail": str(last.get("detail"))[:100]}))
    return Verdict("error", Msg("check.exception", {
        "case": case.label, "detail": str(last.get("detail"))[:300], "line": where(last.get("line"))}))


def where(line):
    """' (line 12)' for a file, ' (cell 3, line 2)' for a notebook cell, '' when unknown."""
    if isinstance(line, int):
        return Msg("check.at_line", {"line": line})
    if isinstance(line, list) and len(line) == 2 and all(isinstance(v, int) for v in line):
        return Msg("check.at_cell_line", {"cell": line[0], "line": line[1]})
    return ""


def import_message(failure, filename):
    if failure.kind == "syntax":
        return Msg("import.syntax", {"file": filename, "line": failure.line, "detail": failure.detail,
                                     "text": failure.text})
    if failure.kind == "timeout":
        return Msg("import.timeout", {"file": filename})
    if failure.kind == "crash":
        return Msg("import.crash", {"file": filename, "how": failure.detail})
    return Msg("import.exception", {"file": filename, "detail": failure.detail,
                                    "line": Msg("check.at_line", {"line": failure.line}) if failure.line else ""})
