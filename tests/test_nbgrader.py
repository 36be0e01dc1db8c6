"""End to end with real nbgrader: build a course from the catalog, generate the student version,
submit notebooks, autograde with stock nbgrader and with dlgrade's fast path, export, compare."""
import csv
import os
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbgrader")
pytest.importorskip("ipykernel")  # stock nbgrader runs the notebooks in a python3 kernel

from nbgrader.api import Gradebook  # noqa: E402

from dlgrade import catalog, nbcourse  # noqa: E402
from dlgrade.cli import main  # noqa: E402
from dlgrade.stubs import strip_markers  # noqa: E402
from tests.helpers import ROOT, solution_text  # noqa: E402

SLUG = "ex02_activations"
EX = catalog.load(SLUG)
FULL = sum(chk.points for _f, chk in EX.checks(hidden=True))
# stock nbgrader runs the autograder cells in Jupyter kernels: they must import this checkout's grader
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p)}

# overflows for x near -1e4: sigmoid's stability check fails (and those of swish, sigmoid_grad, built on it)
# exact for moderate x, NaN (inf / inf) for x near 1e4; the naive 1 / (1 + exp(-x)) is exact there (advice only)
BUG = "def sigmoid(x):\n    return np.exp(x) / (1 + np.exp(x))\n"
# the interrupt that stock nbgrader sends on a cell timeout lands inside the try and is swallowed
LOOP = "def tanh(x):\n    while True:\n        try:\n            while True:\n                pass\n        except:\n            pass\n"
EXIT = "def relu(x):\n    import os\n    os._exit(3)\n"
SEGFAULT = "def softmax(x, axis=-1):\n    import ctypes\n    return ctypes.string_at(0)\n"
SYNTAX = "def leaky_relu(x, alpha=0.01):\n    return xp.where(x > 0, x alpha * x)\n"


def points(*functions):
    return sum(chk.points for f in EX.functions if f.name in functions for chk in f.checks)


def nbg(course, *args, timeout=600):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          timeout=timeout, env=ENV)


def submit(course, student, replace, slug=SLUG):
    released = nbformat.read(os.path.join(course, "release", slug, f"{slug}.ipynb"), as_version=4)
    _, _, functions, _ = nbcourse.split_solution(strip_markers(solution_text(slug)))
    for cell in released.cells:
        md = cell.metadata.get("nbgrader", {})
        if md.get("solution"):
            cell.source = replace.get(md["grade_id"], functions[md["grade_id"]])
    folder = os.path.join(course, "submitted", student, slug)
    os.makedirs(folder)
    nbformat.write(released, os.path.join(folder, f"{slug}.ipynb"))
    with open(os.path.join(folder, "timestamp.txt"), "w") as fh:
        fh.write("2026-11-22 12:00:00.000000 UTC")


def exported(course, name):
    path = os.path.join(course, name)
    assert nbg(course, "export", "--to", path).returncode == 0
    with open(path, newline="") as fh:
        return {row["student_id"]: float(row["raw_score"] or 0) for row in csv.DictReader(fh)}


def cell_scores(course, slug=SLUG):
    """{student: {grade id: auto score}} from nbgrader's gradebook."""
    out = {}
    with Gradebook(f"sqlite:///{os.path.join(course, 'gradebook.db')}", "dlgrade") as gb:
        for sub in gb.assignment_submissions(slug):
            out[sub.student.id] = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with every exercise built and ex02 released (generate_assignment is ~5 s per exercise)."""
    course = str(tmp_path_factory.mktemp("nb") / "course")
    result = CliRunner().invoke(main, ["nbgrader", "build", "--course-dir", course])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(os.path.join(course, "source"))) == catalog.slugs()
    assert os.path.isfile(os.path.join(course, "nbgrader_config.py"))
    generated = nbg(course, "generate_assignment", SLUG, "--force")
    assert generated.returncode == 0, generated.stderr[-2000:]
    return course


def fresh(course, tmp_path):
    """A copy of the released course, without submissions or grades."""
    copy = str(tmp_path / "course")
    shutil.copytree(course, copy, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    return copy


def test_source_and_released_notebooks(course):
    source = nbformat.read(os.path.join(course, "source", SLUG, f"{SLUG}.ipynb"), as_version=4)
    text = "\n".join(c.source for c in source.cells)
    assert "활성화 함수" in text and "Activation functions" in text  # the lesson, in both languages
    assert "Must not overflow" in source.cells[2].source or "Must not overflow" in text  # function docstrings
    graded = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert sum(c.metadata.nbgrader.points for c in graded) == FULL
    assert all(c.metadata.nbgrader.locked and "run_check(" in c.source for c in graded)
    released = open(os.path.join(course, "release", SLUG, f"{SLUG}.ipynb"), encoding="utf-8").read()
    assert "BEGIN SOLUTION" not in released and "xp.exp(-xp.abs(x))" not in released and "run_check" in released
    # a hidden check's seed is the course's secret: in the source, never in the students' copy
    ex01 = open(os.path.join(course, "source", "ex01_neuron", "ex01_neuron.ipynb"), encoding="utf-8").read()
    seed = nbcourse.seed_in(os.path.join(course, "source", "ex01_neuron", "ex01_neuron.ipynb"))
    assert seed is not None and f"seed={seed}" in ex01 and "BEGIN HIDDEN TESTS" in ex01
    before = open(os.path.join(course, "source", SLUG, f"{SLUG}.ipynb"), "rb").read()
    nbcourse.build(course, ["ex01", "ex02"])  # a rebuild keeps the seed: byte-identical
    assert open(os.path.join(course, "source", SLUG, f"{SLUG}.ipynb"), "rb").read() == before
    assert nbcourse.seed_in(os.path.join(course, "source", "ex01_neuron", "ex01_neuron.ipynb")) == seed


def test_stock_and_dlgrade_autograde_agree_and_dlgrade_survives_a_loop(course, tmp_path):
    course = fresh(course, tmp_path)
    submit(course, "ok", {})
    submit(course, "bug", {"sigmoid": BUG})
    submit(course, "loop", {"tanh": LOOP})
    start = time.monotonic()
    stock = nbg(course, "autograde", SLUG, "--force", "--ExecutePreprocessor.timeout=5")
    stock_seconds = time.monotonic() - start
    # stock nbgrader fails on the looping notebook (exit status 1) and grades the others
    assert "for student 'loop'" in stock.stderr and "for student 'ok'" not in stock.stderr, stock.stderr[-3000:]
    assert "cannot be converted" not in stock.stderr  # run_check returns None: no output read as partial credit
    stock_cells, stock_scores = cell_scores(course), exported(course, "stock.csv")
    start = time.monotonic()
    result = CliRunner().invoke(main, ["nbgrader", "autograde", "--course-dir", course, "ex02", "--timeout", "5"])
    fast_seconds = time.monotonic() - start
    assert result.exit_code == 0, result.output
    fast_cells, fast_scores = cell_scores(course), exported(course, "dlgrade.csv")
    # honest students: the same score on every autograder cell
    assert stock_cells["ok"] == fast_cells["ok"] and stock_scores["ok"] == fast_scores["ok"] == FULL
    assert stock_cells["bug"] == fast_cells["bug"] and stock_scores["bug"] == fast_scores["bug"] < FULL
    assert fast_cells["bug"]["ex02-sigmoid-stability"] == 0
    # the interrupt-swallowing loop costs dlgrade's student only tanh's points (stock nbgrader: everything)
    assert fast_scores["loop"] == FULL - points("tanh") > stock_scores["loop"]
    with Gradebook(f"sqlite:///{os.path.join(course, 'gradebook.db')}", "dlgrade") as gb:
        comment = gb.find_comment("sigmoid", SLUG, SLUG, "bug").auto_comment
        assert "ex02.sigmoid.stability" in comment and "NaN/inf" in comment and "실패" in comment
        assert "ex02.tanh.values" in gb.find_comment("tanh", SLUG, SLUG, "loop").auto_comment
        assert gb.find_submission(SLUG, "ok").timestamp.year == 2026
    assert os.path.isfile(os.path.join(course, "autograded", "loop", SLUG, f"{SLUG}.ipynb"))
    print(f"\nstock nbgrader autograde {stock_seconds:.1f} s, dlgrade nbgrader autograde {fast_seconds:.1f} s "
          f"(3 notebooks of {SLUG})")


def test_dlgrade_autograde_keeps_credit_through_crashes(course, tmp_path):
    course = fresh(course, tmp_path)
    submit(course, "exit", {"relu": EXIT})
    submit(course, "segv", {"softmax": SEGFAULT})
    submit(course, "syntax", {"leaky_relu": SYNTAX})
    os.makedirs(os.path.join(course, "submitted", "absent", SLUG))  # a folder without the notebook
    # rlimit: without bubblewrap too (the autograder cells of the notebook must not run at import)
    reports = nbcourse.autograde(course, "ex02", isolation_mode="rlimit", timeout=5)
    assert reports["absent"] is None
    scores = {student: sum(g.values()) for student, g in cell_scores(course).items()}
    assert scores == {"exit": FULL - points("relu"), "segv": FULL - points("softmax"),
                      "syntax": FULL - points("leaky_relu"), "absent": 0}
    with Gradebook(f"sqlite:///{os.path.join(course, 'gradebook.db')}", "dlgrade") as gb:
        assert "cell" in gb.find_comment("leaky_relu", SLUG, SLUG, "syntax").auto_comment
        assert "ex02_activations.ipynb" in gb.find_comment("relu", SLUG, SLUG, "absent").auto_comment
    exported_scores = exported(course, "grades.csv")
    assert exported_scores["exit"] == FULL - points("relu")


def test_autograde_explains_a_course_that_is_not_ready(course, tmp_path):
    course = fresh(course, tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["nbgrader", "autograde", "--course-dir", course, "ex02"])
    assert result.exit_code == 2 and "submitted/<student>/ex02_activations" in result.output
    submit(course, "ok", {})
    result = runner.invoke(main, ["nbgrader", "autograde", "--course-dir", course, "ex01", "--lang", "ko"])
    assert result.exit_code == 2 and "nbgrader generate_assignment ex01_neuron" in result.output
    assert "성적부" in result.output
    result = runner.invoke(main, ["nbgrader", "build", "--course-dir", course, "ex99"])
    assert result.exit_code == 2


def test_autograde_leaves_the_gradebook_alone_when_the_solution_fails_here(course, tmp_path, monkeypatch):
    from dlgrade import workspace

    course = fresh(course, tmp_path)
    submit(course, "ok", {})
    monkeypatch.setattr(workspace, "bundled_solutions", workspace.bundled_exercises)  # a sandbox that broke it
    result = CliRunner().invoke(main, ["nbgrader", "autograde", "--course-dir", course, "ex02", "--lang", "ko"])
    assert result.exit_code == 1 and "아무것도 채점하지 않았습니다" in result.output and "ex02" in result.output
    assert cell_scores(course) == {}  # nothing written to the gradebook
