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
    """(True, "") when CuPy and a GPU answer, else (False, the reason)."""
    try:
        import cupy
    except ImportError:
        return False, "CuPy is not installed (pip install dlgrade[gpu])"
    try:
        n = cupy.cuda.runtime.getDeviceCount()
    except Exception as e:  # CUDARuntimeError and friends: no usable GPU
        return False, f"no GPU: {type(e).__name__}"
    return (n > 0), "" if n > 0 else "no GPU found"


def cupy():
    """CuPy itself, for the few places that must create device arrays (the child, GPU timing)."""
    import cupy as cp

    return cp
