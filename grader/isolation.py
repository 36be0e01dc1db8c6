"""How a student's child process is fenced in during batch grading.

With bubblewrap (`bwrap`): no network, its own PID namespace (nothing it spawns outlives it), a
read-only view of the system, the repository hidden (solutions/, reference/, tests/) except the
`grader` package the child runs, every other student hidden, only its own folder visible
(read-only) and a private writable /tmp. Resource limits (memory, CPU) apply either way, set by
the child itself (grader/sandbox/child.py). Without bubblewrap: resource limits only.
"""
import functools
import os
import shutil
import subprocess

from grader.sandbox.runner import GRADER_ROOT


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

    def __init__(self, student_dir, hide=()):
        self.student_dir = os.path.abspath(student_dir)
        self.hide = [os.path.abspath(h) for h in hide]

    def __call__(self, argv, student_file):
        box = ["bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
               "--proc", "/proc", "--tmpfs", "/tmp"]
        for folder in python_dirs():  # a Python (a virtualenv) under /tmp must stay visible
            box += ["--ro-bind", folder, folder]
        for folder in (GRADER_ROOT, *self.hide):  # hide the repository and the class
            if os.path.isdir(folder) and not folder.startswith("/tmp/"):
                box += ["--tmpfs", folder]
        grader_pkg = os.path.join(GRADER_ROOT, "grader")
        box += ["--ro-bind", grader_pkg, grader_pkg, "--ro-bind", self.student_dir, self.student_dir]
        module_dir = os.path.dirname(os.path.abspath(student_file))
        if module_dir != self.student_dir:  # a notebook's module, written to a private folder
            box += ["--ro-bind", module_dir, module_dir]
        box += ["--chdir", self.student_dir]
        return box + list(argv)


def python_dirs():
    """The interpreter's own folders that the private /tmp would otherwise hide."""
    import sys

    from grader.sandbox.runner import site_dirs

    dirs = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, *site_dirs())} | \
        {os.path.abspath(p) for p in (sys.prefix, *site_dirs())}
    return sorted(d for d in dirs if d.startswith("/tmp/") and os.path.isdir(d))


class Rlimit:
    """No namespace isolation: the child's own resource limits only."""

    name = "rlimit"

    def __call__(self, argv, student_file):
        return argv


def choose(mode, student_dir, hide=()):
    """mode: auto | strict | rlimit. Returns the wrapper, or raises RuntimeError for strict without bwrap."""
    if mode == "rlimit":
        return Rlimit()
    if bwrap_works():
        return Bwrap(student_dir, hide)
    if mode == "strict":
        raise RuntimeError("bwrap")
    return Rlimit()


def name_for(mode):
    return "rlimit" if mode == "rlimit" or not bwrap_works() else "bwrap"
