"""Attacks on the bubblewrap box itself, as a student's module would mount them at import: the
box must hold no capability (a grader running as root gave its child every capability inside the
box's user namespace, enough to remount its read-only folders writable and plant files in the
grader's own package) and may change no setting of the kernel (a child of a root grader is root
to the kernel's settings in /proc/sys: it could set core_pattern, which the kernel runs as root
on the host when any program crashes)."""
import os

import pytest

from dlgrade.pipeline import batch
from dlgrade.pipeline.config import RunConfig
from dlgrade.sandbox import isolation
from tests.helpers import ROOT, fixture, solution_text

pytestmark = pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap does not run here")

PLANTED = "planted-by-student.txt"


def test_a_student_cannot_remount_the_box_writable(tmp_path):
    classroom = tmp_path / "class"
    folder = classroom / "mallory"
    folder.mkdir(parents=True)
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron") + fixture("students", "remount.py",
                                                                                planted=PLANTED))
    in_grader = os.path.join(ROOT, "grader", PLANTED)
    try:
        result = batch.grade_class(str(classroom), ["ex01"], RunConfig.for_class(functions=("count_weights",)),
                                   journal_path=str(tmp_path / "j"), check_first=False)
        assert not (folder / PLANTED).exists() and not os.path.exists(in_grader)
        graded = result["students"][0]
        assert graded["total"] == graded["max_total"] > 0, graded  # every attempt failed, no capability held
    finally:
        for path in (folder / PLANTED, in_grader):
            if os.path.exists(path):
                os.remove(path)
