"""The fork server (sandbox/forkserver.py, sandbox/zygote.py) grades students one after another
in one bubblewrap box: nothing one student leaves there (a daemon, files, IPC objects, a stopped
or traced server) reaches the next one's child."""
import ctypes
import os
import platform
import signal

import pytest

from dlgrade.pipeline import batch
from dlgrade.pipeline.config import RunConfig
from dlgrade.sandbox import cgroups, forkserver, isolation, protocol, student_files
from dlgrade.sandbox.runner import Limits
from tests.helpers import fixture, solution_text

pytestmark = pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap does not run here")

SETTINGS = RunConfig.for_class(functions=("count_weights",), timeout=20)


def runs_as():
    """What a child inherits of the grader through a fresh box: niceness, scheduling policy, CPUs, disk priority;
    and the server's memory kill priority."""
    io = platform.machine() == "x86_64" and ctypes.CDLL(None).syscall(252, 1, 0)  # ioprio_get
    with open("/proc/self/oom_score_adj") as fh:
        oom = int(fh.read())
    return [os.getpriority(os.PRIO_PROCESS, 0), os.sched_getscheduler(0), len(os.sched_getaffinity(0)), io, oom]


def two_students(tmp_path, attack):
    classroom = tmp_path / "class"
    students = {"a": fixture("students", "lingerer.py", attack=attack),
                "b": fixture("students", "watcher.py", runs_as=runs_as())}
    for name, text in students.items():
        (classroom / name).mkdir(parents=True)
        (classroom / name / "ex01_neuron.py").write_text(solution_text("ex01_neuron") + text)
    return str(classroom)


CPUS = len(os.sched_getaffinity(0))


@pytest.mark.parametrize("attack,boxes", [("daemon", 1), ("init", 1), ("files", 1), ("root", 1), ("xattr", 2),
                                          ("ipc", 2), ("mqueue", 1), ("stop", 1), ("kill", 1), ("ptrace", 1),
                                          ("nice", 2), ("idle", 2), ("cpus", 2 if CPUS > 1 else 1), ("oom", 2),
                                          ("limits", 2),
                                          *[("io", 2)] * (platform.machine() == "x86_64")])
def test_nothing_of_one_student_reaches_the_next(tmp_path, attack, boxes):
    classroom = two_students(tmp_path, attack)
    with forkserver.Pool() as servers:
        first = batch.grade_student(classroom, "a", ["ex01"], SETTINGS, servers=servers)
        second = batch.grade_student(classroom, "b", ["ex01"], SETTINGS, servers=servers)
        zygotes = list(servers._all)
    assert passed(second), second  # the next student's child found a clean box
    if attack in ("ptrace", "files", "xattr", "ipc", "mqueue", "stop", "kill"):
        assert passed(first), first  # the server's memory stayed closed (and the others ran as written)
    assert len(zygotes) == 1 and zygotes[0].started == boxes  # cleaned in place, or a fresh box where it cannot be


def passed(results):
    return all(c["status"] == "passed" for r in results for c in r["checks"]) and results[0]["checks"]


@pytest.mark.skipif(cgroups.bounding() is None, reason="no writable cgroup here")
def test_the_box_bounds_the_child_and_everything_it_forks(tmp_path):
    """The box's cgroup holds the server and the student's processes: forks that each fit under
    the per-process limit exceed the box's memory together, and the process count is bounded."""
    folder = tmp_path / "class" / "hogger"
    folder.mkdir(parents=True)
    (folder / "mod.py").write_text(fixture("students", "forks.py"))
    with forkserver.Pool() as servers:
        sandbox = forkserver.ForkedSandbox(str(folder), Limits(memory_mb=500), servers.borrow([str(tmp_path)], 500))
        with sandbox:
            child, failure = sandbox.open(str(folder / "mod.py"))
            assert failure is None
            replies, bufs = child.run([{"fn": "hog", "args": (3, 250)}, {"fn": "many", "args": (400,)}], 60)
    assert [r["status"] for r in replies] == ["ok"] * 2, replies
    statuses, forks = [protocol.decode(r["value"], bufs) for r in replies]
    assert any(os.WIFSIGNALED(s) and os.WTERMSIG(s) == signal.SIGKILL for s in statuses), statuses
    assert forks < cgroups.PIDS_MAX


def test_a_folder_past_the_stages_bounds_still_has_its_graded_file_staged(tmp_path, monkeypatch):
    monkeypatch.setattr(student_files, "COPY_FILES", 0)  # nothing staged with the folder
    folder = tmp_path / "class" / "hoarder"
    (folder / "data").mkdir(parents=True)
    for i in range(10):
        (folder / "data" / f"{i:02d}.txt").write_text("x")
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    with forkserver.Pool() as servers:
        results = batch.grade_student(str(tmp_path / "class"), "hoarder", ["ex01"], SETTINGS, servers=servers)
    assert passed(results), results
    assert len(os.listdir(folder / "data")) == 10  # the student's own folder untouched


def test_a_named_pipe_or_a_link_out_in_the_folder_is_not_staged_and_stops_nothing(tmp_path):
    classroom = tmp_path / "class"
    folder = classroom / "odd"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe")  # opening it for reading would wait for a writer forever
    (tmp_path / "secret.txt").write_text("not the student's")
    os.symlink(tmp_path / "secret.txt", folder / "notes.txt")
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    with forkserver.Pool() as servers:
        sandbox = servers.borrow([str(classroom)], 512)
        student_files.copy_folder(str(folder), sandbox.stage)
        staged = sorted(os.listdir(sandbox.stage))
        results = batch.grade_student(str(classroom), "odd", ["ex01"], SETTINGS, servers=servers)
    assert staged == ["ex01_neuron.py"]
    assert passed(results), results


def nest(folder, depth, name="d"):
    """`depth` folders one in another under `folder` (made relative to each other: no path too long)."""
    fd = os.open(folder, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir(name, dir_fd=fd)
        fd, above = os.open(name, os.O_RDONLY, dir_fd=fd), fd
        os.close(above)
    os.close(fd)


def unnest(folder, name="d"):
    """Remove what nest() made, a level at a time (pytest's own clean-up recurses)."""
    inner, spare = os.path.join(folder, name), os.path.join(folder, name + "-")
    while os.path.isdir(os.path.join(inner, name)):
        os.rename(os.path.join(inner, name), spare)
        os.rmdir(inner)
        os.rename(spare, inner)
    os.rmdir(inner)


def test_a_folder_tree_deeper_than_pythons_recursion_stops_nothing(tmp_path):
    """The stage is copied without recursion: 1200 folders one in another (a path of 2400 characters,
    shorter than the system's limit) once crashed the grader (os.walk's RecursionError)."""
    classroom = two_students(tmp_path, "none")
    nest(classroom + "/a", 1200)
    try:
        with forkserver.Pool() as servers:
            first = batch.grade_student(classroom, "a", ["ex01"], SETTINGS, servers=servers)
            second = batch.grade_student(classroom, "b", ["ex01"], SETTINGS, servers=servers)
    finally:
        unnest(classroom + "/a")
    assert passed(first), first
    assert passed(second), second


def test_empty_folders_count_against_the_stages_bounds(tmp_path, monkeypatch):
    """A folder of (empty) folders costs the stage as much as one of files: both bounded by COPY_FILES."""
    monkeypatch.setattr(student_files, "COPY_FILES", 5)
    folder = tmp_path / "class" / "mkdirs"
    for i in range(50):
        (folder / f"{i:02d}" / "inner").mkdir(parents=True)
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    stage = tmp_path / "stage"
    stage.mkdir()
    student_files.copy_folder(str(folder), str(stage))
    staged = [name for _, folders, files in os.walk(stage) for name in folders + files]
    assert 0 < len(staged) <= 5, staged


def test_a_folder_named_like_a_notebooks_module_does_not_stop_its_grading(tmp_path):
    """A notebook's module is written into the stage, where the student's own folder of that name
    (staged with the rest) once stood in the way: an internal error instead of a grade."""
    from tests.test_notebook import notebook

    folder = tmp_path / "class" / "nb"
    (folder / "ex01_neuron.py").mkdir(parents=True)
    (folder / "ex01_neuron.ipynb").write_text(notebook([("code", solution_text("ex01_neuron"))]))
    with forkserver.Pool() as servers:
        results = batch.grade_student(str(tmp_path / "class"), "nb", ["ex01"], SETTINGS, servers=servers)
    assert passed(results), results


def test_the_stage_stops_reading_a_folder_once_it_is_full(tmp_path, monkeypatch):
    """Files past COPY_FILES are not opened one by one (a folder of 200,000 cost the grader 4 s)."""
    monkeypatch.setattr(student_files, "COPY_FILES", 5)
    folder = tmp_path / "class" / "hoarder"
    folder.mkdir(parents=True)
    for i in range(100):
        (folder / f"{i:03d}.txt").write_text("x")
    stage = tmp_path / "stage"
    stage.mkdir()
    opened, real_open = [], os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kw: opened.append(path) or real_open(path, *args, **kw))
    student_files.copy_folder(str(folder), str(stage))
    monkeypatch.undo()
    assert len(os.listdir(stage)) == 5
    assert len(opened) <= 5, len(opened)


def test_a_folder_that_cannot_be_staged_gives_its_server_back(tmp_path, monkeypatch):
    def broken(src, dest):
        raise PermissionError(src)

    monkeypatch.setattr(student_files, "copy_folder", broken)
    (tmp_path / "class" / "locked").mkdir(parents=True)
    with forkserver.Pool() as servers:
        zygote = servers.borrow([str(tmp_path / "class")], 512)
        with pytest.raises(PermissionError):
            forkserver.ForkedSandbox(str(tmp_path / "class" / "locked"), Limits(), zygote)
        assert servers.borrow([str(tmp_path / "class")], 512) is zygote  # idle again, not lost
