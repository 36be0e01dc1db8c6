"""A stand-in for CuPy, for tests on machines without a GPU: NumPy underneath, but its arrays'
type lives in a module named `cupy`, so the GPU code path of the grader runs end to end. Never
installed: tests put this folder on the child's path (DLGRADE_CHILD_PATH).

Faithful where it matters for grading (CuPy 14, the supported range: `cupy-cuda12x>=14`):
`random.default_rng(seed)` draws other numbers than NumPy's generator for the same seed and has
only the methods CuPy's Generator has (no permutation, choice, shuffle or normal), every draw an
array (0-d without a size); arrays have no `__index__` or `__round__` (a 0-d array cannot slice,
index or go through round(): int() and float() work, as on the device); an operation mixing a
NumPy array with a CuPy one raises TypeError, and so does a CuPy function given a NumPy array;
`fuse` returns a function that takes positional arguments only (`Fusion.__call__(self, *args)`);
NumPy's names that CuPy 14.2 lacks are missing; promotion is NumPy 2's (NEP 50), which CuPy 14
follows (a float32 array times np.float64(...) is float64). `ElementwiseKernel` compiles the CUDA
C++ body with the host's C++ compiler (see _cxx.py); `cuda.Event` times with the host clock.
Not faithful: np.asarray of one of these arrays succeeds (CuPy refuses); the protocol's module
check is what catches a result that went to the host.
"""
import time as _time

import numpy as _np

from cupy._cxx import ElementwiseKernel  # noqa: F401


def _host(v):
    """True for a NumPy array that is not one of ours: CuPy refuses it as an operand."""
    return isinstance(v, _np.ndarray) and not isinstance(v, ndarray)


def _refuse_host(values, what):
    for v in values:
        if _host(v) or (isinstance(v, (list, tuple)) and any(_host(x) for x in v)):
            raise TypeError(f"Unsupported type <class 'numpy.ndarray'> in {what}: move it to the device "
                            "first (cupy.asarray)")


class ndarray(_np.ndarray):
    def get(self):
        return _np.asarray(self).copy()

    def __array_wrap__(self, obj, context=None, return_scalar=False):
        return _np.asarray(obj).view(ndarray)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        _refuse_host(inputs + tuple(kwargs.get("out", ()) or ()), f"cupy {ufunc.__name__}")
        plain = tuple(_np.asarray(x) if isinstance(x, ndarray) else x for x in inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(_np.asarray(x) for x in kwargs["out"])
        result = getattr(ufunc, method)(*plain, **kwargs)
        return _wrap(result)

    def __index__(self):
        raise TypeError("only integer scalar arrays can be converted to a scalar index: a CuPy array is not an "
                        "index (use int())")

    def __round__(self, ndigits=None):
        raise TypeError("type cupy.ndarray doesn't define __round__ method")


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


class Fusion:
    """cupy.fuse's result: called with positional arguments only, like CuPy's Fusion.__call__(self, *args)."""

    def __init__(self, func):
        self.func = func
        self.__name__ = getattr(func, "__name__", "fusion")

    def __call__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"__call__() got an unexpected keyword argument '{next(iter(kwargs))}'")
        return self.func(*args)


def fuse(*args, **kwargs):
    if args and callable(args[0]):
        return Fusion(args[0])
    return Fusion


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
        def device_function(*a, **k):
            _refuse_host(a + tuple(k.values()), f"cupy.{name}")
            return _wrap(attr(*a, **k))

        return device_function
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

    class Stream:  # noqa: N801 - one host "stream": work runs at once
        def __init__(self, non_blocking=False):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

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
