"""Attacks on the bubblewrap box itself, as a student's module would mount them at import: the
box must hold no capability (a grader running as root gave its child every capability inside the
box's user namespace, enough to remount its read-only folders writable and plant files in the
grader's own package) and may change no setting of the kernel (a child of a root grader is root
to the kernel's settings in /proc/sys: it could set core_pattern, which the kernel runs as root
on the host when any program crashes), and may reach none of the grader's kernel keyrings (to the
kernel the box is the grader's own user, whose user keyring it could link, read and write) nor open
a socket of an unusual family (AF_VSOCK reaches the hypervisor; a rare family loads its module into
the host's kernel), and its GPU kernel cache, a host folder it owns to the kernel, must stay out of
other users' reach and be no folder that another user's link names."""
import ctypes
import errno
import hashlib
import os
import platform
import secrets
import shutil
import socket
import struct
import subprocess

import pytest

from dlgrade.pipeline import batch
from dlgrade.pipeline.config import RunConfig
from dlgrade.sandbox import isolation, seccomp
from dlgrade.sandbox.runner import Child
from tests.helpers import ROOT, fixture, solution_text

pytestmark = pytest.mark.skipif(not isolation.bwrap_works(), reason="bubblewrap does not run here")

PLANTED = "planted-by-student.txt"


def attacker(tmp_path, tail=""):
    """A class of one student, mallory, whose ex01 file is the bundled solution followed by `tail`
    (an attack made at import); her folder."""
    folder = tmp_path / "class" / "mallory"
    folder.mkdir(parents=True)
    (folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron") + tail)
    return folder


def graded(tmp_path, isolation="auto"):
    """The attacker's class graded (count_weights only: its right value says every attempt failed):
    her record."""
    result = batch.grade_class(str(tmp_path / "class"), ["ex01"],
                               RunConfig.for_class(functions=("count_weights",), isolation=isolation),
                               journal_path=str(tmp_path / "j"), check_first=False)
    return result["students"][0]


def test_a_student_cannot_remount_the_box_writable(tmp_path):
    folder = attacker(tmp_path, fixture("students", "remount.py", planted=PLANTED))
    in_grader = os.path.join(ROOT, "grader", PLANTED)
    try:
        student = graded(tmp_path)
        assert not (folder / PLANTED).exists() and not os.path.exists(in_grader)
        assert student["total"] == student["max_total"] > 0, student  # every attempt failed, no capability held
    finally:
        for path in (folder / PLANTED, in_grader):
            if os.path.exists(path):
                os.remove(path)


def test_a_student_finds_nothing_in_the_boxs_proc_that_root_may_write(tmp_path):
    attacker(tmp_path, fixture("students", "proc_write.py"))
    student = graded(tmp_path)
    assert student["total"] == student["max_total"] > 0, student


def test_every_entry_of_proc_that_root_may_write_is_covered(tmp_path):
    """This machine's drivers decide what /proc holds: a fake one with a disk's and a GPU driver's files."""
    proc = tmp_path / "proc"
    for path, mode in (("scsi/scsi", 0o644), ("driver/nvidia/registry", 0o644), ("driver/nvidia/version", 0o444),
                       ("cpuinfo", 0o444), ("acpi/wakeup", 0o644), ("tty/drivers", 0o444), ("1/oom_score_adj", 0o644),
                       ("sys/kernel/core_pattern", 0o644)):
        (proc / path).parent.mkdir(parents=True, exist_ok=True)
        (proc / path).write_text("")
        (proc / path).chmod(mode)
    (proc / "self").symlink_to("1")
    covers = isolation.proc_covers(str(proc))
    pairs = {(covers[i], covers[i + 1], covers[i + 2]) for i in range(0, len(covers), 3)}
    for name in ("scsi", "driver", "acpi"):
        assert ("--ro-bind-try", str(proc / name), f"/proc/{name}") in pairs
    assert not {f"/proc/{name}" for name in ("tty", "cpuinfo", "1", "self")} & {p[2] for p in pairs}
    assert {"/proc/sys", "/proc/sysrq-trigger"} <= {p[2] for p in pairs}  # PROC_COVERS, always


KEY_CALLS = {"x86_64": (248, 250), "aarch64": (217, 219)}  # add_key, keyctl


def keyctl(*args):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc.syscall(KEY_CALLS[platform.machine()][1], *(ctypes.c_long(a) if isinstance(a, int) else a
                                                             for a in args))


@pytest.mark.skipif(platform.machine() not in KEY_CALLS, reason="keyring calls of this machine not listed")
def test_a_student_cannot_reach_the_graders_keyrings(tmp_path):
    secret, planted = f"dlgrade-test-secret-{secrets.token_hex(4)}", f"dlgrade-test-planted-{secrets.token_hex(4)}"
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    ring = keyctl(0, -4, 1)  # KEYCTL_GET_KEYRING_ID of this user's keyring (made if missing)
    key = libc.syscall(KEY_CALLS[platform.machine()][0], b"user", secret.encode(), b"the grader's", ctypes.c_size_t(12),
                       ctypes.c_long(ring))
    assert ring > 0 and key > 0, "this machine's kernel keeps no keyrings"
    attacker(tmp_path, fixture("students", "keyring.py", ring=ring, secret=secret, planted=planted))
    try:
        student = graded(tmp_path)
        assert keyctl(10, ring, b"user", planted.encode(), 0) < 0  # KEYCTL_SEARCH: nothing planted
        assert student["total"] == student["max_total"] > 0, student  # neither read nor written from the box
    finally:
        for name in (secret, planted):
            found = keyctl(10, ring, b"user", name.encode(), 0)
            if found > 0:
                keyctl(21, found)  # KEYCTL_INVALIDATE


def test_a_student_opens_only_the_ordinary_socket_families(tmp_path):
    """AF_VSOCK reaches the hypervisor past the box's network namespace, and a rare family makes the
    host's kernel load its module: both refused (EAFNOSUPPORT), AF_UNIX/INET/INET6/NETLINK still open."""
    attacker(tmp_path, fixture("students", "socket_families.py"))
    student = graded(tmp_path)
    assert student["total"] == student["max_total"] > 0, student


def test_a_student_opens_no_socket_through_io_uring(tmp_path):
    """The kernel runs an io_uring request itself, where seccomp sees no socket call: io_uring is closed."""
    probe = {"__name__": "probe"}
    exec(fixture("students", "uring_socket.py"), probe)  # on the host: the technique itself works
    opened = probe["_uring_socket"](socket.AF_INET, socket.SOCK_STREAM)
    if opened in (-errno.EPERM, -errno.ENOSYS, -errno.EINVAL):
        pytest.skip("io_uring is closed on this machine")
    assert opened >= 0, opened
    os.close(opened)
    attacker(tmp_path, fixture("students", "uring_socket.py"))
    student = graded(tmp_path)
    assert student["total"] == student["max_total"] > 0, student


def run_filter(program, arch, nr, family=0):
    """What the kernel answers a call under `program`: an interpreter of the four classic BPF
    instructions the filter uses, on seccomp_data (nr, arch, instruction pointer, args; little-endian)."""
    data = struct.pack("<iIQ6Q", nr, arch, 0, family, 0, 0, 0, 0, 0)
    code = [struct.unpack_from("=HBBI", program, at) for at in range(0, len(program), 8)]
    at, a = 0, 0
    while True:
        op, jt, jf, k = code[at]
        at += 1
        if op == 0x20:  # A = the word at k
            a = struct.unpack_from("<I", data, k)[0]
        elif op in (0x15, 0x35):  # jump if A == k, if A >= k
            at += jt if (a == k if op == 0x15 else a >= k) else jf
        elif op == 0x06:
            return {0x7FFF0000: "allow", 0x00050001: "EPERM", 0x00050061: "EAFNOSUPPORT"}[k]
        else:
            raise AssertionError(f"instruction {op:#x}")


@pytest.mark.parametrize("machine, arch, other_abi, keyring, sockets", [
    ("x86_64", 0xC000003E, 0x40000003, (248, 249, 250), (41, 53)),
    ("aarch64", 0xC00000B7, 0x40000028, (217, 218, 219), (198, 199))], ids=["x86_64", "aarch64"])
def test_the_filter_refuses_the_keyrings_other_abis_and_unusual_socket_families(machine, arch, other_abi, keyring,
                                                                               sockets):
    program = seccomp.assemble(seccomp.syscall_program(machine))
    assert run_filter(program, arch, 0) == run_filter(program, arch, 42, 40) == "allow"  # read; connect
    assert {run_filter(program, arch, nr) for nr in (*keyring, 425, 426, 427)} == {"EPERM"}  # and io_uring's
    assert run_filter(program, other_abi, sockets[0], 2) == run_filter(program, arch, 0x40000000 | 41, 2) == "EPERM"
    for nr in sockets:  # socket, socketpair
        for family in (1, 2, 10, 16, 2 | 40 << 32):  # UNIX, INET, INET6, NETLINK; only the low word counts
            assert run_filter(program, arch, nr, family) == "allow", (nr, family)
        for family in (0, 17, 31, 40, 44, 40 | 2 << 32):  # PACKET, BLUETOOTH, VSOCK, XDP
            assert run_filter(program, arch, nr, family) == "EAFNOSUPPORT", (nr, family)
    with pytest.raises(ValueError):  # 256 instructions to jump over
        seccomp.assemble([(0x15, "end", 0, 1), *[(0x06, 0, 0, 0)] * 256, "end", (0x06, 0, 0, 0)])


def run_in_gpu_box(student, module, function):
    """What `function` of `module` returns in a GPU box (no device is needed: the cache is bound anyway)."""
    child = Child(str(module), wrap=isolation.Bwrap(str(student), gpu=True))
    assert child.start() is None
    try:
        replies, _ = child.run([{"fn": function, "args": (), "kwargs": {}}], 10)
    finally:
        child.close()
    return replies[0]


def test_a_student_cannot_leave_a_root_program_in_reach_of_the_hosts_users(tmp_path):
    student = tmp_path / "mallory"
    student.mkdir()
    module = student / "cache_suid.py"
    module.write_text(fixture("students", "cache_suid.py", planted=PLANTED))
    cache = isolation.cupy_cache(str(student))
    try:
        reply = run_in_gpu_box(student, module, "plant")
        assert reply["status"] == "ok" and int(reply["value"], 8) & 0o4000, reply  # planted, set-user-id
        assert not isolation.open_to_others([cache])  # yet no other user of the host reaches it
    finally:
        if os.path.exists(os.path.join(cache, PLANTED)):
            os.remove(os.path.join(cache, PLANTED))


def test_a_link_in_the_shared_temporary_folder_does_not_bind_a_host_folder_into_the_box(tmp_path, monkeypatch):
    """A local user makes the cache's folder first, in /tmp, with a link where a student's cache would be:
    the box would write through it into any folder of the host (as root, under a root grader)."""
    shared, victim, student = tmp_path / "tmp", tmp_path / "etc", tmp_path / "class" / "mallory"
    for folder in (shared, victim, student):
        folder.mkdir(parents=True)
    shared.chmod(0o1777)
    monkeypatch.setattr(isolation.tempfile, "tempdir", str(shared))
    theirs = shared / f"dlgrade-cupy-cache-{os.getuid()}"
    theirs.mkdir(mode=0o777)
    theirs.chmod(0o777)
    key = hashlib.sha256(str(student).encode()).hexdigest()[:16]
    (theirs / key).symlink_to(victim)
    module = student / "writer.py"
    module.write_text("import os\n\n\ndef write():\n    with open(os.path.join(os.environ['CUPY_CACHE_DIR'], "
                      f"{PLANTED!r}), 'w') as fh:\n        fh.write('from the box')\n    return True\n")
    try:
        reply = run_in_gpu_box(student, module, "write")
    finally:
        isolation.private_cache_root.cache_clear()  # the fallback lies in this test's folder
    assert reply["status"] == "ok", reply  # it wrote its cache ...
    assert os.listdir(victim) == []  # ... which is not the folder the link named
    shutil.rmtree(theirs)
    theirs.symlink_to(tmp_path / "nowhere")  # a link to nowhere stops no grading either
    try:
        assert os.path.isdir(isolation.cupy_cache(str(student)))
    finally:
        isolation.private_cache_root.cache_clear()


def test_the_gpu_box_holds_no_mig_capability_that_only_root_may_open(tmp_path, monkeypatch):
    """MIG's capabilities are device files: a MIG instance's access (any user's, 0444) and the GPU's
    configuration and monitoring (root's, 0400), with which one creates and destroys the MIG instances
    of the whole GPU, other users' too. The box is root to the kernel: it must get only the former."""
    dev = tmp_path / "dev"
    caps = dev / "nvidia-caps"
    caps.mkdir(parents=True)
    for path, mode in (("nvidiactl", 0o666), ("nvidia0", 0o666), ("nvidia-caps/nvidia-cap1", 0o400),
                       ("nvidia-caps/nvidia-cap2", 0o400), ("nvidia-caps/nvidia-cap21", 0o444)):
        (dev / path).write_text("")
        (dev / path).chmod(mode)
    real_glob = isolation.glob.glob
    monkeypatch.setattr(isolation.glob, "glob", lambda pattern: real_glob(
        f"{dev}/{pattern[5:]}" if pattern.startswith("/dev/") else pattern))
    student = tmp_path / "alice"
    student.mkdir()
    argv = isolation.Bwrap(str(student), gpu=True)(["python"], str(student / "ex02_activations.py"))
    bound = {argv[i + 1] for i, a in enumerate(argv) if a == "--dev-bind"}
    assert {str(dev / "nvidiactl"), str(dev / "nvidia0"), str(caps / "nvidia-cap21")} <= bound
    assert not bound & {str(caps), str(caps / "nvidia-cap1"), str(caps / "nvidia-cap2")}, bound


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_a_mount_the_host_makes_after_the_box_started_is_not_writable_in_it(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "dlgrade-test", str(shared)], capture_output=True).returncode:
        pytest.skip("no tmpfs can be mounted here")
    try:
        subprocess.run(["mount", "--make-shared", str(shared)], check=True)  # as systemd makes them
        student = shared / "mallory"
        (student / "late").mkdir(parents=True)
        module = student / "late_mount.py"
        module.write_text(fixture("students", "late_mount.py", planted=PLANTED))
        child = Child(str(module), wrap=isolation.Bwrap(str(student)))
        assert child.start() is None
        try:
            subprocess.run(["mount", "-t", "tmpfs", "dlgrade-late", str(student / "late")], check=True)
            replies, _ = child.run([{"fn": "write_late", "args": (), "kwargs": {}}], 10)
        finally:
            child.close()
        assert replies[0]["status"] == "ok" and os.listdir(student / "late") == [], replies
    finally:
        subprocess.run(["umount", "-R", "-l", str(shared)], capture_output=True)


def test_a_program_in_the_students_folder_never_runs_for_the_box(tmp_path, monkeypatch):
    """A search path with an empty entry (PATH="$PATH:$EXTRA" with EXTRA unset) names the working
    folder, which is the student's when the child starts."""
    folder = attacker(tmp_path)
    marker = tmp_path / "outside.txt"
    for name in ("bwrap", "unshare", "sh"):
        (folder / name).write_text(fixture("students", "path_hijack.sh", marker=str(marker)))
        (folder / name).chmod(0o755)
    monkeypatch.setenv("PATH", os.pathsep + os.environ["PATH"])
    student = graded(tmp_path)
    assert not marker.exists()
    assert student["total"] == student["max_total"] > 0, student


@pytest.mark.parametrize("mode", ["auto", "rlimit"])
def test_the_graders_environment_stays_out_of_the_child(tmp_path, monkeypatch, mode):
    """CI tokens, cloud keys, a course's own secrets: a student prints its environment into the
    feedback it gets. The child's environment is an allow-list (the locale, the search path, CUDA's
    and CuPy's settings), never a copy of the grader's."""
    secret = "tok-5f1e2d3c4b"
    for name in ("GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "COURSE_DB_PASSWORD"):
        monkeypatch.setenv(name, secret)
    attacker(tmp_path, fixture("students", "environ.py", value=secret))
    student = graded(tmp_path, isolation=mode)
    assert student["total"] == student["max_total"] > 0, student


def test_what_the_kernel_tells_root_only_reads_as_empty_in_the_box(tmp_path):
    attacker(tmp_path, fixture("students", "proc_read.py"))
    student = graded(tmp_path)
    assert student["total"] == student["max_total"] > 0, student
