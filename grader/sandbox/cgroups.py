"""Control groups: each sandboxed child in a group of its own, bounded as a whole and killed whole.

A group holds the child and everything it forks, a `setsid` daemon included (short of
privileges, nothing leaves it). Two uses, one abstraction:
- bound (batch grading, every isolation mode): the group's memory and process count are limited,
  so five forks of 1000 MB no longer take 5 GB under `--memory 1024`;
- kill (the `rlimit` mode, which has no PID namespace): killing the group kills whatever the
  child left running, a double-forked daemon that could rewrite the grader's output included.

cgroup v2 where the machine has it: one folder per group with memory.max, pids.max and
cgroup.kill. cgroup v1: a folder in each of the `memory`, `pids` and (where mounted) `freezer`
hierarchies; a kill freezes the group first, so that nothing in it can fork while it is killed.
Groups live under a parent of this grader's own (`dlgrade-<pid>`, inside the grader's own group
on v2, so a delegated subtree works without root), removed at exit; groups left by a grader that
was SIGKILLed are removed by the next one. A child joins its group before it runs any code: it is
started through `/bin/sh -c 'echo $$ > .../cgroup.procs ...; exec "$@"'`.

Where no group can be made, `bounding()` and `killing()` return None: the per-process limits
(RLIMIT_AS, RLIMIT_NPROC) are the only bound, and `kill_session` kills the child's process group
and every process of its session found in /proc (a daemon that made a session of its own escapes
that: README, Instructors).
"""
import functools
import itertools
import os
import shlex
import signal
import subprocess
import threading
import time

PIDS_MAX = 256  # processes and threads of one sandbox: far above a numpy program's needs
_serial = itertools.count()
_probing = threading.Lock()


def mounts():
    """{"cgroup2": mount point, v1 controller ("memory", "pids", "freezer"): mount point}."""
    found = {}
    try:
        with open("/proc/mounts") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 4:
                    continue
                if parts[2] == "cgroup2":
                    found.setdefault("cgroup2", parts[1])
                elif parts[2] == "cgroup":
                    for option in parts[3].split(","):
                        if option in ("memory", "pids", "freezer"):
                            found.setdefault(option, parts[1])
    except OSError:
        pass
    return found


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
    """One child's group: created (with its limits), entered by the child's argv, killed, removed."""

    def __init__(self, kind, dirs, memory_mb=None, limits=True):
        """kind: "cgroup-v2" (dirs: [folder]) or "cgroup-v1" (dirs: {controller: folder})."""
        self.kind, self.dirs = kind, {}
        for role, d in dirs.items():
            os.mkdir(d)
            self.dirs[role] = d
        if not limits:
            return
        limit = str(int(memory_mb) * 1024 * 1024) if memory_mb else None
        memory, pids = (self.dirs["v2"],) * 2 if kind == "cgroup-v2" else (self.dirs["memory"], self.dirs["pids"])
        if limit and kind == "cgroup-v2":
            write(os.path.join(memory, "memory.max"), limit)
            write(os.path.join(memory, "memory.swap.max"), "0", optional=True)
        elif limit:
            write(os.path.join(memory, "memory.limit_in_bytes"), limit)
            write(os.path.join(memory, "memory.memsw.limit_in_bytes"), limit, optional=True)  # no swapping past it
        write(os.path.join(pids, "pids.max"), str(PIDS_MAX))

    def enter(self, argv):
        """The argv that joins this group, then runs `argv` (exec: same process, same pid)."""
        joins = "; ".join(f"echo $$ > {shlex.quote(os.path.join(d, 'cgroup.procs'))} || exit 97"
                          for d in self.dirs.values())
        return ["/bin/sh", "-c", f'{joins}; exec "$@"', "dlgrade-sandbox", *argv]

    def pids(self):
        found = set()
        for d in self.dirs.values():
            try:
                with open(os.path.join(d, "cgroup.procs")) as fh:
                    found.update(int(p) for p in fh.read().split())
            except (OSError, ValueError):
                pass
        return found

    def kill(self):
        """Kill every process in the group (forks and daemons too) and wait until none is left."""
        kill_file = os.path.join(self.dirs.get("v2", ""), "cgroup.kill")
        freezer = self.dirs.get("freezer")
        if "v2" in self.dirs and os.path.exists(kill_file):
            write(kill_file, "1", optional=True)
        elif freezer:  # frozen processes cannot fork while they are killed
            write(os.path.join(freezer, "freezer.state"), "FROZEN", optional=True)
            kill_all(self.pids())
            write(os.path.join(freezer, "freezer.state"), "THAWED", optional=True)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                return
            kill_all(pids)  # no cgroup.kill nor freezer: killed until none is left (pids.max bounds the race)
            time.sleep(0.005)

    def destroy(self):
        """Kill everything in the group, then remove it."""
        if not self.dirs:
            return
        self.kill()
        for d in reversed(list(self.dirs.values())):
            for _ in range(100):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:  # the last killed processes are still being reaped
                    time.sleep(0.01)
        self.dirs = {}


def kill_all(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def write(path, text, optional=False):
    try:
        with open(path, "w") as fh:
            fh.write(text)
    except OSError:
        if not optional:
            raise


class Cgroups:
    """Makes a Group per child under a parent group of this grader's own."""

    def __init__(self, kind, parents, limits=True):
        """parents: {"v2": folder} or {controller: folder}; limits: memory and pids can be bounded."""
        self.kind, self.parents, self.limits = kind, parents, limits

    def group(self, memory_mb=None):
        name = f"child-{next(_serial)}"
        return Group(self.kind, {role: os.path.join(p, name) for role, p in self.parents.items()}, memory_mb,
                     self.limits)


def _candidates(found):
    """[(kind, {role: parent folder}, limits)] in the order tried: bounding ones first."""
    tag = f"dlgrade-{os.getpid()}"
    out = []
    v2, top = own_path(""), found.get("cgroup2")
    here = os.path.join(top, v2.lstrip("/")) if top and v2 is not None else None
    if here and os.path.exists(os.path.join(top, "cgroup.controllers")):
        try:
            with open(os.path.join(here, "cgroup.subtree_control")) as fh:
                enabled = set(fh.read().split())
        except OSError:
            enabled = set()
        if {"memory", "pids"} <= enabled:  # may not be enabled where the grader itself sits
            out.append(("cgroup-v2", {"v2": os.path.join(here, tag)}, True))
    v1 = {}
    for controller in ("memory", "pids", "freezer"):
        path = own_path(controller)
        if found.get(controller) and path is not None:
            v1[controller] = os.path.join(found[controller], path.lstrip("/"), tag)
    if "memory" in v1 and "pids" in v1:
        out.append(("cgroup-v1", v1, True))
        if "freezer" in v1:  # the freezer may be mounted yet not writable
            out.append(("cgroup-v1", {k: v for k, v in v1.items() if k != "freezer"}, True))
    if here and os.path.isdir(here):  # killing only (e.g. the hybrid layout's cgroup2), where cgroup.kill exists
        out.append(("cgroup-v2", {"v2": os.path.join(here, tag)}, False))
    if "freezer" in v1:
        out.append(("cgroup-v1", {"freezer": v1["freezer"]}, False))
    return out


def bounding():
    """A `Cgroups` that bounds memory and processes, if groups can be made and entered here
    (checked by running a child in one), else None. Probed once per process (threads of a Dask
    worker may ask at once)."""
    with _probing:
        return next((c for c in _probe() if c.limits), None)


def killing():
    """A `Cgroups` whose groups can at least be killed whole (the bounding one where there is one),
    else None."""
    with _probing:
        found = _probe()
        return found[0] if found else None


@functools.lru_cache(maxsize=1)
def _probe():
    """The usable `Cgroups`, bounding ones first."""
    usable = []
    for kind, parents, limits in _candidates(mounts()):
        if any(p in _made for p in parents.values()):
            continue  # the same parent folder serves one factory only
        factory = _try(kind, parents, limits)
        if factory is not None:
            usable.append(factory)
            _made.update(parents.values())
    return usable


_made = set()


def _try(kind, parents, limits):
    for p in parents.values():
        _remove_stale(os.path.dirname(p))
    made = []
    try:
        for p in parents.values():
            if not os.path.isdir(p):
                os.mkdir(p)
                made.append(p)
            if kind == "cgroup-v2" and limits:
                write(os.path.join(p, "cgroup.subtree_control"), "+memory +pids")
        factory = Cgroups(kind, parents, limits)
        group = factory.group(64)
        try:
            if kind == "cgroup-v2" and not os.path.exists(os.path.join(group.dirs["v2"], "cgroup.kill")):
                raise OSError("no cgroup.kill")  # a kernel before 5.14: its groups cannot be killed at once
            probe = subprocess.run(group.enter(["/bin/sh", "-c", "cat /proc/self/cgroup >/dev/null"]),
                                   capture_output=True, timeout=10)
        finally:
            group.destroy()
        if probe.returncode != 0:
            raise OSError(probe.returncode)
        import atexit

        atexit.register(_remove, list(parents.values()))
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
        try:
            children = [os.path.join(parent, c) for c in os.listdir(parent) if c.startswith("child-")]
        except OSError:
            continue
        _remove(children + [parent])


def _remove(folders):
    for p in folders:
        try:
            os.rmdir(p)
        except OSError:
            pass


def name():
    """What bounds a sandbox as a whole here: "cgroup-v1", "cgroup-v2" or "rlimit"."""
    factory = bounding()
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


def kill_session(leader):
    """Without a group: kill the child's process group and every process of its session (the
    child was started with start_new_session, so its pid is both ids)."""
    try:
        os.killpg(leader, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    kill_all(same_session(leader))


def same_session(sid):
    """The pids whose session or process group is `sid`."""
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
