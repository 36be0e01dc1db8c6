"""Timing checks: the verdict arithmetic with injected timings, and the wiring (a correct
function passes with its figures reported, a deliberately slow one fails, GPU timing is skipped
without a GPU). No wall-clock time is asserted: only verdicts with wide margins."""
import sys

from grader import engine, timing
from grader.workspace import bundled_solutions


def test_verdict_and_figures_from_injected_timings():
    fast = timing.Timed("adam_update", student_s=0.010, reference_s=0.008, factor=4.0, bytes=8 * 10**8,
                        bandwidth=1e11)
    slow = timing.Timed("adam_update", student_s=0.080, reference_s=0.008, factor=4.0, bytes=8 * 10**8,
                        bandwidth=1e11)
    assert fast.passed and not slow.passed
    assert abs(fast.ratio - 1.25) < 1e-12 and abs(fast.gbps - 80.0) < 1e-9 and abs(fast.percent_of_copy - 80.0) < 1e-9
    assert abs(slow.percent_of_copy - 10.0) < 1e-9


def test_every_timed_function_exists_in_its_reference():
    import importlib

    from grader import catalog

    for (ex, fn), spec in timing.TIMED.items():
        record = catalog.load(ex)
        assert record.function(fn) is not None and spec["factor"] >= 2
        assert callable(getattr(importlib.import_module(record.reference_module), fn))


def test_timing_wiring_with_injected_reference_times(monkeypatch):
    """The verdict comes from the student's measured time against the reference's; the reference
    time is injected (huge, then tiny), so the test never depends on how fast this machine is."""
    real = timing.median_time

    def reference_takes(seconds):
        def fake(fn, args, kwargs, repeats=7, sync=None):
            _, out = real(fn, args, kwargs, repeats=1, sync=sync)
            return seconds, out

        return fake

    from grader.checks import timing as timing_check

    monkeypatch.setattr(timing_check, "_bandwidth", {})  # measured under the fake: not kept for later
    monkeypatch.setattr(timing, "median_time", reference_takes(1e3))
    report = engine.check("ex02", bundled_solutions(), functions=["relu"], timing=True)
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.status == "passed" and "GB/s" in t.message.render("en") and "대역폭" in t.message.render("ko")
    monkeypatch.setattr(timing, "median_time", reference_takes(1e-9))
    report = engine.check("ex02", bundled_solutions(), functions=["relu"], timing=True)
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.status == "failed" and "too slow" in t.message.render("en")
    assert all(c.status == "passed" for c in report.checks if c.kind != "timing")


def test_gpu_timing_is_skipped_without_a_gpu():
    if "cupy" in sys.modules:
        return
    report = engine.check("ex02", bundled_solutions(), functions=["relu"], timing=True, gpu=True)
    t = next(c for c in report.checks if c.kind == "timing")
    assert t.status == "skipped" and report.all_passed
