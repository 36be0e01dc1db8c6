"""The fork server (sandbox/forkserver.py, sandbox/zygote.py) grades students one after another
in one bubblewrap box: nothing one student leaves there (a daemon, files, IPC objects, a stopped
or traced server) reaches the next one's child."""
import pytest

from dlgrade.pipeline import batch
from dlgrade.pipeline.config import RunConfig
from dlgrade.sandbox import forkserver, isolation
from tests.helpers import fixture, solution_text

pytestmark = pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap does not run here")

SETTINGS = RunConfig.for_class(functions=("count_weights",), timeout=20)


def two_students(tmp_path, attack):
    classroom = tmp_path / "class"
    students = {"a": fixture("students", "lingerer.py", attack=attack), "b": fixture("students", "watcher.py")}
    for name, text in students.items():
        (classroom / name).mkdir(parents=True)
        (classroom / name / "ex01_neuron.py").write_text(solution_text("ex01_neuron") + text)
    return str(classroom)


@pytest.mark.parametrize("attack,boxes", [("daemon", 1), ("files", 1), ("ipc", 2), ("stop", 2), ("kill", 2),
                                          ("ptrace", 1)])
def test_nothing_of_one_student_reaches_the_next(tmp_path, attack, boxes):
    classroom = two_students(tmp_path, attack)
    with forkserver.Pool() as servers:
        first = batch.grade_student(classroom, "a", ["ex01"], SETTINGS, servers=servers)
        second = batch.grade_student(classroom, "b", ["ex01"], SETTINGS, servers=servers)
        zygotes = list(servers._all)
    assert passed(second), second  # the next student's child found a clean box
    if attack in ("ptrace", "files", "ipc"):
        assert passed(first), first  # the server's memory stayed closed (and the others ran as written)
    assert len(zygotes) == 1 and zygotes[0].started == boxes  # cleaned in place, or a fresh box where it cannot be


def passed(results):
    return all(c["status"] == "passed" for r in results for c in r["checks"]) and results[0]["checks"]
