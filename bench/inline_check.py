#!/usr/bin/env python3
"""How long `dlgrade.check` takes in a notebook, next to `dlgrade check` on the same functions
and the cost of `import dlgrade`. The kernel is a stand-in (the solution's source run as one cell,
kept in linecache as IPython keeps cells); the grading is the real one (fresh interpreter,
sandboxed child). Prints medians; asserts nothing.

    python bench/inline_check.py [--exercise ex02] [--function sigmoid] [--repeat 5]
"""
import argparse
import builtins
import linecache
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def kernel_with(source):
    from dlgrade.integrations.kernel_source import Kernel

    filename = "/tmp/ipykernel_bench/1.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    exec(compile(source, filename, "exec"), namespace)
    return Kernel(namespace, ["", source], {filename: 1})


def median(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="ex02")
    parser.add_argument("--function", default="sigmoid")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from dlgrade import catalog
    from dlgrade.integrations import inline
    from dlgrade.study.stubs import strip_markers

    ex = catalog.load(args.exercise)
    with open(os.path.join(ROOT, "solutions", ex.filename), encoding="utf-8") as fh:
        kernel = kernel_with(strip_markers(fh.read()))
    cli = [sys.executable, "-m", "dlgrade", "check", ex.id, "--workspace", os.path.join(ROOT, "solutions"), "--json"]
    workspace = os.path.join("/tmp", "dlgrade-bench-inline")
    rows = [
        ("python -c 'import dlgrade'", median(lambda: subprocess.run([sys.executable, "-c", "import dlgrade"]),
                                              args.repeat)),
        ("python -c 'pass'", median(lambda: subprocess.run([sys.executable, "-c", "pass"]), args.repeat)),
        (f"dlgrade.check('{ex.id}', '{args.function}')", median(
            lambda: inline.check(ex.id, args.function, kernel=kernel, workspace=workspace), args.repeat)),
        (f"dlgrade.check('{ex.id}')", median(lambda: inline.check(ex.id, kernel=kernel, workspace=workspace),
                                             args.repeat)),
        (f"dlgrade check {ex.id} (CLI, solutions)", median(
            lambda: subprocess.run(cli, stdout=subprocess.DEVNULL, cwd=ROOT), args.repeat)),
    ]
    full = inline.check(ex.id, kernel=kernel, workspace=workspace)
    print(f"{'what':<40} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, (med, lo, hi) in rows:
        print(f"{name:<40} {med:9.3f} {lo:7.3f} {hi:7.3f}")
    print(f"dlgrade.check('{ex.id}') on the solution: {full.score:g}/{full.max_score:g}")


if __name__ == "__main__":
    main()
