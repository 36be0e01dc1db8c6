"""A student's exNN_name.ipynb in place of the .py: its code cells are the module."""
import json

from dlgrade.pipeline.config import RunConfig
from dlgrade.pipeline import batch
from dlgrade.pipeline import engine
from tests.helpers import solution_text


def notebook(cells):
    """cells: (kind, source) or (kind, source, metadata)."""
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": kind, "metadata": md[0] if md else {}, "source": src,
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, src, *md in cells]})


TEST_CELL = {"nbgrader": {"grade": True, "solution": False, "locked": True, "grade_id": "t", "points": 1}}


def test_check_grades_a_notebook(tmp_path):
    (tmp_path / "ex02_activations.ipynb").write_text(notebook([
        ("markdown", "# My work"), ("code", "%matplotlib inline\n!pip list"),
        ("code", solution_text("ex02_activations"))]))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu", "sigmoid"]))
    assert report.problem is None and report.score == report.max_score > 0


def test_syntax_error_names_the_cell_and_line(tmp_path):
    (tmp_path / "ex02_activations.ipynb").write_text(notebook([
        ("code", "import numpy as np\n"), ("code", "def relu(x):\n    return x +\n")]))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    text = report.problem.render("en")
    assert "cell 2" in text and "line 2" in text


def test_unreadable_notebook_is_a_clear_error(tmp_path):
    (tmp_path / "ex02_activations.ipynb").write_text("{not json")
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    assert report.problem.id == "import.notebook" and {c.status for c in report.checks} == {"error"}


def test_batch_grades_notebooks(tmp_path):
    (tmp_path / "c" / "ann").mkdir(parents=True)
    (tmp_path / "c" / "ann" / "ex01_neuron.ipynb").write_text(notebook([("code", solution_text("ex01_neuron"))]))
    result = batch.grade_class(str(tmp_path / "c"), ["ex01"], RunConfig.for_class(), journal_path=str(tmp_path / "j"))
    ex = result["students"][0]["exercises"][0]
    assert ex["status"] == "graded" and ex["score"] == ex["max_score"]


def test_a_broken_cell_leaves_the_others_graded(tmp_path):
    sol = solution_text("ex02_activations")
    (tmp_path / "ex02_activations.ipynb").write_text(notebook([
        ("code", sol), ("code", "def relu(x):\n    return x +\n"),
        ("code", "def tanh(x):\n    y = 1\n    raise ValueError('boom')\n")]))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["sigmoid", "tanh"]))
    assert report.problem.id == "import.cell_syntax"
    status = {c.id: c for c in report.checks}
    assert status["ex02.sigmoid.values"].status == "passed"
    assert status["ex02.tanh.values"].status == "error"
    assert "cell 3, line 3" in status["ex02.tanh.values"].message.render("en")


def test_autograder_cells_and_non_python_cells_are_not_run(tmp_path):
    # an nbgrader test cell tests the module: run at import it would hang (or grade) inside the child
    (tmp_path / "ex02_activations.ipynb").write_text(notebook([
        ("code", solution_text("ex02_activations")),
        ("code", "while True:\n    pass\n", TEST_CELL),
        ("code", "%%bash\necho hi\n"),
        ("code", "def relu(x):\n    raise ValueError('boom')\n")]))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["sigmoid", "relu"]))
    assert report.problem is None
    status = {c.id: c for c in report.checks}
    assert status["ex02.sigmoid.values"].status == "passed"
    assert "cell 4, line 2" in status["ex02.relu.values"].message.render("en")  # numbering counts every code cell


def test_a_notebook_is_read_not_run(tmp_path):
    from dlgrade.integrations import notebook as nb

    marker = tmp_path / "ran"
    path = tmp_path / "ex02_activations.ipynb"
    path.write_text(notebook([("code", f"open({str(marker)!r}, 'w').close()"), ("code", "%time x = 1\n!ls")]))
    cells = nb.code_cells(str(path))
    assert cells[1] == "# %time x = 1\n# !ls" and not marker.exists()
