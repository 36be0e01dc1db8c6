"""The grader's trusted child: our own code only (device oracles, timing of the reference and of
the fused baselines), in a process of the grader's, never the student's. A student's child
cannot patch what it does, and batch grading (where `reference` is hidden from the student's
child) can run GPU and timing checks too. It is an ordinary sandbox child (same limits, same
environment, the same CuPy), started on an empty module of ours, without the student's isolation
wrapper (it runs no student code). Started on first use, one per grading run.

`device_lock()` serializes timed work across the processes of one machine (`grade --jobs`):
timing figures stay honest when one GPU is shared.
"""
import contextlib
import os
import tempfile

from dlgrade.sandbox import protocol
from dlgrade.sandbox.runner import Child, Crashed, Timeout


class TrustedFailure(Exception):
    """Our own code failed in the trusted child: the grader's error, never the student's."""


class Trusted:
    def __init__(self, limits):
        self.limits = limits
        self.child = None
        self.folder = None
        self.memo = {}  # figures measured once per run (the device's copy bandwidth)

    def start(self):
        self.folder = tempfile.mkdtemp(prefix="dlgrade-trusted-")
        path = os.path.join(self.folder, "dlgrade_trusted.py")
        with open(path, "w") as f:
            f.write('"""The grader\'s trusted child: nothing of its own, our modules only."""\n')
        self.child = Child(path, self.limits)
        failure = self.child.start()
        if failure is not None:
            self.close()
            raise TrustedFailure(f"the trusted child did not start: {failure.kind} {failure.detail}"[:300])

    def run(self, steps, timeout):
        """Run inputs.Step objects (each naming one of our modules as its source); returns (replies,
        values) with values decoded as the grader decodes the student's (CuPy results marked)."""
        if self.child is None:
            self.start()
        try:
            replies, buffers = self.child.run([s.request() for s in steps], timeout)
        except (Timeout, Crashed, protocol.ProtocolError) as e:
            self.close()
            raise TrustedFailure(f"the trusted child failed: {type(e).__name__}") from None
        last = replies[-1] if replies else {}
        if len(replies) != len(steps) or last.get("status") != "ok":
            raise TrustedFailure(str(last.get("detail", "no reply"))[:300])
        values = [protocol.decode(r["value"], buffers, mark=True) if "value" in r else None for r in replies]
        return replies, values

    def close(self):
        if self.child is not None:
            self.child.close()
            self.child = None
        if self.folder is not None:
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


@contextlib.contextmanager
def device_lock():
    """One timed case at a time on this machine (an advisory lock on a file in the temp folder)."""
    import fcntl

    path = os.path.join(tempfile.gettempdir(), f"dlgrade-timing-{os.getuid()}.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
