"""The grader's side of the sandbox: start a child, send calls, read results with a deadline.

A hang becomes `Timeout`, a dead child (segfault, os._exit, memory kill) becomes `Crashed`; the
caller then starts a fresh child for the remaining checks. The child runs in its own process
group, so whatever it spawned dies with it.
"""
import json
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from dlgrade.sandbox import protocol

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the `dlgrade` package
BOOT = os.path.join(PACKAGE_DIR, "sandbox", "boot.py")


def package_dirs():
    """Where the child finds our packages by their installed names. A wheel nests them in one
    folder; a source checkout keeps reference/ beside grader/ and setuptools maps the names."""
    import importlib.util

    dirs = {"dlgrade": PACKAGE_DIR}
    spec = importlib.util.find_spec("dlgrade.reference")
    if spec is not None and spec.submodule_search_locations:
        dirs["dlgrade.reference"] = list(spec.submodule_search_locations)[0]
    return dirs


class Timeout(Exception):
    pass


class Crashed(Exception):
    def __init__(self, returncode, output=""):
        super().__init__(returncode)
        self.returncode = returncode
        self.output = output


@dataclass
class Limits:
    memory_mb: int = 4096
    cpu_s: int = 300
    import_timeout_s: float = 10.0
    call_timeout_s: float = 10.0

    def for_child(self):
        return {"memory_mb": self.memory_mb, "cpu_s": self.cpu_s}


@dataclass
class ImportFailure:
    kind: str  # "syntax" | "exception" | "timeout" | "crash"
    detail: str = ""
    line: int | None = None
    text: str = ""


def child_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DLGRADE"))}
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        CUPY_TF32="0",  # float32 matmuls on the GPU keep float32's precision (the checks' tolerances)
    )
    return env


def child_packages():
    """What boot.py puts on the child's sys.path, and our package folders by name."""
    extra = [p for p in os.environ.get("DLGRADE_CHILD_PATH", "").split(os.pathsep) if p]  # tests, site setups
    return {"path": extra + site_dirs(), "dirs": package_dirs()}


def site_dirs():
    """The parent's site-packages, given to the child explicitly: it starts with -S (no site
    processing), which saves a fifth of its start-up."""
    import site

    dirs = list(site.getsitepackages())
    user = site.getusersitepackages()
    return dirs + ([user] if isinstance(user, str) and os.path.isdir(user) else [])


def rlimit_command(argv, student_file):
    return argv


@dataclass
class Child:
    """One child process with the student's module imported."""

    student_file: str
    limits: Limits = field(default_factory=Limits)
    wrap: object = rlimit_command  # isolation: turns the child's argv into the argv to run
    proc: subprocess.Popen | None = None
    _fd: int | None = None
    _buf: bytearray = field(default_factory=bytearray)
    _log: object = None

    def start(self):
        """Start and import; returns None when ready, else an ImportFailure."""
        r, w = os.pipe()
        self._log = tempfile.TemporaryFile()
        argv = [sys.executable, "-S", "-B", BOOT, json.dumps(child_packages()), self.student_file, str(w),
                json.dumps(self.limits.for_child())]
        self.proc = subprocess.Popen(
            self.wrap(argv, self.student_file), stdin=subprocess.PIPE, stdout=self._log,
            stderr=subprocess.STDOUT, pass_fds=(w,), env=child_env(),
            cwd=os.path.dirname(os.path.abspath(self.student_file)), start_new_session=True)
        os.close(w)
        self._fd = r
        self._buf = bytearray()
        try:
            tree, _ = self._read(self.limits.import_timeout_s)
        except Timeout:
            self.kill()
            return ImportFailure("timeout")
        except (Crashed, protocol.ProtocolError) as e:
            self.kill()
            return ImportFailure("crash", detail=describe_exit(getattr(e, "returncode", None)))
        if tree.get("event") == "ready":
            return None
        self.kill()
        return ImportFailure(tree.get("kind", "exception"), str(tree.get("detail", ""))[:300],
                             tree.get("line") if isinstance(tree.get("line"), int) else None,
                             str(tree.get("text", ""))[:200])

    def run(self, steps, timeout):
        """Send one request (a list of steps); return (step replies, buffers)."""
        tree, buffers = protocol.encode_request(steps)
        try:
            self.proc.stdin.write(protocol.pack(tree, buffers))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise Crashed(self.proc.poll(), self.output()) from None
        reply, bufs = self._read(timeout)
        if reply.get("event") != "result" or not isinstance(reply.get("steps"), list):
            raise protocol.ProtocolError("unexpected reply")
        return reply["steps"], bufs

    def _read(self, timeout):
        deadline = time.monotonic() + timeout
        need = None
        while True:
            if need is None and len(self._buf) >= 8:
                (hlen,) = struct.unpack("<Q", self._buf[:8])
                if hlen > protocol.MAX_FRAME:
                    raise protocol.ProtocolError("header too large")
                if len(self._buf) >= 8 + hlen:
                    tree, sizes = protocol.unpack_header(bytes(self._buf[8:8 + hlen]))
                    need = (8 + hlen, tree, sizes)
            if need is not None:
                start, tree, sizes = need
                if len(self._buf) >= start + sum(sizes):
                    raw = bytes(self._buf[start:start + sum(sizes)])
                    del self._buf[:start + sum(sizes)]
                    return tree, protocol.split_buffers(raw, sizes)
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout()
            ready, _, _ = select.select([self._fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                code = self.proc.wait()
                raise Crashed(code, self.output())
            self._buf.extend(chunk)

    def output(self, limit=2000):
        """The last of what the student's code printed (for display only, never parsed)."""
        if self._log is None:
            return ""
        self._log.seek(0, os.SEEK_END)
        size = self._log.tell()
        self._log.seek(max(0, size - limit))
        return self._log.read().decode(errors="replace")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.wait()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def close(self):
        self.kill()  # nothing in the child needs a graceful exit; waiting for one costs time
        if self._log is not None:
            self._log.close()
            self._log = None


def describe_exit(code):
    """'signal SIGSEGV' for a negative return code, 'exit status 3' otherwise."""
    if code is None:
        return ""
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
