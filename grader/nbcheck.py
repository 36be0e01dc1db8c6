"""dlgrade checks inside a Jupyter kernel: the autograder cells of the notebooks that
`dlgrade nbgrader build` writes call `run_check("ex02.sigmoid.values", globals())`, so stock
`nbgrader autograde` grades with exactly dlgrade's checks. A failure raises AssertionError with
the message in English and Korean, and the hint when the output matches a known mistake
(nbgrader then gives the cell 0 points). Hidden checks draw their inputs from the seed written
into the hidden test cell (the course's secret, see grader.nbcourse), so both autograders grade
them on the same inputs.
"""
import types

import numpy as np

from dlgrade import catalog
from dlgrade.checks.base import Context
from dlgrade.sandbox import protocol
from dlgrade.sandbox.child import call

NB_HIDDEN_SEED = 20261122  # hidden checks of cells written without a seed (courses built before seeds)


def resolve(value, results):
    """The request markers of a case, for an in-process call."""
    if isinstance(value, protocol.Ref):
        out = results[value.path[0]]
        for i in value.path[1:]:
            out = out[i]
        return out
    if isinstance(value, protocol.Rng):
        return np.random.default_rng(value.seed)
    if isinstance(value, protocol.Func):
        return value.build()
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(resolve(v, results) for v in value)
    if isinstance(value, dict):
        return {k: resolve(v, results) for k, v in value.items()}
    return value


def find(check_id):
    ex = catalog.load(check_id.split(".")[0])
    for function, chk in ex.checks(hidden=True):
        if chk.check_id(ex, function) == check_id:
            return ex, function, chk
    raise KeyError(check_id)


def run_check(check_id, namespace, seed=None, lang=None):
    """Run one dlgrade check against the functions defined in `namespace` (a notebook's globals).
    Returns None (a cell's value would be read by nbgrader as a partial score), or raises
    AssertionError with the message (lang None: English and Korean)."""
    import importlib

    from dlgrade.engine import reply_verdict

    ex, function, chk = find(check_id)
    ctx = Context(importlib.import_module(ex.reference_module), function, ex.reference_module)
    module = types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})
    for case in chk.cases(check_id, (NB_HIDDEN_SEED if seed is None else seed) if chk.hidden else None):
        values, replies = [], []
        for step in case.calls(function.name):
            reply, value = call(module, step.fn, resolve(step.args, values), resolve(step.kwargs, values), np)
            values.append(value)
            replies.append(reply)
            if reply["status"] != "ok":
                break
        verdict = reply_verdict(replies, case)
        if verdict is None:
            verdict = chk.judge_case(case, [to_host(v) for v in values], replies, ctx)
        if verdict is not None:
            raise AssertionError(failure_text(check_id, chk.points, function, verdict, lang))


def failure_text(check_id, points, function, verdict, lang=None):
    """The check's verdict for a notebook reader, in one language or (None) English then Korean."""
    from dlgrade.text import Msg

    mistake = function.mistake(verdict.misconception) if verdict.misconception else None
    out = []
    for lg in ([lang] if lang else ["en", "ko"]):
        out.append(Msg("nb.check_failed", {"check": check_id, "points": points,
                                           "status": Msg(f"status.{verdict.status}"),
                                           "message": verdict.message or ""}).render(lg))
        if mistake is not None or verdict.diagnosis is not None:
            out.append("    " + Msg("nb.hint", {"hint": mistake.hint if mistake else verdict.diagnosis}).render(lg))
    return "\n".join(out)


def to_host(value):
    """What the sandbox would have sent back: arrays (scalars as 0-d), tuples, lists."""
    if isinstance(value, (tuple, list)):
        return type(value)(to_host(v) for v in value)
    if isinstance(value, np.generic):
        return np.asarray(value)
    return value
