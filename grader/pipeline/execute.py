"""Run a check's case, one way whoever asks: `dlgrade check`/`grade` through the sandboxed child
(sandbox.runner.Child), a notebook's autograder cell in its own kernel (`InProcess`), a plot.

An executor runs a request's steps and returns (step replies, buffers); both executors run the
child's own `serve`, so arguments, copies and results are the same. `judge` turns the replies
into a verdict; the engine adds the child's life cycle (restarts, time limits) around it.
"""
import time
import types

from dlgrade.checks.base import Verdict
from dlgrade.sandbox import child, protocol
from dlgrade.text import Msg


CALL_TIMEOUT_S = 10.0  # one call outside a check (a plot's points)


class InProcess:
    """Runs requests on the functions of a namespace in this process (a notebook's globals). No
    isolation: for code that already runs here, such as a student's own kernel."""

    def __init__(self, namespace):
        self.module = types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})
        self.ours = child.preload()

    def run(self, steps, timeout=None):
        tree, buffers = protocol.encode_request(steps)
        reply, out = child.serve(tree, buffers, self.module, self.ours)
        return reply["steps"], out


class BadReply(Exception):
    """A reply that does not decode: forged by the student's code (the executor is not trusted after it)."""


def run_case(executor, function, chk, case, ctx, timeout=None, clock=False):
    """Run one case of a check and judge it: a Verdict, or None when the case passed. Raises the
    executor's Timeout, Crashed or ProtocolError, or BadReply (the caller decides what they cost).
    clock: the executor is another process, whose own clock may lie: the grader's wall time around
    the request goes to the judgement (timing checks bound the child's reported times by it)."""
    started = time.monotonic()
    replies, buffers = executor.run([s.request() for s in case.calls(function.name)], timeout)
    wall_s = time.monotonic() - started if clock else None
    return judge(chk, case, replies, buffers, ctx, wall_s)


def call(executor, fn, *args, **kwargs):
    """One call of a student's function: (status, value); value None unless status is "ok"."""
    replies, buffers = executor.run([{"fn": fn, "args": args, "kwargs": kwargs}], CALL_TIMEOUT_S)
    last = replies[-1] if replies else {}
    if last.get("status") != "ok":
        return last.get("status", "error"), None
    return "ok", protocol.decode(last["value"], buffers)


def judge(chk, case, replies, buffers, ctx, wall_s=None):
    verdict = reply_verdict(replies, case)
    if verdict is not None:
        return verdict
    try:
        values = [protocol.decode(r.get("value"), buffers, mark=True) if "value" in r else None for r in replies]
    except (protocol.ProtocolError, ValueError, IndexError, RecursionError):
        raise BadReply() from None
    try:
        return chk.judge_run(case, values, replies, ctx, wall_s)
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
