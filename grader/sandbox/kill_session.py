"""One sandboxed child and everything it spawns, killed together.

A process group dies with `killpg`, but a child can leave it: `setsid()` and a double fork make a
daemon in a session of its own, re-parented to init, that outlives the run (and, under the rlimit
mode, could rewrite the grader's output afterwards). A cgroup holds every descendant whatever it
does (short of privileges), so where the grader may make one (cgroup v2 with `cgroup.kill`, else
cgroup v1's freezer: freeze, kill, thaw) each child gets its own and the whole group is killed at
once. Elsewhere the fallback kills the process group and every process of the child's session,
found by scanning /proc; a daemon that made a session of its own escapes that (README,
Instructors).
"""
import functools
import os
import signal
import time
import uuid

PREFIX = "dlgrade-"


def mounts():
    """{filesystem type or v1 controller: mount point} of the cgroup hierarchies."""
    found = {}
    try:
        with open("/proc/mounts") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 4:
                    continue
                if parts[2] == "cgroup2":
                    found.setdefault("cgroup2", parts[1])
                elif parts[2] == "cgroup" and "freezer" in parts[3].split(","):
                    found.setdefault("freezer", parts[1])
    except OSError:
        pass
    return found


@functools.lru_cache(maxsize=1)
def kind():
    """"cgroup2" | "freezer" | "session": what this machine lets the grader use (probed once)."""
    found = mounts()
    for name, probe in (("cgroup2", "cgroup.kill"), ("freezer", "freezer.state")):
        top = found.get(name)
        if not top:
            continue
        path = os.path.join(top, f"{PREFIX}probe-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            os.mkdir(path)
        except OSError:
            continue
        try:
            if os.path.exists(os.path.join(path, probe)) and os.access(os.path.join(path, "cgroup.procs"), os.W_OK):
                return name
        finally:
            try:
                os.rmdir(path)
            except OSError:
                pass
    return "session"


class Session:
    """A cgroup for one child (or nothing, on the fallback). `procs` is the file the child's first
    process writes its pid to (grader/sandbox/rlimit_launch.py), "" when there is none."""

    def __init__(self):
        self.kind = kind()
        self.path = None
        if self.kind != "session":
            top = mounts()[self.kind]
            path = os.path.join(top, f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex}")
            try:
                os.mkdir(path)
                self.path = path
            except OSError:
                self.kind = "session"

    @property
    def procs(self):
        return os.path.join(self.path, "cgroup.procs") if self.path else ""

    def pids(self):
        try:
            with open(self.procs) as fh:
                return [int(p) for p in fh.read().split()]
        except (OSError, ValueError):
            return []

    def kill(self, leader=None):
        """Kill every process of the session (`leader`: the child's pid, its session and group id)."""
        if leader is not None:
            try:
                os.killpg(leader, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.path is None:
            if leader is not None:
                for pid in same_session(leader):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
            return
        if self.kind == "cgroup2":
            write(os.path.join(self.path, "cgroup.kill"), "1")
        else:  # v1 freezer: frozen processes cannot fork while they are killed
            write(os.path.join(self.path, "freezer.state"), "FROZEN")
            for pid in self.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            write(os.path.join(self.path, "freezer.state"), "THAWED")
        deadline = time.monotonic() + 5
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.005)
        try:
            os.rmdir(self.path)
            self.path = None
        except OSError:  # still dying: removed by the next call
            pass


def write(path, text):
    try:
        with open(path, "w") as fh:
            fh.write(text)
    except OSError:
        pass


def same_session(sid):
    """The pids whose session or process group is `sid` (a child started with start_new_session)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        try:
            pgrp, session = int(fields[2]), int(fields[3])
        except (IndexError, ValueError):
            continue
        if sid in (pgrp, session):
            out.append(int(entry))
    return out
