#!/usr/bin/env python3
"""The spread of the timing checks: the solutions timed against the reference several times
over (each run a fresh child), per function the lowest, median and highest ratio, the limit, and
how many runs passed. The factors in grader/pipeline/timing.py must sit well above the highest ratio.

    python bench/timing_spread.py [--gpu] [--runs 5] [--functions relu,adam_update]
"""
import argparse
import os
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.pipeline import timing  # noqa: E402
from dlgrade.study.workspace import bundled_solutions  # noqa: E402
from dlgrade.pipeline.xp import gpu_status  # noqa: E402
from gpu_suite import print_table  # noqa: E402  (this folder is on sys.path when run as a script)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gpu", action="store_true", help="time on the GPU (CUDA events)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--functions", default=None)
    args = ap.parse_args()
    if args.gpu and not gpu_status()[0]:
        print(f"no GPU run: {gpu_status()[1].render()}")
        return 0
    wanted = set(args.functions.split(",")) if args.functions else None
    by_exercise = {}
    factors = {}
    for ex, f in timing.timed_functions():
        if not wanted or f.name in wanted:
            by_exercise.setdefault(ex.id, []).append(f.name)
            factors[f.name] = f.timing.factor
    rows = []
    for ex_id, functions in by_exercise.items():
        ratios = {fn: [] for fn in functions}
        passed = {fn: 0 for fn in functions}
        for _ in range(args.runs):
            report = engine.check(ex_id, bundled_solutions(), RunConfig(functions=functions, timing=True, gpu=args.gpu))
            for c in report.checks:
                if c.kind == "timing" and c.status in ("passed", "failed"):
                    ratios[c.function].append(float(c.message.params["ratio"]))
                    passed[c.function] += c.status == "passed"
        for fn in functions:
            r = ratios[fn] or [float("nan")]
            rows.append((fn, f"{min(r):.2f}", f"{statistics.median(r):.2f}", f"{max(r):.2f}",
                         f"x{factors[fn]:g}", f"{passed[fn]}/{args.runs}"))
        print(f"{catalog.load(ex_id).id} done", file=sys.stderr, flush=True)
    print(f"device: {'GPU' if args.gpu else 'CPU'}; {args.runs} runs; solutions against the reference")
    print_table(("function", "min ratio", "median", "max ratio", "limit", "passed"), rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
