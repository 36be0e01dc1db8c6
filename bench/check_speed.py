#!/usr/bin/env python3
"""How long `dlgrade check EX` takes on the solutions, next to `python -c "import numpy"` (the
floor: any Python grader pays it). Prints medians and the ratio; asserts nothing.

    python bench/check_speed.py [--exercise ex02] [--repeat 7]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(argv, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="ex02")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    check = [sys.executable, "-m", "dlgrade", "check", args.exercise, "--workspace",
             os.path.join(ROOT, "solutions"), "--json"]
    subprocess.run(check, stdout=subprocess.DEVNULL, cwd=ROOT)  # warm the sympy cache once
    rows = [("python -c 'import numpy'", timed([sys.executable, "-c", "import numpy"], args.repeat)),
            (f"dlgrade check {args.exercise} (solutions)", timed(check, args.repeat))]
    print(f"{'command':<40} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, (med, lo, hi) in rows:
        print(f"{name:<40} {med:9.3f} {lo:7.3f} {hi:7.3f}")
    print(f"ratio check / numpy import: {rows[1][1][0] / rows[0][1][0]:.1f}x  (goal: check <= 1.0 s, aim 0.3 s)")


if __name__ == "__main__":
    main()
