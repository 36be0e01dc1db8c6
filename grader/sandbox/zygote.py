"""The fork server inside one bubblewrap box (started by boot.py with ``--zygote FD``): numpy and
our modules imported once, then a child forked for each student in turn, ready in milliseconds
instead of a fresh interpreter's tenth of a second.

It never imports or runs anything of a student's: it answers the grader's requests on its control
socket (FD, a SOCK_SEQPACKET pair, one JSON message each) and forks. Before each fork it kills
every other process of the box's PID namespace (what the last student left running, a setsid
daemon included), waits until none is left, puts /tmp, /dev and /dev/shm back as they were when
the box began (what is new goes), and refuses ("dirty") where a process survives, something of
the box's own there changed, a SysV IPC object is left, or its own niceness, scheduling or
resource limits changed (what every later child would inherit): the grader then starts a fresh
box. It is the box's init (pid 1, bubblewrap's --as-pid-1: no init of bubblewrap's own that kill(-1)
spares and a student could trace), so no signal from inside the box reaches it, and it is not
dumpable, so no process of the box (all run as the same user, without capabilities) can trace it or
read or write its memory. A server that does not answer in time is replaced with a fresh box.

Requests and replies:
  {"op": "fork", "path", "cwd", "limits"} -> {"pid"} with three descriptors (the child's stdin
      to write, its result pipe and its output pipe to read), or {"dirty": why}
  {"op": "wait", "pid", "timeout"} -> {"code": exit code, or None while it runs}
  {"op": "kill"} -> {"code": the last child's exit code, "clean": bool}
"""
import json
import os
import signal
import socket
import stat
import sys
import time

RESULT_FD = 3  # the child's result pipe (stdin 0, output 1 and 2)


def main(control_fd):
    import gc

    import numpy  # noqa: F401  (what every child needs, imported once)

    from dlgrade.pipeline import xp  # noqa: F401
    from dlgrade.sandbox import boot, child, protocol  # noqa: F401

    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a signal ends the server, never interrupts it midway
    set_dumpable(False)
    gc.collect()
    gc.freeze()  # shared with every child, never scanned again
    sock = socket.socket(fileno=control_fd)
    server = Server(sock, baseline())
    sock.send(json.dumps({"ready": True}).encode())
    while True:
        data = sock.recv(1 << 16)
        if not data:
            return
        server.handle(json.loads(data))


class Server:
    def __init__(self, sock, scratch):
        self.sock, self.scratch = sock, scratch  # scratch: the writable folders as the box began
        self.codes = {}  # pid -> exit code of our children that ended
        self.last = None  # the last child forked
        self.state = own_state()

    def reply(self, message, fds=()):
        payload = json.dumps(message).encode()
        if fds:
            socket.send_fds(self.sock, [payload], list(fds))
        else:
            self.sock.send(payload)

    def handle(self, msg):
        op = msg.get("op")
        if op == "fork":
            self.fork(msg)
        elif op == "wait":
            self.reply({"code": self.wait(int(msg["pid"]), float(msg.get("timeout", 0)))})
        elif op == "kill":
            clean = self.clear()
            self.reply({"code": self.codes.get(self.last), "clean": clean})

    def fork(self, msg):
        if not self.clear():
            self.reply({"dirty": "processes"})
            return
        why = wipe(self.scratch) or leftover_ipc() or (own_state() != self.state and "state")
        if why:
            self.reply({"dirty": why})
            return
        stdin_r, stdin_w = os.pipe()
        result_r, result_w = os.pipe()
        out_r, out_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            become_child(msg, stdin_r, out_w, result_w)  # never returns
        for fd in (stdin_r, result_w, out_w):
            os.close(fd)
        self.codes.pop(pid, None)  # a pid used again: an earlier child's exit code is not this one's
        self.last = pid
        try:
            self.reply({"pid": pid}, (stdin_w, result_r, out_r))
        finally:
            for fd in (stdin_w, result_r, out_r):
                os.close(fd)

    def wait(self, pid, timeout):
        deadline = time.monotonic() + timeout
        while True:
            self.reap()
            if pid in self.codes or time.monotonic() >= deadline:
                return self.codes.get(pid)
            time.sleep(0.002)

    def reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.codes[pid] = os.waitstatus_to_exitcode(status)

    def clear(self, seconds=3.0):
        """Kill every process of the box but this one (the box's init); True once none is left
        (each round kills what the last one missed: a fork bomb's newest)."""
        me, deadline = os.getpid(), time.monotonic() + seconds
        while True:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap()
            others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
            if not others:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.001)


def become_child(msg, stdin_r, out_w, result_w):
    """In the forked process: the descriptors, folder, limits and state of a fresh child, then
    the child's own loop (sandbox/child.py). Exits, never returns to the server's loop."""
    code = 1
    try:
        os.setsid()
        os.dup2(stdin_r, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        os.dup2(result_w, RESULT_FD)
        os.closerange(RESULT_FD + 1, max_fd())  # the control socket above all
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(msg["cwd"])
        set_dumpable(True)  # as any process of its own: the server alone stays closed
        try:
            with open("/proc/self/oom_score_adj", "w") as fh:
                fh.write("1000")  # a memory kill in the box takes the student's process, not the server
        except OSError:
            pass
        from dlgrade.sandbox import boot, child

        limits = msg["limits"]
        sys.argv[2:] = [msg["path"], str(RESULT_FD), json.dumps(limits)]  # as a fresh child's (boot.py)
        boot.set_limits(limits)
        import numpy as np

        np.random.seed()  # the legacy global generator of a fresh interpreter: not the server's state
        child.main(msg["path"], RESULT_FD, limits)
        code = 0
    except BaseException:
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(code)


def max_fd():
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return soft if 0 < soft < 1 << 20 else 1 << 16
    except (ImportError, ValueError, OSError):
        return 1 << 16


def set_dumpable(on):
    import ctypes

    PR_SET_DUMPABLE = 4
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 1 if on else 0, 0, 0, 0)


WRITABLE = ("/tmp", "/dev", "/dev/shm")  # the box's writable file systems (sandbox/isolation.py)


def survey(root):
    """{path: (inode, mode, attribute names)} of everything under `root` on its own file system
    (with `root` itself): what another mount (a bound file or folder, /dev/shm in /dev) holds is
    not entered."""
    try:
        top = os.lstat(root)
    except FileNotFoundError:
        return {}
    found, folders = {root: (top.st_ino, top.st_mode, xattrs(root))}, [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                st = entry.stat(follow_symlinks=False)
                if st.st_dev != top.st_dev:
                    continue
                found[entry.path] = (st.st_ino, st.st_mode, xattrs(entry.path))
                if stat.S_ISDIR(st.st_mode):
                    folders.append(entry.path)
    return found


def xattrs(path):
    """The names of a file's extended attributes: tmpfs keeps a student's user.* ones (up to
    64 KB each) on the box's own folders, which no wipe removes: a note to the next student."""
    try:
        return sorted(os.listxattr(path, follow_symlinks=False))
    except OSError:  # a file system without them
        return []


def baseline():
    return {root: survey(root) for root in WRITABLE}


def wipe(before):
    """Put the box's writable folders back as `before` (baseline()) had them: what is new goes;
    the reason it cannot (something of the box's own changed or gone), else None."""
    import shutil

    for root, was in before.items():
        try:
            now = survey(root)
            if any(now.get(path) != kept for path, kept in was.items()):
                return "scratch"
            for path in sorted(set(now) - set(was), key=len):  # a folder before what it holds
                if not os.path.lexists(path):
                    continue  # gone with its folder
                if stat.S_ISDIR(now[path][1]):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
        except OSError:
            return "scratch"
    return None


def own_state():
    """What any process of the box may change in this one (the same user's) and every child forked
    then inherits, which it cannot put back itself: its niceness, scheduling policy, CPUs, disk
    priority (ioprio_set) and resource limits (prlimit); and its place in a memory kill (its /proc
    files are the user's: raised, the kernel may take the server for a child's excess)."""
    import ctypes
    import resource

    limits = [resource.getrlimit(getattr(resource, name)) for name in dir(resource) if name.startswith("RLIMIT_")]
    ioprio_get = IOPRIO_GET.get(os.uname().machine)
    with open("/proc/self/oom_score_adj") as fh:
        oom = fh.read()
    return (os.getpriority(os.PRIO_PROCESS, 0), os.sched_getscheduler(0), os.sched_getparam(0).sched_priority,
            sorted(os.sched_getaffinity(0)), limits, ioprio_get and ctypes.CDLL(None).syscall(ioprio_get, 1, 0), oom)


IOPRIO_GET = {"x86_64": 252, "aarch64": 31}  # the call's number (no Python function reads it)


def leftover_ipc():
    """'ipc' where a SysV shared memory segment, message queue or semaphore set is left (it
    outlives the processes that made it and could carry one student's data to the next)."""
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}") as fh:
                if len(fh.read().strip().splitlines()) > 1:
                    return "ipc"
        except OSError:
            continue
    return None
