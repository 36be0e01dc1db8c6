"""Bounding a sandbox as a whole, not process by process: a control group per child.

A child and everything it forks share one memory bound and one process count (five forks of
1000 MB each no longer take 5 GB under `--memory 1024`), and killing the child kills every
process in the group, a `setsid` daemon included. cgroup v2 where the machine has it (memory.max,
pids.max), else cgroup v1's `memory` and `pids` hierarchies; both need write access (root, or a
delegated subtree). A child joins its group before it runs any code: it is started through
`/bin/sh -c 'echo $$ > .../cgroup.procs ...; exec "$@"'`. Where no group can be made, `available()`
returns None and the per-process limits (RLIMIT_AS, RLIMIT_NPROC) are the only bound.
"""
import functools
import itertools
import os
import shlex
import signal
import subprocess
import threading
import time

V1 = "/sys/fs/cgroup"
PIDS_MAX = 256  # processes and threads of one sandbox: far above a numpy program's needs
_serial = itertools.count()
_probing = threading.Lock()


def own_path(controller):
    """This process's cgroup path in a v1 hierarchy (controller "memory") or v2 (controller "")."""
    try:
        with open("/proc/self/cgroup") as fh:
            for line in fh:
                number, names, path = line.rstrip("\n").split(":", 2)
                if controller in names.split(",") if controller else (number == "0" and names == ""):
                    return path
    except OSError:
        pass
    return None


class Group:
    """One child's group: created, entered by the child's argv, killed and removed."""

    def __init__(self, kind, dirs, memory_mb):
        self.kind, self.dirs = kind, []
        for d in dirs:
            os.mkdir(d)
            self.dirs.append(d)
        limit = str(int(memory_mb) * 1024 * 1024) if memory_mb else None
        if kind == "cgroup-v2":
            if limit:
                write(os.path.join(dirs[0], "memory.max"), limit)
                write(os.path.join(dirs[0], "memory.swap.max"), "0", optional=True)
            write(os.path.join(dirs[0], "pids.max"), str(PIDS_MAX))
        else:
            memory, pids = dirs
            if limit:
                write(os.path.join(memory, "memory.limit_in_bytes"), limit)
                write(os.path.join(memory, "memory.memsw.limit_in_bytes"), limit, optional=True)  # no swapping past it
            write(os.path.join(pids, "pids.max"), str(PIDS_MAX))

    def enter(self, argv):
        """The argv that joins this group, then runs `argv` (exec: same process, same pid)."""
        joins = "; ".join(f"echo $$ > {shlex.quote(os.path.join(d, 'cgroup.procs'))} || exit 97" for d in self.dirs)
        return ["/bin/sh", "-c", f'{joins}; exec "$@"', "dlgrade-sandbox", *argv]

    def pids(self):
        found = set()
        for d in self.dirs:
            try:
                with open(os.path.join(d, "cgroup.procs")) as fh:
                    found.update(int(p) for p in fh.read().split())
            except (OSError, ValueError):
                pass
        return found

    def destroy(self):
        """Kill every process in the group (forks and daemons too), then remove it."""
        for _ in range(200):
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.005)
        for d in reversed(self.dirs):
            for _ in range(100):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:  # the last killed processes are still being reaped
                    time.sleep(0.01)
        self.dirs = []


def write(path, text, optional=False):
    try:
        with open(path, "w") as fh:
            fh.write(text)
    except OSError:
        if not optional:
            raise


class Cgroups:
    """Makes a Group per child under a parent group of this grader's own."""

    def __init__(self, kind, parents):
        self.kind, self.parents = kind, parents

    def group(self, memory_mb):
        name = f"child-{next(_serial)}"
        return Group(self.kind, [os.path.join(p, name) for p in self.parents], memory_mb)


def _parents():
    """(kind, [parent folder per hierarchy]) this process may create groups in, or None."""
    tag = f"dlgrade-{os.getpid()}"
    v2 = own_path("")
    if os.path.exists(os.path.join(V1, "cgroup.controllers")) and v2 is not None:  # a pure v2 machine
        here = os.path.join(V1, v2.lstrip("/"))
        try:
            with open(os.path.join(here, "cgroup.subtree_control")) as fh:
                enabled = fh.read().split()
            if not {"memory", "pids"} <= set(enabled):  # may not be enabled where the grader itself sits
                return None
            return "cgroup-v2", [os.path.join(here, tag)]
        except OSError:
            return None
    parents = []
    for controller in ("memory", "pids"):
        path = own_path(controller)
        root = os.path.join(V1, controller)
        if path is None or not os.path.isdir(root):
            return None
        parents.append(os.path.join(root, path.lstrip("/"), tag))
    return "cgroup-v1", parents


def available():
    """A `Cgroups` factory if groups can be made and entered here (checked by running a child in
    one), else None. Probed once per process (threads of a Dask worker may ask at once)."""
    with _probing:
        return _probe()


@functools.lru_cache(maxsize=1)
def _probe():
    found = _parents()
    if found is None:
        return None
    kind, parents = found
    for p in parents:
        _remove_stale(os.path.dirname(p))
    made = []
    try:
        for p in parents:
            if not os.path.isdir(p):
                os.mkdir(p)
                made.append(p)
            if kind == "cgroup-v2":
                write(os.path.join(p, "cgroup.subtree_control"), "+memory +pids")
        factory = Cgroups(kind, parents)
        group = factory.group(64)
        try:
            probe = subprocess.run(group.enter(["/bin/sh", "-c", "cat /proc/self/cgroup >/dev/null"]),
                                   capture_output=True, timeout=10)
        finally:
            group.destroy()
        if probe.returncode != 0:
            raise OSError(probe.returncode)
        import atexit

        atexit.register(_remove, parents)
        return factory
    except (OSError, subprocess.TimeoutExpired):
        _remove(made)
        return None


def _remove_stale(folder):
    """Groups left by a grader that was killed (SIGKILL runs no clean-up): empty ones go."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith("dlgrade-") and n[8:].isdigit()]
    except OSError:
        return
    for n in names:
        if os.path.exists(f"/proc/{n[8:]}"):
            continue
        parent = os.path.join(folder, n)
        _remove([os.path.join(parent, c) for c in os.listdir(parent) if c.startswith("child-")] + [parent])


def _remove(folders):
    for p in folders:
        try:
            os.rmdir(p)
        except OSError:
            pass


def name():
    """What bounds a sandbox as a whole here: "cgroup-v1", "cgroup-v2" or "rlimit"."""
    factory = available()
    return factory.kind if factory else "rlimit"


def user_process_limit(extra=512):
    """RLIMIT_NPROC for the fallback: the processes this user runs now plus room for the children
    (the limit counts all of the user's processes, not the sandbox's)."""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(os.path.join("/proc", entry)).st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count + extra
