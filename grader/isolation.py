"""How a student's child process is fenced in during batch grading.

With bubblewrap (`bwrap`): no network, its own PID namespace (nothing it spawns outlives it), a
read-only view of the system folders and of the Python it runs (an allow-list: no home folders, no
other checkouts, no journal or earlier outputs), the `dlgrade` package the child runs but never
`solutions`/`reference` (even when installed next to it in site-packages), only its own folder
(read-only) of the whole class, and a private writable /tmp. Resource limits (memory, CPU, file
size) apply either way, set by the child itself (grader/sandbox/boot.py) before any of our modules
or the student's run. Batch grading also puts each child in a control group of its own where the
machine allows (grader/sandbox/bound.py): memory and process count bounded for the child and all it
forks together, and all of it killed at the end. Without bubblewrap: resource limits (and that
group) only.
"""
import functools
import os
import shutil
import subprocess

from dlgrade.sandbox.runner import PACKAGE_DIR


@functools.lru_cache(maxsize=1)
def bwrap_works():
    exe = shutil.which("bwrap")
    if not exe:
        return False
    try:
        probe = subprocess.run([exe, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
                                "--proc", "/proc", "true"], capture_output=True, timeout=10)
        return probe.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Bwrap:
    """An argv wrapper for `grader.sandbox.runner.Child`: runs the child inside bwrap."""

    name = "bwrap"

    def __init__(self, student_dir, hide=(), show=()):
        self.student_dir = os.path.abspath(student_dir)
        self.hide = [os.path.abspath(h) for h in hide]
        self.show = [os.path.abspath(s) for s in show]  # private folders of the sandbox (read-only)

    def __call__(self, argv, student_file):
        box = ["bwrap", "--unshare-all", "--die-with-parent", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
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
        for folder in secret_dirs(shown, self.hide):  # e.g. solutions/ installed next to grader/
            box += ["--tmpfs", folder]
        box += ["--ro-bind", self.student_dir, self.student_dir]
        module_dir = os.path.dirname(os.path.abspath(student_file))
        for folder in dict.fromkeys([module_dir, *self.show]):  # a notebook's module, in a private folder
            if folder != self.student_dir:
                box += ["--ro-bind", folder, folder]
        box += ["--chdir", self.student_dir]
        return box + list(argv)


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
    """No namespace isolation: the child's own resource limits only."""

    name = "rlimit"

    def __call__(self, argv, student_file):
        return argv


def choose(mode, student_dir, hide=(), show=()):
    """mode: auto | strict | rlimit. Returns the wrapper, or raises RuntimeError for strict without bwrap."""
    if mode == "rlimit":
        return Rlimit()
    if bwrap_works():
        return Bwrap(student_dir, hide, show)
    if mode == "strict":
        raise RuntimeError("bwrap")
    return Rlimit()


def name_for(mode):
    return "rlimit" if mode == "rlimit" or not bwrap_works() else "bwrap"
