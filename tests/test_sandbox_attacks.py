"""Issue 12's attacks on the sandbox core, each as the student would mount it: a child that never
reads its requests, one that prints or writes without end, forged and oversized reply frames,
modules named like ours in the student's folder, forks past the memory bound, names and messages
that are not valid UTF-8. Each gets its own status or a bound; the grader survives every one."""
import csv
import errno
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from dlgrade.pipeline.config import RunConfig
from dlgrade.integrations import formats
from dlgrade.sandbox import cgroups, protocol
from dlgrade.sandbox.runner import OUTPUT_KEEP, Child, Limits, Timeout
from tests.helpers import fixture, grade_source, solution_text, with_function

# the student's code finds the grader's result pipe (the child's argv says which it is) and forges frames
FORGE = ("import os as _os, sys as _sys, json as _json, struct as _struct\n"
         "def _send(header, body=b''):\n"
         "    h = header if isinstance(header, bytes) else _json.dumps(header).encode()\n"
         "    _os.write(int(_sys.argv[3]), _struct.pack('<Q', len(h)) + h + body)\n")


def within(seconds, fn):
    """fn() in a thread; fails (instead of hanging the suite) when it has not returned in time."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the test
            box["error"] = e

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def start(tmp_path, source, limits=None, **kw):
    path = tmp_path / "student" / "mod.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source)
    child = Child(str(path), limits or Limits(), **kw)
    assert within(30, child.start) is None
    return child


# --- item 2: a deadline on every write as well as every read -----------------------------------

def test_a_child_that_forges_ready_and_never_reads_times_out_instead_of_blocking_the_grader(tmp_path):
    child = start(tmp_path, FORGE + "_send({'tree': {'event': 'ready'}, 'sizes': []})\n"
                                    "import time\ntime.sleep(120)\n", Limits(import_timeout_s=20))
    big = np.zeros(4_000_000)  # 32 MB: far more than a pipe holds
    started = time.monotonic()
    try:
        with pytest.raises(Timeout):
            within(30, lambda: child.run([{"fn": "f", "args": (big,)}], 2.0))
    finally:
        child.close()
    assert time.monotonic() - started < 15


def test_the_same_attack_through_the_grader_is_a_timeout_on_that_function_only(tmp_path):
    source = FORGE + with_function("ex09", "dropout_forward", "def bad(*a, **k):\n    return None\n") + \
        "\n_send({'tree': {'event': 'ready'}, 'sizes': []})\nimport time as _t\n_t.sleep(120)\n"
    report = within(120, lambda: grade_source("ex09", source, tmp_path, functions=["dropout_forward"], timeout=2))
    assert {c.status for c in report.checks} == {"timeout"}


# --- item 3: the student's output is a capped pipe; files are bounded -----------------------------

PRINTER = fixture("students", "printer.py")


def test_output_goes_to_a_drained_capped_pipe_and_files_are_bounded(tmp_path):
    child = start(tmp_path, PRINTER, Limits(file_mb=2, import_timeout_s=30))
    target = tmp_path / "student" / "big.bin"
    try:
        replies, bufs = child.run([{"fn": "probe"}, {"fn": "big_file", "args": (str(target),)},
                                   {"fn": "fill_stdout"}], 20)
        values = [protocol.decode(r["value"], bufs) for r in replies]
    finally:
        child.close()
    assert values[0] == [True, True, 2 << 20]  # stdout and stderr are pipes; RLIMIT_FSIZE is set
    assert values[1] == errno.EFBIG and os.path.getsize(target) <= 2 << 20
    assert values[2] != 0  # a pipe cannot be made to take disk space
    assert child.printed >= 20_000_000 and len(child.output()) <= 2000 and len(child._log) <= 2 * OUTPUT_KEEP


# --- item 7: nothing of the student's runs before the limits or replaces our modules -----------

SHADOWS = ("json.py", "numpy.py", "resource.py", "selectors.py", "traceback.py", "warnings.py", "struct.py",
           "dlgrade/__init__.py", "grader/__init__.py", "encodings/__init__.py", "sitecustomize.py")


def test_modules_named_like_ours_in_the_students_folder_never_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran.txt"
    folder = tmp_path / "student"
    for name in SHADOWS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\nimport os\nos._exit(42)\n")
    probe = ("import json, numpy, resource, sys, os\n"
             "AT_IMPORT = resource.getrlimit(resource.RLIMIT_AS)[0]\n"
             "def probe():\n"
             "    here = os.path.dirname(__file__)\n"
             "    return [AT_IMPORT, sys.flags.no_user_site, sys.flags.no_site, sys.path[-1] == here,\n"
             "            json.__file__.startswith(here), hasattr(numpy, 'ndarray'), hash('a') == HASH_A]\n")
    from dlgrade.sandbox.runner import child_env

    hash_a = subprocess.run([sys.executable, "-c", "print(hash('a'))"], env=child_env(), text=True,
                            capture_output=True).stdout.strip()  # the hash seed the grader fixes for its children
    monkeypatch.setenv("PYTHONPATH", str(folder))  # the grader's environment never reaches the child
    monkeypatch.setenv("PYTHONSTARTUP", str(folder / "json.py"))
    child = start(tmp_path, probe.replace("HASH_A", hash_a), Limits(memory_mb=3000))
    try:
        replies, bufs = child.run([{"fn": "probe"}], 20)
    finally:
        child.close()
    assert protocol.decode(replies[0]["value"], bufs) == [3000 << 20, 1, 1, True, False, True, True]  # same hash seed
    assert not marker.exists(), marker.read_text()


# --- item 8: the sandbox as a whole is bounded, and killed whole ---------------------------------

FORKS = fixture("students", "forks.py")


@pytest.mark.skipif(cgroups.bounding() is None, reason="no writable cgroup here")
def test_a_cgroup_bounds_the_child_and_everything_it_forks(tmp_path):
    child = start(tmp_path, FORKS, Limits(memory_mb=500), bound=cgroups.bounding())
    pidfile = tmp_path / "daemon.pid"
    try:
        replies, bufs = child.run([{"fn": "hog", "args": (3, 250)}, {"fn": "daemon", "args": (str(pidfile),)},
                                   {"fn": "many", "args": (400,)}], 60)
        assert [r["status"] for r in replies] == ["ok"] * 3, replies
        statuses, daemon, forks = [protocol.decode(r["value"], bufs) for r in replies]
    finally:
        child.close()
    # each fork alone fits under the per-process limit; together they exceed the group's memory
    assert any(os.WIFSIGNALED(s) and os.WTERMSIG(s) == signal.SIGKILL for s in statuses), statuses
    assert forks < cgroups.PIDS_MAX
    assert daemon == 1
    pid = int(pidfile.read_text())
    time.sleep(0.2)
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"


# --- items 9 and 10: reply frames are capped and validated ----------------------------------------

def test_a_reply_far_larger_than_the_request_is_refused_at_its_header(tmp_path):
    source = FORGE + ("def stream():\n"
                      "    _send({'tree': {'event': 'result', 'steps': [{'status': 'ok'}]}, 'sizes': [1 << 30]})\n"
                      "    import time\n    time.sleep(60)\n")
    child = start(tmp_path, source)
    try:
        with pytest.raises(protocol.ProtocolError):
            within(30, lambda: child.run([{"fn": "stream"}], 20))
    finally:
        child.close()


DEEP = 400
FORGED = {  # name -> the frame the student's relu forges instead of its reply
    "list": "_send({'tree': [1, 2], 'sizes': []})",
    "steps_of_lists": "_send({'tree': {'event': 'result', 'steps': [[1]]}, 'sizes': []})",
    "header_100k_deep": "_send(b'[' * 100000 + b']' * 100000)",
    "value_deep": "_send({'tree': {'event': 'result', 'steps': [{'status': 'ok', 'value': "
                  f"_json.loads('{{\"list\": [' * {DEEP} + '1' + ']}}' * {DEEP})}}]}}, 'sizes': []}})",
    "not_json": "_send(b'\\xff\\xfe{')",
    "sizes_not_counts": "_send({'tree': {'event': 'result', 'steps': []}, 'sizes': ['x']})",
    "dict_not_a_dict": "_send({'tree': {'event': 'result', 'steps': [{'status': 'ok', 'value': {'dict': [1]}}]}, "
                       "'sizes': []})",
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_a_forged_frame_is_the_students_own_error_with_a_clear_message(name, tmp_path):
    body = f"def bad(x):\n    {FORGED[name]}\n    import time\n    time.sleep(60)\n"
    source = FORGE + with_function("ex02", "relu", body)
    report = within(120, lambda: grade_source("ex02", source, tmp_path, functions=["relu", "sigmoid"], timeout=10))
    relu = [c for c in report.checks if c.function == "relu"]
    assert relu[0].status == "error" and relu[0].message.id == "sandbox.bad_reply"
    for lang in ("en", "ko"):
        assert "Error" not in relu[0].message.render(lang)  # no exception names of ours
    assert all(c.status == "passed" for c in report.checks if c.function == "sigmoid")


def test_check_prints_no_traceback_for_a_forged_frame(tmp_path):
    from click.testing import CliRunner

    from dlgrade.cli.main import main

    (tmp_path / "ex02_activations.py").write_text(
        FORGE + with_function("ex02", "relu", f"def bad(x):\n    {FORGED['list']}\n    return x\n"))
    res = CliRunner().invoke(main, ["check", "ex02", "--workspace", str(tmp_path), "--lang", "ko"])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output and "결과가 아닌 것" in res.output


# --- items 1 and 11: any text is written, ids stay lossless and safe ------------------------------

def test_write_atomic_keeps_the_earlier_file_when_the_write_fails(tmp_path, monkeypatch):
    out = tmp_path / "r.json"
    out.write_text("earlier")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        formats.write_atomic(str(out), "new")
    assert out.read_text() == "earlier" and os.listdir(tmp_path) == ["r.json"]
    monkeypatch.undo()
    formats.write_atomic(str(out), "new \udc80")
    assert out.read_text() == "new \\udc80"


def test_csv_cells_are_never_formulas():
    result = {"students": [{"student": s, "total": 1.0, "max_total": 2.0,
                            "exercises": [{"exercise": "ex01", "score": 1.0}]}
                           for s in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "bob\udcff")]}
    rows = list(csv.reader(io.StringIO(formats.to_csv(result))))[1:]
    assert [r[0] for r in rows] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "bob\\udcff"]
    assert json.loads(formats.to_json(result)) == result


# --- one sandbox per student ----------------------------------------------------------------------

def notebook(source):
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
                                  "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def student_folder(root, name, ex02_relu=None, ex01_tail=""):
    """ex01 as a file (plus ex01_tail), ex02 as a notebook (its relu replaced when given), ex04 as a file."""
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron") + ex01_tail)
    ex02 = with_function("ex02", "relu", ex02_relu) if ex02_relu else solution_text("ex02_activations")
    (folder / "ex02_activations.ipynb").write_text(notebook(ex02))
    (folder / "ex04_backprop.py").write_text(solution_text("ex04_backprop"))
    return folder


def test_one_sandbox_grades_all_of_a_students_exercises_as_separate_children_do(tmp_path, monkeypatch):
    from dlgrade.pipeline import batch
    from dlgrade.sandbox import session

    from dlgrade.integrations import notebook as nb

    modules, materialize = [], nb.materialize
    monkeypatch.setattr(nb, "materialize", lambda path: modules.append(materialize(path)) or modules[-1])
    cls = tmp_path / "class"
    student_folder(cls, "ann")
    student_folder(cls, "bob", ex02_relu="def bad(x):\n    import os\n    os._exit(3)\n")
    # what ex01 changes for the whole process is undone before ex02; what it leaves running ends the child
    student_folder(cls, "carl", ex01_tail="\nimport builtins, os, numpy\nnumpy.exp = lambda x: x * 0\n"
                                          "numpy.random.default_rng = None\nbuiltins.print = None\nos.chdir('/')\n")
    student_folder(cls, "dave", ex01_tail="\nimport threading, time\n"
                                          "threading.Thread(target=lambda: time.sleep(600), daemon=True).start()\n")
    started = []
    real = session.StudentSandbox.open

    def counting(self, path):
        before = self.started
        out = real(self, path)
        started.append(self.started - before)
        return out

    monkeypatch.setattr(session.StudentSandbox, "open", counting)
    settings = RunConfig.for_class(hidden=True, hidden_seed=11, timeout=30)
    slugs = ["ex01_neuron", "ex02_activations", "ex04_backprop"]
    for name in ("ann", "bob", "carl", "dave"):
        started.clear()
        together = batch.grade_student(str(cls), name, slugs, settings)
        opened = list(started)
        alone = [batch.grade_one(str(cls), name, slug, settings) for slug in slugs]
        assert together == alone, name
        if name in ("ann", "carl"):
            assert sum(opened) == 1 and [r["score"] == r["max_score"] for r in together][1:] == [True, True]
        elif name == "dave":
            assert opened == [1, 1, 0] and all(r["score"] == r["max_score"] for r in together)
        else:  # relu's crash restarted the child once for relu and once for ex04: charged to ex02 alone
            relu = [c for c in together[1]["checks"] if c["function"] == "relu"]
            assert relu[0]["status"] == "error" and sum(opened) > 1
            assert [r["score"] == r["max_score"] for r in together] == [True, False, True]
    assert modules and not [m for m, _ in modules if os.path.exists(os.path.dirname(m))]  # notebooks' modules removed



def test_odd_student_ids_and_messages_survive_every_format_and_resume(tmp_path):
    from tests.helpers import ROOT

    cls = tmp_path / "class"
    names = [b"caf\xe9", b"=HYPERLINK(A1)", b"plain"]
    for raw in names:
        folder = os.path.join(os.fsencode(cls), raw)
        os.makedirs(folder)
        source = with_function("ex02", "relu", "def bad(x):\n    raise ValueError('\\udc80 \\udcff')\n")
        with open(os.path.join(folder, b"ex02_activations.py"), "w") as fh:
            fh.write(source if raw != b"plain" else solution_text("ex02_activations"))
    out = tmp_path / "r.json"
    out.write_text("an earlier run")

    def grade(*extra, to=out):
        return subprocess.run([sys.executable, "-m", "dlgrade", "grade", str(cls), "--exercises", "ex02",
                               "--functions", "relu,sigmoid", "--out", str(to), *extra], cwd=ROOT,
                              capture_output=True, timeout=300)

    res = grade()
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(os.fsencode(s["student"]) for s in data["students"]) == sorted(names)  # lossless
    assert data["bound"] == cgroups.name()
    messages = [c["message"] for s in data["students"] for c in s["exercises"][0]["checks"] if c["function"] == "relu"]
    assert any("\udc80 \udcff" in m for m in messages)
    res = grade("--format", "csv", "--resume")
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r[0] for r in rows[1:]) == sorted(["'=HYPERLINK(A1)", "caf\\udce9", "plain"])
    res = grade("--format", "gradescope", to=tmp_path / "gs")  # several students: one results.json each
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    assert {os.fsencode(p.name) for p in (tmp_path / "gs").iterdir()} == set(names)
    assert all(json.loads((p / "results.json").read_text())["tests"] for p in (tmp_path / "gs").iterdir())


def test_a_full_disk_under_the_journal_is_reported_and_the_run_completes(tmp_path, monkeypatch):
    from dlgrade.pipeline import batch

    cls = tmp_path / "class"
    (cls / "ann").mkdir(parents=True)
    (cls / "ann" / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    real_write = os.write
    journal = tmp_path / "j"

    def write(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}") == str(journal) and b'"student"' in bytes(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    failures = []
    result = batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(), journal_path=str(journal),
                               on_journal_error=lambda path, detail: failures.append((path, detail)),
                               check_first=False)
    assert failures == [(str(journal), "No space left on device")]
    assert result["students"][0]["total"] == result["students"][0]["max_total"] > 0
