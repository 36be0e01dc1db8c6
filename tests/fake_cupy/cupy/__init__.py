"""A stand-in for CuPy, for tests on machines without a GPU: NumPy underneath, but its arrays'
type lives in a module named `cupy`, so the GPU code path of the grader runs end to end. Never
installed: tests put this folder on the child's path (DLGRADE_CHILD_PATH).

Faithful where it matters for grading: `random.default_rng(seed)` draws other numbers than
NumPy's generator for the same seed and has only the methods CuPy's Generator has (no
permutation, choice, shuffle or normal); `ElementwiseKernel` compiles the CUDA C++ body with the
host's C++ compiler (see _cxx.py); `cuda.Event` times with the host clock.
Not faithful: np.asarray of one of these arrays succeeds (CuPy refuses); the protocol's module
check is what catches a result that went to the host.
"""
import time as _time

import numpy as _np

from cupy._cxx import ElementwiseKernel  # noqa: F401


class ndarray(_np.ndarray):
    def get(self):
        return _np.asarray(self).copy()

    def __array_wrap__(self, obj, context=None, return_scalar=False):
        return _np.asarray(obj).view(ndarray)


ndarray.__module__ = "cupy"


def _wrap(v):
    if isinstance(v, _np.ndarray) and not isinstance(v, ndarray):
        return v.view(ndarray)
    if isinstance(v, _np.generic):
        return _np.asarray(v).view(ndarray)
    if isinstance(v, tuple):
        return tuple(_wrap(x) for x in v)
    if isinstance(v, list):
        return [_wrap(x) for x in v]
    return v


def asarray(x, dtype=None):
    return _np.asarray(x, dtype=dtype).view(ndarray)


array = asarray


def asnumpy(x):
    return _np.asarray(x).copy()


def fuse(*args, **kwargs):
    """cupy.fuse falls back to the plain function on NumPy-like inputs: so does this one."""
    if args and callable(args[0]):
        return args[0]
    return lambda f: f


# NumPy's public names that CuPy 14.2 does not have (dir(numpy) - dir(cupy)): refused like CuPy does
_NOT_IN_CUPY = frozenset("""
False_ ScalarType True_ asmatrix block bmat busday_count busday_offset busdaycalendar bytes_ char character
clongdouble complex256 core ctypeslib datetime64 datetime_as_string datetime_data dtypes einsum_path emath errstate
f2py flexible float128 frompyfunc fromregex geomspace get_include getbufsize geterr geterrcall histogram_bin_edges
info insert is_busday isnat little_endian longdouble ma matrix matvec memmap nanpercentile nanquantile ndenumerate
nditer nested_iters object_ polyder polydiv polyint rec recarray record sctypeDict setbufsize seterr seterrcall
show_runtime spacing str_ strings test timedelta64 typecodes unstack vecdot vecmat void
""".split())


def __getattr__(name):
    if name in _NOT_IN_CUPY:
        raise AttributeError(f"module 'cupy' has no attribute '{name}'")
    attr = getattr(_np, name)
    if callable(attr) and not isinstance(attr, type):
        return lambda *a, **k: _wrap(attr(*a, **k))
    return attr


class _Generator:
    """CuPy's Generator API (cupy.random.Generator) on a NumPy Philox stream (not NumPy's default)."""

    _SAME = ("random", "standard_normal", "integers", "standard_exponential", "exponential", "gamma",
             "standard_gamma", "beta", "binomial", "poisson", "geometric", "chisquare", "power", "dirichlet",
             "hypergeometric", "logseries", "f")

    def __init__(self, seed=None):
        self._g = _np.random.Generator(_np.random.Philox(seed))

    def uniform(self, low=0.0, high=1.0, size=None, dtype=_np.float64):
        return asarray(self._g.uniform(low, high, size), dtype=dtype)

    def __getattr__(self, name):  # like CuPy's, every draw is an array (0-d without a size)
        if name not in self._SAME:
            raise AttributeError(f"'cupy.random.Generator' object has no attribute '{name}'")
        f = getattr(self._g, name)
        return lambda *a, **k: asarray(f(*a, **k))


class random:  # noqa: N801 - mirrors cupy.random
    default_rng = _Generator
    Generator = _Generator


class cuda:  # noqa: N801 - mirrors cupy.cuda
    class runtime:  # noqa: N801
        @staticmethod
        def getDeviceCount():
            return 1

    class Device:  # noqa: N801
        def synchronize(self):
            pass

    class Event:  # noqa: N801
        def record(self, stream=None):
            self.t = _time.perf_counter()

        def synchronize(self):
            pass

    @staticmethod
    def get_elapsed_time(start, end):
        return (end.t - start.t) * 1000.0  # milliseconds, as CuPy's
