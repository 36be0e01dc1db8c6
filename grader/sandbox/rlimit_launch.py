"""The first process of a child under `--isolation rlimit` (standard library only, run by path as
``python -S -B rlimit_launch.py CGROUP_PROCS WORKDIR ENV_JSON -- ARGV...``): it joins its own cgroup
(when the grader made one; "" otherwise), so that everything it spawns, a `setsid` daemon
included, can be killed with it, moves to its private working folder, drops from its environment
what names the grader's folders (ENV_JSON: {"set": {...}, "unset": [...], "user": [uid, gid] when
the grader is root}), drops to that unprivileged user, and becomes the child (exec, same pid)."""
import json
import os
import sys


def main():
    procs, workdir, env, sep, argv = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5:]
    if sep != "--" or not argv:
        sys.exit(2)
    if procs:
        with open(procs, "w") as fh:
            fh.write(str(os.getpid()))
    user = env.get("user")
    if user:  # after joining the cgroup (root may write there), before any of the student's code
        os.setgroups([])
        os.setgid(user[1])
        os.setuid(user[0])
    os.chdir(workdir)
    for key in env["unset"]:
        os.environ.pop(key, None)
    os.environ.update(env["set"])
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
