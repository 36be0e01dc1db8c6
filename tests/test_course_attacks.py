"""Attacks on the course paths (issue 12, part B): links out of a student's folder, notebooks the
grader cannot parse, the rlimit mode, the journal and Dask. Each test fails on the code before it."""
import functools
import glob
import json
import os
import tempfile

import pytest
from click.testing import CliRunner

from dlgrade.pipeline.config import RunConfig
from dlgrade.pipeline import batch
from dlgrade.pipeline import engine
from dlgrade.cli.main import main
from tests.helpers import ROOT, fixture, solution_text
from tests.test_notebook import notebook


def nb_leftovers():
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "dlgrade-nb-*")))


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temporary folder of this test's own (other runs share /tmp), for counting leftovers."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


# ---- item 4: a link out of the student's folder -------------------------------------------------

@pytest.mark.parametrize("suffix", [".ipynb", ".py"])
def test_a_link_to_a_classmate_is_refused(tmp_path, suffix):
    victim, attacker = tmp_path / "c" / "victim", tmp_path / "c" / "attacker"
    victim.mkdir(parents=True)
    attacker.mkdir()
    text = solution_text("ex01_neuron")
    (victim / f"ex01_neuron{suffix}").write_text(notebook([("code", text)]) if suffix == ".ipynb" else text)
    os.symlink(f"../victim/ex01_neuron{suffix}", attacker / f"ex01_neuron{suffix}")
    result = batch.grade_class(str(tmp_path / "c"), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"),
                               check_first=False)
    by = {s["student"]: s for s in result["students"]}
    assert by["victim"]["total"] == by["victim"]["max_total"] > 0
    assert by["attacker"]["total"] == 0
    messages = {c["message"] for c in by["attacker"]["exercises"][0]["checks"]}
    assert messages == {"ex01_neuron" + suffix + " is a link to a file outside your folder; submit the file itself "
                        "(it was not graded)"}


def test_a_student_folder_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "c" / "victim").mkdir(parents=True)
    (tmp_path / "c" / "victim" / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    os.symlink(os.path.join(ROOT, "solutions"), tmp_path / "c" / "attacker")  # unpacked from the class archive
    result = batch.grade_class(str(tmp_path / "c"), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"),
                               check_first=False)
    by = {s["student"]: s for s in result["students"]}
    assert by["attacker"]["total"] == 0 < by["victim"]["total"] and batch.all_graded(result)
    assert "outside your folder" in by["attacker"]["exercises"][0]["checks"][0]["message"]


@pytest.mark.parametrize("target", ["solutions/ex02_activations.py", "grader/__init__.py"])
def test_a_link_to_the_course_source_is_refused_in_both_languages(tmp_path, target):
    os.symlink(os.path.join(ROOT, target), tmp_path / "ex02_activations.py")
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    assert report.score == 0 and report.problem.id == "files.outside"
    assert "링크" in report.problem.render("ko") and "link" in report.problem.render("en")


def test_a_link_inside_the_folder_is_graded(tmp_path):
    (tmp_path / "mine.ipynb").write_text(notebook([("code", solution_text("ex02_activations"))]))
    os.symlink("mine.ipynb", tmp_path / "ex02_activations.ipynb")
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    assert report.problem is None and report.score == report.max_score > 0


def test_the_notebook_reader_itself_refuses_a_link_out(tmp_path):
    # the notebook is read in the grader: checked again where it is opened (a link swapped in late)
    from dlgrade.integrations import notebook as nb
    from dlgrade.sandbox import student_files

    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "real.ipynb").write_text(notebook([("code", "x = 1")]))
    (tmp_path / "me").mkdir()
    os.symlink("../other/real.ipynb", tmp_path / "me" / "ex02_activations.ipynb")
    with pytest.raises(student_files.Refused) as e:
        nb.code_cells(str(tmp_path / "me" / "ex02_activations.ipynb"))
    assert e.value.msg.id == "files.outside"


# ---- item 10: notebooks the grader cannot parse --------------------------------------------------

DEEP_JSON = "[" * 200_000 + "]" * 200_000
UNARY = "x = " + "-" * 200_000 + "1\n"
LONG_SUM = "x = " + " + ".join(["1"] * 200_000) + "\n"


@pytest.mark.parametrize("text,problem,where", [
    ('{"cells": ' + DEEP_JSON + "}", "import.notebook", "nested too deeply"),
    ("{not json", "import.notebook", "line 1, column 2"),
    (notebook([("code", "import numpy as np"), ("code", UNARY)]), "nbfile.cell_too_complex", "cell 2"),
    (notebook([("code", LONG_SUM), ("code", "import numpy as np")]), "nbfile.cell_too_complex", "cell 1"),
], ids=["deep-json", "malformed", "unary-chain", "long-sum"])
def test_an_unparseable_notebook_is_the_students_error_with_no_leftovers(tmp_path, private_tmp, text, problem,
                                                                         where):
    (tmp_path / "ex02_activations.ipynb").write_text(text)
    before = nb_leftovers()
    result = CliRunner().invoke(main, ["check", "ex02", "--workspace", str(tmp_path), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    assert report.problem.id == problem and where in report.problem.render("en")
    assert report.score == 0 and {c.status for c in report.checks} <= {"error", "not_implemented"}
    assert nb_leftovers() == before == set()


def test_a_deep_cell_leaves_the_other_cells_graded(tmp_path):
    (tmp_path / "ex02_activations.ipynb").write_text(notebook([
        ("code", solution_text("ex02_activations")), ("code", UNARY)]))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    assert report.score == report.max_score > 0 and report.problem.id == "nbfile.cell_too_complex"


def test_the_batch_records_the_student_and_goes_on(tmp_path):
    for name, text in (("deep", '{"cells": ' + DEEP_JSON + "}"),
                       ("ok", notebook([("code", solution_text("ex01_neuron"))]))):
        (tmp_path / "c" / name).mkdir(parents=True)
        (tmp_path / "c" / name / "ex01_neuron.ipynb").write_text(text)
    result = batch.grade_class(str(tmp_path / "c"), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"),
                               check_first=False)
    assert batch.all_graded(result)  # the student's error, not the grader's: exit 0
    by = {s["student"]: s for s in result["students"]}
    assert by["deep"]["total"] == 0 and by["ok"]["total"] == by["ok"]["max_total"]


# ---- item 12 (notebook side): get_ipython(), %%writefile, nbformat 3 ------------------------------

def test_get_ipython_cells_run_and_writefile_cells_are_named(tmp_path):
    sol = solution_text("ex05_losses")
    (tmp_path / "ex05_losses.ipynb").write_text(notebook([
        ("code", "get_ipython().run_line_magic('matplotlib', 'inline')\n" + sol),
        ("code", "%%writefile losses.py\ndef mse(y_pred, y):\n    return 0\n")]))
    report = engine.check("ex05", str(tmp_path), RunConfig(functions=["mse"]))
    assert report.score == report.max_score > 0
    assert report.problem.id == "nbfile.writefile" and "cell 2" in report.problem.render("en")


def test_an_nbformat_3_notebook_is_graded(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "markdown", "source": "# hi"},
        {"cell_type": "code", "language": "python", "input": solution_text("ex02_activations"), "outputs": []}]}]}
    (tmp_path / "ex02_activations.ipynb").write_text(json.dumps(v3))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    assert report.problem is None and report.score == report.max_score > 0


# ---- item 5: no bubblewrap, and the rlimit mode ----------------------------------------------------

def one_student(root, source, slug="ex01_neuron"):
    (root / "c" / "mallory").mkdir(parents=True)
    (root / "c" / "mallory" / f"{slug}.py").write_text(source)
    return str(root / "c")


@pytest.mark.parametrize("lang,words", [("en", "--isolation rlimit"), ("ko", "--isolation rlimit으로")])
def test_grade_refuses_to_run_without_bwrap_unless_rlimit_is_said(tmp_path, monkeypatch, lang, words):
    from dlgrade.sandbox import isolation

    monkeypatch.setattr(isolation, "bwrap_works", lambda: False)
    classroom = one_student(tmp_path, solution_text("ex01_neuron"))
    for args in ([], ["--isolation", "auto"], ["--isolation", "strict"]):
        result = CliRunner().invoke(main, ["grade", classroom, "--exercises", "ex01", "--lang", lang, *args])
        assert result.exit_code == 2 and "bwrap" in result.output and "Traceback" not in result.output
    assert words in CliRunner().invoke(main, ["grade", classroom, "--lang", lang]).output
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["grade", classroom, "--exercises", "ex01", "--isolation", "rlimit",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    graded = json.loads(out.read_text())
    assert graded["isolation"] == "rlimit" and graded["students"][0]["total"] == graded["students"][0]["max_total"]


def test_nbgrader_autograde_refuses_too(tmp_path, monkeypatch):
    from dlgrade.sandbox import isolation

    monkeypatch.setattr(isolation, "bwrap_works", lambda: False)
    (tmp_path / "course").mkdir()
    result = CliRunner().invoke(main, ["nbgrader", "autograde", "--course-dir", str(tmp_path / "course"), "ex02"])
    assert result.exit_code == 2 and "--isolation rlimit" in result.output


@pytest.fixture
def outbox():
    """A folder the rlimit child may write to whichever user it runs as (pytest's own temporary
    folders are closed to others; a root grader runs the child as `nobody`)."""
    import pathlib
    import shutil

    folder = tempfile.mkdtemp(prefix="dlgrade-outbox-")
    os.chmod(folder, 0o777)
    yield pathlib.Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def test_rlimit_child_runs_from_a_private_copy(tmp_path, outbox):
    from dlgrade.sandbox import isolation

    seen = outbox / "seen.txt"
    classroom = one_student(tmp_path, solution_text("ex01_neuron") + fixture("students", "leak.py", seen=str(seen)))
    settings = RunConfig.for_class(isolation="rlimit")
    result = batch.grade_class(classroom, ["ex01"], settings, journal_path=str(tmp_path / "j"), check_first=False)
    assert result["students"][0]["total"] == result["students"][0]["max_total"]
    text = seen.read_text()
    assert "dlgrade-rl-" in text  # it did run, from its copy
    assert ROOT not in text and classroom not in text and "solutions" not in text
    assert isolation.choose("rlimit", classroom).box is None  # copies are made per child, removed with it


@pytest.mark.skipif(os.geteuid() != 0, reason="the grader hands the rlimit child to `nobody` only when it runs as root")
def test_rlimit_child_of_a_root_grader_runs_as_nobody(tmp_path, outbox):
    """Gradescope runs the grader as root, often without bwrap: the child must not read root-only
    files or the solutions by path, signal the grader or write into its folders."""
    from dlgrade.sandbox import isolation

    closed = [d for d in ("/root", os.path.expanduser("~")) if os.path.isdir(d) and not os.stat(d).st_mode & 0o001]
    try:  # a Python installed under root's home (mode 0700) cannot run as `nobody`: open it for the test
        for d in closed:
            os.chmod(d, os.stat(d).st_mode | 0o001)
        if not isolation.open_to_others(isolation.python_dirs()):
            pytest.skip("this Python lives in a folder other users cannot enter")
        run_as_nobody(tmp_path, outbox)
    finally:
        for d in closed:
            os.chmod(d, os.stat(d).st_mode & ~0o001)


def run_as_nobody(tmp_path, outbox):
    secret = outbox / "hidden_seed"
    secret.write_text("42")
    secret.chmod(0o600)  # only the file's own mode stands in the way
    solution = os.path.join(ROOT, "solutions", "ex01_neuron.py")
    source = solution_text("ex01_neuron") + fixture("students", "nobody.py", secret=str(secret), solution=solution,
                                                    grader=os.path.join(ROOT, "grader", "planted.py"))
    classroom = one_student(tmp_path, source)
    result = batch.grade_class(classroom, ["ex01"],
                               RunConfig.for_class(isolation="rlimit", functions=("count_weights",)),
                               journal_path=str(tmp_path / "j"), check_first=False)
    graded = result["students"][0]
    assert graded["total"] == graded["max_total"] > 0, graded
    assert not os.path.exists(os.path.join(ROOT, "grader", "planted.py"))
    assert os.access(solution, os.R_OK)  # the grader itself still reads them


def alive(pid):
    """Whether the process runs (a zombie waiting for init to reap it does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("hierarchy", ["cgroup2", "freezer"])
def test_rlimit_kills_a_setsid_daemon_with_its_child(tmp_path, outbox, monkeypatch, hierarchy):
    import time

    from dlgrade.sandbox import cgroups

    found = {k: v for k, v in cgroups.mounts().items() if k == hierarchy}
    monkeypatch.setattr(cgroups, "mounts", lambda: found)  # this hierarchy only
    monkeypatch.setattr(cgroups, "_probe", functools.lru_cache(maxsize=1)(cgroups._probe.__wrapped__))
    monkeypatch.setattr(cgroups, "_made", set())
    killer = cgroups.killing()
    if killer is None or not ({"cgroup2": "v2"}.get(hierarchy, hierarchy) in killer.parents):
        pytest.skip(f"no {hierarchy} cgroup can be made here: a setsid daemon escapes the rlimit mode (README)")
    out, pid = outbox / "grades.json", outbox / "daemons"
    pid.mkdir()
    pid.chmod(0o777)
    source = solution_text("ex01_neuron") + fixture("students", "daemon.py", out=str(out), pid=str(pid))
    classroom = one_student(tmp_path, source)
    result = CliRunner().invoke(main, ["grade", classroom, "--exercises", "ex01", "--isolation", "rlimit",
                                       "--out", str(out), "--functions", "count_weights"])
    assert result.exit_code == 0, result.output
    graded = out.read_text()
    assert os.listdir(pid)  # daemons started ...
    time.sleep(3)
    assert out.read_text() == graded  # ... and did not outlive the run
    assert not any(alive(int(p)) for p in os.listdir(pid))
    parent = next(iter(killer.parents.values()))
    assert not [d for d in os.listdir(parent) if d.startswith("child-")]  # every child's group removed


def test_without_a_cgroup_the_childs_session_is_killed(tmp_path, outbox, monkeypatch):
    import time

    from dlgrade.sandbox import cgroups

    monkeypatch.setattr(cgroups, "killing", lambda: None)  # no cgroup can be made here
    monkeypatch.setattr(cgroups, "bounding", lambda: None)
    pid = outbox / "bg.pid"
    source = solution_text("ex01_neuron") + fixture("students", "sleeper.py", pid=str(pid))
    classroom = one_student(tmp_path, source)
    batch.grade_class(classroom, ["ex01"], RunConfig.for_class(isolation="rlimit", functions=("count_weights",)),
                      journal_path=str(tmp_path / "j"), check_first=False)
    time.sleep(0.2)
    assert not alive(int(pid.read_text()))


# ---- item 16: the journal ----------------------------------------------------------------------------

def small(root, n=2):
    for k in range(n):
        (root / "c" / f"s{k}").mkdir(parents=True)
        (root / "c" / f"s{k}" / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    return str(root / "c")


def test_resume_grades_a_resubmission_again(tmp_path):
    classroom, journal = small(tmp_path), str(tmp_path / "j")
    settings = dict(exercises=["ex01"], journal_path=journal, check_first=False)
    first = batch.grade_class(classroom, settings=RunConfig.for_class(functions=("count_weights",)), **settings)
    assert all(s["total"] == s["max_total"] > 0 for s in first["students"])
    (tmp_path / "c" / "s1" / "ex01_neuron.py").write_text(
        solution_text("ex01_neuron") + "\ndef count_weights(layer_sizes):\n    return 0\n")
    again = batch.grade_class(classroom, settings=RunConfig.for_class(functions=("count_weights",)), resume=True,
                              **settings)
    by = {s["student"]: s["total"] for s in again["students"]}
    assert by == {"s0": first["students"][0]["total"], "s1": 0}  # regraded, not the journal's old grade
    hashes = [json.loads(line).get("hash") for line in open(journal)]
    assert len([h for h in hashes if h]) == 3 and len(set(h for h in hashes if h)) == 2


def test_two_runs_on_one_journal_do_not_mix(tmp_path):
    classroom, journal = small(tmp_path), str(tmp_path / "out.json.journal")
    held = batch.Journal(journal, resume=False)  # a run in progress
    try:
        with pytest.raises(batch.JournalBusy):
            batch.grade_class(classroom, ["ex01"], RunConfig.for_class(), journal_path=journal, resume=True,
                              check_first=False)
        result = CliRunner().invoke(main, ["grade", classroom, "--exercises", "ex01", "--out",
                                           str(tmp_path / "out.json"), "--lang", "ko"])
        assert result.exit_code == 2 and "다른 --out" in result.output
        assert os.path.getsize(journal) == 0 and not (tmp_path / "out.json").exists()
    finally:
        held.close()
    assert os.stat(journal).st_mode & 0o077 == 0  # the journal holds the hidden seed


def test_an_unreachable_scheduler_is_a_usage_error_with_no_journal(tmp_path):
    pytest.importorskip("distributed")
    classroom = small(tmp_path)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["grade", classroom, "--exercises", "ex01", "--out", str(out),
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "tcp://127.0.0.1:9 did not answer" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert not os.path.exists(f"{out}.journal") and not out.exists()


# ---- item 15: Dask decides isolation on each worker ----------------------------------------------------

@pytest.fixture
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as lc:
        yield lc.scheduler_address


def test_a_worker_without_bwrap_refuses_auto_and_strict_with_a_message(tmp_path, monkeypatch, cluster):
    from dlgrade.sandbox import isolation

    monkeypatch.setattr(isolation, "bwrap_works", lambda: False)  # the worker runs in this process
    classroom = small(tmp_path)
    for mode in ("strict", "auto"):
        result = CliRunner().invoke(main, ["grade", classroom, "--exercises", "ex01", "--isolation", mode,
                                           "--scheduler", cluster])
        assert result.exit_code == 2 and "Dask" in result.output and "bwrap" in result.output, result.output
        assert "Traceback" not in result.output
    graded = batch.grade_class(classroom, ["ex01"], RunConfig.for_class(isolation="rlimit"),
                               journal_path=str(tmp_path / "j"), scheduler=cluster)
    assert graded["isolation"] == "rlimit"
    assert {ex["isolation"] for s in graded["students"] for ex in s["exercises"]} == {"rlimit"}


def test_each_result_says_what_it_ran_under(tmp_path, cluster):
    from dlgrade.sandbox import isolation

    if not isolation.bwrap_works():
        pytest.skip("bubblewrap is not available here")
    graded = batch.grade_class(small(tmp_path), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"),
                               scheduler=cluster, check_first=False)
    assert {ex["isolation"] for s in graded["students"] for ex in s["exercises"]} == {"bwrap"}
    assert batch.used_isolation([{"isolation": "bwrap"}, {"isolation": "rlimit"}], RunConfig.for_class()) == "mixed"


def test_rlimit_copies_a_folder_deeper_than_pythons_recursion(tmp_path):
    """The rlimit mode copies the student's folder as the fork server's stage does (one copier,
    sandbox/student_files.py): 1200 folders one in another once ended in an internal error."""
    from tests.test_fork_server import nest, unnest

    classroom = one_student(tmp_path, solution_text("ex01_neuron"))
    folder = os.path.join(classroom, os.listdir(classroom)[0])
    nest(folder, 1200)
    try:
        result = batch.grade_class(classroom, ["ex01"], RunConfig.for_class(isolation="rlimit"),
                                   journal_path=str(tmp_path / "j"), check_first=False)
    finally:
        unnest(folder)
    graded = result["students"][0]
    assert graded["total"] == graded["max_total"] > 0, graded
