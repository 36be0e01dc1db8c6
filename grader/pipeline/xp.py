"""The only module that names CuPy: everything else takes the array module from its inputs."""
import sys

import numpy


def array_module(*arrays):
    """Return ``cupy`` if any argument is a CuPy array, else ``numpy``.

    Works without CuPy installed: a CuPy array can only exist if CuPy was imported.
    """
    for a in arrays:
        if type(a).__module__.split(".")[0] == "cupy":
            return sys.modules["cupy"]
    return numpy


def gpu_status():
    """(True, None) when CuPy and a GPU answer, else (False, a Msg saying why)."""
    from dlgrade.text import Msg

    try:
        import cupy
    except ImportError:
        return False, Msg("gpu.no_cupy")
    try:
        n = cupy.cuda.runtime.getDeviceCount()
    except Exception as e:  # CUDARuntimeError and friends: no driver, no device
        return False, Msg("gpu.no_device", {"detail": f"{type(e).__name__}: {e}"[:120]})
    return (True, None) if n > 0 else (False, Msg("gpu.no_device", {"detail": "0 devices"}))


def cupy():
    """CuPy itself, for the few places that must create device arrays (the child, GPU timing,
    dlgrade.pipeline.gpu_baselines)."""
    import cupy as cp

    return cp
