"""Attacks on the bubblewrap box itself, as a student's module would mount them at import: the
box must hold no capability (a grader running as root gave its child every capability inside the
box's user namespace, enough to remount its read-only folders writable and plant files in the
grader's own package) and may change no setting of the kernel (a child of a root grader is root
to the kernel's settings in /proc/sys: it could set core_pattern, which the kernel runs as root
on the host when any program crashes), and may reach none of the grader's kernel keyrings (to the
kernel the box is the grader's own user, whose user keyring it could link, read and write)."""
import ctypes
import os
import platform
import secrets

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


KEY_CALLS = {"x86_64": (248, 250), "aarch64": (217, 219)}  # add_key, keyctl


def keyctl(*args):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc.syscall(KEY_CALLS[platform.machine()][1], *(ctypes.c_long(a) if isinstance(a, int) else a
                                                             for a in args))


@pytest.mark.skipif(platform.machine() not in KEY_CALLS, reason="keyring calls of this machine not listed")
def test_a_student_cannot_reach_the_graders_keyrings(tmp_path):
    classroom = tmp_path / "class"
    folder = classroom / "mallory"
    folder.mkdir(parents=True)
    secret, planted = f"dlgrade-test-secret-{secrets.token_hex(4)}", f"dlgrade-test-planted-{secrets.token_hex(4)}"
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    ring = keyctl(0, -4, 1)  # KEYCTL_GET_KEYRING_ID of this user's keyring (made if missing)
    key = libc.syscall(KEY_CALLS[platform.machine()][0], b"user", secret.encode(), b"the grader's", ctypes.c_size_t(12),
                       ctypes.c_long(ring))
    assert ring > 0 and key > 0, "this machine's kernel keeps no keyrings"
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron") + fixture(
        "students", "keyring.py", ring=ring, secret=secret, planted=planted))
    try:
        result = batch.grade_class(str(classroom), ["ex01"], RunConfig.for_class(functions=("count_weights",)),
                                   journal_path=str(tmp_path / "j"), check_first=False)
        assert keyctl(10, ring, b"user", planted.encode(), 0) < 0  # KEYCTL_SEARCH: nothing planted
        graded = result["students"][0]
        assert graded["total"] == graded["max_total"] > 0, graded  # neither read nor written from the box
    finally:
        for name in (secret, planted):
            found = keyctl(10, ring, b"user", name.encode(), 0)
            if found > 0:
                keyctl(21, found)  # KEYCTL_INVALIDATE
