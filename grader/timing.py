"""Timing checks: what is timed, how much slower than the reference a function may be, and the
arithmetic of a verdict. (The check itself is grader/checks/timing.py.)

BUDGETS is the data: per function, the factor over the readable reference (same device, same
inputs, same process) within which a student's function passes, and how many arrays of the
input's size a minimal implementation reads and writes (for GB/s). Why a factor of 3: the
reference is the plain vectorized formula, so honest vectorized code lands near x1 (a different
but sensible formulation, x1-x2), while the slow patterns the check is for land far above: a
Python loop (x10 and more), a dozen needless kernels or temporaries (x5 and more), a round trip
through the host on the GPU (x50 and more). The spread of one implementation timed against
itself is far below the margin (see README, "Timing"); timings are never asserted in tests.

On the GPU the fused baseline of grader/gpu_baselines.py (one kernel, the hardware's limit) is
timed too and reported beside the verdict. With `--fused` a second check judges the student
against it within `Budget.fused` (FUSED_FACTOR): a GPU course that teaches kernels can ask for
one-kernel speed. The figures the issue gives for an H100 (a fused Adam update at about 88% of
copy bandwidth, a naive CuPy expression at about 14%: x6.3) sit on either side of x2.5; a chain
of separate elementwise kernels, each reading and writing whole arrays, lands above it from
about three kernels on, while one library kernel (cupy.tanh) passes. Not yet measured on a GPU:
bench/gpu_suite.py prints the figures that would confirm or move it.

Called in the child: `make_inputs` (the timed arguments, built on the device) and
`copy_bandwidth` (the device's copy speed, measured once per run).
"""
import statistics
from dataclasses import dataclass

import numpy as np

DEFAULT_FACTOR = 3.0
FUSED_FACTOR = 2.5  # --fused: student <= 2.5 x the one-kernel baseline
SIZE = {"cpu": 1 << 22, "gpu": 1 << 26}  # float32 elements per array: 16 MiB on the CPU, 256 MiB on the GPU
REPEATS = {"cpu": 7, "gpu": 21}  # timed rounds (student, reference, fused) after one warm-up each


@dataclass(frozen=True)
class Budget:
    factor: float = DEFAULT_FACTOR  # student time <= factor * reference time
    traffic: float = 2.0  # arrays of n elements a minimal implementation reads plus writes
    state: int = 0  # optimizer state arrays after (w, g)
    fused: float = FUSED_FACTOR  # --fused (GPU): student <= fused * the one-kernel baseline's time
    scale: float = 1.0  # a fraction of SIZE, for functions that do much work per element
    why: str = ""


ONE_KERNEL = "the reference is one library kernel; an honest two-kernel form (x * (x > 0), 1 - t * t) must pass"
BUDGETS = {
    **{("ex02", f): Budget() for f in ("sigmoid", "leaky_relu", "elu", "swish", "softplus", "sigmoid_grad")},
    ("ex02", "tanh"): Budget(factor=4.0, why=ONE_KERNEL),
    ("ex02", "relu"): Budget(factor=4.0, why=ONE_KERNEL),
    ("ex02", "tanh_grad"): Budget(factor=4.0, why=ONE_KERNEL),
    ("ex08", "sgd_update"): Budget(traffic=3, why="reads w, g; writes w"),
    ("ex08", "momentum_update"): Budget(traffic=5, state=1),
    ("ex08", "nesterov_update"): Budget(traffic=5, state=1),
    ("ex08", "adagrad_update"): Budget(traffic=5, state=1),
    ("ex08", "rmsprop_update"): Budget(traffic=5, state=1),
    ("ex08", "adam_update"): Budget(traffic=7, state=2, why="reads w, g, m, v; writes w, m, v"),
    ("ex10", "batchnorm_forward"): Budget(why="x in, out out; the cache is the student's own"),
    ("ex12", "conv2d"): Budget(factor=5.0, scale=1 / 16, why="im2col and a loop over the 3 x 3 offsets must both pass; "
                                                           "288 flops per element: a 16th of the usual size"),
    ("ex12", "maxpool2d"): Budget(factor=4.0, traffic=1.25, why="a loop over the 2 x 2 offsets must pass"),
    ("ex12", "avgpool2d"): Budget(factor=4.0, traffic=1.25, why="a loop over the 2 x 2 offsets must pass"),
}
OPTIMIZER_KWARGS = {"adam_update": {"lr": 1e-3}}


def call_kwargs(function):
    """Keyword arguments of a timed call (Python scalars: they travel in the request)."""
    if function == "conv2d":
        return {"pad": 1}
    if function.endswith("_update"):
        return OPTIMIZER_KWARGS.get(function, {"lr": 0.01})
    return {}


def n_positional(function):
    """How many positional arguments make_inputs returns for `function`."""
    if function in ("batchnorm_forward", "conv2d"):
        return 3
    if function.endswith("_update"):
        spec = next(b for (_, f), b in BUDGETS.items() if f == function)
        return 2 + spec.state + (function == "adam_update")
    return 1


def elements(function, n):
    """n rounded to whole images (conv2d, pooling: 16 x 32 x 32) or rows (batchnorm_forward: 256)."""
    unit = 16 * 32 * 32 if function in ("conv2d", "maxpool2d", "avgpool2d") else 256 if function == "batchnorm_forward" \
        else 1
    return max(unit, n // unit * unit)


def make_inputs(function, n, module="numpy", dtype="float32"):
    """The positional arguments of a timed call with n elements per array, built where they are
    used (on the GPU by CuPy's generator: nothing large crosses the pipe). Runs in the child."""
    if module == "cupy":
        from dlgrade.xp import cupy

        xp = cupy()
    else:
        xp = np
    rng = xp.random.default_rng(0)
    n = elements(function, n)
    arr = lambda: rng.standard_normal(n, dtype=dtype)  # noqa: E731
    if function == "batchnorm_forward":  # n values as (n / 256, 256)
        return arr().reshape(-1, 256), xp.ones(256, dtype=dtype), xp.zeros(256, dtype=dtype)
    if function == "conv2d":  # a batch of 16-channel 32 x 32 images, 16 filters of 3 x 3
        return arr().reshape(-1, 16, 32, 32), rng.standard_normal((16, 16, 3, 3), dtype=dtype), xp.zeros(16, dtype=dtype)
    if function in ("maxpool2d", "avgpool2d"):
        return (arr().reshape(-1, 16, 32, 32),)
    if function.endswith("_update"):
        w, g = arr(), arr()
        state = tuple(xp.abs(arr()) for _ in range(n_positional(function) - 2 - (function == "adam_update")))
        return (w, g, *state) + ((5,) if function == "adam_update" else ())
    return (arr(),)


def copy_bandwidth(module="numpy", n=1 << 24, repeats=5):
    """Bytes per second of a plain device copy (read + write), measured in the child."""
    if module == "cupy":
        from dlgrade.xp import cupy

        cp = cupy()
        src = cp.ones(n, dtype=np.float32)
        dst = cp.empty_like(src)
        start, end = cp.cuda.Event(), cp.cuda.Event()
        times = []
        for _ in range(repeats + 1):  # the first is a warm-up
            start.record()
            cp.copyto(dst, src)
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
