"""Fused GPU baselines: a computation written as one CUDA kernel (cupy.ElementwiseKernel), the
speed a hand-written kernel reaches: it reads each input and writes each output once. An
exercise declares one per function in its catalog record (`Function(baseline="relu_fused")`),
naming a function of its reference module built from a `Kernel` here; timing checks on the GPU
time it beside the student and the readable reference. The readable functions stay the oracles.

A kernel body is CUDA C++ on one element, with T the arrays' type (float or double); scalars are
passed in T as well. bench/gpu_suite.py checks every baseline against its oracle on a GPU,
tests/test_gpu_baselines.py does so on the CPU by compiling the same bodies with a C++ compiler.
"""
_compiled = {}  # (inputs, outputs, body) -> the compiled kernel of this process (CuPy caches it on disk)


class Kernel:
    """One elementwise kernel: `Kernel("T x, T alpha", "T y", "y = ...;")(x, alpha)`; arrays
    first, then scalars, which are cast to the arrays' dtype (so T binds once). Compiled on the
    first call, once per process."""

    def __init__(self, inputs, outputs, body, name="dlgrade_kernel"):
        self.inputs, self.outputs, self.body, self.name = inputs, outputs, body, name

    @property
    def key(self):
        return (self.inputs, self.outputs, self.body)

    def compiled(self):
        if self.key not in _compiled:
            from dlgrade.pipeline.xp import cupy

            _compiled[self.key] = cupy().ElementwiseKernel(self.inputs, self.outputs, self.body, self.name)
        return _compiled[self.key]

    def __call__(self, arrays, *scalars):
        arrays = arrays if isinstance(arrays, tuple) else (arrays,)
        cast = arrays[0].dtype.type
        return self.compiled()(*arrays, *(cast(s) for s in scalars))

