"""The grader's side of the sandbox: start a child, send calls, read results with a deadline.

A hang becomes `Timeout`, a dead child (segfault, os._exit, memory kill) becomes `Crashed`; the
caller then starts a fresh child for the remaining checks. The child runs in its own process
group, so whatever it spawned dies with it.
"""
import json
import os
import selectors
import signal
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field

from dlgrade.sandbox import cgroups, protocol

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
    file_mb: int = 256  # RLIMIT_FSIZE: no file the child writes grows past this
    nproc: int | None = None  # RLIMIT_NPROC, where no pids cgroup bounds the sandbox
    group_memory_mb: int | None = None  # the cgroup's bound where it differs from memory_mb (GPU: no RLIMIT_AS)

    def group_mb(self):
        """The memory bound of the child's cgroup: everything it and its forks hold together."""
        return self.group_memory_mb if self.group_memory_mb is not None else self.memory_mb

    def for_child(self):
        return {"memory_mb": self.memory_mb, "cpu_s": self.cpu_s, "file_mb": self.file_mb, "nproc": self.nproc}


@dataclass
class ImportFailure:
    kind: str  # "syntax" | "exception" | "timeout" | "crash"
    detail: str = ""
    line: int | None = None
    text: str = ""


# What of the grader's environment a child gets: the search path, the locale and time zone, the
# home folder, and the settings of CUDA, the NVIDIA driver, CuPy and matplotlib. Nothing else: CI
# tokens, cloud keys and a course's own secrets sit in environments, and a student's code can print
# its environment into the feedback it gets.
ENV_KEEP = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "LD_LIBRARY_PATH", "MPLBACKEND", "MPLCONFIGDIR", "XDG_CACHE_HOME",
            "XDG_CONFIG_HOME")
ENV_KEEP_PREFIXES = ("LC_", "CUDA_", "NVIDIA_", "CUPY_")


def child_env():
    env = {k: v for k, v in os.environ.items() if k in ENV_KEEP or k.startswith(ENV_KEEP_PREFIXES)}
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


# No user site (-s), no site processing (-S), no script folder on sys.path (-P, Python 3.11+; boot.py
# drops it itself before). Not -I/-E: that would also ignore PYTHONHASHSEED, and the environment is
# ours anyway (child_env passes no PYTHON* variable of the grader's).
ISOLATED = ("-s", "-S", "-B", *(("-P",) if sys.version_info >= (3, 11) else ()))


OUTPUT_KEEP = 64 * 1024  # bytes of what the student printed kept for display (the last of it)
# The largest legitimate reply measured over all 13 solutions with hidden checks is 1.6 MB (ex09,
# twice its 0.8 MB request); ex07 builds 0.96 MB from a request of shapes only.
REPLY_FLOOR = 64 << 20  # a reply may always be this large (40x the largest measured) ...
REPLY_FACTOR = 16  # ... or this many times the request's arrays (GPU timing inputs, im2col)
READY_MAX = 1 << 20  # the reply to an import: a few fields


def reply_cap(request_bytes):
    """The largest reply accepted for a request: generous for every legitimate output, and a bound
    on what a child can make the grader hold in memory."""
    return max(REPLY_FLOOR, REPLY_FACTOR * request_bytes)


@dataclass
class Child:
    """One child process with the student's module imported (`load` swaps in another module).

    Every exchange has a deadline: the request is written without blocking while the replies and
    the student's printing are read, all in one loop; past the deadline the child is killed and
    the caller gets `Timeout`. What the student prints goes to a pipe drained here and capped
    (never to a file of ours), and a reply larger than the request can justify is refused."""

    student_file: str
    limits: Limits = field(default_factory=Limits)
    wrap: object = None  # isolation (grader/sandbox/isolation.py): turns the child's argv into the argv to run
    bound: object = None  # a `cgroups.Cgroups`: the child and all it forks in one bounded group (None: per process)
    slot: object = None  # batch grading's CPU slot (pipeline/slots.py): lent once one exchange runs long
    proc: subprocess.Popen | None = None
    _group: object = None
    _fd: int | None = None
    _out: int | None = None
    _buf: bytearray = field(default_factory=bytearray)
    _log: bytearray = field(default_factory=bytearray)  # the last of what the student printed
    _head: bytearray = field(default_factory=bytearray)  # the first of it (for this module)
    printed: int = 0  # bytes the student printed in all

    def start(self):
        """Start and import; returns None when ready, else an ImportFailure."""
        r, w = os.pipe()
        out_r, out_w = os.pipe()
        argv = [sys.executable, *ISOLATED, "-u", BOOT, json.dumps(child_packages()), self.student_file, str(w),
                json.dumps(self.limits.for_child())]
        argv = self.wrap(argv, self.student_file) if self.wrap else argv
        killer = self.bound if self.bound is not None else cgroups.killing() if self._kill_whole() else None
        if killer is not None:  # the rlimit mode has no PID namespace: its child is killed by its group
            self._group = killer.group(self.limits.group_mb())
            argv = self._group.enter(argv)
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=out_w, stderr=out_w,
                pass_fds=(w,), env=child_env(), cwd=os.path.dirname(os.path.abspath(self.student_file)),
                start_new_session=True, bufsize=0)
        except BaseException:
            os.close(r)
            os.close(out_r)
            if self._group is not None:
                self._group.destroy()
                self._group = None
            raise
        finally:
            os.close(w)
            os.close(out_w)
        os.set_blocking(self.proc.stdin.fileno(), False)
        self._fd, self._out = r, out_r
        self._buf = bytearray()
        return self._await_import(None)

    def load(self, path):
        """Import another module of the same student in this child (one sandbox per student);
        returns None when ready, else an ImportFailure (a hang or a crash also ends the child)."""
        self.student_file = path
        self._head, self.printed = bytearray(), 0  # what the last exercise printed is not this one's
        return self._await_import(protocol.pack({"import": path}, []))

    def _await_import(self, request):
        try:
            tree, _ = self._exchange(request, self.limits.import_timeout_s, READY_MAX)
        except Timeout:
            self.kill()
            return ImportFailure("timeout")
        except (Crashed, protocol.ProtocolError) as e:
            self.kill()
            return ImportFailure("crash", detail=describe_exit(getattr(e, "returncode", None)))
        if not isinstance(tree, dict):
            self.kill()
            return ImportFailure("crash")
        if tree.get("event") == "ready":
            return None
        if tree.get("event") == "stale" and request is not None:  # the caller starts a fresh child
            self.kill()
            return ImportFailure("stale")
        if tree.get("event") != "import_error":
            self.kill()
            return ImportFailure("crash")
        return ImportFailure(str(tree.get("kind")) if tree.get("kind") in ("syntax", "exception") else "exception",
                             str(tree.get("detail", ""))[:300],
                             tree.get("line") if type(tree.get("line")) is int else None,
                             str(tree.get("text", ""))[:200])

    def run(self, steps, timeout):
        """Send one request (a list of steps); return (step replies, buffers)."""
        tree, buffers = protocol.encode_request(steps)
        request = protocol.pack(tree, buffers)
        reply, bufs = self._exchange(request, timeout, reply_cap(sum(len(b) for b in buffers)))
        if not isinstance(reply, dict) or reply.get("event") != "result" or not isinstance(reply.get("steps"), list) \
                or not all(isinstance(r, dict) for r in reply["steps"]):
            raise protocol.ProtocolError("unexpected reply")
        return reply["steps"], bufs

    def _exchange(self, request, timeout, max_body):
        """Write `request` (bytes or None) and read one reply frame, both before the deadline."""
        started = time.monotonic()
        deadline = started + timeout
        lend_at = started + self.slot.after if self.slot is not None and self.slot.held else None
        pending = memoryview(request or b"")
        stdin = self.proc.stdin.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(self._fd, selectors.EVENT_READ, "result")
            if self._out is not None:
                sel.register(self._out, selectors.EVENT_READ, "output")
            if pending:
                sel.register(stdin, selectors.EVENT_WRITE, "request")
            while True:
                frame = self._frame(max_body)
                if frame is not None:
                    if pending:  # no honest child answers a request it has not read whole
                        raise protocol.ProtocolError("reply before the request was read")
                    return frame
                now = time.monotonic()
                left = deadline - now
                if left <= 0:
                    self.kill()
                    raise Timeout()
                if lend_at is not None and now >= lend_at:  # a long call: another student may start meanwhile
                    self.slot.lend()
                    lend_at = None
                for key, _ in sel.select(left if lend_at is None else min(left, lend_at - now)):
                    if key.data == "request":
                        try:
                            pending = pending[os.write(stdin, pending[:1 << 20]):]
                        except BlockingIOError:
                            continue
                        except OSError:  # the child closed its stdin or died: its reply tells which
                            pending = memoryview(b"")
                        if not pending:
                            sel.unregister(stdin)
                    elif key.data == "output":
                        chunk = os.read(self._out, 1 << 16)
                        if not chunk:
                            sel.unregister(self._out)
                            os.close(self._out)
                            self._out = None
                        else:
                            self._keep_output(chunk)
                    else:
                        chunk = os.read(self._fd, 1 << 20)
                        if not chunk:
                            raise Crashed(self._ended(deadline), self.output())
                        self._buf.extend(chunk)

    def _frame(self, max_body):
        """The first complete frame in the buffer, or None; ProtocolError for one over the caps."""
        if len(self._buf) < 8:
            return None
        (hlen,) = struct.unpack("<Q", self._buf[:8])
        if hlen > protocol.MAX_HEADER:
            raise protocol.ProtocolError("header too large")
        if len(self._buf) < 8 + hlen:
            return None
        tree, sizes = protocol.unpack_header(bytes(self._buf[8:8 + hlen]), max_body)
        end = 8 + hlen + sum(sizes)
        if len(self._buf) < end:
            return None
        raw = bytes(self._buf[8 + hlen:end])
        del self._buf[:end]
        return tree, protocol.split_buffers(raw, sizes)

    def _keep_output(self, chunk):
        self.printed += len(chunk)
        if len(self._head) < OUTPUT_KEEP:
            self._head.extend(chunk[:OUTPUT_KEEP - len(self._head)])
        self._log.extend(chunk)
        if len(self._log) > 2 * OUTPUT_KEEP:
            del self._log[:-OUTPUT_KEEP]

    def _ended(self, deadline):
        """The child closed its result pipe: its exit code once it has exited (killed if it lingers)."""
        try:
            return self.proc.wait(timeout=max(0.1, min(1.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.returncode

    def output(self, limit=2000):
        """The last of what the student's code printed (for display only, never parsed)."""
        return bytes(self._log[-limit:]).decode(errors="replace")

    def head(self, limit=2000):
        """The first `limit` bytes of what the student's code printed for the module now loaded,
        and whether there was more."""
        return bytes(self._head[:limit]).decode(errors="replace"), self.printed > limit

    def _kill_whole(self):
        return bool(getattr(self.wrap, "kill_whole", False))

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self._group is not None:  # what left the process group (setsid) is still in the cgroup
            self._group.destroy()
            self._group = None
        elif self._kill_whole() and self.proc is not None:  # no cgroup here: the child's session, from /proc
            cgroups.kill_session(self.proc.pid)
        stop = getattr(self.wrap, "stop", None)  # what the isolation made for this child (rlimit: its copies)
        if stop is not None:
            stop()
        if self.proc is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.wait()
        self._close_pipes()

    def _close_pipes(self):
        for name in ("_fd", "_out"):
            if getattr(self, name) is not None:
                os.close(getattr(self, name))
                setattr(self, name, None)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None and self._fd is not None

    def close(self):
        self.kill()  # nothing in the child needs a graceful exit; waiting for one costs time


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
