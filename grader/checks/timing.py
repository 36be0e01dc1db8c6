"""Timing: the student's function against the reference on large inputs (see grader/timing.py)."""
import os
import statistics
from dataclasses import dataclass

from grader import timing
from grader.checks.base import Check, Verdict
from grader.inputs import Case, Step
from grader.sandbox.protocol import OnDevice
from grader.text import Msg

SIZE = {"cpu": 1 << 22, "gpu": int(os.environ.get("DLGRADE_GPU_TIMING_SIZE", 1 << 26))}  # elements per array: 16 MB on the CPU, 256 MB on the GPU


@dataclass
class Timing(Check):
    factor: float = timing.DEFAULT_FACTOR
    repeats: int = 7
    device: str = "cpu"  # cpu | gpu
    name: str = "timing"
    kind = "timing"

    def cases(self, check_id, hidden_seed=None):
        fn = check_id.split(".")[1]
        args, kwargs = timing.inputs(fn, SIZE[self.device])
        send = (lambda v: OnDevice(v)) if self.device == "gpu" else (lambda v: v)
        dev_args = tuple(send(a) if hasattr(a, "nbytes") else a for a in args)
        steps = [Step(fn, dev_args, kwargs, send=False) for _ in range(self.repeats + 1)]  # first: warm-up
        return [Case(args, kwargs, f"{len(args)} x {SIZE[self.device]} float32 on the {self.device.upper()}",
                     steps=steps, oracle_args=args)]

    def judge_case(self, case, values, replies, ctx):
        student = statistics.median(r.get("seconds", 0.0) for r in replies[1:])
        xp, sync = self.module()
        args = tuple(xp.asarray(a) if hasattr(a, "nbytes") else a for a in case.oracle_args)
        reference_s, out = timing.median_time(getattr(ctx.reference, ctx.function.name), args, case.kwargs,
                                              self.repeats, sync)
        result = timing.Timed(ctx.function.name, max(student, 1e-9), reference_s, self.factor,
                              timing.moved_bytes(args, out), bandwidth(xp, sync))
        self.last = result
        params = {"ms": f"{1000 * result.student_s:.2f}", "ref_ms": f"{1000 * reference_s:.2f}",
                  "ratio": f"{result.ratio:.2f}", "factor": f"{self.factor:g}", "gbps": f"{result.gbps:.1f}",
                  "percent": f"{result.percent_of_copy:.0f}"}
        if result.passed:
            self.note = Msg("timing.report", params)
            return None
        return Verdict("failed", Msg("timing.slow", params))

    def module(self):
        if self.device == "gpu":
            from grader.xp import cupy

            cp = cupy()
            return cp, cp.cuda.Device().synchronize
        import numpy

        return numpy, None


_bandwidth = {}


def bandwidth(xp, sync):
    if xp.__name__ not in _bandwidth:  # measured once per run
        _bandwidth[xp.__name__] = timing.copy_bandwidth(xp=xp, sync=sync)
    return _bandwidth[xp.__name__]


def timing_checks(exercise, function, gpu):
    spec = timing.TIMED.get((exercise.id, function.name))
    if spec is None:
        return []
    return [Timing(points=1, factor=spec["factor"], device="gpu" if gpu else "cpu",
                   name="gpu_timing" if gpu else "timing")]
