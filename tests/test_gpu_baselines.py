"""The fused GPU baselines compute what the readable references compute. Without a GPU, the
CuPy stand-in compiles each kernel's CUDA C++ body with the host's C++ compiler, so the bodies
themselves are tested here (bench/gpu_suite.py repeats this on a GPU)."""
import importlib
import shutil

import numpy as np
import pytest

from dlgrade import catalog, gpu_baselines, timing

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="no C++ compiler for the CuPy stand-in")


@pytest.fixture
def cp(fake_cupy, monkeypatch):
    monkeypatch.setattr(gpu_baselines, "_compiled", {})  # kernels of the stand-in only
    return fake_cupy


def reference(name):
    (ex, _), = [k for k in timing.BUDGETS if k[1] == name]
    return getattr(importlib.import_module(catalog.load(ex).reference_module), name)


def arguments(name, dtype, rng):
    x = np.concatenate([rng.uniform(-10, 10, 500), [-1e4, -800, -50, -1e-3, 0.0, 1e-3, 50, 800, 1e4]]).astype(dtype)
    if not name.endswith("_update"):
        return (x,), [{}, {"alpha": 0.2}] if name in ("leaky_relu", "elu") else [{}]
    n = timing.n_positional(name) - 2 - (name == "adam_update")
    w, g = (rng.standard_normal(300).astype(dtype) for _ in range(2))
    state = tuple(np.abs(rng.standard_normal(300)).astype(dtype) for _ in range(n))
    args = (w, g, *state) + ((3,) if name == "adam_update" else ())
    lr = {} if name == "adam_update" else {"lr": 0.05}
    return args, [lr]


@pytest.mark.parametrize("name", sorted(gpu_baselines.KERNELS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_baseline_equals_the_reference(cp, name, dtype):
    rng = np.random.default_rng(7)
    args, kwargs_list = arguments(name, dtype, rng)
    rtol, atol = (1e-5, 1e-6) if dtype == np.float32 else (1e-12, 1e-14)
    for kwargs in kwargs_list:
        with np.errstate(all="ignore"):
            want = reference(name)(*args, **kwargs)
        got = getattr(gpu_baselines, name)(*(cp.asarray(a) if isinstance(a, np.ndarray) else a for a in args),
                                            **kwargs)
        want = want if isinstance(want, tuple) else (want,)
        got = got if isinstance(got, tuple) else (got,)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert type(g).__module__ == "cupy" and g.dtype == dtype
            np.testing.assert_allclose(g.get(), np.asarray(w), rtol=rtol, atol=atol, err_msg=f"{name} {kwargs}")
