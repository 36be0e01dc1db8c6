"""How a student's child process is fenced in during batch grading.

With bubblewrap (`bwrap`): no network, its own PID namespace (nothing it spawns outlives it), a
read-only view of the system folders and of the Python it runs (an allow-list: no home folders, no
other checkouts, no journal or earlier outputs), the `dlgrade` package the child runs but never
`solutions`/`reference` (even when installed next to it in site-packages), only its own folder
(read-only) of the whole class, and a private writable /tmp. Resource limits (memory, CPU) apply
either way, set by the child itself (grader/sandbox/boot.py). Without bubblewrap: resource limits only.

GPU grading (`grade --gpu`): the box also binds the NVIDIA device nodes (/dev/nvidia*: the
control, UVM and per-GPU nodes, MIG capabilities) and /sys read-only (the driver reads the PCI
topology there; not confirmed on a device yet: bench/gpu_device_checks.py), and gives CuPy a writable kernel cache of the
student's own (CUPY_CACHE_DIR): kept between that student's children, so CuPy compiles each
kernel once per student, and never shared with another student, whose kernels a shared cache
would let one student replace.
"""
import functools
import glob
import hashlib
import os
import shutil
import subprocess
import tempfile

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

    def __init__(self, student_dir, hide=(), gpu=False):
        self.student_dir = os.path.abspath(student_dir)
        self.hide = [os.path.abspath(h) for h in hide]
        self.gpu = gpu

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
        if module_dir != self.student_dir:  # a notebook's module, written to a private folder
            box += ["--ro-bind", module_dir, module_dir]
        if self.gpu:
            box += gpu_binds(self.student_dir)
        box += ["--chdir", self.student_dir]
        return box + list(argv)


CUPY_CACHE_IN_BOX = "/tmp/cupy-kernel-cache"


def cupy_cache(student_dir):
    """The host folder of one student's CuPy kernel cache (created, private to this user)."""
    key = hashlib.sha256(os.path.abspath(student_dir).encode()).hexdigest()[:16]
    folder = os.path.join(tempfile.gettempdir(), f"dlgrade-cupy-cache-{os.getuid()}", key)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def gpu_binds(student_dir):
    """bwrap arguments that let CUDA work inside the box: the device nodes and a kernel cache."""
    args = ["--ro-bind-try", "/sys", "/sys"]  # the driver reads the PCI topology there (read-only)
    for node in sorted(glob.glob("/dev/nvidia*")):  # nvidiactl, nvidia-uvm(-tools), nvidia0..., nvidia-caps/
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
    """No namespace isolation: the child's own resource limits only."""

    name = "rlimit"

    def __call__(self, argv, student_file):
        return argv


def choose(mode, student_dir, hide=(), gpu=False):
    """mode: auto | strict | rlimit. Returns the wrapper, or raises RuntimeError for strict without bwrap.
    gpu: the box lets the child reach the GPU (see gpu_binds)."""
    if mode == "rlimit":
        return Rlimit()
    if bwrap_works():
        return Bwrap(student_dir, hide, gpu=gpu)
    if mode == "strict":
        raise RuntimeError("bwrap")
    return Rlimit()


def name_for(mode):
    return "rlimit" if mode == "rlimit" or not bwrap_works() else "bwrap"
