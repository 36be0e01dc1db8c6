"""GPU checks (`--gpu`): skipped with the reason where there is no CuPy, and end to end through a
NumPy-backed stand-in for CuPy (tests/fake_cupy) on the child's path: every solution passes every
GPU twin, a host copy and a wrong dtype fail with clear messages, functions taking an rng get a
CuPy generator (other numbers than NumPy's for the same seed) and are judged against the
reference run on the device."""
import importlib.util
import json
import sys

import pytest
from click.testing import CliRunner

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.checks.gpu import device_problem, gpu_checks
from dlgrade.cli.main import main
from dlgrade.pipeline.execute import reply_verdict
from dlgrade.catalog.inputs import Case
from dlgrade.sandbox.protocol import Received
from dlgrade.study.workspace import bundled_solutions
from tests.helpers import with_function

NO_CUPY = "cupy" not in sys.modules and importlib.util.find_spec("cupy") is None


def gpu_results(report):
    return [c for c in report.checks if c.kind == "gpu"]


def grade(tmp_path, exercise, source, functions, **kw):
    folder = tmp_path / f"ws{abs(hash(source)) % 10**8}"
    folder.mkdir()
    (folder / catalog.load(exercise).filename).write_text(source)
    return engine.check(exercise, str(folder), RunConfig(gpu=True, functions=functions, **kw))


# --- without CuPy ------------------------------------------------------------------------------

@pytest.mark.skipif(not NO_CUPY, reason="CuPy is installed here")
def test_without_cupy_gpu_checks_are_skipped_with_the_reason_and_the_rest_runs():
    report = engine.check("ex02", bundled_solutions(), RunConfig(gpu=True, functions=["sigmoid", "softmax"]))
    gpu = gpu_results(report)
    assert {c.id for c in gpu} == {"ex02.sigmoid.gpu_values", "ex02.softmax.gpu_values"}
    assert all(c.status == "skipped" and c.score == 0 for c in gpu)
    assert "CuPy is not installed" in gpu[0].message.render("en")
    assert "건너뜀" in gpu[0].message.render("ko") and "CuPy가 설치되어 있지 않습니다" in gpu[0].message.render("ko")
    others = [c for c in report.checks if c.kind != "gpu"]
    assert others and all(c.status == "passed" for c in others)
    assert report.all_passed and report.score == report.max_score > 0  # skipped counts for nobody


@pytest.mark.skipif(not NO_CUPY, reason="CuPy is installed here")
def test_cli_exit_code_0_when_only_gpu_checks_were_skipped():
    result = CliRunner().invoke(main, ["check", "ex02", "--workspace", bundled_solutions(), "--gpu", "--json"])
    assert result.exit_code == 0, result.output
    kinds = {(c["kind"], c["status"]) for c in json.loads(result.output)["checks"]}
    assert ("gpu", "skipped") in kinds and ("gpu", "failed") not in kinds
    text = CliRunner().invoke(main, ["check", "ex02", "--workspace", bundled_solutions(), "--gpu", "--lang", "ko"])
    assert text.exit_code == 0 and "건너뜀" in text.output


# --- the judgement, on decoded results ---------------------------------------------------------

def received(array, module):
    out = array.view(Received)
    out.module = module
    return out


def test_device_problem_names_the_output_that_went_to_the_host_or_changed_dtype():
    import numpy as np

    a32, a64 = np.zeros(3, np.float32), np.zeros(3)
    assert device_problem(received(a32, "cupy"), "float32") is None
    assert device_problem((received(a32, "cupy"), 3, None), "float32") is None  # scalars and None are fine
    host = device_problem((received(a32, "cupy"), received(a32, "numpy")), "float32")
    assert (
        host.id == "gpu.host_copy" and host.params["where"].en == "output[1]" and host.params["where"].ko == "출력[1]"
    )
    assert "NumPy" in host.render() and "호스트" in host.render("ko")
    dtype = device_problem(received(a64, "cupy"), "float32")
    assert dtype.id == "gpu.dtype" and "float64" in dtype.render() and "float32" in dtype.render()
    assert device_problem(received(a64, "cupy"), None) is None  # no float inputs: any float dtype


def test_twins_cover_value_and_property_checks_only():
    ex = catalog.load("ex09")
    f = ex.function("dropout_mask")
    twins = gpu_checks(ex, f, f.checks)
    assert [t.name for t in twins] == [f"gpu_{c.name}" for c in f.checks if c.kind == "correctness"]
    assert all(t.kind == "gpu" and t.points == c.points for t, c in zip(twins, [c for c in f.checks
                                                                                if c.kind == "correctness"]))


def test_twins_and_timing_checks_get_their_function_and_base_id_as_data():
    """A twin draws its base check's cases (the base id seeds them) and calls its own function,
    whatever id it is asked under: nothing is parsed back out of a check id."""
    from dlgrade.checks.timing import timing_checks

    ex = catalog.load("ex02")
    f = ex.function("sigmoid")
    base = next(c for c in f.checks if c.kind == "correctness")
    twin = gpu_checks(ex, f, [base])[0]
    assert (twin.base_id, twin.function) == (base.check_id(ex, f), "sigmoid")
    host = [c.host.args[0].tolist() for c in twin.cases("an.id.of.another.shape")]
    assert host and host == [c.args[0].tolist() for c in base.cases(base.check_id(ex, f))
                             if hasattr(c.args[0], "tolist")]
    timed = timing_checks(ex, ex.function("relu"), "cpu")[0]
    probe = timed.cases("no dots here")[0]
    assert {s.fn for s in probe.steps if s.timed} == {"relu"}


def test_a_failing_reference_in_the_child_is_the_graders_error():
    v = reply_verdict([{"status": "ok"}, {"status": "error", "detail": "AttributeError: normal", "ours": True}],
                      Case(label="x"))
    assert v.status == "error" and "not your fault" in v.message.render()


# --- end to end through the stand-in -------------------------------------------------------------

@pytest.mark.parametrize("slug", catalog.slugs())
def test_every_solution_passes_every_gpu_twin(fake_cupy, slug):
    report = engine.check(slug[:4], bundled_solutions(), RunConfig(gpu=True, hidden=True))
    assert report.problem is None
    bad = [(c.id, c.status, c.message.render() if c.message else "") for c in report.checks if c.status != "passed"]
    assert bad == []
    assert report.all_passed


def test_the_device_twins_cover_the_catalog(fake_cupy):
    report = engine.check("ex02", bundled_solutions(), RunConfig(gpu=True, functions=["sigmoid", "relu_grad"]))
    assert {c.id for c in gpu_results(report)} == {"ex02.sigmoid.gpu_values", "ex02.relu_grad.gpu_values",
                                                   "ex02.relu_grad.gpu_kink"}


HOST_COPY = "def s(x):\n    x = np.asarray(x.get() if hasattr(x, 'get') else x)\n    return 1 / (1 + np.exp(-x))\n"


def test_a_host_copy_fails_the_gpu_check_with_a_clear_message(fake_cupy, tmp_path):
    report = grade(tmp_path, "ex02", with_function("ex02", "sigmoid", HOST_COPY), ["sigmoid"])
    gpu = gpu_results(report)
    assert gpu and all(c.status == "failed" and c.score == 0 for c in gpu)
    text = gpu[0].message.render("en")
    assert "(CuPy)" in text and "came back as a NumPy array" in text and "silent copy to the host" in text
    assert next(c for c in report.checks if c.id == "ex02.sigmoid.values").status == "passed"  # fine on the CPU


def test_one_host_output_of_a_tuple_is_named(fake_cupy, tmp_path):
    src = with_function("ex08", "momentum_update", "def m(w, g, v, lr, momentum=0.9):\n"
                                                   "    v = momentum * v - lr * g\n"
                                                   "    return w + v, np.asarray(v.get() if hasattr(v, "
                                                   "'get') else v)\n")
    gpu = gpu_results(grade(tmp_path, "ex08", src, ["momentum_update"]))
    assert gpu and gpu[0].status == "failed" and "output[1] came back as a NumPy array" in gpu[0].message.render()


def test_a_float64_result_for_float32_inputs_fails(fake_cupy, tmp_path):
    src = with_function("ex02", "relu", "def r(x):\n    return array_module(x).maximum(x, 0).astype('float64')\n")
    gpu = gpu_results(grade(tmp_path, "ex02", src, ["relu"]))
    assert gpu and gpu[0].status == "failed"
    text = gpu[0].message.render("en")
    assert "float32" in text and "float64" in text and "(CuPy)" in text


def test_rng_functions_get_a_cupy_generator_and_the_reference_runs_on_the_device(fake_cupy, tmp_path):
    """The stand-in's generator draws other numbers than NumPy's for the same seed, as CuPy's does:
    the solution still passes (its oracle ran on the device with the same generator), a function
    that ignores the rng's module fails, and one using a method CuPy's Generator lacks errors."""
    report = engine.check("ex07", bundled_solutions(), RunConfig(gpu=True, functions=["he_init", "activation_stats"]))
    assert [c.status for c in gpu_results(report)] == ["passed"] * len(gpu_results(report)) != []
    fresh = "def h(n_in, n_out, rng):\n    return np.random.default_rng(0).standard_normal((n_in, n_out)) * 0.1\n"
    gpu = gpu_results(grade(tmp_path, "ex07", with_function("ex07", "he_init", fresh), ["he_init"]))
    assert gpu[0].status == "failed" and "NumPy array" in gpu[0].message.render()
    normal = "def h(n_in, n_out, rng):\n    return rng.normal(0.0, math.sqrt(2 / n_in), (n_in, n_out))\n"
    report = grade(tmp_path, "ex07", with_function("ex07", "he_init", normal), ["he_init"])
    gpu = gpu_results(report)
    assert next(c for c in report.checks if c.id == "ex07.he_init.spread").status == "passed"  # fine on the CPU
    assert gpu[0].status == "error" and "normal" in gpu[0].message.render()


def test_property_checks_run_on_the_device_too(fake_cupy, tmp_path):
    """ex11's minibatches with rng.permutation: right on the CPU, impossible with CuPy's Generator."""
    src = with_function("ex11", "minibatches", "def mb(X, Y, batch_size, rng):\n"
                                               "    order = rng.permutation(X.shape[0])\n"
                                               "    return [(X[order[i:i + batch_size]], Y[order[i:i + batch_size]])\n"
                                               "            for i in range(0, X.shape[0], batch_size)]\n")
    report = grade(tmp_path, "ex11", src, ["minibatches"])
    assert all(c.status == "passed" for c in report.checks if c.kind != "gpu")
    gpu = gpu_results(report)
    assert gpu and any(c.status == "error" and "permutation" in c.message.render() for c in gpu)


def test_the_gpu_child_has_no_address_space_limit(fake_cupy, monkeypatch):
    """CUDA reserves more virtual memory than the CPU runs' 4 GiB limit: --gpu lifts it."""
    seen = {}
    real = engine.Runner.__init__

    def spy(self, path, run):
        seen["memory_mb"] = run.limits.memory_mb
        real(self, path, run)

    monkeypatch.setattr(engine.Runner, "__init__", spy)
    engine.check("ex02", bundled_solutions(), RunConfig(gpu=True, functions=["relu"]))
    assert seen["memory_mb"] is None
    engine.check("ex02", bundled_solutions(), RunConfig(functions=["relu"]))
    assert seen["memory_mb"] == 4096


def test_a_numpy_only_function_fails_on_the_device_as_it_would_with_cupy(fake_cupy, tmp_path):
    """The stand-in refuses NumPy's names that CuPy lacks (xp.errstate, xp.insert, ...), so the
    solutions' GPU tests above prove they only use what CuPy has."""
    src = with_function("ex02", "relu", "def r(x):\n    xp = array_module(x)\n"
                                        "    with xp.errstate(all='ignore'):\n        return xp.maximum(x, 0)\n")
    report = grade(tmp_path, "ex02", src, ["relu"])
    assert next(c for c in report.checks if c.id == "ex02.relu.values").status == "passed"  # fine with NumPy
    gpu = gpu_results(report)
    assert gpu and all(c.status == "error" for c in gpu) and "errstate" in gpu[0].message.render()
