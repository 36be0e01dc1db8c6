"""GPU correctness: every correctness check of the catalog again with CuPy inputs.

A general transformation (no exercise declares GPU checks): each case of a value or property
check is repeated with its arrays moved to the device in the child and its rngs made CuPy
generators. The result must come back as CuPy arrays (a silent copy to the host fails), of the
inputs' floating dtype, and pass the same judgement: oracles and verifiers run on the host, on
the original inputs and on host copies of the results. CuPy's generator draws other numbers than
NumPy's for the same seed, so where a value check's inputs hold an rng, the oracle (the
reference function) runs on the device with a generator of the same seed, in the grader's
trusted child (dlgrade.pipeline.trusted): same seed, same draws, and never in the student's process.
Cases with nothing to put on the device are left out, and so are twins left without a case (they
could not fail: functions of plain numbers). Without CuPy or a GPU the checks report
`skipped` with the reason, never `failed`.

The student's child never runs our reference: nothing it patches there changes a verdict, and
batch grading (which hides `reference` from the student's child) has GPU checks too.
"""
from dataclasses import dataclass

import numpy as np

from dlgrade.pipeline.compare import OUTPUT, element
from dlgrade.checks.base import Check, Context, Verdict
from dlgrade.catalog.inputs import Case, Step
from dlgrade.catalog.inputs import OnDevice, Rng, holds
from dlgrade.text import Msg, T

TIMEOUT_S = 30.0  # per case: the first calls on a GPU compile CuPy's kernels


def on_device(value):
    """Arrays (also inside lists, tuples and dicts) to OnDevice markers, rngs to CuPy generators."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return OnDevice(value)
    if isinstance(value, Rng):
        return Rng(value.seed, module="cupy", shared=value.shared)
    if isinstance(value, (list, tuple)):
        return type(value)(on_device(v) for v in value)
    if isinstance(value, dict):
        return {k: on_device(v) for k, v in value.items()}
    return value


def moved(value):
    """Does anything in value go to the device?"""
    if isinstance(value, (OnDevice, Rng)):
        return isinstance(value, OnDevice) or value.module == "cupy"
    if isinstance(value, (list, tuple)):
        return any(moved(v) for v in value)
    if isinstance(value, dict):
        return any(moved(v) for v in value.values())
    if isinstance(value, Step):
        return moved(value.args) or moved(value.kwargs)
    return False


def input_dtype(case):
    """The floating dtype of a case's array inputs, or None when it has none."""
    values = list(case.args) + list(case.kwargs.values()) + [a for s in case.steps or () for a in s.args]
    for a in values:
        for x in (a if isinstance(a, (list, tuple)) else (a,)):
            if isinstance(x, np.ndarray) and x.dtype.kind == "f":
                return x.dtype.name
    return None


def device_problem(got, want_dtype, where=OUTPUT):
    """A Msg when a result is not what CuPy inputs must give: CuPy arrays of the inputs' dtype."""
    if isinstance(got, (tuple, list)):
        for i, v in enumerate(got):
            problem = device_problem(v, want_dtype, element(where, i))
            if problem is not None:
                return problem
        return None
    if not isinstance(got, np.ndarray):  # Python scalars, None, opaque objects (a cache)
        return None
    if getattr(got, "module", "numpy") != "cupy":
        return Msg("gpu.host_copy", {"where": where})
    if want_dtype and got.dtype.kind == "f" and got.dtype.name != want_dtype:
        return Msg("gpu.dtype", {"where": where, "expected": want_dtype, "got": got.dtype.name})
    return None


@dataclass
class DeviceCase(Case):
    host: Case = None  # the catalog's case: inputs for oracles and verifiers
    oracle_steps: list | None = None  # the reference on the device, run by the trusted child (its last step)

    @property
    def device_oracle(self):
        return self.oracle_steps is not None


class DeviceOracle(Context):
    """The context of a device-oracle case: the oracle's value is what the child computed."""

    def __init__(self, ctx, name, value):
        super().__init__(ctx.reference, ctx.function, ctx.reference_name)
        self.name, self.value, self.trusted = name, value, ctx.trusted

    def oracle(self, spec):
        if (spec or self.function.name) == self.name:
            return lambda *args, **kwargs: self.value
        return super().oracle(spec)


@dataclass
class Gpu(Check):
    base: Check = None  # the value or property check it repeats on the GPU
    base_id: str = ""  # the base check's id: its cases are drawn from the same seed
    function: str = ""  # the name of the function checked
    reference_module: str = ""
    available: bool = True
    reason: Msg | None = None
    kind = "gpu"

    def oracle_name(self, fn):
        """The reference function that can run on the device for this check, or None."""
        oracle = getattr(self.base, "oracle", None)
        if getattr(self.base, "expected", None) is not None or getattr(self.base, "between", None) is not None:
            return None
        if not hasattr(self.base, "oracle") or not (oracle is None or isinstance(oracle, str)):
            return None
        return oracle or fn

    def cases(self, check_id, hidden_seed=None):
        fn = self.function
        out = []
        for c in self.base.cases(self.base_id, hidden_seed):
            args, kwargs = on_device(c.args), on_device(c.kwargs)
            steps = [Step(s.fn, on_device(s.args), on_device(s.kwargs), s.send) for s in c.steps] if c.steps else None
            if not moved((args, kwargs, steps or ())):
                continue  # nothing goes to the device: the CPU checks already judge this case
            oracle = self.oracle_name(fn)
            oracle_steps = None
            if holds((c.args, c.kwargs, [(s.args, s.kwargs) for s in c.steps or ()]), Rng) \
                    and hasattr(self.base, "oracle"):  # a value check (property checks verify)
                # CuPy draws differ from NumPy's: only the reference run on the device with the same seed can
                # judge. That holds for a named oracle of one call only; a case with steps or a derived oracle
                # would compare CuPy draws with a NumPy oracle.
                assert steps is None and oracle is not None, f"no device oracle for {check_id}: rng with " \
                                                             "steps or a derived oracle"
                theirs = c.oracle_args if c.oracle_args is not None else c.args
                oracle_steps = [Step(oracle, on_device(theirs), on_device(c.kwargs), source=self.reference_module)]
            out.append(DeviceCase(args, kwargs, with_suffix(c.label, " (CuPy)"), steps, None, host=c,
                                  oracle_steps=oracle_steps))
        return out

    def judge_case(self, case, values, replies, ctx):
        from dlgrade.pipeline.trusted import TrustedFailure

        got = values[-1]
        problem = device_problem(got, input_dtype(case.host))
        if problem is not None:
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": problem}))
        if case.device_oracle:
            try:
                _, oracle_values = ctx.trusted.run(case.oracle_steps, self.timeout or TIMEOUT_S)
            except TrustedFailure as e:
                return Verdict("error", Msg("check.internal", {"detail": str(e)}))
            ctx = DeviceOracle(ctx, case.oracle_steps[-1].fn, oracle_values[-1])
        verdict = self.base.judge_case(case.host, values, replies, ctx)
        if verdict is not None and verdict.message is not None and verdict.message.id == "check.case_failed":
            verdict.message = Msg("check.case_failed", dict(verdict.message.params, case=case.label))
        return verdict


def gpu_checks(exercise, function, checks, available=True, reason=None):
    """A GPU twin of each value and property check of one function."""
    return [Gpu(points=c.points, base=c, name=f"gpu_{c.name}", hidden=c.hidden,
                timeout=max(c.timeout or 0.0, TIMEOUT_S), base_id=c.check_id(exercise, function),
                function=function.name, reference_module=exercise.reference_module,
                available=available, reason=reason)
            for c in checks if c.kind == "correctness"]


def with_device_checks(exercise, pairs, gpu, timing, fused=False):
    """The catalog's (function, check) pairs, each function followed by its GPU twins (gpu) and
    its timing check (timing: on the GPU with gpu, else on the CPU; fused: also against the
    one-kernel baseline on the GPU)."""
    from dlgrade.checks.timing import timing_checks
    from dlgrade.pipeline.xp import gpu_status

    available, reason = gpu_status() if gpu else (True, None)
    out = []
    for function in exercise.functions:
        mine = [c for f, c in pairs if f is function]
        out += [(function, c) for c in mine]
        if gpu:
            out += [(function, g) for g in gpu_checks(exercise, function, mine, available, reason)
                    if g.cases(g.check_id(exercise, function), 0 if g.hidden else None)]  # else it could not fail
        if timing:
            out += [(function, t) for t in timing_checks(exercise, function, "gpu" if gpu else "cpu", available,
                                                          reason, fused=fused)]
    return out


def with_suffix(label, suffix):
    """A case label (text, or T in both languages) with `suffix` added."""
    return T(label.en + suffix, label.ko + suffix) if isinstance(label, T) else label + suffix
