"""The first process of a child under `--isolation rlimit` (standard library only, run by path as
``python -S -B rlimit_launch.py WORKDIR ENV_JSON -- ARGV...``, already inside the child's cgroup
where the grader could make one: sandbox/cgroups.py): it moves to its private working folder,
drops from its environment what names the grader's folders (ENV_JSON: {"set": {...}, "unset":
[...], "user": [uid, gid] when the grader is root}), drops to that unprivileged user, and becomes
the child (exec, same pid)."""
import json
import os
import sys


def main():
    workdir, env, sep, argv = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4:]
    if sep != "--" or not argv:
        sys.exit(2)
    user = env.get("user")
    if user:  # already in its cgroup (the grader put it there), before any of the student's code
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
