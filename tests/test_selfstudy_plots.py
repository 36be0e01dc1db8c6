"""dlgrade plot writes non-empty PNGs drawn from the student's own functions: changing a
function changes the picture; unimplemented functions fall back to the reference."""
import os

import pytest
from click.testing import CliRunner

from dlgrade import catalog
from dlgrade.cli.main import main
from dlgrade.study.plots import Student, set_language
from tests.helpers import solution_text, with_function

CASES = {
    "ex02": ("ex02_activations", "tanh", "def t(x):\n    return np.tanh(2 * x)\n"),
    "ex07": ("ex07_init", "xavier_init", "def w(n_in, n_out, rng):\n    return rng.standard_normal((n_in, n_out))\n"),
    "ex08": ("ex08_optimizers", "sgd_update", "def s(w, g, lr):\n    return w - 0.3 * lr * g\n"),
}


def draw(tmp_path, name, source, slug, ex):
    ws = tmp_path / name
    ws.mkdir()
    (ws / f"{slug}.py").write_text(source)
    res = CliRunner().invoke(main, ["plot", ex, "--workspace", str(ws), "--out", str(ws / "out")])
    assert res.exit_code == 0, res.output
    paths = [w for w in res.output.split() if w.endswith(".png")]
    assert paths and all(os.path.getsize(p) > 5000 for p in paths)
    return [open(p, "rb").read() for p in paths]


@pytest.mark.parametrize("ex", sorted(CASES))
def test_plot_changes_with_the_students_function(ex, tmp_path):
    slug, fn, wrong = CASES[ex]
    if slug not in catalog.slugs():
        pytest.skip(f"{slug} is not in the catalog yet")
    right = draw(tmp_path, "right", solution_text(slug), slug, ex)
    again = draw(tmp_path, "again", solution_text(slug), slug, ex)
    changed = draw(tmp_path, "changed", with_function(ex, fn, wrong), slug, ex)
    assert right == again and right != changed


def test_stub_plots_from_the_reference_and_no_plot_for_others(tmp_path):
    from dlgrade.study.workspace import bundled_exercises

    stubs = ["--workspace", bundled_exercises()]  # named: without a file here, plot stops with exit 2
    res = CliRunner().invoke(main, ["plot", "ex08", "--out", str(tmp_path), *stubs])
    assert res.exit_code == 0 and os.path.getsize([w for w in res.output.split() if w.endswith(".png")][0]) > 5000
    no_plot = CliRunner().invoke(main, ["plot", "ex05", "--out", str(tmp_path), *stubs])
    assert no_plot.exit_code == 2 and "ex08" in no_plot.output  # the exercises that have plots


def test_a_function_that_fails_is_told_apart_from_one_not_implemented(tmp_path):
    source = tmp_path / "ex02_activations.py"
    source.write_text("def relu(x):\n    raise NotImplementedError\n\ndef tanh(x):\n    return 1 / 0\n")
    labels, _ = set_language("en")
    student = Student(str(source), labels)
    try:
        assert student("relu", 1.0) is None and student("tanh", 1.0) is None
        assert student.note("relu") == labels["not_implemented"] and student.note("tanh") == labels["failed"]
    finally:
        student.close()


def test_korean_figures_draw_every_glyph(tmp_path):
    """With a Hangul font, a Korean figure (negative ticks included) draws every character: no
    "Glyph ... missing" warning, which would be an empty box in the picture."""
    import warnings

    import matplotlib

    from dlgrade.study.plots import hangul_font

    if not hangul_font():
        pytest.skip("no Hangul font here: Korean figures are drawn in English")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "ex02_activations.py").write_text(solution_text("ex02_activations"))
    saved = dict(matplotlib.rcParams)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*missing from font")
            res = CliRunner().invoke(main, ["plot", "ex02", "--workspace", str(ws), "--out", str(ws / "out"),
                                            "--lang", "ko"])
    finally:
        matplotlib.rcParams.update(saved)
    assert res.exit_code == 0 and res.exception is None, res.output
