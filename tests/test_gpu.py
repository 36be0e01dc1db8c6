"""GPU checks: skipped with a reason where there is no CuPy; end to end through a NumPy-backed
stand-in for CuPy (tests/fake_cupy): solutions pass, a host copy and a wrong dtype fail."""
import os
import sys

import pytest

from grader import engine
from grader.workspace import bundled_solutions
from tests.helpers import grade_source, with_function

FAKE = os.path.join(os.path.dirname(__file__), "fake_cupy")


def test_without_cupy_gpu_checks_are_skipped_not_failed():
    if "cupy" in sys.modules:
        pytest.skip("CuPy is loaded")
    report = engine.check("ex02", bundled_solutions(), gpu=True, functions=["sigmoid"])
    gpu = [c for c in report.checks if c.kind == "gpu"]
    assert gpu and all(c.status == "skipped" and "CuPy" in c.message.render("en") for c in gpu)
    assert report.all_passed and report.score == report.max_score > 0
    assert "건너뜀" in gpu[0].message.render("ko")


@pytest.fixture
def fake_cupy(monkeypatch):
    monkeypatch.syspath_prepend(FAKE)
    monkeypatch.setenv("DLGRADE_CHILD_PATH", FAKE)
    sys.modules.pop("cupy", None)
    yield
    sys.modules.pop("cupy", None)


def test_solutions_pass_on_the_gpu_path(fake_cupy):
    for ex, fns in (("ex02", ["sigmoid", "softmax", "relu_grad"]), ("ex08", ["adam_update"]),
                    ("ex12", ["conv2d", "maxpool2d"])):
        report = engine.check(ex, bundled_solutions(), gpu=True, functions=fns)
        gpu = [c for c in report.checks if c.kind == "gpu"]
        assert gpu and [(c.id, c.message.render()) for c in gpu if c.status != "passed"] == []


def test_a_host_copy_fails_the_gpu_check(fake_cupy, tmp_path):
    src = with_function("ex02", "sigmoid", "def s(x):\n    x = np.asarray(x.get() if hasattr(x, 'get') else x)\n"
                                          "    return 1 / (1 + np.exp(-x))\n")
    report = grade_source("ex02", src, tmp_path, functions=["sigmoid"])
    gpu = [c for c in report.checks if c.kind == "gpu"]
    assert gpu == []  # grade_source does not ask for the GPU
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "ex02_activations.py").write_text(src)
    report = engine.check("ex02", str(folder), gpu=True, functions=["sigmoid"])
    gpu = [c for c in report.checks if c.kind == "gpu"]
    assert gpu and all(c.status == "failed" for c in gpu)
    assert "NumPy" in gpu[0].message.render("en")


def test_a_float64_result_for_float32_inputs_fails(fake_cupy, tmp_path):
    src = with_function("ex02", "relu", "def r(x):\n    return array_module(x).maximum(x, 0).astype('float64')\n")
    (tmp_path / "ex02_activations.py").write_text(src)
    report = engine.check("ex02", str(tmp_path), gpu=True, functions=["relu"])
    gpu = [c for c in report.checks if c.kind == "gpu"]
    assert gpu and gpu[0].status == "failed" and "float64" in gpu[0].message.render("en")
