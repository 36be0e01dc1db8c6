"""GPU correctness: every correctness check again with CuPy inputs (float32 and float64).

The result must come back as a CuPy array (a silent copy to the host fails), of the input's
dtype, and match the same oracle (evaluated on the host from copies of the inputs). Without
CuPy or without a GPU the check reports `skipped` with the reason, never `failed`.
"""
from dataclasses import dataclass, field, replace

import numpy as np

from grader.checks.base import Check, Verdict
from grader.checks.purity import float_dtypes
from grader.inputs import Case, Step
from grader.sandbox.protocol import OnDevice, Rng
from grader.text import Msg


def on_device(value):
    """Arrays (also inside lists and tuples) to OnDevice markers, rngs to CuPy generators."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return OnDevice(value)
    if isinstance(value, Rng):
        return Rng(value.seed, module="cupy")
    if isinstance(value, (list, tuple)):
        return type(value)(on_device(v) for v in value)
    if isinstance(value, dict):
        return {k: on_device(v) for k, v in value.items()}
    return value


def modules(value):
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in modules(v)]
    if isinstance(value, np.ndarray):
        return [getattr(value, "module", "numpy")]
    return []


@dataclass
class Gpu(Check):
    base: Check = None  # the correctness check it repeats on the GPU
    name: str = "gpu"
    kind = "gpu"
    available: bool = field(default=False)
    reason: str = ""

    def cases(self, check_id, hidden_seed=None):
        base_id = check_id.rsplit(".", 1)[0] + "." + self.base.name
        out = []
        for c in self.base.cases(base_id, hidden_seed):
            steps = [Step(s.fn, on_device(s.args), on_device(s.kwargs), s.send) for s in c.steps] if c.steps else None
            out.append(Case(on_device(c.args), on_device(c.kwargs), c.label + " (CuPy)", steps,
                            c.oracle_args if c.oracle_args is not None else (c.args if c.steps is None else None)))
        return out

    def judge_case(self, case, values, replies, ctx):
        got = values[-1]
        host = [m for m in modules(got) if m != "cupy"]
        if host:
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg("gpu.host_copy", {})}))
        host_case = replace(case, args=case.oracle_args if case.oracle_args is not None else case.args,
                            kwargs=strip(case.kwargs))
        want = host_case.dtype_name()
        wrong = [d for d in float_dtypes(got) if d != want]
        if wrong:
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg(
                "check.dtype", {"expected": want, "got": wrong[0]})}))
        return self.base.judge_case(host_case, values, replies, ctx)


def strip(value):
    """OnDevice markers back to host arrays (the oracle runs on the host)."""
    if isinstance(value, OnDevice):
        return value.value
    if isinstance(value, Rng):
        return Rng(value.seed)
    if isinstance(value, (list, tuple)):
        return type(value)(strip(v) for v in value)
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items()}
    return value


def gpu_checks(function, checks, available, reason):
    """A GPU twin for each correctness check of a function (a general transformation: no
    exercise declares GPU checks)."""
    from grader.checks.correctness import Correctness

    return [Gpu(points=c.points, base=c, name=f"gpu_{c.name}", hidden=c.hidden, timeout=c.timeout,
                available=available, reason=reason)
            for c in checks if isinstance(c, Correctness) and c.kind == "correctness"]
