"""How a student's child process is fenced in during batch grading.

With bubblewrap (`bwrap`): no network, its own PID namespace (nothing it spawns outlives it), a
read-only view of the system folders and of the Python it runs (an allow-list: no home folders, no
other checkouts, no journal or earlier outputs), the `dlgrade` package the child runs but never
`solutions`/`reference` (even when installed next to it in site-packages), only its own folder
(read-only) of the whole class, and a private writable /tmp. Resource limits (memory, CPU, file
size) apply either way, set by the child itself (grader/sandbox/boot.py) before any of our modules
or the student's run. Batch grading also puts each child in a control group of its own where the
machine allows (grader/sandbox/cgroups.py): memory and process count bounded for the child and all it
forks together, and all of it killed at the end. Without bubblewrap nothing runs unless the
instructor asks for `rlimit` explicitly: resource limits, a private copy of what the child runs,
and a cgroup per child where one can be made (see Rlimit).

The box holds no capability (FLAG_SETS), changes no setting of the kernel (PROC_COVERS), reaches
no kernel keyring of the grader's, opens no socket of an unusual family (sandbox/seccomp.py) and
receives no mount the host makes once it runs (PRIVATE_MOUNTS): to the kernel, the box is the
grader's own user.

GPU grading (`grade --gpu`): the box also binds the NVIDIA device nodes (/dev/nvidia*: the
control, UVM and per-GPU nodes, the MIG capabilities any user may hold) and /sys read-only (the driver reads the PCI
topology there; not confirmed on a device yet: bench/gpu_device_checks.py), and gives CuPy a writable kernel cache of
the student's own (CUPY_CACHE_DIR): kept between that student's children, so CuPy compiles each
kernel once per student, and never shared with another student, whose kernels a shared cache
would let one student replace.
"""
import functools
import glob
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

from dlgrade.sandbox import seccomp, student_files
from dlgrade.sandbox.runner import PACKAGE_DIR


# The box holds no capability: bubblewrap started by root keeps every capability inside the box's
# user namespace unless told otherwise, enough to remount its read-only folders writable (a
# student's module planted files in the grader's package that way). Where bubblewrap can, the box
# may not make user namespaces of its own either (a fresh one would hand capabilities back).
FLAG_SETS = (("--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL"),
             ("--unshare-all", "--cap-drop", "ALL"))


# The kernel's settings, read-only in the box. A box that a root grader starts runs as root to the
# kernel (its user namespace maps root to root), and /proc/sys checks the user, not a capability:
# the files are root's to write (kernel.core_pattern names a program the kernel runs as root on the
# host). bubblewrap covers /proc/irq and /proc/bus itself but not these.
PROC_COVERS = ("--ro-bind", "/proc/sys", "/proc/sys", "--ro-bind-try", "/proc/sysrq-trigger", "/proc/sysrq-trigger",
               "--ro-bind-try", "/proc/pressure", "/proc/pressure", "--ro-bind-try", "/proc/mtrr", "/proc/mtrr")


@functools.lru_cache(maxsize=1)
def proc_covers(proc="/proc"):
    """PROC_COVERS, an empty file over PROC_HIDDEN and every file only root may read, and a read-only
    bind of every other entry of `proc` (but the processes' folders) that holds a file root may
    write: each machine's drivers add their own, which check the user, not a capability
    (/proc/scsi/scsi removes a disk, /proc/driver/nvidia's registry files set the GPU driver's keys,
    /proc/acpi/wakeup). Looked up once per grading process."""
    covered = {path for path in PROC_COVERS if path.startswith("/proc/")} | {"/proc/irq", "/proc/bus"}
    found = []
    for name in sorted(os.listdir(proc)):
        path = os.path.join(proc, name)
        if name.isdigit() or f"/proc/{name}" in covered or os.path.islink(path):
            continue
        if name in PROC_HIDDEN or root_only_reads(path):
            found += ["--ro-bind", "/dev/null", f"/proc/{name}"]
        elif root_may_write(path):
            found += ["--ro-bind-try", path, f"/proc/{name}"]
    return (*PROC_COVERS, *found)


# What the box reads of the kernel as empty: the keys root's processes hold (their descriptions), and
# every file of /proc that only root may read (timer_list names the host's processes; slabinfo and
# vmallocinfo show the kernel's memory, what an exploit needs to aim).
PROC_HIDDEN = ("keys", "key-users")


def root_only_reads(path):
    """Whether `path` is a regular file that no one but its owner (root) may read."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & 0o044


def root_may_write(path):
    """Whether `path` is, or holds, a regular file with a write permission bit (links not followed)."""
    import stat

    walk = os.walk(path) if os.path.isdir(path) else [(os.path.dirname(path), [], [os.path.basename(path)])]
    for folder, _, files in walk:
        for name in files:
            try:
                mode = os.lstat(os.path.join(folder, name)).st_mode
            except OSError:  # gone meanwhile
                continue
            if stat.S_ISREG(mode) and mode & 0o222:
                return True
    return False


@functools.lru_cache(maxsize=None)
def program(name):
    """The absolute path of the program `name` in the absolute folders of the search path, or None.
    The child starts in the student's folder, which an empty or "." entry of PATH searches first: a
    `bwrap` or `unshare` the student uploaded would run there, on the host, outside any box."""
    folders = [p for p in os.environ.get("PATH", os.defpath).split(os.pathsep) if os.path.isabs(p)]
    return shutil.which(name, path=os.pathsep.join(folders))


@functools.lru_cache(maxsize=1)
def box_flags():
    """The first of FLAG_SETS that this machine's bubblewrap runs with, or None (no usable bwrap)."""
    exe = program("bwrap")
    if not exe:
        return None
    for flags in FLAG_SETS:
        try:
            probe = subprocess.run([exe, *flags, "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
                                    "--proc", "/proc", "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if probe.returncode == 0:
            return flags
    return None


def bwrap_works():
    return box_flags() is not None


# No mount of the host's reaches the box once it runs: its folders are bound from the host's, and where
# those share their mounts (systemd makes every mount shared) a mount the host makes there later comes
# into the box writable, as the host made it (bubblewrap's read-only binds are made read-only once, at
# the start). systemd mounts /proc/sys/fs/binfmt_misc the first time a process looks there: its
# `register` file, root's to write, names a program the kernel then runs for other programs, on the
# host. bubblewrap started from a mount namespace of its own whose mounts are private receives none.
PRIVATE_MOUNTS = ("unshare", "--mount", "--propagation", "private", "--")


@functools.lru_cache(maxsize=1)
def private_mounts():
    """PRIVATE_MOUNTS where this machine lets us make a mount namespace (root can), else ()."""
    if not program(PRIVATE_MOUNTS[0]):
        return ()
    prefix = (program(PRIVATE_MOUNTS[0]), *PRIVATE_MOUNTS[1:])
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return prefix if probe.returncode == 0 else ()


class Bwrap:
    """An argv wrapper for `grader.sandbox.runner.Child`: runs the child inside bwrap."""

    name = "bwrap"

    def __init__(self, student_dir, hide=(), show=(), gpu=False, server=False):
        """server: the box of a fork server (sandbox/forkserver.py), which grades student after student
        in it: the command is the box's init (pid 1: bubblewrap's own, which kill(-1) spares, could be
        traced and made to run a student's daemon), and the root and the hidden folders (bubblewrap's
        tmpfs, which the server's wipe does not put back) are read-only like the rest."""
        self.student_dir = os.path.abspath(student_dir)
        self.hide = [os.path.abspath(h) for h in hide]
        self.show = [os.path.abspath(s) for s in show]  # private folders of the sandbox (read-only)
        self.gpu, self.server = gpu, server

    def __call__(self, argv, student_file):
        box = [program("bwrap"), *box_flags(), *(["--as-pid-1"] if self.server else []), "--die-with-parent",
               "--dev", "/dev", "--proc", "/proc", *proc_covers(), "--tmpfs", "/tmp"]
        for path in SYSTEM:
            if os.path.islink(path):  # merged /usr: /bin -> usr/bin
                box += ["--symlink", os.readlink(path), path]
            elif os.path.exists(path):
                box += ["--ro-bind", path, path]
        shown = python_dirs()
        for folder in shown:
            box += ["--ro-bind", folder, folder]
        grader_pkg = PACKAGE_DIR
        box += ["--ro-bind", grader_pkg, grader_pkg]
        hidden = secret_dirs(shown, self.hide)
        for folder in hidden:  # e.g. solutions/ installed next to grader/
            box += ["--tmpfs", folder]
        box += ["--ro-bind", self.student_dir, self.student_dir]
        module_dir = os.path.dirname(os.path.abspath(student_file))
        for folder in dict.fromkeys([module_dir, *self.show]):  # a notebook's module, in a private folder
            if folder != self.student_dir:
                box += ["--ro-bind", folder, folder]
        if self.gpu:
            box += gpu_binds(self.student_dir)
        if self.server:  # after every mount
            box += [arg for folder in ["/", *hidden] for arg in ("--remount-ro", folder)]
        box += ["--chdir", self.student_dir]
        if seccomp.syscall_filter():
            box = ["/bin/sh", "-c", seccomp.SYSCALL_SH, seccomp.syscall_filter(), *box]
        return [*private_mounts(), *box, *argv]


CUPY_CACHE_IN_BOX = "/tmp/cupy-kernel-cache"


def cupy_cache(student_dir):
    """The host folder of one student's CuPy kernel cache (created, private to this user)."""
    key = hashlib.sha256(os.path.abspath(student_dir).encode()).hexdigest()[:16]
    root = os.path.join(tempfile.gettempdir(), f"dlgrade-cupy-cache-{os.getuid()}")
    try:
        os.makedirs(root, mode=0o700, exist_ok=True)
        ours = closed_to_others(root)
    except OSError:  # e.g. another user's link to nowhere
        ours = False
    folder = os.path.join(root if ours else private_cache_root(), key)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def closed_to_others(root):
    """Whether `root` is a folder of this user's that no other user could write, now closed to them all.
    The box owns its cache to the kernel: it may open it to everyone and plant a set-user-id program
    there, which only the folder above keeps out of other users' reach. A folder that another user made
    (or could write) in the shared /tmp may hold their link where a student's cache goes: bound, it
    would be any folder of the host, writable in the box."""
    import stat

    st = os.lstat(root)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        return False
    if st.st_mode & 0o077:  # made by an older grader, open to read
        os.chmod(root, 0o700)
    return True


@functools.lru_cache(maxsize=1)
def private_cache_root():
    """A fresh folder for the kernel caches, this process's only (the shared one was not ours)."""
    return tempfile.mkdtemp(prefix=f"dlgrade-cupy-cache-{os.getuid()}-")


def gpu_binds(student_dir):
    """bwrap arguments that let CUDA work inside the box: the device nodes and a kernel cache."""
    args = ["--ro-bind-try", "/sys", "/sys"]  # the driver reads the PCI topology there (read-only)
    for node in sorted(glob.glob("/dev/nvidia*")):  # nvidiactl, nvidia-uvm(-tools), nvidia0..., nvidia-caps/
        if os.path.isdir(node):  # capabilities (nvidia-caps/): a MIG instance's access is any user's (0444);
            # the GPU's MIG configuration and monitoring are root's (0400), and the box is root to the kernel:
            # with them it would create and destroy the MIG instances of the whole GPU, other users' too
            args += [arg for cap in sorted(glob.glob(os.path.join(node, "*"))) if os.stat(cap).st_mode & 0o004
                     for arg in ("--dev-bind", cap, cap)]
        else:
            args += ["--dev-bind", node, node]
    args += ["--bind", cupy_cache(student_dir), CUPY_CACHE_IN_BOX, "--setenv", "CUPY_CACHE_DIR", CUPY_CACHE_IN_BOX]
    return args


# what the child may see of the system besides Python itself; /etc only what the loader needs
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc/ld.so.cache", "/etc/ld.so.conf",
          "/etc/ld.so.conf.d", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf")


def python_dirs():
    """The interpreter's prefixes and site-packages, and extra child paths: what the child imports."""
    import sys

    from dlgrade.sandbox.runner import site_dirs

    extra = [p for p in os.environ.get("DLGRADE_CHILD_PATH", "").split(os.pathsep) if p]
    paths = (sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable), *site_dirs(), *extra)
    dirs = {os.path.realpath(p) for p in paths} | {os.path.abspath(p) for p in paths}
    return sorted(d for d in dirs if os.path.isdir(d) and d != "/")


def secret_dirs(shown, hide=()):
    """`dlgrade.solutions` and `dlgrade.reference` wherever the child could see them (a wheel
    nests them in the `dlgrade` folder it sees), a checkout's tests, and the class."""
    import importlib.util

    found = [os.path.join(os.path.dirname(PACKAGE_DIR), "tests"), *hide]
    for name in ("dlgrade.solutions", "dlgrade.reference", "dlgrade.exercises"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += list(spec.submodule_search_locations)
    # and any copy in a folder the child sees (a wheel's site-packages, an older top-level install)
    found += [os.path.join(d, *parts) for d in shown
              for parts in (("dlgrade", "solutions"), ("dlgrade", "reference"), ("solutions",), ("reference",))]
    shown = [*shown, PACKAGE_DIR]
    inside = {os.path.abspath(f) for f in found
              if os.path.isdir(f) and any(f == d or f.startswith(d + os.sep) for d in shown)}
    return sorted(inside)


class Rlimit:
    """No namespace isolation: the child's own resource limits, a private copy of what it runs, and
    its own cgroup, killed whole (`kill_whole`: sandbox/runner.py puts the child in one, see
    dlgrade.sandbox.cgroups).

    The child runs from copies (our packages without solutions/, exercises/ or tests, and the
    student's own folder, regular files only) in a private temporary folder, which is its working
    folder: nothing it is given (argv, module paths, working folder) names the repository, the
    class or the solutions. A grader running as root hands the child to `nobody` (see
    unprivileged): it cannot write, signal or trace the grader, nor read the solutions (their
    folders closed to others) or root-only files; files any user may read stay readable. Run as
    another user, the child is that user, and what that user can read by path stays readable
    (README, Instructors).
    Everything it spawns is killed with it, a `setsid` daemon too where a cgroup can be made."""

    name = "rlimit"
    kill_whole = True  # no PID namespace: the child's group (or else its session) is killed with it

    def __init__(self, student_dir=None):
        self.student_dir = os.path.abspath(student_dir) if student_dir else None
        self.box = None

    def __call__(self, argv, student_file):
        import shutil
        import sys
        import tempfile

        self.stop()  # a restarted child: nothing of the previous one survives
        self.box = tempfile.mkdtemp(prefix="dlgrade-rl-")
        work = os.path.join(self.box, "work")
        student_file = os.path.abspath(student_file)
        student_files.copy_folder(self.student_dir or os.path.dirname(student_file), work)
        copy = os.path.join(work, os.path.basename(student_file))
        if os.path.dirname(student_file) != self.student_dir:  # a notebook's module, in a private folder
            shutil.copyfile(student_file, copy)
        swaps = [(student_file, copy), *sorted(packages_copy().items(), key=lambda kv: -len(kv[0]))]
        argv = [swap(a, swaps) for a in argv]
        launch = os.path.join(packages_copy()[PACKAGE_DIR], "sandbox", "rlimit_launch.py")
        hidden = [os.getcwd(), os.path.dirname(PACKAGE_DIR), os.path.dirname(self.student_dir or student_file)]
        changes = env_changes(os.environ, work, [h for h in hidden if h != os.sep])
        user = unprivileged()
        if user:  # a grader running as root (a Gradescope container) hands the child to `nobody`
            close_to_others(d for d in secret_dirs([os.path.dirname(PACKAGE_DIR)])
                            if os.path.basename(d) in ("solutions", "tests"))  # tests hold right answers too
            os.chmod(self.box, 0o711)
            os.lchown(work, *user)
            for root, dirs, files in os.walk(work):
                for name in dirs + files:
                    os.lchown(os.path.join(root, name), *user)
            changes["user"] = list(user)
            changes["set"]["HOME"] = work
        env = json.dumps(changes)
        return [sys.executable, "-S", "-B", launch, work, env, "--", *argv]

    def stop(self):
        """Remove the child's copies (grader.sandbox.runner calls it once the child is killed)."""
        import shutil

        if self.box is not None:
            shutil.rmtree(self.box, ignore_errors=True)
            self.box = None


def unprivileged():
    """(uid, gid) the rlimit child runs as when the grader is root: `nobody`'s, so that it cannot
    write, signal or trace the grader, nor read what only root may; None for any other user."""
    if os.geteuid() != 0 or not open_to_others(python_dirs()):
        return None  # (a Python under /root, mode 0700, cannot run as anyone else: the child stays root)
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def open_to_others(folders):
    """Whether any user can enter each folder (every folder above it searchable by others)."""
    import stat

    for folder in folders:
        path = os.path.realpath(folder)
        while True:
            try:
                if not os.stat(path).st_mode & stat.S_IXOTH:
                    return False
            except OSError:
                return False
            if path == os.path.dirname(path):
                break
            path = os.path.dirname(path)
    return True


def close_to_others(folders):
    """Take the world's access from the solutions' folders (root-owned installs and checkouts are
    usually 0755): a child running as `nobody` then cannot read them by path."""
    import stat

    for folder in folders:
        try:
            mode = stat.S_IMODE(os.stat(folder).st_mode)
            if mode & 0o007:
                os.chmod(folder, mode & ~0o007)
        except OSError:
            continue


def env_changes(environ, workdir, hidden):
    """{"set": ..., "unset": [...]}: the child's environment without the paths in `hidden` (the
    grader's working folder, the repository, the class): PWD is the child's own folder, PATH keeps
    its other entries, any other variable that names one is dropped."""
    def names(value):
        return any(h in value for h in hidden)

    changes = {"set": {"PWD": workdir}, "unset": ["OLDPWD"]}
    for key, value in environ.items():
        if key in ("PWD", "OLDPWD") or not names(value):
            continue
        if key == "PATH":
            changes["set"]["PATH"] = os.pathsep.join(p for p in value.split(os.pathsep) if not names(p))
        else:
            changes["unset"].append(key)
    return changes


def swap(arg, swaps):
    for old, new in swaps:
        arg = arg.replace(old, new)
    return arg


@functools.lru_cache(maxsize=1)
def packages_copy():
    """{our package folder: its private copy}, made once per grading process (removed at exit):
    `dlgrade` without solutions/, exercises/, tests, and `dlgrade.reference`, which the child needs."""
    import atexit
    import shutil
    import tempfile

    from dlgrade.sandbox.runner import package_dirs

    root = tempfile.mkdtemp(prefix="dlgrade-pkg-")
    os.chmod(root, 0o755)
    atexit.register(shutil.rmtree, root, True)
    skip = shutil.ignore_patterns("solutions", "exercises", "reference", "tests", "__pycache__", "*.pyc")
    copies = {}
    for name, folder in package_dirs().items():
        dest = os.path.join(root, name.replace(".", "_"))
        shutil.copytree(folder, dest, ignore=skip, symlinks=False)
        for path, dirs, files in os.walk(dest):  # readable by the child whatever the install's modes
            os.chmod(path, 0o755)
            for name in files:
                os.chmod(os.path.join(path, name), 0o644)
        copies[folder] = dest
    return copies


class NoBwrap(RuntimeError):
    """bubblewrap is needed (auto, strict) and does not work here; only `rlimit`, said explicitly, runs without it."""


def choose(mode, student_dir, hide=(), show=(), gpu=False):
    """mode: auto | strict | rlimit. Returns the wrapper; raises NoBwrap for auto or strict without
    bwrap (running students' code with resource limits only is the instructor's explicit choice).
    gpu: the box lets the child reach the GPU (see gpu_binds)."""
    if mode == "rlimit":
        return Rlimit(student_dir)
    if bwrap_works():
        return Bwrap(student_dir, hide, show, gpu=gpu)
    raise NoBwrap("bwrap")


def name_for(mode):
    return "rlimit" if mode == "rlimit" or not bwrap_works() else "bwrap"
