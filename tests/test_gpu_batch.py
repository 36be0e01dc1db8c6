"""`dlgrade grade --gpu [--timing]`: a GPU course graded in batch, on the CPU through the CuPy
stand-in. Device oracles and the reference's timings come from the grader's trusted child (the
student's child cannot even see `reference` in bubblewrap); the box binds the device nodes and a
per-student kernel cache; timed cases run one at a time on a machine."""
import importlib.util
import json
import os
import signal
import threading
import time

import pytest
from click.testing import CliRunner

from dlgrade.pipeline.config import RunConfig
from dlgrade.pipeline import batch
from dlgrade.sandbox import cgroups, isolation, protocol
from dlgrade.sandbox.runner import Child
from dlgrade.pipeline import timing
from dlgrade.pipeline import trusted
from dlgrade.cli.main import main
from tests.helpers import fixture, solution_text, with_function

HOST_DRAW = "def h(n_in, n_out, rng):\n    return np.random.default_rng(0).standard_normal((n_in, n_out)) * 0.1\n"


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setitem(timing.SIZE, "cpu", 1 << 14)
    monkeypatch.setitem(timing.SIZE, "gpu", 1 << 14)


def write_class(root, files):
    for student, source in files.items():
        (root / student).mkdir(parents=True)
        if source is not None:
            (root / student / "ex07_init.py").write_text(source)


def test_a_gpu_class_is_graded_with_device_oracles_and_timing(fake_cupy, small, tmp_path, monkeypatch):
    ours = []  # what the trusted child ran: the oracles of the seeded checks
    real_run = trusted.Trusted.run

    def spy_run(self, steps, timeout):
        ours.extend((s.source, s.fn) for s in steps)
        return real_run(self, steps, timeout)

    monkeypatch.setattr(trusted.Trusted, "run", spy_run)
    write_class(tmp_path / "class", {"alice": solution_text("ex07_init"),
                                     "bob": with_function("ex07", "he_init", HOST_DRAW), "carol": None})
    settings = RunConfig.for_class(gpu=True, timing=True, functions=("he_init",))
    result = batch.grade_class(str(tmp_path / "class"), ["ex07"], settings, jobs=2, check_first=False)
    by = {s["student"]: s["exercises"][0] for s in result["students"]}
    alice = {c["id"]: c for c in by["alice"]["checks"]}
    assert alice["ex07.he_init.gpu_seeded_values"]["status"] == "passed"  # its oracle ran in the trusted child
    assert all(c["status"] == "passed" for c in alice.values() if c["kind"] == "gpu")
    bob = {c["id"]: c for c in by["bob"]["checks"]}
    assert bob["ex07.he_init.gpu_seeded_values"]["status"] == "failed"
    assert by["carol"]["status"] == "missing" and by["carol"]["max_score"] == by["alice"]["max_score"]
    assert {c["id"] for c in by["carol"]["checks"]} == set(alice)  # the same checks, GPU twins included
    with open(tmp_path / "class" / ".dlgrade-journal.jsonl") as fh:
        header = json.loads(fh.readline())["run"]
    assert header["gpu"] is True and header["timing"] is True
    assert ("dlgrade.reference.ex07_init", "he_init") in ours  # the student's child cannot see reference (bwrap)


def test_timing_in_a_batch_measures_the_reference_in_the_trusted_child_under_the_lock(fake_cupy, small, tmp_path,
                                                                                       monkeypatch):
    held = {"now": False, "timed": []}
    real_lock, real_run = trusted.device_lock, trusted.Trusted.run

    class Spy:
        def __enter__(self):
            self.inner = real_lock()
            self.inner.__enter__()
            held["now"] = True

        def __exit__(self, *exc):
            held["now"] = False
            return self.inner.__exit__(*exc)

    def spy_run(self, steps, timeout):
        if any(s.timed for s in steps):
            held["timed"].append(held["now"])
        return real_run(self, steps, timeout)

    monkeypatch.setattr(trusted, "device_lock", Spy)
    monkeypatch.setattr(trusted.Trusted, "run", spy_run)
    root = tmp_path / "class"
    for student in ("alice", "bob"):
        (root / student).mkdir(parents=True)
        (root / student / "ex02_activations.py").write_text(solution_text("ex02_activations"))
    settings = RunConfig.for_class(gpu=True, timing=True, functions=("relu",))
    result = batch.grade_class(str(root), ["ex02"], settings, jobs=2, check_first=False)
    for s in result["students"]:
        t = next(c for c in s["exercises"][0]["checks"] if c["id"] == "ex02.relu.gpu_timing")
        assert t["status"] in ("passed", "failed") and "GB/s" in t["message"], t
    assert held["timed"] and all(held["timed"])  # every timed run of ours held the machine's lock


def test_the_device_lock_lets_one_timed_case_run_at_a_time():
    spans = []

    def work():
        with trusted.device_lock():
            start = time.monotonic()
            time.sleep(0.05)
            spans.append((start, time.monotonic()))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    spans.sort()
    assert len(spans) == 4 and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # never overlapping


def test_the_gpu_box_binds_the_device_nodes_and_a_kernel_cache_per_student(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation.glob, "glob", lambda pattern: ["/dev/nvidia0", "/dev/nvidia-uvm", "/dev/nvidiactl"]
                        if pattern == "/dev/nvidia*" else [])
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    alice.mkdir()
    bob.mkdir()
    argv = isolation.Bwrap(str(alice), gpu=True)(["python"], str(alice / "ex02_activations.py"))
    for node in ("/dev/nvidia0", "/dev/nvidia-uvm", "/dev/nvidiactl"):
        i = argv.index(node)
        assert argv[i - 1] == "--dev-bind" and argv[i + 1] == node
    i = argv.index("CUPY_CACHE_DIR")
    assert argv[i - 1] == "--setenv" and argv[i + 1] == isolation.CUPY_CACHE_IN_BOX
    assert isolation.cupy_cache(str(alice)) != isolation.cupy_cache(str(bob))  # never shared between students
    assert "--dev-bind" not in isolation.Bwrap(str(alice))(["python"], str(alice / "x.py"))  # CPU grading: none


@pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap does not work here")
def test_the_kernel_cache_is_writable_in_the_box_and_kept_between_children(tmp_path):
    from dlgrade.sandbox.runner import Child

    student = tmp_path / "alice"
    student.mkdir()
    module = student / "cache.py"
    module.write_text("import os\n\n\ndef touch():\n    d = os.environ['CUPY_CACHE_DIR']\n"
                      "    open(os.path.join(d, 'kernel.cubin'), 'w').write('x')\n    return sorted(os.listdir(d))\n")
    for _ in range(2):  # the second child sees what the first wrote
        child = Child(str(module), wrap=isolation.Bwrap(str(student), gpu=True))
        assert child.start() is None
        try:
            replies, _ = child.run([{"fn": "touch", "args": (), "kwargs": {}}], 10)
        finally:
            child.close()
        assert replies[0]["status"] == "ok" and replies[0]["value"] == {"list": ["kernel.cubin"]}
    assert os.listdir(isolation.cupy_cache(str(student))) == ["kernel.cubin"]


def test_grade_gpu_without_a_gpu_refuses_with_a_clear_message(tmp_path):
    if importlib.util.find_spec("cupy") is not None:
        pytest.skip("CuPy is installed here")
    write_class(tmp_path / "class", {"alice": solution_text("ex07_init")})
    for lang, words in (("en", "--gpu grades on the GPU"), ("ko", "GPU가 있는")):
        res = CliRunner().invoke(main, ["grade", str(tmp_path / "class"), "--exercises", "ex07", "--gpu",
                                        "--lang", lang])
        assert res.exit_code == 2 and words in res.output and "Traceback" not in res.output


@pytest.mark.skipif(cgroups.bounding() is None, reason="no writable cgroup here")
def test_a_gpu_child_has_no_address_space_limit_but_its_group_bounds_its_memory(tmp_path):
    """CUDA reserves more virtual memory than an address-space limit allows, so a GPU child has
    none; the memory it and its forks hold is still bounded, by their cgroup (a student's box
    could otherwise take the host's memory)."""
    limits = RunConfig.for_class(gpu=True, memory_mb=500).limits()
    assert limits.memory_mb is None and limits.group_mb() == 500
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "mod.py").write_text(fixture("students", "forks.py"))
    child = Child(str(folder / "mod.py"), limits, bound=cgroups.bounding())
    try:
        assert child.start() is None
        replies, bufs = child.run([{"fn": "hog", "args": (3, 250)}], 60)
    finally:
        child.close()
    statuses = protocol.decode(replies[0]["value"], bufs)
    assert any(os.WIFSIGNALED(s) and os.WTERMSIG(s) == signal.SIGKILL for s in statuses), statuses
