"""The child's first code: run by path (``python -s -S -B -P BOOT.py PACKAGES_JSON STUDENT RESULT_FD
LIMITS_JSON``), standard library only, before anything of the student's can be imported; with
``--zygote CONTROL_FD {}`` in place of STUDENT RESULT_FD LIMITS_JSON it becomes a fork server
(sandbox/zygote.py), whose children set their limits themselves.

No user site (-s), no site processing (-S), no PYTHON* variables (the grader passes none), and
neither the script's folder nor the working folder, which is the student's, on sys.path (-P; on
Python 3.10 this file drops its folder itself): only the standard library is importable until the
limits are set. It then sets the resource limits,
then makes our packages importable by their installed names (`dlgrade`, `dlgrade.reference`) from
the folders the grader passes: in a source checkout setuptools maps them from sibling folders
through a finder the child never runs (it starts without site processing).
"""
import importlib.util
import json
import os
import sys


class PackageDirs:
    """Finds each named package in its folder; a folder hidden by the sandbox finds nothing (a
    meta path finder: `find_spec` is all the import system asks of one; importlib.abc, which
    costs a fifth of the child's own imports, is not needed for that)."""

    def __init__(self, dirs):
        self.dirs = dirs

    def find_spec(self, fullname, path=None, target=None):
        folder = self.dirs.get(fullname)
        init = folder and os.path.join(folder, "__init__.py")
        if not init or not os.path.isfile(init):
            return None
        return importlib.util.spec_from_file_location(fullname, init, submodule_search_locations=[folder])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != here]
    packages, student, result_fd, limits = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    limits = json.loads(limits)
    set_limits(limits)
    sys.path[:0] = packages["path"]
    sys.meta_path.insert(0, PackageDirs(packages["dirs"]))
    if student == "--zygote":  # a fork server (sandbox/zygote.py): each child sets its own limits
        from dlgrade.sandbox import zygote

        zygote.main(int(result_fd))
        return
    from dlgrade.sandbox import child

    child.main(student, int(result_fd), limits)


def set_limits(limits):
    import resource

    mem = limits.get("memory_mb")
    if mem:
        b = int(mem) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (b, b))
    cpu = limits.get("cpu_s")
    if cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    file_mb = limits.get("file_mb")  # the largest file it may write (its private /tmp, or anywhere under rlimit)
    if file_mb:
        b = int(file_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (b, b))
    nproc = limits.get("nproc")  # without a pids cgroup: processes of this user, a fork bomb's bound
    if nproc:
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        n = int(nproc) if hard == resource.RLIM_INFINITY else min(int(nproc), hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (n, n))


if __name__ == "__main__":
    main()
