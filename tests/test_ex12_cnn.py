"""ex12: conv2d by im2col and by plain loops, pooling by loops: all score full marks."""
from tests.helpers import fixture, grade_source, solution_text

IM2COL = fixture("alternatives", "ex12_cnn_im2col.py")

LOOPS = fixture("alternatives", "ex12_cnn_loops.py")


def test_im2col_and_loop_pooling_score_full(tmp_path):
    report = grade_source("ex12", solution_text("ex12_cnn") + IM2COL, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_plain_loops_conv_scores_full(tmp_path):
    report = grade_source("ex12", solution_text("ex12_cnn") + LOOPS, tmp_path, functions=["conv2d"], hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
