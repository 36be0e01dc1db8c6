"""On a real GPU only (CuPy and a device; skipped elsewhere, CI has none). The stand-in tests
prove the plumbing; these prove that CuPy itself agrees: every solution passes every GPU twin,
a host copy fails, the fused baselines equal the references on the device, and the timing checks
come back with their figures. No time is asserted. On a GPU machine:

    pip install --no-deps -e . && python -m pytest tests/test_gpu_device.py && python bench/gpu_suite.py
"""
import importlib
import importlib.util

import numpy as np
import pytest

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.pipeline import timing
from dlgrade.study.workspace import bundled_solutions
from tests.helpers import with_function

pytestmark = pytest.mark.skipif(importlib.util.find_spec("cupy") is None, reason="CuPy is not installed")


@pytest.fixture
def cp():
    """Real CuPy with a device, or skip (checked when the test runs: the stand-in tests before
    these take `cupy` out of sys.modules when they finish)."""
    from dlgrade.pipeline.xp import gpu_status

    ok, why = gpu_status()
    if not ok:
        pytest.skip(why.render() if why is not None else "no GPU")
    import cupy

    if not hasattr(cupy.cuda, "runtime") or not hasattr(cupy.cuda.runtime, "getDeviceProperties"):
        pytest.skip("the CuPy stand-in is loaded, not CuPy")
    return cupy


def gpu_results(report):
    return [c for c in report.checks if c.kind == "gpu"]


@pytest.mark.parametrize("slug", catalog.slugs())
def test_every_solution_passes_every_gpu_twin_on_the_device(cp, slug):
    report = engine.check(slug[:4], bundled_solutions(), RunConfig(gpu=True, hidden=True))
    assert report.problem is None
    bad = [(c.id, c.status, c.message.render() if c.message else "") for c in report.checks if c.status != "passed"]
    assert bad == [] and gpu_results(report)


def test_a_host_copy_fails_on_the_device(cp, tmp_path):
    (tmp_path / "ex02_activations.py").write_text(with_function(
        "ex02", "sigmoid", "def s(x):\n    return 1 / (1 + np.exp(-cupy_to_host(x)))\n\n\n"
                           "def cupy_to_host(x):\n    return x.get() if hasattr(x, 'get') else x\n"))
    report = engine.check("ex02", str(tmp_path), RunConfig(gpu=True, functions=["sigmoid"]))
    gpu = gpu_results(report)
    assert gpu and all(c.status == "failed" for c in gpu)
    assert "silent copy to the host" in gpu[0].message.render()


BASELINES = {f.name: (ex, f) for ex in catalog.all_exercises() for f in ex.functions if f.baseline}


@pytest.mark.parametrize("name", sorted(BASELINES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_baselines_equal_the_references_on_the_device(cp, name, dtype):
    ex, f = BASELINES[name]
    module = importlib.import_module(ex.reference_module)
    args = timing.make_inputs(f.timing.wire(), 1 << 12, module="cupy", dtype=np.dtype(dtype).name)
    want, got = getattr(module, name)(*args, **f.timing.kwargs), getattr(module, f.baseline)(*args, **f.timing.kwargs)
    want, got = (w if isinstance(w, tuple) else (w,) for w in (want, got))
    rtol, atol = (1e-5, 1e-6) if dtype == np.float32 else (1e-12, 1e-14)
    for g, w in zip(got, want, strict=True):
        assert isinstance(g, cp.ndarray) and g.dtype == dtype
        np.testing.assert_allclose(cp.asnumpy(g), cp.asnumpy(w), rtol=rtol, atol=atol, err_msg=name)


def test_timing_checks_report_their_figures_on_the_device(cp, monkeypatch):
    monkeypatch.setitem(timing.SIZE, "gpu", 1 << 20)
    report = engine.check("ex08", bundled_solutions(), RunConfig(functions=["adam_update"], fused=True))
    timed = {c.id: c for c in report.checks if c.kind == "timing"}
    assert set(timed) == {"ex08.adam_update.gpu_timing", "ex08.adam_update.gpu_fused"}
    for c in timed.values():
        assert c.status in ("passed", "failed"), c.message.render()
        assert "GPU's copy bandwidth" in c.message.render()


def test_a_gpu_class_is_graded_in_batch_on_the_device(cp, tmp_path):
    """grade --gpu: the student's child reaches the GPU (in bubblewrap: the device nodes are
    bound), the device oracle runs in the trusted child, the solution gets every GPU point."""
    from dlgrade.pipeline import batch
    from tests.helpers import solution_text

    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "ex07_init.py").write_text(solution_text("ex07_init"))
    result = batch.grade_class(str(tmp_path), ["ex07"], RunConfig.for_class(gpu=True, functions=("he_init",)),
                               check_first=False)
    checks = result["students"][0]["exercises"][0]["checks"]
    gpu = [c for c in checks if c["kind"] == "gpu"]
    assert gpu and all(c["status"] == "passed" for c in gpu), (result["isolation"], gpu)
