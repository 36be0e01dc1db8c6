"""A stand-in for CuPy, for tests on machines without a GPU: NumPy underneath, but its arrays'
type lives in a module named `cupy`, so the GPU code path of the grader runs end to end.
Only what the tests need; never installed."""
import numpy as _np


class ndarray(_np.ndarray):
    def get(self):
        return _np.asarray(self).copy()

    def __array_wrap__(self, obj, context=None, return_scalar=False):
        return _np.asarray(obj).view(ndarray)


ndarray.__module__ = "cupy"


def _wrap(v):
    if isinstance(v, _np.ndarray) and not isinstance(v, ndarray):
        return v.view(ndarray)
    if isinstance(v, tuple):
        return tuple(_wrap(x) for x in v)
    return v


def asarray(x, dtype=None):
    return _np.asarray(x, dtype=dtype).view(ndarray)


def asnumpy(x):
    return _np.asarray(x).copy()


def __getattr__(name):
    attr = getattr(_np, name)
    if callable(attr) and not isinstance(attr, type):
        return lambda *a, **k: _wrap(attr(*a, **k))
    return attr


class _Generator:
    def __init__(self, seed):
        self._g = _np.random.default_rng(seed)

    def __getattr__(self, name):
        f = getattr(self._g, name)
        return lambda *a, **k: _wrap(f(*a, **k))


class random:  # noqa: N801 - mirrors cupy.random
    default_rng = _Generator


class cuda:  # noqa: N801 - mirrors cupy.cuda
    class runtime:  # noqa: N801
        @staticmethod
        def getDeviceCount():
            return 1

    class Device:  # noqa: N801
        def synchronize(self):
            pass
