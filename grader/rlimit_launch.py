"""The first process of a child under `--isolation rlimit` (standard library only, run by path as
``python -S -B rlimit_launch.py CGROUP_PROCS WORKDIR -- ARGV...``): it joins its own cgroup (when
the grader made one; "" otherwise), so that everything it spawns, a `setsid` daemon included, can
be killed with it, moves to its private working folder, and becomes the child (exec, same pid)."""
import os
import sys


def main():
    procs, workdir, sep, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if sep != "--" or not argv:
        sys.exit(2)
    if procs:
        with open(procs, "w") as fh:
            fh.write(str(os.getpid()))
    os.chdir(workdir)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
