"""Timing checks: the student's function against the reference on large inputs.

What is timed, and how much slower than the reference a function may be, is data (TIMED below):
elementwise activations and the optimizer updates, the functions whose speed a GPU course
teaches. The student's calls are timed in the child (perf_counter around the call, after a
device synchronize on the GPU), the reference's in the grader on the same inputs; medians of
repeats. A verdict uses a factor with margin (the spread of repeated timings of one
implementation is far below it); timings are never asserted in tests.
The report gives time, achieved GB/s (bytes read + written) and the share of the machine's
measured copy bandwidth, so a student sees how close to the hardware limit their code runs.
"""
import statistics
import time
from dataclasses import dataclass

import numpy as np

DEFAULT_FACTOR = 3.0  # the reference is one or two fused passes: 3x leaves room for honest code
ELEMENTWISE = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "softplus", "sigmoid_grad", "tanh_grad")
OPTIMIZERS = {"sgd_update": 0, "momentum_update": 1, "nesterov_update": 1, "adagrad_update": 1,
              "rmsprop_update": 1, "adam_update": 2}
TIMED = {("ex02", f): {"factor": DEFAULT_FACTOR} for f in ELEMENTWISE}
TIMED.update({("ex08", f): {"factor": 4.0} for f in OPTIMIZERS})  # updates: several temporaries allowed
TIMED.update({("ex10", "batchnorm_forward"): {"factor": 3.0}, ("ex12", "conv2d"): {"factor": 5.0},
              ("ex12", "maxpool2d"): {"factor": 4.0}, ("ex12", "avgpool2d"): {"factor": 4.0}})


def inputs(function, n, xp=np, dtype=np.float32):
    """Arguments of `function` with n elements per array (positional, then keyword)."""
    rng = np.random.default_rng(0)
    arr = lambda: xp.asarray(rng.standard_normal(n).astype(dtype))  # noqa: E731
    if function == "batchnorm_forward":  # n values as (n / 256, 256)
        return (arr().reshape(-1, 256), xp.ones(256, dtype=dtype), xp.zeros(256, dtype=dtype)), {}
    if function == "conv2d":  # n values as a batch of 16-channel 32 x 32 images, 16 3 x 3 filters
        x = arr().reshape(-1, 16, 32, 32)
        w = xp.asarray(rng.standard_normal((16, 16, 3, 3)).astype(dtype))
        return (x, w, xp.zeros(16, dtype=dtype)), {"pad": 1}
    if function in ("maxpool2d", "avgpool2d"):
        return (arr().reshape(-1, 16, 32, 32),), {}
    if function in OPTIMIZERS:
        state = [xp.abs(arr()) for _ in range(OPTIMIZERS[function])]
        args = (arr(), arr(), *state) + ((5,) if function == "adam_update" else ())
        return args, {"lr": 0.01}
    return (arr(),), {}


def moved_bytes(args, result):
    def size(v):
        if isinstance(v, (list, tuple)):
            return sum(size(x) for x in v)
        return getattr(v, "nbytes", 0)

    return size(args) + size(result)


def median_time(fn, args, kwargs, repeats=7, sync=None):
    fn(*args, **kwargs)  # warm-up (allocations, kernel compilation on the GPU)
    times = []
    for _ in range(repeats):
        if sync:
            sync()
        start = time.perf_counter()
        out = fn(*args, **kwargs)
        if sync:
            sync()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def copy_bandwidth(n=1 << 24, xp=np, sync=None):
    """Bytes per second of a plain device copy (read + write), measured once per run."""
    src = xp.ones(n, dtype=np.float32)
    dst = xp.empty_like(src)
    seconds, _ = median_time(lambda: xp.copyto(dst, src), (), {}, repeats=5, sync=sync)
    return 2 * src.nbytes / seconds


@dataclass
class Timed:
    function: str
    student_s: float
    reference_s: float
    factor: float
    bytes: int
    bandwidth: float  # bytes/s of a copy on this machine

    @property
    def ratio(self):
        return self.student_s / self.reference_s

    @property
    def passed(self):
        return self.ratio <= self.factor

    @property
    def gbps(self):
        return self.bytes / self.student_s / 1e9

    @property
    def percent_of_copy(self):
        return 100 * self.bytes / self.student_s / self.bandwidth
