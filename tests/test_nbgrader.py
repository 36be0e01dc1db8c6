"""End to end with real nbgrader: build a course from the catalog, generate the student version,
submit notebooks, autograde with stock nbgrader and with dlgrade's fast path, export, compare."""
import csv
import glob
import json
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

from dlgrade import catalog
from dlgrade.integrations import nbcourse  # noqa: E402
from dlgrade.cli.main import main  # noqa: E402
from dlgrade.study.stubs import strip_markers  # noqa: E402
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
LOOP = ("def tanh(x):\n    while True:\n        try:\n            while True:\n                pass\n        except:\n"
        "            pass\n")
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
    # a hidden check's seed is the course's secret: on the grading machine, in no notebook (feedback
    # HTML and formgrader show notebooks), not even the source
    from dlgrade.integrations import nbsecret

    ex01 = open(os.path.join(course, "source", "ex01_neuron", "ex01_neuron.ipynb"), encoding="utf-8").read()
    seed = nbsecret.read(course)
    assert seed is not None and "BEGIN HIDDEN TESTS" in ex01 and "hidden=True" in ex01
    assert nbcourse.seed_in(os.path.join(course, "source", "ex01_neuron", "ex01_neuron.ipynb")) is None
    notebooks = glob.glob(os.path.join(course, "**", "*.ipynb"), recursive=True)
    assert notebooks and not any(str(seed) in open(p, encoding="utf-8").read() for p in notebooks)
    assert os.stat(nbsecret.path_in(course)).st_mode & 0o077 == 0
    before = open(os.path.join(course, "source", SLUG, f"{SLUG}.ipynb"), "rb").read()
    nbcourse.build(course, ["ex01", "ex02"])  # a rebuild keeps the seed: byte-identical
    assert open(os.path.join(course, "source", SLUG, f"{SLUG}.ipynb"), "rb").read() == before
    assert nbsecret.read(course) == seed


@pytest.mark.slow  # an end-to-end run: deselect with -m "not slow" for a fast loop
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
    from dlgrade.study import workspace

    course = fresh(course, tmp_path)
    submit(course, "ok", {})
    monkeypatch.setattr(workspace, "bundled_solutions", workspace.bundled_exercises)  # a sandbox that broke it
    result = CliRunner().invoke(main, ["nbgrader", "autograde", "--course-dir", course, "ex02", "--lang", "ko"])
    assert result.exit_code == 1 and "아무것도 채점하지 않았습니다" in result.output and "ex02" in result.output
    assert cell_scores(course) == {}  # nothing written to the gradebook


# ---- issue 12: one student's notebook never stops the class; outputs cleared; secrets kept --------

def autograded_nb(course, student, slug=SLUG):
    return open(os.path.join(course, "autograded", student, slug, f"{slug}.ipynb"), encoding="utf-8").read()


def test_one_malformed_notebook_fails_only_its_student(course, tmp_path, monkeypatch):
    from dlgrade.pipeline import engine

    course = fresh(course, tmp_path)
    submit(course, "ok", {})
    submit(course, "oops", {})
    path = os.path.join(course, "submitted", "oops", SLUG, f"{SLUG}.ipynb")
    nb = json.load(open(path))
    nb["cells"][3]["metadata"]["nbgrader"] = "oops"  # an AttributeError in the autograded writer before
    json.dump(nb, open(path, "w"))
    deep = os.path.join(course, "submitted", "deep", SLUG)
    os.makedirs(deep)
    with open(os.path.join(deep, f"{SLUG}.ipynb"), "w") as fh:
        fh.write('{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}")  # a RecursionError before
    submit(course, "zz_boom", {})
    real_check = engine.check

    def check(name, folder, *args, **kw):  # the grader itself fails on one student
        if "zz_boom" in folder:
            raise OSError("disk on fire")
        return real_check(name, folder, *args, **kw)

    monkeypatch.setattr(engine, "check", check)
    result = CliRunner().invoke(main, ["nbgrader", "autograde", "--course-dir", course, "ex02", "--timeout", "5"])
    assert result.exit_code == 1, result.output  # some student could not be graded, as `grade` says it
    assert "zz_boom: not graded, recorded with 0 points (OSError: disk on fire)" in result.output
    assert "Traceback" not in result.output
    scores = {student: sum(g.values()) for student, g in cell_scores(course).items()}
    assert scores == {"ok": FULL, "oops": FULL, "deep": 0, "zz_boom": 0}
    with Gradebook(f"sqlite:///{os.path.join(course, 'gradebook.db')}", "dlgrade") as gb:
        assert "nested too deeply" in gb.find_comment("relu", SLUG, SLUG, "deep").auto_comment
        boom = gb.find_comment("relu", SLUG, SLUG, "zz_boom").auto_comment
        assert "problem in the grader" in boom and "OSError" not in boom  # students read no exception names
    assert "run_check" in autograded_nb(course, "oops") and "run_check" in autograded_nb(course, "ok")


def test_autograded_copies_have_the_students_outputs_cleared(course, tmp_path):
    course = fresh(course, tmp_path)
    submit(course, "faker", {})
    path = os.path.join(course, "submitted", "faker", SLUG, f"{SLUG}.ipynb")
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("display_data", data={
                "text/html": "<script>alert(1)</script>", "text/plain": "ALL TESTS PASSED 45/45"})]
            cell.execution_count = 7
    nbformat.write(nb, path)
    nbcourse.autograde(course, "ex02", isolation_mode="rlimit", timeout=5)
    text = autograded_nb(course, "faker")
    assert "<script>" not in text and "ALL TESTS PASSED" not in text and '"execution_count": 7' not in text
    assert "def relu" in text


def test_an_nbformat_3_notebook_and_ipython_cells_on_the_fast_path(course, tmp_path):
    course = fresh(course, tmp_path)
    submit(course, "v3", {})
    path = os.path.join(course, "submitted", "v3", SLUG, f"{SLUG}.ipynb")
    nbformat.write(nbformat.convert(nbformat.read(path, as_version=4), 3), path)
    assert '"worksheets"' in open(path).read()
    _, _, functions, _ = nbcourse.split_solution(strip_markers(solution_text(SLUG)))
    submit(course, "magic", {"relu": "get_ipython().run_line_magic('matplotlib', 'inline')\n" + functions["relu"],
                             "sigmoid": "%%writefile sig.py\n" + functions["sigmoid"]})
    nbcourse.autograde(course, "ex02", isolation_mode="rlimit", timeout=5)
    cells = cell_scores(course)
    assert sum(cells["v3"].values()) == FULL
    relu = [g for g in cells["magic"] if g.startswith("ex02-relu-")]  # its cell calls get_ipython()
    assert relu and sum(cells["magic"][g] for g in relu) == points("relu")
    assert cells["magic"]["ex02-sigmoid-values"] == 0  # defined only in the %%writefile cell
    with Gradebook(f"sqlite:///{os.path.join(course, 'gradebook.db')}", "dlgrade") as gb:
        assert "%%writefile" in gb.find_comment("sigmoid", SLUG, SLUG, "magic").auto_comment


def test_hidden_checks_use_the_courses_secret_and_keep_their_details(course, tmp_path, monkeypatch):
    import numpy as np

    from dlgrade.integrations import nbcheck
    from dlgrade.integrations import nbsecret

    course = fresh(course, tmp_path)
    assert nbg(course, "generate_assignment", "ex01_neuron", "--force").returncode == 0
    released = open(os.path.join(course, "release", "ex01_neuron", "ex01_neuron.ipynb")).read()
    assert "BEGIN HIDDEN" not in released and str(nbsecret.read(course)) not in released
    zero = "def dense_forward(X, W, b):\n    return np.zeros((X.shape[0], W.shape[1]))\n"
    submit(course, "zero", {"dense_forward": zero}, slug="ex01_neuron")
    reports = nbcourse.autograde(course, "ex01", isolation_mode="rlimit", timeout=5)
    hidden = [c for c in reports["zero"].checks if c.hidden and c.function == "dense_forward"]
    assert hidden and hidden[0].status == "failed" and hidden[0].message is not None
    with Gradebook(f"sqlite:///{os.path.join(course, 'gradebook.db')}", "dlgrade") as gb:
        comment = gb.find_comment("dense_forward", "ex01_neuron", "ex01_neuron", "zero").auto_comment
    assert "ex01.dense_forward.hidden_values" in comment and "details are not shown" in comment
    assert hidden[0].message.render("en") not in comment and hidden[0].message.render("ko") not in comment
    assert hidden[0].message.render("en") not in autograded_nb(course, "zero", "ex01_neuron")
    # stock nbgrader's kernel runs in autograded/<student>/<assignment>/: it finds the same secret there
    monkeypatch.chdir(os.path.join(course, "autograded", "zero", "ex01_neuron"))
    assert nbcheck.course_seed() == nbsecret.read(course)
    namespace = {"np": np, "dense_forward": lambda X, W, b: np.zeros((X.shape[0], W.shape[1]))}
    with pytest.raises(AssertionError) as e:
        nbcheck.run_check("ex01.dense_forward.hidden_values", namespace, hidden=True)
    assert "details of hidden checks are not shown" in str(e.value) and "숨겨진" in str(e.value)
    assert hidden[0].message.render("en") not in str(e.value)
