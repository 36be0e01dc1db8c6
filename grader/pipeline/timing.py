"""Timing checks: what is timed, how much slower than the reference a function may be, and the
arithmetic of a verdict. (The check itself is grader/checks/timing.py.)

The data is in each exercise's catalog record (`Function(timing=Timed(...))`, dlgrade.catalog.model):
per function, the arguments of the timed call, the factor over the readable reference (same
device, same inputs) within which a student's function passes, and how many arrays of the
input's size a minimal implementation reads and writes (for GB/s). Why a factor of 3: the
reference is the plain vectorized formula, so honest vectorized code lands near x1 (a different
but sensible formulation, x1-x2), while the slow patterns the check is for land far above: a
Python loop (x10 and more), a dozen needless kernels or temporaries (x5 and more), a round trip
through the host on the GPU (x50 and more). The spread of one implementation timed against
itself is far below the margin (see README, "Timing"); timings are never asserted in tests.

On the GPU the fused baseline the record names (`Function(baseline=...)`: one kernel, the
hardware's limit, built with dlgrade.pipeline.gpu_baselines) is timed too and reported beside the
verdict. With `--fused` a second check judges the student against it within `Timed.fused`
(2.5): a GPU course that teaches kernels can ask for one-kernel speed. The figures the issue gives for an H100 (a fused
Adam update at about 88% of copy bandwidth, a naive CuPy expression at about 14%: x6.3) sit on either side of x2.5; a
chain of separate elementwise kernels, each reading and writing whole arrays, lands above it from
about three kernels on, while one library kernel (cupy.tanh) passes. Not yet measured on a GPU:
bench/gpu_suite.py prints the figures that would confirm or move it.

Called in the student's child and in the grader's trusted child (which times the reference and
the baseline: never the student's process): `make_inputs` (the timed arguments, built on the
device from a fixed seed, so both processes time the same numbers) and `copy_bandwidth` (the
device's copy speed at the timed size, measured once per run).
"""
import statistics
from dataclasses import dataclass

import numpy as np

SIZE = {"cpu": 1 << 22, "gpu": 1 << 26}  # float32 elements per array: 16 MiB on the CPU, 256 MiB on the GPU
REPEATS = {"cpu": 9, "gpu": 21}  # timed rounds (student, reference, fused), in 3 parts after a warm-up each
BANDWIDTH_REPEATS = {"cpu": 7, "gpu": 21}


def timed_functions():
    """(exercise, function record) of every function the catalog times, in catalog order."""
    from dlgrade import catalog

    return [(ex, f) for ex in catalog.all_exercises() for f in ex.functions if f.timing is not None]


def elements(unit, n):
    """n rounded to whole items of `unit` elements (images, rows), at least one."""
    return max(unit, n // unit * unit)


def make_inputs(args, n, module="numpy", dtype="float32"):
    """The positional arguments of a timed call with n elements per large array (Timed.wire()
    form), built where they are used (on the GPU by CuPy's generator: nothing large crosses the
    pipe). The same seed every time: the student's child and the trusted child time the same
    numbers."""
    if module == "cupy":
        from dlgrade.pipeline.xp import cupy

        xp = cupy()
    else:
        xp = np
    rng = xp.random.default_rng(0)
    out = []
    for kind, *rest in args:
        if kind == "draw":
            shape, absolute = tuple(rest[0]), rest[1]
            if -1 in shape:
                unit = int(np.prod([d for d in shape if d != -1]))
                size = elements(unit, n)
            else:
                size = int(np.prod(shape))
            a = rng.standard_normal(size, dtype=dtype).reshape(shape)
            out.append(xp.abs(a) if absolute else a)
        elif kind == "fill":
            out.append(xp.full(tuple(rest[0]), rest[1], dtype=dtype))
        else:
            out.append(rest[0])
    return tuple(out)


def summary(value):
    """What a timed call returned, in a few numbers: per returned item (the value, or each item of
    a tuple), [shape, sum of absolute values] for an array, its type's name otherwise. The
    student's child and the trusted child both send it: the student's function must have computed
    the reference's result on the timed inputs (the inputs were not swapped for smaller ones)."""
    out = []
    for v in value if isinstance(value, tuple) else (value,):
        if hasattr(v, "shape") and hasattr(v, "dtype") and v.dtype.kind in "biuf":
            out.append([list(v.shape), float(abs(v).sum(dtype="float64"))])
        else:
            out.append(type(v).__name__)
    return out


def same_result(student, reference, rtol=1e-3):
    """None when the summaries agree on every array the reference returned, else why not."""
    if not isinstance(student, list) or len(student) != len(reference):
        return f"{len(student) if isinstance(student, list) else '?'} results, the reference {len(reference)}"
    for i, (s, r) in enumerate(zip(student, reference)):
        if not isinstance(r, list):
            continue  # not an array (a cache): the student's own business
        if not isinstance(s, list) or len(s) != 2 or list(s[0]) != list(r[0]):
            return f"result {i}: shape {s[0] if isinstance(s, list) and s else s}, the reference {r[0]}"
        if not abs(float(s[1]) - r[1]) <= rtol * abs(r[1]) + 1e-6:
            return f"result {i}: sum of |values| {float(s[1]):.6g}, the reference {r[1]:.6g}"
    return None


def copy_bandwidth(module="numpy", n=1 << 24, repeats=5):
    """Bytes per second of a plain device copy (read + write) of n float32, the median of
    `repeats` rounds after a warm-up."""
    if module == "cupy":
        from dlgrade.pipeline.xp import cupy

        cp = cupy()
        src = cp.ones(n, dtype=np.float32)
        dst = cp.empty_like(src)
        start, end = cp.cuda.Event(), cp.cuda.Event()
        times = []
        for _ in range(repeats + 1):  # the first is a warm-up
            cp.cuda.Device().synchronize()
            start.record()
            cp.copyto(dst, src)
            cp.cuda.Device().synchronize()
            end.record()
            end.synchronize()
            times.append(cp.cuda.get_elapsed_time(start, end) / 1000.0)
        return 2 * src.nbytes / statistics.median(times[1:])
    import time

    src = np.ones(n, dtype=np.float32)
    dst = np.empty_like(src)
    times = []
    for _ in range(repeats + 1):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        times.append(time.perf_counter() - t0)
    return 2 * src.nbytes / statistics.median(times[1:])


@dataclass
class Measurement:
    """Medians of the timed rounds, and what they mean."""

    student_s: float
    reference_s: float
    factor: float
    bytes: float  # minimal traffic of one call
    bandwidth: float  # bytes/s of a copy on this device
    fused_s: float | None = None  # the fused baseline (GPU)
    fused_factor: float | None = None  # the --fused check's limit
    ratios: tuple = ()  # student/reference of each round: the spread

    @property
    def ratio(self):
        return self.student_s / self.reference_s

    @property
    def fused_ratio(self):
        return None if self.fused_s is None else self.student_s / self.fused_s

    @property
    def passed(self):
        return self.ratio <= self.factor

    @property
    def passed_fused(self):
        """Within fused_factor of the one-kernel baseline (False when it was not timed)."""
        return self.fused_s is not None and self.fused_factor is not None and self.fused_ratio <= self.fused_factor

    @property
    def gbps(self):
        return self.bytes / self.student_s / 1e9

    @property
    def percent_of_copy(self):
        return 100 * self.bytes / self.student_s / self.bandwidth

    def percent_of(self, seconds):
        return 100 * self.bytes / seconds / self.bandwidth


def measurement(student, reference, budget, n, itemsize, bandwidth, fused=None):
    """A Measurement from the per-round times (lists of seconds, paired by round)."""
    ratios = tuple(s / max(r, 1e-12) for s, r in zip(student, reference))
    return Measurement(max(statistics.median(student), 1e-9), max(statistics.median(reference), 1e-9),
                       budget.factor, budget.traffic * n * itemsize, bandwidth,
                       max(statistics.median(fused), 1e-9) if fused else None, budget.fused, ratios)
