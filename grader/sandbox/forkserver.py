"""Batch grading's fast path: one bubblewrap box per worker, a fork server in it, a forked child
per student (sandbox/zygote.py is the server's side).

Starting a child costs a tenth of a second of CPU (the interpreter, numpy, bubblewrap), more than
grading most exercises; a fork of a server that has numpy imported costs a few milliseconds. The
box shows what a student's own box shows (sandbox/isolation.py: system folders, Python, our
package without solutions), but a staging folder in place of the student's folder: the student's
files are copied into it (regular files, and links that stay inside the folder, as their content),
read-only in the box, as are the box's root and hidden folders (bubblewrap's own file systems,
which no wipe would put back). Students of one worker are graded one after another; between them the server
kills every process the last one left and puts the box's /tmp, /dev and /dev/shm back as they
began, and only then does the grader replace the staged files. Whatever the server cannot clean,
and any server that does not answer in time, costs a fresh box (the whole box killed through its
cgroup, or its bubblewrap process group where no cgroup can be made).

Used for CPU grading in bubblewrap; the GPU (CUDA does not survive a fork, and its kernel cache is
the student's own) and the rlimit mode start a child per student as before (sandbox/session.py).
`DLGRADE_FORK_SERVER=0` turns it off (bench/batch.py measures both).
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass

from dlgrade.sandbox import cgroups, isolation, student_files
from dlgrade.sandbox.runner import BOOT, ISOLATED, Child, ImportFailure, child_env, child_packages
from dlgrade.sandbox.session import StudentSandbox

START_TIMEOUT = 30.0  # seconds for a box to start and import numpy
REPLY_TIMEOUT = 5.0  # seconds for the server to answer a fork or a kill (it kills and waits first)


def enabled():
    return os.environ.get("DLGRADE_FORK_SERVER", "1") != "0"


class ServerGone(Exception):
    """The server did not answer in time, answered nonsense, or found the box dirty."""


class Zygote:
    """One box with a fork server in it, and its staging folder."""

    def __init__(self, hide, memory_mb, bound, pool=None, key=None):
        """hide: folders the box must not show (the class); bound: a cgroups.Cgroups (None: the box's
        bubblewrap process group is killed instead); pool, key: where it goes back when idle."""
        self.hide, self.memory_mb, self.bound, self.pool, self.key = list(hide), memory_mb, bound, pool, key
        self.stage = tempfile.mkdtemp(prefix="dlgrade-stage-")
        self.proc = self.sock = self._group = None
        self.started = 0  # boxes started (fresh ones after a failure included)

    def _start(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        server = [sys.executable, *ISOLATED, "-u", BOOT, json.dumps(child_packages()), "--zygote",
                  str(theirs.fileno()), "{}"]
        argv = isolation.Bwrap(self.stage, self.hide, server=True)(server, os.path.join(self.stage, "-"))
        if self.bound is not None:  # the box as a whole: its memory, its processes, killed whole
            self._group = self.bound.group(self.memory_mb)
            argv = self._group.enter(argv)
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, pass_fds=(theirs.fileno(),), env=child_env(),
                                         cwd=self.stage, start_new_session=True)
        finally:
            theirs.close()
        self.sock, self.started = ours, self.started + 1
        if not self._recv(START_TIMEOUT)[0].get("ready"):
            raise ServerGone("start")

    def fork(self, path, limits):
        """(pid, stdin fd, result fd, output fd) of a fresh child importing `path` (staged here);
        a fresh box once if the server is gone or its box could not be cleaned."""
        for attempt in (0, 1):
            try:
                if self.proc is None:
                    self._start()
                self._send({"op": "fork", "path": path, "cwd": self.stage, "limits": limits})
                reply, fds = self._recv(REPLY_TIMEOUT, fds=3)
                if "pid" in reply and len(fds) == 3:
                    return (int(reply["pid"]), *fds)
                for fd in fds:
                    os.close(fd)
                raise ServerGone(reply.get("dirty", "reply"))
            except (ServerGone, OSError, ValueError):
                self.destroy()
                if attempt:
                    raise ServerGone("fork")

    def wait(self, pid, timeout):
        """The child's exit code once it has ended (None while it runs past `timeout`)."""
        try:
            self._send({"op": "wait", "pid": pid, "timeout": timeout})
            code = self._recv(timeout + REPLY_TIMEOUT)[0].get("code")
            return code if type(code) is int else None
        except (ServerGone, OSError, ValueError):
            self.destroy()
            return -9

    def kill(self):
        """Kill every process of the box but the server; the last child's exit code. A server that
        cannot is replaced: its whole box is killed."""
        if self.proc is None:
            return -9
        try:
            self._send({"op": "kill"})
            reply = self._recv(REPLY_TIMEOUT)[0]
            if reply.get("clean") is True:
                return reply.get("code") if type(reply.get("code")) is int else -9
        except (ServerGone, OSError, ValueError):
            pass
        self.destroy()
        return -9

    def clear_stage(self):
        """Empty the staging folder (its contents only: the box sees the folder itself)."""
        for entry in os.scandir(self.stage):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)

    def destroy(self):
        """Kill the whole box (whatever it holds) and forget it; the next fork starts a fresh one."""
        if self._group is not None:
            self._group.destroy()
            self._group = None
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def close(self):
        self.destroy()
        shutil.rmtree(self.stage, ignore_errors=True)

    def _send(self, message):
        if self.sock is None:
            raise ServerGone("gone")
        self.sock.settimeout(REPLY_TIMEOUT)
        self.sock.send(json.dumps(message).encode())

    def _recv(self, timeout, fds=0):
        self.sock.settimeout(timeout)
        try:
            data, got, _, _ = socket.recv_fds(self.sock, 1 << 16, fds) if fds else (self.sock.recv(1 << 16), [], 0, 0)
        except socket.timeout:
            raise ServerGone("timeout")
        if not data:
            for fd in got:
                os.close(fd)
            raise ServerGone("closed")
        reply = json.loads(data)
        if not isinstance(reply, dict):
            raise ServerGone("reply")
        return reply, got


class Forked:
    """What runner.Child needs of a process (stdin, poll, wait, returncode), for a forked child."""

    def __init__(self, zygote, pid, stdin_fd):
        self.zygote, self.pid, self.returncode = zygote, pid, None
        self.stdin = os.fdopen(stdin_fd, "wb", buffering=0)

    def poll(self):
        if self.returncode is None:
            self.returncode = self.zygote.wait(self.pid, 0)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            self.returncode = self.zygote.wait(self.pid, REPLY_TIMEOUT if timeout is None else timeout)
            if self.returncode is None:
                raise subprocess.TimeoutExpired("child", timeout)
        return self.returncode


@dataclass
class ForkedChild(Child):
    """A runner.Child forked by a Zygote: the same exchanges, deadlines and caps; started and
    killed through the server (which kills whatever else the student left running too)."""

    zygote: object = None

    def start(self):
        pid, stdin, result, output = self.zygote.fork(self.student_file, self.limits.for_child())
        self.proc = Forked(self.zygote, pid, stdin)
        os.set_blocking(stdin, False)
        self._fd, self._out = result, output
        self._buf = bytearray()
        return self._await_import(None)

    def kill(self):
        if self.proc is not None:
            code = self.zygote.kill()  # also what the child left running after it ended
            if self.proc.returncode is None:
                self.proc.returncode = code
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        self._close_pipes()


class ForkedSandbox(StudentSandbox):
    """sandbox.session.StudentSandbox on a worker's Zygote: the student's files staged in its box."""

    def __init__(self, student_dir, limits, zygote, slot=None, submissions=None, own=None):
        """submissions: the class folder; a student folder that leads out of it (a link) is not staged.
        own: a Pool of this sandbox's own, closed with it."""
        self.own = own
        self.student_dir, self.limits, self.slot, self.zygote = os.path.abspath(student_dir), limits, slot, zygote
        self.stage, self.wrap, self.child, self.started = zygote.stage, isolation.Bwrap(zygote.stage), None, 0
        if submissions is None or student_files.inside(self.student_dir, submissions):
            try:
                student_files.copy_folder(self.student_dir, self.stage)
            except BaseException:  # (an unreadable folder, an interrupt): the server goes back, cleaned
                self.close()
                raise

    def _new_child(self, path):
        return ForkedChild(path, self.limits, slot=self.slot, zygote=self.zygote)

    def open(self, path):
        try:
            return super().open(path)
        except ServerGone:  # no box could be started or cleaned twice over: this exercise's crash
            return None, ImportFailure("crash")

    def close(self):
        self.discard()
        self.zygote.kill()  # every process of this student's is dead (server or cgroup) before ...
        self.zygote.clear_stage()  # ... the next student's files arrive
        self.zygote.pool.give_back(self.zygote)
        if self.own is not None:
            self.own.close()

    def _staged(self, path):
        """The student's file in the stage; a notebook's module (written elsewhere) copied there."""
        path = os.path.abspath(path)
        if path.startswith(self.student_dir + os.sep):
            target = os.path.join(self.stage, os.path.relpath(path, self.student_dir))
            if os.path.exists(target):
                return target
            # past the stage's bounds: the graded file still, if it stays in the folder (else Refused)
            data = student_files.read_bytes(path, self.student_dir)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
            return target
        if os.path.isdir(os.path.join(self.stage, os.path.basename(path))):  # the student's own folder of
            shutil.rmtree(os.path.join(self.stage, os.path.basename(path)))  # that name, staged with the rest
        return super()._staged(path)  # a notebook's module: copied into the stage


class Pool:
    """A run's servers: idle ones by what their box is built from (a worker borrows one for a
    student and gives it back); `close` kills them all (their boxes and groups go with them)."""

    def __init__(self):
        self._idle, self._all, self._lock = {}, [], threading.Lock()

    def borrow(self, hide, memory_mb):
        """An idle Zygote whose box hides the same folders and has the same memory bound, or a new
        one (started on its first fork)."""
        key = (tuple(isolation.secret_dirs(isolation.python_dirs(), hide)), memory_mb)
        with self._lock:
            free = self._idle.get(key)
            if free:
                return free.pop()
            zygote = Zygote(hide, memory_mb, cgroups.bounding(), pool=self, key=key)
            self._all.append(zygote)
            return zygote

    def give_back(self, zygote):
        with self._lock:
            self._idle.setdefault(zygote.key, []).append(zygote)

    def close(self):
        with self._lock:
            for zygote in self._all:
                zygote.close()
            self._all.clear()
            self._idle.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
