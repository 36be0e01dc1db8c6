"""Batch grading: a class of honest students and attackers. Honest grades equal grading alone;
attackers get zero on what they attacked; the run finishes. Plus formats, resume after SIGKILL,
and the CLI wiring."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from dlgrade.pipeline.config import RunConfig
from dlgrade.pipeline import batch
from dlgrade.integrations import formats
from dlgrade.sandbox import isolation
from dlgrade.cli.main import main
from tests.helpers import ROOT as GRADER_ROOT
from tests.helpers import solution_text, with_function

FUNCS = ("relu", "sigmoid")
SOLUTION_FILE = os.path.join(GRADER_ROOT, "solutions", "ex02_activations.py")

ATTACKS = {  # student -> body of a replacement relu(x)
    "loop": "while True:\n        pass",
    "sleeper": "import time\n    time.sleep(100)\n    return x",
    "hog": "import numpy as np\n    return np.ones(50 * 1024**3 // 8)",
    "forker": "import os, time\n    for _ in range(3):\n        if os.fork() == 0:\n            while True:\n"
              "                time.sleep(1)\n    time.sleep(100)",
    "exiter": "import os\n    os._exit(0)",
    "segfault": "import ctypes\n    ctypes.string_at(0)",
    "faker": "print('{\"status\": \"passed\", \"score\": 2.0}')\n    return x",
    "monkey": "import numpy as np\n    np.allclose = lambda *a, **k: True\n    np.isclose = lambda a, b, **k: a == a\n"
              "    return x * 0 + 7",
    "socket": "import socket\n    s = socket.create_connection(('127.0.0.1', 9), timeout=1)\n    return x",
    "thief": f"ns = {{}}\n    exec(open({SOLUTION_FILE!r}).read(), ns)\n    return ns['relu'](x)",
    "peeker": "import os\n    ns = {}\n    exec(open(os.path.join(os.path.dirname(__file__), '..', 'honest1', "
              "'ex02_activations.py')).read(), ns)\n    return ns['relu'](x)",
    "vandal": "import os\n    other = os.path.join(os.path.dirname(__file__), '..', 'honest1', 'ex02_activations.py')\n"
              "    open(other, 'w').write('def relu(x):\\n    return x\\n')\n    return x",
}


def make_class(root):
    honest = solution_text("ex02_activations")
    for name in ("honest1", "honest2"):
        (root / name).mkdir(parents=True)
        (root / name / "ex02_activations.py").write_text(honest)
    for name, body in ATTACKS.items():
        (root / name).mkdir(parents=True)
        (root / name / "ex02_activations.py").write_text(with_function("ex02", "relu", f"def bad(x):\n    {body}\n"))
    return root


def by_student(result):
    return {s["student"]: s for s in result["students"]}


@pytest.mark.slow  # an end-to-end run: deselect with -m "not slow" for a fast loop
@pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap is not available here")
def test_attackers_get_zero_on_what_they_attacked_and_honest_grades_are_unchanged(tmp_path):
    cls = make_class(tmp_path / "class")
    settings = RunConfig.for_class(timeout=20, call_timeout=1.5, functions=FUNCS)
    result = batch.grade_class(str(cls), ["ex02"], settings, jobs=4, journal_path=str(tmp_path / "j"))  # it returns
    assert result["isolation"] == "bwrap" and batch.all_graded(result)
    students = by_student(result)
    alone = by_student(batch.grade_class(str(tmp_path / "class"), ["ex02"], RunConfig.for_class(functions=FUNCS),
                                         journal_path=str(tmp_path / "j2")))
    honest = students["honest1"]["exercises"][0]
    assert honest["score"] == honest["max_score"] > 0
    assert honest == alone["honest1"]["exercises"][0]
    for name in ATTACKS:
        checks = students[name]["exercises"][0]["checks"]
        relu = [c for c in checks if c["function"] == "relu" and c["kind"] == "correctness"]
        assert all(c["score"] == 0 for c in relu), (name, relu)
        if name not in ("forker",):  # the others' attacks stay in relu: sigmoid is untouched
            assert all(c["status"] == "passed" for c in checks if c["function"] == "sigmoid"), name
    assert (cls / "honest1" / "ex02_activations.py").read_text() == solution_text("ex02_activations")


def test_missing_file_scores_zero_with_status_missing(tmp_path):
    (tmp_path / "c" / "ann").mkdir(parents=True)
    result = batch.grade_class(str(tmp_path / "c"), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"))
    ex = result["students"][0]["exercises"][0]
    assert ex["status"] == "missing" and ex["score"] == 0 and ex["max_score"] > 0
    assert {c["status"] for c in ex["checks"]} == {"missing"}


def small_class(root, n=5, slow=False):
    body = solution_text("ex01_neuron")
    if slow:  # every call takes a moment, so a run can be killed halfway
        body = body.replace("    return (w * x).sum() + b",
                            "    import time\n    time.sleep(0.15)\n    return (w * x).sum() + b")
    for i in range(n):
        (root / f"s{i}").mkdir(parents=True)
        text = body if i % 2 == 0 else body.replace("return X @ W + b", "return X @ W")
        (root / f"s{i}" / "ex01_neuron.py").write_text(text)
    return root


def test_formats(tmp_path):
    result = batch.grade_class(str(small_class(tmp_path / "c", 2)), ["ex01"], RunConfig.for_class(hidden=True),
                               journal_path=str(tmp_path / "j"))
    rows = list(csv.reader(io.StringIO(formats.to_csv(result))))
    assert (
        rows[0] == ["student", "ex01", "total", "ex01 status", "ex01 reason", "ex01 mistake"]
        and rows[1][0] == "s0"
        and float(rows[1][1]) > float(rows[2][1])
    )
    explained = [c["explanation"] for c in result["students"][1]["exercises"][0]["checks"] if c["explanation"]]
    assert rows[1][5] == "" and explained and rows[2][5] == explained[0]  # the mistake named, not only numbers
    from dlgrade.integrations import gradescope

    tests = gradescope.results(result["students"][1])["tests"]
    assert any(explained[0] in t["output"] for t in tests if t["visibility"] == "visible")
    hidden = [t for t in tests if "hidden" in t["name"]]
    assert hidden and all(t["visibility"] == "after_published" and explained[0] not in t["output"] for t in hidden)
    one = {"isolation": "x", "students": result["students"][:1]}
    assert set(json.loads(formats.to_gradescope(one))) >= {"score", "tests"}  # more in tests/test_gradescope.py


def run_cli(args, **kw):
    return subprocess.Popen([sys.executable, "-m", "dlgrade", "grade", *args], cwd=GRADER_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


@pytest.mark.slow  # an end-to-end run: deselect with -m "not slow" for a fast loop
def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path):
    cls = small_class(tmp_path / "c", 5, slow=True)
    full = tmp_path / "full.json"
    assert run_cli([str(cls), "--exercises", "ex01", "--jobs", "1", "--out", str(full)]).wait(120) == 0
    out = tmp_path / "part.json"
    proc = run_cli([str(cls), "--exercises", "ex01", "--jobs", "1", "--out", str(out)])
    journal = tmp_path / "part.json.journal"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and len(journal.read_text().splitlines()) >= 3:  # header + 2 results
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(journal.read_text().splitlines()) - 1
    assert 2 <= done_before < 5 and not out.exists()
    assert run_cli([str(cls), "--exercises", "ex01", "--jobs", "1", "--out", str(out), "--resume"]).wait(120) == 0
    assert json.loads(out.read_text()) == json.loads(full.read_text())
    lines = [json.loads(l) for l in journal.read_text().splitlines()]
    keys = [(e["student"], e["exercise"]) for e in lines if "student" in e]
    assert len(keys) == len(set(keys)) == 5  # nothing graded twice, nothing missing


def test_cli_wiring(tmp_path):
    cls = small_class(tmp_path / "c", 2)
    runner = CliRunner()
    res = runner.invoke(main, ["grade", str(cls), "--exercises", "ex01", "--format", "csv"])
    assert res.exit_code == 0 and "student,ex01,total" in res.output
    assert runner.invoke(main, ["grade", str(cls), "--exercises", "ex99"]).exit_code == 2
    assert runner.invoke(main, ["grade", str(tmp_path / "nope")]).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert runner.invoke(main, ["grade", str(tmp_path / "empty")]).exit_code == 2
    out = tmp_path / "r.json"
    res = runner.invoke(main, ["grade", str(cls), "--exercises", "1", "--out", str(out)])
    assert res.exit_code == 0 and "2 students" in res.output
    data = json.loads(out.read_text())
    assert set(data["students"][0]) == {"student", "total", "max_total", "exercises"}


def test_dask_scheduler_gives_identical_results(tmp_path):
    distributed = pytest.importorskip("distributed")
    cls = small_class(tmp_path / "c", 3)
    local = batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), jobs=2, journal_path=str(tmp_path / "j1"))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as lc:
        remote = batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j2"),
                                   scheduler=lc.scheduler_address)
    assert remote == local


def test_a_write_cut_by_a_kill_is_dropped_so_a_second_resume_grades_nothing_twice(tmp_path, monkeypatch):
    cls = small_class(tmp_path / "c", 3)
    journal = tmp_path / "j"
    full = batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), jobs=1, journal_path=str(journal))
    lines = journal.read_text().splitlines(keepends=True)
    journal.write_text(lines[0] + lines[1] + lines[2][: len(lines[2]) // 2])  # killed while writing s1
    graded = []
    real = batch.grade_one
    monkeypatch.setattr(batch, "grade_one",  # students only: not the self-check's solution
                        lambda *a: (a[0] == str(cls) and graded.append(a[1]), real(*a))[1])
    assert batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), jobs=1, journal_path=str(journal),
                             resume=True) == full
    assert graded == ["s1", "s2"]
    assert batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), jobs=1, journal_path=str(journal),
                             resume=True) == full
    assert graded == ["s1", "s2"]  # the second resume found everything in the journal


def test_resume_with_other_settings_is_refused(tmp_path):
    cls = small_class(tmp_path / "c", 2)
    journal = str(tmp_path / "j")
    batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(functions=("count_weights",)), journal_path=journal)
    with pytest.raises(batch.ResumeMismatch) as e:
        batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(hidden=True), journal_path=journal, resume=True)
    assert set(e.value.fields) == {"hidden", "functions"}
    out = tmp_path / "r.json"
    runner = CliRunner()
    args = ["grade", str(cls), "--exercises", "ex01", "--functions", "count_weights", "--out", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    res = runner.invoke(main, [*args, "--hidden", "--resume"])
    assert res.exit_code == 2 and "hidden" in res.output


PEEKS = {  # student -> a read that must fail inside bwrap; relu is right only when the read worked
    "system_file": "open('/etc/hosts').read()",  # outside the allow-list of system files
    "installed_solutions": "import solutions.ex02_activations",  # an older top-level install
    "wheel_solutions": "exec(open(WHEEL).read())",  # a wheel's dlgrade/solutions, read by path
    "journal": "open(JOURNAL).read()",  # the run's journal: every grade and the hidden seed
}


@pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap is not available here")
def test_bwrap_shows_an_allow_list_only(tmp_path, monkeypatch):
    site = tmp_path / "site"  # stands for a site-packages holding grader, solutions and reference
    (site / "solutions").mkdir(parents=True)
    (site / "solutions" / "__init__.py").write_text("")
    (site / "solutions" / "ex02_activations.py").write_text(solution_text("ex02_activations"))
    wheel = site / "dlgrade" / "solutions" / "ex02_activations.py"
    wheel.parent.mkdir(parents=True)
    wheel.write_text(solution_text("ex02_activations"))
    monkeypatch.setenv("DLGRADE_CHILD_PATH", str(site))  # shown to the child like site-packages
    journal = tmp_path / "outside" / "grades.json.journal"
    journal.parent.mkdir()
    cls = tmp_path / "class"
    for name, stmt in {**PEEKS, "honest": "pass"}.items():
        (cls / name).mkdir(parents=True)
        body = (
            f"def bad(x):\n    {stmt.replace('JOURNAL', repr(str(journal))).replace('WHEEL', repr(str(wheel)))}\n"
            "    import numpy as np\n"
            "    return np.maximum(x, 0)\n"
        )
        (cls / name / "ex02_activations.py").write_text(with_function("ex02", "relu", body))
    result = batch.grade_class(str(cls), ["ex02"], RunConfig.for_class(functions=("relu",)), jobs=2,
                               journal_path=str(journal))
    students = by_student(result)
    assert result["isolation"] == "bwrap" and students["honest"]["total"] == students["honest"]["max_total"] > 0
    for name in PEEKS:
        relu = [c for c in students[name]["exercises"][0]["checks"] if c["kind"] == "correctness"]
        assert relu and all(c["score"] == 0 for c in relu), (name, relu)


def test_a_solution_short_of_full_marks_here_stops_the_run_before_any_student(tmp_path, monkeypatch):
    """The self-check grades the bundled solution first, as a student: if it falls short on this
    machine (here: the stubs stand in for a solution the sandbox broke), nobody is graded."""
    from dlgrade.study import workspace

    cls = small_class(tmp_path / "c", 2)
    monkeypatch.setattr(workspace, "bundled_solutions", workspace.bundled_exercises)
    with pytest.raises(batch.SelfCheckFailed) as failed:
        batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"))
    assert failed.value.exercise == "ex01" and "not_implemented" in failed.value.problems
    # the self-check runs beside the first students: none of their results reached the journal
    entries = [json.loads(line) for line in (tmp_path / "j").read_text().splitlines()]
    assert entries and all("run" in e for e in entries), entries
    out = tmp_path / "r.json"
    for lang, words in (("en", "nothing was graded"), ("ko", "아무것도 채점하지 않았습니다")):
        res = CliRunner().invoke(main, ["grade", str(cls), "--exercises", "ex01", "--out", str(out), "--lang", lang])
        assert res.exit_code == 1 and words in res.output and "ex01" in res.output, res.output
    assert not out.exists()


def test_the_self_check_passes_with_the_real_solutions_under_every_isolation(tmp_path):
    for mode in ("rlimit",) + (("strict",) if isolation.bwrap_works() else ()):
        batch.self_check(["ex01", "ex02"], RunConfig.for_class(isolation=mode, hidden=True, hidden_seed=7))  # no raise


# ---- scheduling: a child stuck in a long call lends its CPU slot ----------------------------------

def test_a_looping_student_lends_its_slot_to_the_next_student(tmp_path):
    """One slot (jobs=1): the looping student comes first, yet the honest student after it is
    graded while the loop runs out its time limit, and both grades equal grading alone."""
    honest = solution_text("ex02_activations")
    (tmp_path / "a_loop").mkdir()
    (tmp_path / "a_loop" / "ex02_activations.py").write_text(
        with_function("ex02", "relu", "def bad(x):\n    while True:\n        pass\n"))
    (tmp_path / "b_honest").mkdir()
    (tmp_path / "b_honest" / "ex02_activations.py").write_text(honest)
    order = []
    real = batch.grade_student

    def recording(submissions, student, *a, **kw):
        out = real(submissions, student, *a, **kw)
        order.append(student)
        return out

    settings = RunConfig.for_class(functions=FUNCS, timeout=4.0)
    import unittest.mock

    with unittest.mock.patch.object(batch, "grade_student", recording):
        result = batch.grade_class(str(tmp_path), ["ex02"], settings, jobs=1, journal_path=str(tmp_path / "j"),
                                   check_first=False)
    assert order == ["b_honest", "a_loop"]  # the honest student did not wait for the loop's time limit
    got = by_student(result)
    assert got["b_honest"]["total"] == got["b_honest"]["max_total"] > 0
    relu = [c for c in got["a_loop"]["exercises"][0]["checks"] if c["function"] == "relu"]
    assert relu[0]["status"] == "timeout" and got["a_loop"]["total"] < got["b_honest"]["total"]


def test_slots_bound_the_students_computing_at_once():
    from dlgrade.pipeline.slots import Slots

    slots = Slots(2)
    assert slots.workers() == 4
    a, b = slots.take(), slots.take()
    assert not slots._free.acquire(blocking=False)  # both slots taken
    a.lend()
    a.lend()  # lending twice frees one slot, not two
    a.done()
    c = slots.take()
    assert not slots._free.acquire(blocking=False)
    for s in (b, c):
        s.done()
    assert slots._free.acquire(blocking=False) and slots._free.acquire(blocking=False)
    assert not slots._free.acquire(blocking=False)


def test_results_wait_for_the_self_check_and_are_dropped_when_it_fails():
    from dlgrade.pipeline.slots import Gate

    got = []
    gate = Gate(lambda key, result: got.append(key), closed=True)
    gate.finish(("a", "ex01"), {})
    gate.finish(("b", "ex01"), {})
    assert got == []  # held back while the self-check runs
    gate.open()
    gate.finish(("c", "ex01"), {})
    assert got == [("a", "ex01"), ("b", "ex01"), ("c", "ex01")]
    failing = Gate(lambda key, result: got.append(key), closed=True)
    failing.finish(("d", "ex01"), {})
    failing.fail()
    assert failing.failed and ("d", "ex01") not in got


def test_the_journal_writer_keeps_the_order_and_reports_a_failure():
    from dlgrade.pipeline.slots import Writer

    got = []
    writer = Writer(lambda key, result: got.append((key, result)))
    for i in range(50):
        writer.put(("s", i), i)
    writer.close()
    assert got == [(("s", i), i) for i in range(50)]

    def broken(key, result):
        raise OSError("disk full")

    writer = Writer(broken)
    writer.put(("s", 1), 1)
    with pytest.raises(OSError):
        writer.close()
