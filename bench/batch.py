#!/usr/bin/env python3
"""`dlgrade grade` side by side with stock `nbgrader autograde` on the same 40-student class.

The class comes from ../shared/bench/nbgrader_class.py (called, not copied): an nbgrader course
whose notebooks hold sigmoid, sigmoid_backward and adam_update, 40 submissions (20 correct in
varied formulations, 10 with one bug, 5 raising, 3 infinite loops, one swallowing the interrupt,
2 syntax errors) and expected_scores.csv, computed independently. The same 40 variants become
dlgrade workspaces with the contract's names (ex02 sigmoid, ex04 sigmoid_backward, ex08
adam_update with b1/b2 renamed beta1/beta2), as notebooks of the student's own code cells.

dlgrade runs twice, alternating: as it grades (a fork server per worker, sandbox/forkserver.py) and
with a child started per student (DLGRADE_FORK_SERVER=0), the side-by-side baseline of that change.
dlgrade's per-function verdicts are mapped onto the notebook's six test cells (15 points): a cell
scores when the functions it tests are correct and the ones it merely calls run. Prints times,
the ratio and how many of the 40 scores each tool got right; then a 300-student class (the 40
repeated) for dlgrade alone, to show how the time grows. Needs nbgrader and nbformat.

Both tools run with Python's default bytecode cache, as after a pip install (which compiles every
module): PYTHONDONTWRITEBYTECODE is removed from their environment and dlgrade's package folders
are byte-compiled first (`compileall`; in a source checkout they have no __pycache__ otherwise, and
every sandboxed child would compile our modules again). `--no-bytecode` measures without.

    python bench/batch.py [--root DIR] [--repeat 3] [--skip-nbgrader] [--jobs N] [--no-bytecode]
"""
import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the class builder: beside a checkout (/work/main -> /work/shared) or a worktree (/work/wt/NAME)
BUILDER = next((p for p in (os.path.join(ROOT, *up, "shared", "bench", "nbgrader_class.py")
                            for up in (("..",), ("..", ".."))) if os.path.isfile(p)),
               os.path.join(ROOT, "..", "shared", "bench", "nbgrader_class.py"))
EXERCISES = {"sigmoid": "ex02_activations", "sigmoid_backward": "ex04_backprop", "adam_update": "ex08_optimizers"}
# notebook test cell -> (points, functions that must be correct, functions that must merely run)
CELLS = {
    "test_sigmoid_values": (2, {"sigmoid"}, set()),
    "test_sigmoid_range": (2, {"sigmoid"}, set()),
    "test_sigmoid_backward_values": (3, {"sigmoid_backward"}, {"sigmoid"}),
    "test_sigmoid_backward_gradcheck": (2, {"sigmoid_backward", "sigmoid"}, set()),
    "test_adam_first_step": (3, {"adam_update"}, set()),
    "test_adam_ten_steps": (3, {"adam_update"}, set()),
}


def build(root):
    subprocess.run([sys.executable, BUILDER, "--root", root, "--skip-otter"], check=True, capture_output=True)
    return os.path.join(root, "nbgrader-course")


def student_cells(nb):
    """The student's own code: code cells that are not read-only autograder tests."""
    cells = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and not meta.get("grade"):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cells.append(re.sub(r"\bb([12])\b", r"beta\1", src))  # the contract's parameter names
    return cells


def write_workspaces(course, target, copies=1):
    shutil.rmtree(target, ignore_errors=True)
    submitted = os.path.join(course, "submitted")
    for sid in sorted(os.listdir(submitted)):
        with open(os.path.join(submitted, sid, "ps1", "ps1.ipynb"), encoding="utf-8") as fh:
            cells = student_cells(json.load(fh))
        nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None} for c in cells]}
        for k in range(copies):
            folder = os.path.join(target, sid if copies == 1 else f"{sid}_{k}")
            os.makedirs(folder)
            for slug in EXERCISES.values():
                with open(os.path.join(folder, f"{slug}.ipynb"), "w", encoding="utf-8") as fh:
                    json.dump(nb, fh)
    return target


ENV = dict(os.environ)


def use_bytecode(on):
    """Python's default (a bytecode cache, dlgrade's compiled as a pip install does), or none for
    dlgrade (its __pycache__ folders removed, none written; installed packages keep theirs)."""
    import importlib.util

    folders = list(dict.fromkeys([list(importlib.util.find_spec(f"dlgrade{sub}").submodule_search_locations)[0]
                                  for sub in ("", ".reference", ".solutions", ".exercises")]))
    if not on:
        ENV["PYTHONDONTWRITEBYTECODE"] = "1"
        for folder in folders:
            for here, dirs, _ in os.walk(folder):
                if "__pycache__" in dirs:
                    dirs.remove("__pycache__")
                    shutil.rmtree(os.path.join(here, "__pycache__"), ignore_errors=True)
        return "off"
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True, capture_output=True)
    return "on"


def run_dlgrade(workspaces, out, jobs, fork_server=True):
    """Seconds of one `dlgrade grade`; fork_server=False: a child started per student (the way
    before sandbox/forkserver.py, and still GPU grading's), the side-by-side baseline."""
    cmd = [sys.executable, "-m", "dlgrade", "grade", workspaces, "--exercises", "ex02,ex04,ex08", "--functions",
           ",".join(EXERCISES), "--timeout", "1.5", "--out", out]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = dict(ENV, DLGRADE_FORK_SERVER="1" if fork_server else "0")
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def dlgrade_scores(out):
    with open(out, encoding="utf-8") as fh:
        result = json.load(fh)
    scores = {}
    for st in result["students"]:
        checks = [c for ex in st["exercises"] for c in ex["checks"]]
        correct = {f for f in EXERCISES if all(c["status"] == "passed" for c in checks
                                               if c["function"] == f and c["kind"] == "correctness")}
        runs = {f for f in EXERCISES if all(c["status"] in ("passed", "failed") for c in checks if c["function"] == f)}
        scores[st["student"]] = sum(p for p, need, call in CELLS.values() if need <= correct and call <= runs)
    return scores, f"{result['isolation']}, {result.get('bound', 'rlimit')}"


def run_nbgrader(course):
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "ps1", "--force",
                    "--ExecutePreprocessor.timeout=10"], cwd=course, capture_output=True, env=ENV)
    seconds = time.perf_counter() - start
    subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", os.path.join(course, "grades.csv")], cwd=course,
                   capture_output=True)
    with open(os.path.join(course, "grades.csv"), newline="") as fh:
        scores = {row["student_id"]: float(row["raw_score"] or 0) for row in csv.DictReader(fh)}
    return seconds, scores


def expected(root):
    with open(os.path.join(root, "expected_scores.csv"), newline="") as fh:
        return {row["student_id"]: float(row["expected_score"]) for row in csv.DictReader(fh)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(ROOT, ".bench-work"))
    ap.add_argument("--repeat", type=int, default=3, help="dlgrade runs (median); nbgrader runs once")
    ap.add_argument("--skip-nbgrader", action="store_true")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--skip-300", action="store_true")
    ap.add_argument("--no-bytecode", action="store_true", help="no bytecode cache (PYTHONDONTWRITEBYTECODE=1)")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")  # 1 minute, before anything runs
    bytecode = use_bytecode(not args.no_bytecode)
    course = build(root)
    want = expected(root)
    ws = write_workspaces(course, os.path.join(root, "dlgrade-class"))
    out = os.path.join(root, "dlgrade.json")
    times, starts = [], []
    for _ in range(args.repeat):  # alternating, so that both see the same load
        times.append(run_dlgrade(ws, out, args.jobs))
        starts.append(run_dlgrade(ws, out + ".starts.json", args.jobs, fork_server=False))
    got, isolation = dlgrade_scores(out)
    right = sum(got.get(s) == want[s] for s in want)
    wrong = {s: (got.get(s), want[s]) for s in want if got.get(s) != want[s]}
    got_starts = dlgrade_scores(out + ".starts.json")[0]
    print(f"class: 40 students, 15 points, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d', time.gmtime())}, "
          f"bytecode cache {bytecode}, load average at start {load:.2f}")
    print(f"{'tool':<34} {'time s (median)':>16} {'right':>7}")
    med = statistics.median(times)
    print(f"{'dlgrade grade (' + isolation + ')':<34} {med:16.2f} {right:>4}/40   runs: "
          f"{', '.join(f'{t:.2f}' for t in times)}")
    if wrong:
        print("  dlgrade differs from expected (got, expected):", wrong)
    print(f"{'  a child started per student':<34} {statistics.median(starts):16.2f} "
          f"{sum(got_starts.get(s) == want[s] for s in want):>4}/40   runs: {', '.join(f'{t:.2f}' for t in starts)}"
          f"   (fork server {statistics.median(starts) / med:.2f}x faster)")
    if not args.skip_nbgrader:
        nb_time, nb_scores = run_nbgrader(course)
        nb_right = sum(nb_scores.get(s) == want[s] for s in want)
        print(f"{'nbgrader autograde (stock)':<34} {nb_time:16.2f} {nb_right:>4}/40")
        nb_wrong = {s: (nb_scores.get(s), want[s]) for s in want if nb_scores.get(s) != want[s]}
        if nb_wrong:
            print("  nbgrader differs from expected (got, expected):", nb_wrong)
        print(f"ratio nbgrader / dlgrade: {nb_time / med:.1f}x (goal: at least 30x)")
    if args.skip_300:
        return
    big = write_workspaces(course, os.path.join(root, "dlgrade-class-300"), copies=8)
    for extra in sorted(os.listdir(big))[300:]:
        shutil.rmtree(os.path.join(big, extra))
    t300 = run_dlgrade(big, os.path.join(root, "dlgrade-300.json"), args.jobs)
    print(f"{'dlgrade grade, 300 students':<34} {t300:16.2f}   ({t300 / 300 * 1000:.0f} ms per student; "
          f"40 students: {med / 40 * 1000:.0f} ms per student)")


if __name__ == "__main__":
    main()
