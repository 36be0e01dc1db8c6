"""ex01: alternative correct formulations score full marks; the seed's 72 weights."""
from dlgrade.reference import ex01_neuron as ref
from tests.helpers import fixture, grade_source, solution_text, with_function

ALTERNATIVE = fixture("alternatives", "ex01_neuron.py")


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex01", ALTERNATIVE, tmp_path, hidden=True)
    assert [c.id for c in report.checks if c.status != "passed"] == []


def test_seed_004_example():
    assert ref.count_weights([8, 9]) == 72
    assert ref.count_parameters([2, 2, 1]) == 9


def test_xor_on_threshold_is_caught(tmp_path):
    source = solution_text("ex01_neuron").replace("b1 = np.array([-0.5, 1.5])", "b1 = np.array([0.0, 1.5])")
    report = grade_source("ex01", source, tmp_path, functions=["xor_weights"])
    assert report.checks[0].status == "failed"
    assert report.checks[0].misconception == "xor_weights.on_threshold"


def test_weighted_sum_may_return_any_scalar_but_not_a_length_one_array(tmp_path):
    for body, ok in (("return float((w * x).sum() + b)", True), ("return np.asarray((w * x).sum() + b)", True),
                     ("return np.atleast_1d((w * x).sum() + b)", False)):
        source = with_function("ex01", "weighted_sum", f"def mine(x, w, b):\n    {body}\n")
        report = grade_source("ex01", source, tmp_path, functions=["weighted_sum"])
        values = next(c for c in report.checks if c.id == "ex01.weighted_sum.values")
        assert (values.status == "passed") is ok, body


def test_seed_column_form_in_dense_forward_is_named(tmp_path):
    source = with_function("ex01", "dense_forward", "def mine(X, W, b):\n    return W @ X + b\n")
    report = grade_source("ex01", source, tmp_path, functions=["dense_forward"])
    assert report.checks[0].status == "failed"
    assert report.checks[0].misconception == "dense_forward.w_first"
