"""End to end with real nbgrader: build a course from the catalog, generate the student version,
submit notebooks, autograde with stock nbgrader and with dlgrade's fast path, export, compare."""
import csv
import os
import subprocess
import sys
import time

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbgrader")

from grader import nbcourse  # noqa: E402
from grader.stubs import strip_markers  # noqa: E402
from tests.helpers import solution_text  # noqa: E402

SLUG = "ex01_neuron"
LOOP = "def dense_forward(X, W, b):\n    while True:\n        try:\n            pass\n        except:\n            pass\n"
BUG = "def weighted_sum(x, w, b):\n    return (w * x).sum()\n"


def nbg(course, *args, timeout=300):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          timeout=timeout)


def submit(course, student, replace):
    released = nbformat.read(os.path.join(course, "release", SLUG, f"{SLUG}.ipynb"), as_version=4)
    _, _, functions = nbcourse.split_solution(strip_markers(solution_text(SLUG)))
    for cell in released.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = replace.get(gid, functions[gid])
    folder = os.path.join(course, "submitted", student, SLUG)
    os.makedirs(folder)
    nbformat.write(released, os.path.join(folder, f"{SLUG}.ipynb"))
    with open(os.path.join(folder, "timestamp.txt"), "w") as fh:
        fh.write("2026-11-22 12:00:00.000000 UTC")


def exported(course, name):
    path = os.path.join(course, name)
    assert nbg(course, "export", "--to", path).returncode == 0
    with open(path, newline="") as fh:
        return {row["student_id"]: float(row["raw_score"] or 0) for row in csv.DictReader(fh)}


def test_build_generate_autograde_both_ways_and_export(tmp_path):
    course = str(tmp_path / "course")
    nbcourse.build(course, [SLUG])
    assert nbg(course, "generate_assignment", SLUG, "--force").returncode == 0
    released = open(os.path.join(course, "release", SLUG, f"{SLUG}.ipynb")).read()
    assert "BEGIN SOLUTION" not in released and "hidden_values\\\", globals" not in released and "run_check" in released
    submit(course, "ok", {})
    submit(course, "bug", {"weighted_sum": BUG})
    submit(course, "loop", {"dense_forward": LOOP})
    start = time.monotonic()
    stock = nbg(course, "autograde", SLUG, "--force", "--ExecutePreprocessor.timeout=5")
    stock_seconds = time.monotonic() - start
    assert stock.returncode == 0, stock.stdout[-2000:] + stock.stderr[-2000:]
    stock_scores = exported(course, "stock.csv")
    start = time.monotonic()
    nbcourse.autograde(course, SLUG)
    fast_seconds = time.monotonic() - start
    fast_scores = exported(course, "dlgrade.csv")
    full = sum(c.points for f in __import__("grader.catalog", fromlist=["load"]).load(SLUG).functions for c in f.checks)
    assert stock_scores["ok"] == fast_scores["ok"] == full
    assert stock_scores["bug"] == fast_scores["bug"] < full
    # credit survives an interrupt-swallowing loop: only dense_forward's checks (2 + 1 + 1 hidden) are lost
    assert fast_scores["loop"] == full - 4 and fast_scores["loop"] >= stock_scores["loop"]
    print(f"stock nbgrader autograde {stock_seconds:.1f} s, dlgrade nbgrader autograde {fast_seconds:.1f} s")
