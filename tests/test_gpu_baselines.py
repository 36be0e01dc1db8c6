"""The fused GPU baselines compute what the readable references compute. Without a GPU, the
CuPy stand-in compiles each kernel's CUDA C++ body with the host's C++ compiler, so the bodies
themselves are tested here (bench/gpu_suite.py repeats this on a GPU)."""
import importlib
import shutil

import numpy as np
import pytest

from dlgrade import catalog
from dlgrade.pipeline import gpu_baselines

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="no C++ compiler for the CuPy stand-in")


@pytest.fixture
def cp(fake_cupy, monkeypatch):
    monkeypatch.setattr(gpu_baselines, "_compiled", {})  # kernels of the stand-in only
    return fake_cupy


BASELINES = {f.name: (ex, f) for ex in catalog.all_exercises() for f in ex.functions if f.baseline}


def functions(name):
    """(the reference, the fused baseline) of the exercise function `name`."""
    ex, f = BASELINES[name]
    module = importlib.import_module(ex.reference_module)
    return getattr(module, name), getattr(module, f.baseline)


def arguments(name, dtype, rng):
    x = np.concatenate([rng.uniform(-10, 10, 500), [-1e4, -800, -50, -1e-3, 0.0, 1e-3, 50, 800, 1e4]]).astype(dtype)
    if not name.endswith("_update"):
        return (x,), [{}, {"alpha": 0.2}] if name in ("leaky_relu", "elu") else [{}]
    spec = BASELINES[name][1].timing.args  # w, g, the state arrays (, t)
    arrays = sum(1 for a in spec if not isinstance(a, int))
    w, g = (rng.standard_normal(300).astype(dtype) for _ in range(2))
    state = tuple(np.abs(rng.standard_normal(300)).astype(dtype) for _ in range(arrays - 2))
    args = (w, g, *state) + ((3,) if name == "adam_update" else ())
    lr = {} if name == "adam_update" else {"lr": 0.05}
    return args, [lr]


@pytest.mark.parametrize("name", sorted(BASELINES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_baseline_equals_the_reference(cp, name, dtype):
    rng = np.random.default_rng(7)
    args, kwargs_list = arguments(name, dtype, rng)
    rtol, atol = (1e-5, 1e-6) if dtype == np.float32 else (1e-12, 1e-14)
    for kwargs in kwargs_list:
        with np.errstate(all="ignore"):
            want = functions(name)[0](*args, **kwargs)
        got = functions(name)[1](*(cp.asarray(a) if isinstance(a, np.ndarray) else a for a in args), **kwargs)
        want = want if isinstance(want, tuple) else (want,)
        got = got if isinstance(got, tuple) else (got,)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert type(g).__module__ == "cupy" and g.dtype == dtype
            np.testing.assert_allclose(g.get(), np.asarray(w), rtol=rtol, atol=atol, err_msg=f"{name} {kwargs}")
