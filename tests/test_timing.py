"""Timing checks: the verdict logic and the figures from injected timings, the budgets as data,
and the wiring end to end on small inputs. No wall-clock time is ever asserted: end-to-end runs
assert only that a verdict with its figures comes back."""
import importlib
import inspect
import math
import shutil
import sys

import numpy as np
import pytest

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.pipeline import timing
from dlgrade.catalog.model import Draw, Fill, Timed
from dlgrade.checks import timing as timing_check
from dlgrade.checks.base import Context
from dlgrade.study.workspace import bundled_solutions



# --- arithmetic ------------------------------------------------------------------------------

def test_ratio_gbps_and_share_of_copy_bandwidth():
    m = timing.Measurement(student_s=0.010, reference_s=0.008, factor=4.0, bytes=8e8, bandwidth=1e11)
    assert m.ratio == pytest.approx(1.25) and m.passed
    assert m.gbps == pytest.approx(80.0)  # 8e8 bytes in 10 ms
    assert m.percent_of_copy == pytest.approx(80.0)  # of 100 GB/s
    slow = timing.Measurement(student_s=0.080, reference_s=0.008, factor=4.0, bytes=8e8, bandwidth=1e11)
    assert not slow.passed and slow.percent_of_copy == pytest.approx(10.0)


def test_the_issue_figures_fused_adam_and_naive_adam_are_told_apart():
    """H100 figures from the issue: a fused Adam update at 88% of copy bandwidth, a naive CuPy
    expression at 14%. Both are honest code; the report separates them by 6x."""
    n, bandwidth = 1 << 26, 3.0e12
    adam = catalog.load("ex08").function("adam_update").timing
    traffic = adam.traffic * n * 4
    fused_s, naive_s = traffic / (0.88 * bandwidth), traffic / (0.14 * bandwidth)
    limit = adam.fused
    naive = timing.Measurement(naive_s, naive_s, 3.0, traffic, bandwidth, fused_s=fused_s, fused_factor=limit)
    assert naive.percent_of_copy == pytest.approx(14) and naive.percent_of(fused_s) == pytest.approx(88)
    assert naive.fused_ratio == pytest.approx(88 / 14)
    assert naive.passed and not naive.passed_fused  # as fast as the readable reference; not one kernel's speed
    fused = timing.Measurement(fused_s, naive_s, 3.0, traffic, bandwidth, fused_s=fused_s, fused_factor=limit)
    assert fused.passed and fused.passed_fused


def test_measurement_takes_medians_of_the_rounds():
    budget = Timed(factor=3.0, traffic=2)
    m = timing.measurement([1.0, 9.0, 2.0], [1.0, 1.0, 1.0], budget, n=100, itemsize=4, bandwidth=1e9)
    assert m.student_s == 2.0 and m.reference_s == 1.0 and m.ratios == (1.0, 9.0, 2.0) and m.passed
    assert m.bytes == 800


# --- the verdict from injected timings ---------------------------------------------------------

class FakeTrusted:
    """The trusted child's side of a timing case: replies carrying the given per-call times."""

    def __init__(self, reference, fused, bandwidth, summary):
        self.times = {"ref": list(reference), "fused": list(fused or [])}
        self.memo = {}
        self.bandwidth, self.summary = bandwidth, summary

    def run(self, steps, timeout):
        replies, values = [], []
        for step in steps:
            seconds = self.times["fused" if step.fn.endswith("_fused") else "ref"].pop(0) if step.timed else 0.0
            replies.append({"status": "ok", "seconds": seconds})
            values.append(self.bandwidth if step.fn == "copy_bandwidth" else self.summary if step.fn == "summary"
                          else None)
        return replies, values


SUMMARY = [[[4096], 3276.8]]  # what the reference's last call returned, in a few numbers


def judge(student, reference, budget=Timed(), fused=None, probe=False, wall=None, bandwidth=1e10,
          against="reference", summary=SUMMARY):
    """Run Timing.judge_run on replies carrying the given per-call times (each part's warm-up
    first) and the grader's wall time `wall`, part after part as the engine does; the first verdict."""
    check = timing_check.Timing(function="relu", budget=budget, reference_module="dlgrade.reference.ex02_activations",
                                baseline="relu_fused" if fused is not None else None, against=against)
    cases = check.cases("ex02.relu.timing")
    student = list(student)
    ctx = Context(None, None, check.reference_module, trusted=FakeTrusted(reference, fused, bandwidth, SUMMARY))
    for case in cases[:1] if probe else cases[1:]:
        replies = [{"status": "ok", "seconds": student.pop(0) if step.timed else 0.0} for step in case.steps]
        values = [summary if step.fn == "summary" else None for step in case.steps]
        verdict = check.judge_run(case, values, replies, ctx, wall)
        if verdict is not None:
            return verdict
    return None


def rounds(student, reference):
    n = timing.REPEATS["cpu"] + timing_check.PARTS  # a warm-up per part
    return [student] * n, [reference] * n


def test_within_the_factor_passes_with_figures_in_both_languages():
    v = judge(*rounds(0.02, 0.01))
    assert v.status == "passed"
    en, ko = v.message.render("en"), v.message.render("ko")
    assert "x2.00" in en and "limit x3" in en and "GB/s" in en and "CPU's copy bandwidth" in en
    assert "대역폭" in ko and "x2.00" in ko


def test_beyond_the_factor_fails_and_says_what_to_avoid():
    v = judge(*rounds(0.04, 0.01))
    assert v.status == "failed" and "too slow" in v.message.render() and "Python loops" in v.message.render()
    assert "반복문" in v.message.render("ko")


def test_the_median_decides_not_one_noisy_round():
    student, reference = rounds(0.01, 0.01)
    student[3] = 1.0  # one round disturbed by the machine
    assert judge(student, reference).status == "passed"


def test_the_probe_fails_hopeless_code_at_once_and_lets_the_rest_be_measured():
    hopeless = judge([5.0, 5.0], [0.01, 0.01], probe=True)
    assert hopeless.status == "failed" and "x500" in hopeless.message.render()
    assert judge([0.2, 0.2], [0.01, 0.01], probe=True) is None  # x20: measured properly next


def test_fused_baseline_is_reported_beside_the_verdict():
    student, reference = rounds(0.010, 0.010)
    v = judge(student, reference, fused=[0.002] * len(student))
    assert (
        v.status == "passed" and "one fused kernel: 2 ms" in v.message.render() and "x5.0 of it" in v.message.render()
    )
    assert "융합 커널" in v.message.render("ko")


def test_the_fused_check_passes_one_kernel_speed_and_fails_a_chain_of_kernels():
    student, reference = rounds(0.010, 0.010)  # as fast as the readable reference
    chain = judge(student, reference, fused=[0.002] * len(student), against="fused")  # x5 the one kernel
    assert chain.status == "failed"
    en, ko = chain.message.render(), chain.message.render("ko")
    assert "not one kernel's speed" in en and "x5.00" in en and "limit x2.5" in en and "ElementwiseKernel" in en
    assert "커널 하나" in ko and "x5.00" in ko
    one_kernel = judge([0.0021] * len(student), reference, fused=[0.002] * len(student), against="fused")
    assert one_kernel.status == "passed" and "x1.05 the one-kernel baseline" in one_kernel.message.render()
    # the same chain passes the ordinary timing check: it is as fast as the reference
    assert judge(student, reference, fused=[0.002] * len(student)).status == "passed"


def test_fused_checks_exist_only_on_the_gpu_for_functions_with_a_baseline():
    ex02, ex12 = catalog.load("ex02"), catalog.load("ex12")
    names = lambda ex, fn, device: [c.name for c in timing_check.timing_checks(ex, ex.function(fn), device,  # noqa: E731
                                                                                fused=True)]
    assert names(ex02, "sigmoid", "gpu") == ["gpu_timing", "gpu_fused"]
    assert names(ex02, "sigmoid", "cpu") == ["timing"]  # no one-kernel baseline on the CPU
    assert names(ex12, "conv2d", "gpu") == ["gpu_timing"]  # no fused baseline for a convolution
    assert [c.name for c in timing_check.timing_checks(ex02, ex02.function("sigmoid"), "gpu")] == ["gpu_timing"]


def test_a_result_other_than_the_references_on_the_timed_inputs_fails():
    """A student's process that swapped the timed inputs for smaller ones (or a fast wrong
    function) returns another result than the reference on the real inputs: not timed."""
    student, reference = rounds(0.001, 0.010)
    assert judge(student, reference).status == "passed"
    for other in ([[[64], 51.2]], [[[4096], 3000.0]], [[[4096], 3276.8], [[4096], 1.0]], ["Opaque"], None):
        v = judge(student, reference, summary=other)
        assert v.status == "failed" and "differs from the reference" in v.message.render(), other
        assert "기준과 다릅니다" in v.message.render("ko")
    assert judge(*rounds(5.0, 0.01), probe=True).status == "failed"  # the probe never needs it


def test_summary_and_same_result():
    x = np.array([[1.0, -2.0], [3.0, -4.0]], dtype=np.float32)
    assert timing.summary(x) == [[[2, 2], 10.0]]
    assert timing.summary((x, (x, 1.0))) == [[[2, 2], 10.0], "tuple"]
    assert timing.same_result([[[2, 2], 10.000001], "anything"], [[[2, 2], 10.0], "tuple"]) is None  # a cache
    assert "shape" in timing.same_result([[[2, 3], 10.0]], [[[2, 2], 10.0]])
    assert "sum" in timing.same_result([[[2, 2], 11.0]], [[[2, 2], 10.0]])


def test_timings_the_grader_clock_cannot_confirm_fail():
    student, reference = rounds(0.1, 0.1)
    reported = sum(student)  # the student's child times only the student's calls
    assert judge(student, reference, wall=reported + 0.05).status == "passed"  # normal overhead
    v = judge(student, reference, wall=reported + 30.0)  # time hidden from the child's clock
    assert v.status == "failed" and "unaccounted" in v.message.render()
    assert judge(student, reference, wall=reported / 10).status == "failed"  # more reported than elapsed


# --- the budgets as data (declared in the catalog records) ---------------------------------------

def timed_functions():
    return [(ex, f) for ex in catalog.all_exercises() for f in ex.functions if f.timing is not None]


def test_every_timed_function_has_a_sensible_budget():
    assert len(timed_functions()) >= 19
    for ex, f in timed_functions():
        assert callable(getattr(importlib.import_module(ex.reference_module), f.name))
        t = f.timing
        assert 2 <= t.factor <= 10 and t.traffic > 0 and 0 < t.scale <= 1 and t.fused >= 1, (ex.id, f.name)


def test_batchnorm_forward_counts_three_passes():
    """mean and variance read x, the normalization reads it again and writes out: 3 arrays of n."""
    assert catalog.load("ex10").function("batchnorm_forward").timing.traffic == 3


def test_inputs_match_the_reference_signature():
    for ex, f in timed_functions():
        args = timing.make_inputs(f.timing.wire(), 4096 * f.timing.unit, dtype="float32")
        assert len(args) == len(f.timing.args)
        out = getattr(importlib.import_module(ex.reference_module), f.name)(*args, **f.timing.kwargs)
        first = out[0] if isinstance(out, tuple) else out
        assert first.dtype == np.float32, f.name


def test_inputs_follow_the_declaration():
    spec = Timed(args=(Draw((-1, 8)), Draw((3, 2)), Draw(abs=True), Fill((8,), 1.5), 7))
    assert spec.unit == 8
    x, w, a, ones, t = timing.make_inputs(spec.wire(), 100, dtype="float64")
    assert x.shape == (12, 8) and w.shape == (3, 2) and a.shape == (100,) and (a >= 0).all()
    assert (ones == 1.5).all() and ones.dtype == np.float64 and t == 7
    again = timing.make_inputs(spec.wire(), 100, dtype="float64")  # one seed: both processes time the same numbers
    assert all(np.array_equal(p, q) for p, q in zip((x, w, a), again))


def test_every_fused_baseline_has_the_exercise_signature():
    pairs = [(ex, f) for ex in catalog.all_exercises() for f in ex.functions if f.baseline]
    assert len(pairs) >= 15
    for ex, f in pairs:
        module = importlib.import_module(ex.reference_module)
        assert f.timing is not None, f.name  # a baseline is timed beside the student: the function is timed
        assert inspect.signature(getattr(module, f.baseline)) == inspect.signature(getattr(module, f.name)), f.name


def test_copy_bandwidth_is_a_plausible_number():
    assert 1e8 < timing.copy_bandwidth(n=1 << 20, repeats=2) < 1e13


# --- end to end (verdicts are not asserted) -------------------------------------------------------

@pytest.fixture
def small(monkeypatch):
    monkeypatch.setitem(timing.SIZE, "cpu", 1 << 16)
    monkeypatch.setitem(timing.SIZE, "gpu", 1 << 16)


def test_cpu_timing_end_to_end(small):
    report = engine.check("ex08", bundled_solutions(), RunConfig(functions=["adam_update", "sgd_update"], timing=True))
    timed = [c for c in report.checks if c.kind == "timing"]
    assert [c.id for c in timed] == ["ex08.sgd_update.timing", "ex08.adam_update.timing"]
    for c in timed:
        assert c.status in ("passed", "failed") and "GB/s" in c.message.render(), c.message.render()
    assert all(c.status == "passed" for c in report.checks if c.kind != "timing")


def test_gpu_timing_is_skipped_without_a_gpu():
    if "cupy" in sys.modules or importlib.util.find_spec("cupy") is not None:
        pytest.skip("CuPy is installed here")
    report = engine.check("ex02", bundled_solutions(), RunConfig(functions=["relu"], timing=True, gpu=True))
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.id == "ex02.relu.gpu_timing" and t.status == "skipped" and report.all_passed
    assert "CuPy" in t.message.render("en") and "건너뜀" in t.message.render("ko")
    fused = engine.check("ex08", bundled_solutions(), RunConfig(functions=["adam_update"], fused=True))  # gpu, timing
    assert [(c.id, c.status) for c in fused.checks if c.kind == "timing"] == [
        ("ex08.adam_update.gpu_timing", "skipped"), ("ex08.adam_update.gpu_fused", "skipped")]
    assert any(c.kind == "gpu" and c.status == "skipped" for c in fused.checks) and fused.all_passed


def test_gpu_timing_end_to_end_through_the_cupy_stand_in(small, fake_cupy):
    report = engine.check("ex02", bundled_solutions(), RunConfig(functions=["sigmoid"], timing=True, gpu=True))
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.id == "ex02.sigmoid.gpu_timing" and t.status in ("passed", "failed"), t.message.render()
    text = t.message.render()
    assert "GPU's copy bandwidth" in text and "one fused kernel" in text
    assert math.isfinite(float(t.message.params["percent"]))


def test_gpu_fused_check_end_to_end_through_the_cupy_stand_in(small, fake_cupy):
    if shutil.which("g++") is None:
        pytest.skip("the CuPy stand-in compiles kernels with g++")
    report = engine.check("ex08", bundled_solutions(), RunConfig(functions=["adam_update"], fused=True))
    fused = next(c for c in report.checks if c.id == "ex08.adam_update.gpu_fused")
    assert fused.kind == "timing" and fused.status in ("passed", "failed"), fused.message.render()
    assert "one-kernel baseline" in fused.message.render()


def test_a_student_who_shrinks_the_timed_inputs_in_their_process_fails(small, tmp_path):
    """The reference is timed in the trusted child; a student's module that patches make_inputs in
    its own process times smaller arrays, and the result on them gives it away."""
    from tests.helpers import solution_text

    cheat = ("\n\nimport dlgrade.pipeline.timing as _t\n_real = _t.make_inputs\n"
             "_t.make_inputs = lambda args, n, module='numpy', dtype='float32': _real(args, 1024, module, dtype)\n")
    (tmp_path / "ex02_activations.py").write_text(solution_text("ex02_activations") + cheat)
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"], timing=True))
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.status == "failed" and "differs from the reference" in t.message.render(), t.message.render()


def test_the_measurement_alternates_parts_and_judges_all_their_rounds():
    """Student and reference alternate in parts (a burst of load hits both); the verdict takes the
    rounds of every part, and only the last part checks the result."""
    check = timing_check.Timing(function="relu", reference_module="dlgrade.reference.ex02_activations")
    cases = check.cases("ex02.relu.timing")
    assert [c.probe for c in cases] == [True] + [False] * timing_check.PARTS
    assert [c.steps[-1].fn == "summary" for c in cases[1:]] == [False] * (timing_check.PARTS - 1) + [True]
    per = timing.REPEATS["cpu"] // timing_check.PARTS + 1
    student = [0.01] * per + [0.02] * per + [0.015] * per  # part by part, a warm-up first in each
    v = judge(student, [0.01] * len(student))
    assert v.status == "passed" and v.message.params["lo"] == "1.00" and v.message.params["hi"] == "2.00"
    assert v.message.params["ratio"] == "1.50"  # the median of all nine rounds


def test_a_student_who_stops_the_childs_clock_fails_on_the_graders_own(small, tmp_path):
    """The engine passes its own wall time around each timed request to the check: a module that
    makes the child's stopwatch report nothing while its calls take 0.6 s each is caught."""
    from tests.helpers import with_function

    slow = (
        "def relu(x):\n    import time\n    if x.size > 10000:\n        time.sleep(0.6)\n    return np.maximum(x, 0)\n"
    )
    cheat = "\n\nimport dlgrade.sandbox.child as _c\n_c._perf_counter = lambda: 0.0\n"
    (tmp_path / "ex02_activations.py").write_text(with_function("ex02", "relu", slow) + cheat)
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"], timing=True))
    assert all(c.status == "passed" for c in report.checks if c.kind == "correctness")  # its values are right
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.status == "failed" and t.message.id == "timing.inconsistent", t.message.render()
    assert "unaccounted for" in t.message.render()
