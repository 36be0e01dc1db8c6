"""The CuPy stand-in refuses what real CuPy (14, the supported range) refuses, so the CPU suite
sees what a device would: a fused function called with keywords, 0-d arrays used as indices or
rounded, NumPy and CuPy operands mixed. And what that reveals, fixed: the advice on cupy.fuse,
ex13's reference on a 0-d draw, device oracles out of the student's process."""
import numpy as np
import pytest

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.study.workspace import bundled_solutions
from tests.helpers import grade_source, with_function


def gpu_results(report):
    return [c for c in report.checks if c.kind == "gpu"]


# --- the stand-in itself ------------------------------------------------------------------------

def test_a_fused_function_takes_positional_arguments_only(fake_cupy):
    cp = fake_cupy
    step = cp.fuse(lambda w, g, lr: w - lr * g)
    w, g = cp.ones(3, dtype=np.float32), cp.ones(3, dtype=np.float32)
    assert np.allclose(step(w, g, 0.5).get(), 0.5)
    with pytest.raises(TypeError, match="keyword argument 'lr'"):
        step(w, g, lr=0.5)
    with pytest.raises(TypeError):
        cp.fuse()(lambda x, k=1: x * k)(w, k=2)  # the decorator form too


def test_a_0d_array_is_no_index_and_has_no_round(fake_cupy):
    cp = fake_cupy
    rng = cp.random.default_rng(0)
    x = cp.arange(10)
    i = rng.integers(0, 5)  # a 0-d array, as CuPy's generator gives
    assert isinstance(i, cp.ndarray) and i.shape == ()
    with pytest.raises(TypeError):
        x[:i]
    with pytest.raises(TypeError):
        round(rng.uniform(0, 10))
    with pytest.raises(TypeError):
        range(i)
    assert x[:int(i)].shape == (int(i),) and isinstance(float(rng.uniform()), float)  # int() and float() work


def test_numpy_and_cupy_operands_do_not_mix(fake_cupy):
    cp = fake_cupy
    host, device = np.ones(3, dtype=np.float32), cp.ones(3, dtype=np.float32)
    for mixed in (lambda: host + device, lambda: device * host, lambda: cp.maximum(host, 0),
                  lambda: cp.exp(host), lambda: np.add(device, host)):
        with pytest.raises(TypeError, match="numpy.ndarray"):
            mixed()
    assert isinstance(device + 1.0, cp.ndarray) and (device + 1.0).dtype == np.float32  # Python scalars are weak
    assert isinstance(cp.asarray(host), cp.ndarray)  # an explicit move is fine
    assert isinstance(np.exp(device), cp.ndarray)  # NumPy's ufuncs on CuPy arrays dispatch to CuPy


def test_promotion_is_cupy_14s(fake_cupy):
    """CuPy 14 follows NumPy 2 (NEP 50): a NumPy float64 scalar is strong, a Python float weak. On
    13 the first stays float32, so a solution tested on 13 could fail the dtype check on 14."""
    cp = fake_cupy
    x = cp.ones(3, dtype=np.float32)
    assert (x * np.float64(0.5)).dtype == np.float64 and (x * 0.5).dtype == np.float32
    for name in ("astype", "concat", "pow", "permute_dims", "matrix_transpose", "acos", "unique_values",
                 "cumulative_sum"):  # CuPy 14's names (13 lacks them): the stand-in has them
        assert callable(getattr(cp, name)), name
    with pytest.raises(AttributeError):
        cp.matvec  # not in CuPy 14.2 either


# --- what the stricter stand-in reveals, fixed --------------------------------------------------

def test_ex13_reference_takes_0d_draws(fake_cupy):
    from dlgrade.reference import ex13_augmentation as ref

    img = fake_cupy.asarray(np.random.default_rng(0).uniform(0, 1, (16, 16, 3)))
    out = ref.random_erasing(img, fake_cupy.random.default_rng(3))
    assert isinstance(out, fake_cupy.ndarray) and out.shape == img.shape and (out.get() == 0).any()


def test_the_fuse_advice_works_and_a_fused_exercise_function_fails(fake_cupy, tmp_path):
    """The advice: a fused helper called positionally from the student's function. A student who
    fuses the exercise function itself gets a TypeError: the grader calls it with keywords."""
    from dlgrade.messages import MESSAGES

    en, ko = MESSAGES["timing.fused_slow"].get("en"), MESSAGES["timing.fused_slow"].get("ko")
    assert "positional arguments only" in en and "위치 인자로만" in ko
    helper = ("def s(w, g, lr):\n    import cupy\n\n    return cupy.fuse(_sgd)(w, g, lr) if type(w).__module__ == "
              "'cupy' else _sgd(w, g, lr)\n\n\ndef _sgd(w, g, lr):\n    return w - lr * g\n")
    report = grade_source("ex08", with_function("ex08", "sgd_update", helper), tmp_path, ["sgd_update"], gpu=True)
    assert gpu_results(report) and all(c.status == "passed" for c in gpu_results(report))
    fused = "import cupy\n\n\n@cupy.fuse\ndef s(w, g, lr):\n    return w - lr * g\n"
    report = grade_source("ex08", with_function("ex08", "sgd_update", fused), tmp_path, ["sgd_update"], gpu=True)
    assert any(c.status == "error" and "keyword" in c.message.render() for c in gpu_results(report))


def test_a_student_who_patches_the_reference_cannot_fool_the_device_oracle(fake_cupy, tmp_path):
    """The device oracle runs in the grader's trusted child: what the student's module does to
    `dlgrade.reference` in its own process changes nothing."""
    src = with_function("ex07", "he_init", "def h(n_in, n_out, rng):\n    import dlgrade.reference.ex07_init as r\n"
                                           "    r.he_init = lambda n_in, n_out, rng: _zeros(n_in, n_out, rng)\n"
                                           "    return _zeros(n_in, n_out, rng)\n\n\n"
                                           "def _zeros(n_in, n_out, rng):\n"
                                           "    return array_module(rng.random(1)).zeros((n_in, n_out))\n")
    report = grade_source("ex07", src, tmp_path, ["he_init"], gpu=True)
    seeded = next(c for c in report.checks if c.id == "ex07.he_init.gpu_seeded_values")
    assert seeded.status == "failed", seeded.message.render() if seeded.message else ""


def test_the_device_oracle_is_built_only_for_a_named_oracle_of_one_call(fake_cupy):
    """The guard: a value check with an rng and steps (or a derived oracle) has no device twin
    oracle, and building its twin says so instead of comparing CuPy draws with NumPy's."""
    from dlgrade.checks import Correctness
    from dlgrade.checks.gpu import gpu_checks
    from dlgrade.catalog.inputs import Case, Step
    from dlgrade.sandbox.protocol import Rng

    ex = catalog.load("ex07")
    steps = lambda rng: [Case(steps=[Step("he_init", (4, 3, Rng(1)))], label="with steps")]  # noqa: E731
    twin, = gpu_checks(ex, ex.function("he_init"), [Correctness(1, steps, oracle="he_init", name="stepped")])
    with pytest.raises(AssertionError, match="no device oracle"):
        twin.cases("ex07.he_init.gpu_stepped")
    one_call = lambda rng: [Case((4, 3, Rng(1)), label="one call")]  # noqa: E731
    good, = gpu_checks(ex, ex.function("he_init"), [Correctness(1, one_call, name="plain")])
    assert [c.device_oracle for c in good.cases("ex07.he_init.gpu_plain")] == [True]


def test_every_solution_still_passes_its_gpu_twins_in_one_exercise_with_draws(fake_cupy):
    report = engine.check("ex13", bundled_solutions(), RunConfig(gpu=True))
    assert gpu_results(report) and all(c.status == "passed" for c in gpu_results(report))


# --- the child on a device: generators, TF32, the end event ---------------------------------------

def test_shared_rngs_are_one_generator_per_request_and_others_fresh(tmp_path):
    from dlgrade.sandbox.protocol import Rng
    from dlgrade.sandbox.runner import Child

    module = tmp_path / "draws.py"
    module.write_text("import os\n\n\ndef draw(rng):\n    return float(rng.random())\n\n\n"
                      "def env(name):\n    return os.environ.get(name)\n")
    child = Child(str(module))
    assert child.start() is None
    try:
        def run(*rngs):
            replies, _ = child.run([{"fn": "draw", "args": (r,), "kwargs": {}} for r in rngs], 10)
            return [r["value"] for r in replies]

        shared = run(Rng(5, shared=True), Rng(5, shared=True), Rng(5, shared=True))
        assert len(set(shared)) == 3  # one stream: three different draws
        assert run(Rng(5), Rng(5)) == [shared[0]] * 2  # fresh generators: the same first draw
        assert run(Rng(5, shared=True)) == [shared[0]]  # a new request starts a new stream
        replies, _ = child.run([{"fn": "env", "args": ("CUPY_TF32",), "kwargs": {}}], 10)
        assert replies[0]["value"] == "0"  # float32 matmuls on the GPU keep float32's precision
    finally:
        child.close()


def test_the_end_event_is_recorded_after_the_whole_device_is_synchronized(fake_cupy, monkeypatch):
    """Work a student queues on another stream than the current one is timed too."""
    from dlgrade.sandbox.child import stopwatch

    log = []
    monkeypatch.setattr(fake_cupy.cuda.Device, "synchronize", lambda self: log.append("sync"))
    record = fake_cupy.cuda.Event.record
    monkeypatch.setattr(fake_cupy.cuda.Event, "record", lambda self, stream=None: (log.append("record"),
                                                                                    record(self, stream)))
    clock = stopwatch([fake_cupy.ones(3)])
    clock.start()
    log.append("call")
    assert clock.stop() >= 0
    assert log == ["sync", "record", "call", "sync", "record"]
