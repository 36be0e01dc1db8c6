"""Issue 14: every verdict fair, every mistake named. The general diagnosis names each kind of
mistake on several functions; the fairness rules (no points for no work, values not warnings,
kinks, chained checks, tolerances of accepted conventions); the explanation in every output."""
import json

import pytest
from click.testing import CliRunner

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.cli.main import main
from dlgrade.pipeline.diagnose import kind_of
from tests.helpers import grade_source, mutant, solution_text, with_function

# (kind, exercise, function, a wrong implementation): each kind on at least two functions
KINDS = [
    ("negated", "ex02", "relu", "def f(x):\n    return -np.maximum(x, 0)"),
    ("negated", "ex05", "mse_grad", "def f(y_pred, y_true):\n    return 2 * (y_true - y_pred) / y_pred.size"),
    ("negated", "ex06", "l2_penalty_grad", "def f(w, lam):\n    return -lam * w"),
    ("factor", "ex02", "swish", "def f(x):\n    return 2 * x / (1 + np.exp(-x))"),
    ("factor", "ex06", "l1_penalty_grad", "def f(w, lam):\n    return 2 * lam * np.sign(w)"),
    ("factor", "ex02", "tanh", "def f(x):\n    return 2 * np.tanh(x)"),
    ("identity", "ex02", "sigmoid", "def f(x):\n    return x"),
    ("identity", "ex02", "tanh", "def f(x):\n    return x"),
    ("identity", "ex06", "clip_by_norm", "def f(g, max_norm):\n    return g"),
    ("zeros", "ex02", "swish", "def f(x):\n    return x * 0"),
    ("zeros", "ex02", "tanh_grad", "def f(x):\n    return x * 0"),
    ("zeros", "ex06", "l2_penalty_grad", "def f(w, lam):\n    return w * 0"),
    ("sibling", "ex02", "elu_grad",
     "def f(x, alpha=1.0):\n    return np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1))"),
    ("sibling", "ex02", "tanh_grad", "def f(x):\n    return np.tanh(x)"),
    ("sibling", "ex02", "softplus_grad", "def f(x):\n    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))"),
    ("off_by_one", "ex08", "adam_update",
     "def f(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    t = t + 1\n"
     "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
     "    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v"),
    ("ignored_arg", "ex08", "adagrad_update",
     "def f(w, g, h, lr, eps=1e-8):\n    h = h + g * g\n    return w - lr * g / (np.sqrt(h) + 1e-8), h"),
    ("ignored_arg", "ex08", "rmsprop_update",
     "def f(w, g, s, lr, rho=0.9, eps=1e-8):\n    s = 0.9 * s + (1 - 0.9) * g * g\n"
     "    return w - lr * g / (np.sqrt(s) + eps), s"),
    ("ignored_arg", "ex08", "momentum_update",
     "def f(w, g, v, lr, momentum=0.9):\n    v = 0.9 * v - lr * g\n    return w + v, v"),
    ("ignored_arg", "ex02", "leaky_relu", "def f(x, alpha=0.01):\n    return np.where(x > 0, x, 0.0 * x)"),
    ("axis", "ex02", "softmax",
     "def f(x, axis=-1):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
     "    return e / e.sum(axis=-1, keepdims=True)"),
    ("missing_factor", "ex04", "sigmoid_backward", "def f(dout, y):\n    return dout * (1 - y)"),
    ("missing_factor", "ex04", "sigmoid_backward", "def f(dout, y):\n    return y * (1 - y)"),
    ("extra_factor", "ex02", "sigmoid_grad", "def f(x):\n    s = 1 / (1 + np.exp(-x))\n    return x * s * (1 - s)"),
    ("extra_factor", "ex02", "tanh_grad", "def f(x):\n    return x * (1 - np.tanh(x) ** 2)"),
    ("extra_factor", "ex06", "l2_penalty_grad", "def f(w, lam):\n    return lam * w * w"),
    ("offset_negated", "ex02", "tanh_grad", "def f(x):\n    return 1 + np.tanh(x) ** 2"),
    ("region_neg", "ex02", "ramp", "def f(x):\n    return np.where(x < 0, x, np.minimum(x, 1.0))"),
    ("region_neg", "ex02", "relu", "def f(x):\n    return np.where(x > 0, x, 0.5 * x)"),
    ("zero_arg", "ex02", "relu_grad", "def f(x):\n    return np.where(x > 0, 1.0, 1.0) + 0 * x"),
    ("negated_arg", "ex04", "two_layer_gradients",
     "def f(X, Y, W1, b1, W2, b2):\n    A1 = 1 / (1 + np.exp(-(X @ W1 - b1)))\n"
     "    A2 = 1 / (1 + np.exp(-(A1 @ W2 + b2)))\n    dZ2 = (A2 - Y) / X.shape[0]\n"
     "    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)\n    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)"),
    ("unstable", "ex02", "sigmoid",
     "def f(x):\n    with np.errstate(all='ignore'):\n        return np.exp(x) / (1 + np.exp(x))"),
    ("unstable", "ex05", "softmax_cross_entropy_grad",
     "def f(logits, labels):\n    e = np.exp(logits)\n    g = e / e.sum(axis=1, keepdims=True)\n"
     "    g[np.arange(len(labels)), labels] -= 1\n    return g / len(labels)"),
    ("not_tuple", "ex08", "momentum_update", "def f(w, g, v, lr, momentum=0.9):\n    return w + momentum * v - lr * g"),
    ("region_neg", "ex02", "step", "def f(x):\n    return np.where(x > 0, 1.0, np.where(x < 0, -1.0, 0.5)) + 0 * x"),
    ("transposed", "ex01", "dense_forward", "def f(X, W, b):\n    return (X @ W + b).T"),
    ("transposed", "ex04", "two_layer_gradients",
     "def f(X, Y, W1, b1, W2, b2):\n    A1 = 1 / (1 + np.exp(-(X @ W1 + b1)))\n"
     "    A2 = 1 / (1 + np.exp(-(A1 @ W2 + b2)))\n    dZ2 = (A2 - Y) / X.shape[0]\n"
     "    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)\n    return (X.T @ dZ1).T, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)"),
    ("broadcast", "ex05", "mse_grad",
     "def f(y_pred, y_true):\n    return 2 * (y_pred - y_true[..., None]) / y_pred.size"),
    ("broadcast", "ex04", "sigmoid_backward", "def f(dout, y):\n    return dout * (y * (1 - y))[..., None]"),
    ("broadcast", "ex04", "gradient_descent_step", "def f(W, dW, lr):\n    return W - lr * dW[..., None]"),
    ("keepdims", "ex04", "dense_backward",
     "def f(dY, X, W):\n    return dY @ W.T, X.T @ dY, dY.sum(axis=0, keepdims=True)"),
    ("keepdims", "ex06", "l2_norm",
     "def f(x, axis=None):\n    return np.sqrt((x * x).sum(axis=axis, keepdims=axis is not None))"),
    ("keepdims", "ex04", "sigmoid_backward", "def f(dout, y):\n    return (dout * y * (1 - y)).reshape(-1, 1)"),
    ("transposed", "ex10", "residual_forward",
     "def f(x, W1, b1, W2, b2):\n    return (x + np.maximum(x @ W1 + b1, 0) @ W2 + b2).T"),
    ("offset_negated", "ex02", "ramp", "def f(x):\n    return 1 - np.clip(x, 0, 1)"),
    ("offset_negated", "ex02", "sigmoid", "def f(x):\n    return 2 - 1 / (1 + np.exp(-x))"),
    ("offset", "ex02", "sigmoid", "def f(x):\n    return 1 / (1 + np.exp(-x)) + 1"),
    ("offset", "ex02", "tanh", "def f(x):\n    return np.tanh(x) - 1"),
    ("offset", "ex02", "relu", "def f(x):\n    return np.maximum(x, 0) + 0.5"),
    ("factor_neg", "ex02", "relu", "def f(x):\n    return -2 * np.maximum(x, 0)"),
    ("factor_neg", "ex05", "mse_grad", "def f(y_pred, y_true):\n    return (y_true - y_pred) / y_pred.size"),
    ("factor_neg", "ex02", "tanh", "def f(x):\n    return -0.5 * np.tanh(x)"),
    ("complement_arg", "ex05", "bce_grad", "def f(p, y):\n    return (p - (1 - y)) / (p * (1 - p)) / p.size"),
    ("complement_arg", "ex05", "binary_cross_entropy",
     "def f(p, y, eps=1e-7):\n    p = np.clip(p, eps, 1 - eps)\n"
     "    return -((1 - y) * np.log(p) + y * np.log(1 - p)).mean()"),
    ("complement_arg", "ex13", "adjust_brightness", "def f(img, delta):\n    return np.clip(1 - img + delta, 0, 1)"),
    ("off_by_one", "ex11", "iterations_per_epoch",
     "def f(n_samples, batch_size):\n    return math.ceil((n_samples + 1) / batch_size)"),
    ("step_factor", "ex08", "adagrad_update",
     "def f(w, g, h, lr, eps=1e-8):\n    h = h + g * g\n    return w - lr * g / (np.sqrt(h) + eps) / 2, h"),
    ("step_factor", "ex08", "sgd_update", "def f(w, g, lr):\n    return w - 2 * lr * g"),
    ("step_extra_factor", "ex08", "sgd_update", "def f(w, g, lr):\n    return w - lr * g * g"),
    ("step_extra_factor", "ex04", "gradient_descent_step", "def f(W, dW, lr):\n    return W - lr * dW * dW"),
    ("step_extra_factor", "ex08", "adagrad_update",
     "def f(w, g, h, lr, eps=1e-8):\n    h = h + g * g\n    return w - lr * g * g / (np.sqrt(h) + eps), h"),
    ("added_twice", "ex08", "sgd_update", "def f(w, g, lr):\n    return 2 * w - lr * g"),
    ("added_twice", "ex04", "gradient_descent_step", "def f(W, dW, lr):\n    return 2 * W - lr * dW"),
    ("edge_last", "ex13", "horizontal_flip",
     "def f(img):\n    out = img[:, ::-1].copy()\n    out[:, -1] = 0\n    return out"),
    ("edge_last", "ex12", "avgpool2d_backward",
     "def f(dout, size=2):\n    dx = np.kron(dout, np.ones((size, size))) / (size * size)\n"
     "    dx[..., -1] = 0\n    return dx"),
    ("edge_last", "ex13", "adjust_brightness",
     "def f(img, delta):\n    out = np.clip(img + delta, 0, 1)\n    out[:, -1] = img[:, -1]\n    return out"),
    ("edge_first", "ex13", "adjust_brightness",
     "def f(img, delta):\n    out = np.clip(img + delta, 0, 1)\n    out[0] = img[0]\n    return out"),
    ("edge_first", "ex13", "horizontal_flip",
     "def f(img):\n    out = img[:, ::-1].copy()\n    out[0] = 0\n    return out"),
    ("edge_first", "ex12", "avgpool2d_backward",
     "def f(dout, size=2):\n    dx = np.kron(dout, np.ones((size, size))) / (size * size)\n"
     "    dx[:, :, 0] = 0\n    return dx"),
]


def first_named(report):
    failed = [c for c in report.checks if c.status not in ("passed", "skipped")]
    return next((c for c in failed if c.misconception or c.diagnosis), None)


@pytest.mark.parametrize("kind,ex,fn,source", KINDS, ids=[f"{k}-{f}" for k, _, f, _ in KINDS])
def test_general_diagnosis_names_the_mistake(kind, ex, fn, source, tmp_path):
    report = grade_source(ex, with_function(ex, fn, source), tmp_path, functions=[fn])
    assert report.score < report.max_score
    named = first_named(report)
    assert named is not None and named.misconception is None, named
    assert kind_of(named.diagnosis) == kind
    en, ko = named.explanation("en"), named.explanation("ko")
    assert en and ko and en != ko and "{" not in en + ko


# ---- fairness -----------------------------------------------------------------------------

def every_function_returns(slug, body):
    ex = catalog.load(slug)
    return "import numpy as np\n\n" + "".join(f"def {f.name}(*args, **kwargs):\n    {body}\n\n\n" for f in ex.functions)


@pytest.mark.parametrize("slug", catalog.slugs())
@pytest.mark.parametrize("body", ["return args[0]", "return np.zeros_like(args[0])", "return 0.0"],
                         ids=["identity", "zeros", "constant"])
def test_no_points_for_no_work(slug, body, tmp_path):
    report = grade_source(slug, every_function_returns(slug, body), tmp_path)
    assert report.score == 0, [(c.id, c.score) for c in report.checks if c.score]
    withheld = [c for c in report.checks if c.kind in ("purity", "stability") and c.status == "passed"]
    assert all(c.message.id == "diag.withheld" for c in withheld)
    if slug in ("ex02_activations", "ex08_optimizers") and body != "return 0.0":
        assert withheld  # the identity keeps its inputs and dtype: the purity points exist and are withheld


def test_purity_points_count_once_the_values_are_right(tmp_path):
    report = grade_source("ex02", solution_text("ex02_activations"), tmp_path, functions=["relu"])
    assert report.score == report.max_score


NAIVE = "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"
SILENCED = "def sigmoid(x):\n    with np.errstate(over='ignore'):\n        return 1 / (1 + np.exp(-x))\n"


def test_stability_judges_values_not_warnings(tmp_path):
    naive = grade_source("ex02", with_function("ex02", "sigmoid", NAIVE), tmp_path, functions=["sigmoid"])
    silenced = grade_source("ex02", with_function("ex02", "sigmoid", SILENCED), tmp_path, functions=["sigmoid"])
    assert naive.score == silenced.score == naive.max_score
    assert [c.status for c in naive.checks] == [c.status for c in silenced.checks]
    advice = next(c for c in naive.checks if c.kind == "stability").message
    assert advice is not None and advice.id == "diag.warning_advice" and "overflow" in advice.render()
    assert next(c for c in silenced.checks if c.kind == "stability").message is None
    # a sigmoid whose values break on the extremes still fails, with or without a warning
    nan = "def sigmoid(x):\n    with np.errstate(all='ignore'):\n        return np.exp(x) / (1 + np.exp(x))\n"
    broken = grade_source("ex02", with_function("ex02", "sigmoid", nan), tmp_path, functions=["sigmoid"])
    assert next(c for c in broken.checks if c.kind == "stability").status == "failed"


def test_a_total_error_mistake_costs_nothing_in_backward(tmp_path):
    mistake = catalog.load("ex04").function("total_error").mistake("total_error.no_half")
    report = grade_source("ex04", mutant("ex04", "total_error", mistake), tmp_path,
                          functions=["total_error", "backward_2_2_2", "forward_2_2_2", "gradient_descent_step"])
    lost = {c.function for c in report.checks if c.score < c.max_score}
    assert lost == {"total_error"}


def test_l1_penalty_grad_any_subgradient_at_zero_passes(tmp_path):
    for value in ("lam", "-lam", "0.5 * lam"):
        src = f"def f(w, lam):\n    return np.where(w == 0, {value}, lam * np.sign(w))"
        report = grade_source("ex06", with_function("ex06", "l1_penalty_grad", src), tmp_path,
                              functions=["l1_penalty_grad"])
        assert report.score == report.max_score, value
    src = "def f(w, lam):\n    return np.where(w == 0, 2 * lam, lam * np.sign(w))"
    report = grade_source("ex06", with_function("ex06", "l1_penalty_grad", src), tmp_path,
                          functions=["l1_penalty_grad"])
    assert report.score < report.max_score


def test_log_p_plus_eps_is_an_accepted_convention_and_no_protection_is_not(tmp_path):
    eps = ("def f(p, y, eps=1e-7):\n"
           "    return -(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)).mean()")
    report = grade_source("ex05", with_function("ex05", "binary_cross_entropy", eps), tmp_path,
                          functions=["binary_cross_entropy"], hidden=True)
    assert report.score == report.max_score, [(c.id, c.message.render()) for c in report.checks if c.message]
    bare = "def f(p, y, eps=1e-7):\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()"
    report = grade_source("ex05", with_function("ex05", "binary_cross_entropy", bare), tmp_path,
                          functions=["binary_cross_entropy"])
    assert next(c for c in report.checks if c.kind == "stability").status == "failed"


# ---- bad output -----------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["return 'abc'", "return [1.0, 2.0]", "return x[:1]", "return x.astype(object)",
                                  "return x * np.nan", "return None", "return (x, x)", "return x.astype(np.int64)"])
def test_bad_output_is_diagnosed_as_such(body, tmp_path):
    report = grade_source("ex02", with_function("ex02", "relu", f"def f(x):\n    {body}"), tmp_path, functions=["relu"])
    values = next(c for c in report.checks if c.id == "ex02.relu.values")
    assert values.status == "failed" and values.score == 0
    text = values.message.render() + (values.explanation("en") or "")
    assert "Traceback" not in text and "Error" not in text and "output" in text


# ---- the explanation in every output ------------------------------------------------------

def test_check_json_has_the_explanation_in_the_language_asked(tmp_path):
    (tmp_path / "ex02_activations.py").write_text(with_function("ex02", "relu",
                                                                "def f(x):\n    return -np.maximum(x, 0)"))
    out = {}
    for lang in ("en", "ko"):
        result = CliRunner().invoke(main, ["check", "ex02", "--workspace", str(tmp_path), "--json", "--lang", lang])
        out[lang] = json.loads(result.output)
    for lang, data in out.items():
        checks = {c["id"]: c for c in data["checks"]}
        assert all(c["explanation"] is None for c in data["checks"] if c["status"] == "passed")
        assert checks["ex02.relu.values"]["explanation"]
    assert any("sign" in (c["explanation"] or "") for c in out["en"]["checks"])
    assert any("부호" in (c["explanation"] or "") for c in out["ko"]["checks"])


def test_grade_outputs_carry_the_explanation_in_the_language_asked(tmp_path):
    from dlgrade.pipeline import batch
    from dlgrade.integrations import formats

    root = tmp_path / "class"
    for student, source in (("good", solution_text("ex02_activations")),
                            ("bad", with_function("ex02", "relu", "def f(x):\n    return -np.maximum(x, 0)"))):
        (root / student).mkdir(parents=True)
        (root / student / "ex02_activations.py").write_text(source)
    settings = RunConfig.for_class(lang="ko", functions=("relu",))
    result = batch.grade_class(str(root), ["ex02"], settings, journal_path=str(tmp_path / "j"))
    bad = next(s for s in result["students"] if s["student"] == "bad")["exercises"][0]
    explanation = next(c["explanation"] for c in bad["checks"] if c["explanation"])
    assert "부호" in explanation
    csv_text = formats.to_csv(result)
    assert "ex02 mistake" in csv_text.splitlines()[0] and explanation in csv_text
    from dlgrade.integrations import gradescope

    written = gradescope.write_class(result, str(tmp_path / "gs"), "ko")  # one results.json per student
    with open(next(p for p in written if "/bad/" in p), encoding="utf-8") as fh:
        bad_json = json.load(fh)
    assert any(explanation in t["output"] for t in bad_json["tests"])


def test_nbgrader_feedback_carries_the_explanation(tmp_path):
    from dlgrade.integrations import nbcourse

    ex = catalog.load("ex02")
    report = grade_source("ex02", with_function("ex02", "relu", "def f(x):\n    return -np.maximum(x, 0)"), tmp_path,
                          functions=["relu"])
    text = nbcourse.feedback(ex, ex.function("relu"), report)
    named = first_named(report)
    assert named.explanation("en") in text and named.explanation("ko") in text


# ---- inputs that tell the contract's formulas apart (ties where a formula rounds, smallest sizes) ------

ROUND_HALF_EVEN = ("def f(y, ratio, rng):\n    k = round(y.size * (1 - ratio))\n"
                   "    keep = np.argsort(rng.random(y.size))[:k]\n    mask = np.zeros(y.size, dtype=y.dtype)\n"
                   "    mask[keep] = 1.0 / (1.0 - ratio) if ratio < 1 else 0.0\n    mask = mask.reshape(y.shape)\n"
                   "    return y * mask, mask")
NO_GUARD = ("def f(img, dx, dy):\n    H, W = img.shape[:2]\n    out = np.zeros_like(img)\n"
            "    out[max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\\n"
            "        img[max(-dy, 0):H - max(dy, 0), max(-dx, 0):W - max(dx, 0)]\n    return out")


@pytest.mark.parametrize("ex,fn,source,new_case", [
    ("ex09", "dropout_exact", ROUND_HALF_EVEN, "float64[5], ratio=0.5"),  # round(2.5) = 2, the contract's k is 3
    ("ex13", "translate", NO_GUARD, "dx=-10"),  # shifted out entirely: slicing alone breaks
], ids=["rounding-tie", "shift-beyond-the-image"])
def test_a_case_added_for_the_contract_catches_what_the_old_ones_missed(ex, fn, source, new_case, tmp_path):
    """The checks' first failing case decides the message: it is the added one, so every older case passed."""
    report = grade_source(ex, with_function(ex, fn, source), tmp_path, functions=[fn])
    failed = [c for c in report.checks if c.status in ("failed", "error")]
    assert failed and report.score < report.max_score
    assert new_case in failed[0].message.render("en")


SCALED_DELTA = ("def f(W, X, D, alpha):\n    for x, d in zip(X, D):\n        y = 1 / (1 + np.exp(-(W @ x)))\n"
                "        W = W + alpha * (1 - y) * (d - y) * x\n    return W")


def test_one_sample_epoch_names_a_wrong_factor_of_the_step(tmp_path):
    """The delta rule over one sample (N = 1, the smallest legal epoch) is a single step: the missing y
    of y (1 - y) makes it parallel to the right step, a scalar off, which over many samples shows nothing."""
    report = grade_source("ex11", with_function("ex11", "delta_sgd_epoch", SCALED_DELTA), tmp_path,
                          functions=["delta_sgd_epoch"])
    named = first_named(report)
    assert named is not None and kind_of(named.diagnosis) == "step_scaled"
    assert "float64[1, 3]" not in named.message.render("en")  # the verdict stays the first failing case's


# ---- scalar outputs read across their failed cases ------------------------------------------------

def test_scalar_outputs_across_cases_name_a_ratio_a_monomial_or_nothing():
    import numpy as np
    from dlgrade.pipeline.diagnose_values import scalar_terms
    from dlgrade.text import T

    where = T("output", "출력")
    # the result divided by lr (argument #3, the same in every case): named with its position
    samples = [((np.full(3, i), np.ones(3), 0.1), e / 0.1 - e, e / 0.1) for i, e in enumerate((1.0, 2.5, -3.0))]
    found = scalar_terms(samples, where, 1e-6, 1e-9)
    assert found.id == "diag.factor" and "argument #3 = 0.1" in found.render("en")
    # depthwise_separable_params with k * c_in for k * k * c_in: two monomials of the inputs
    cases = [(3, 64, 3), (64, 128, 3), (32, 32, 5), (7, 9, 2)]
    right = [k * k * a + a + a * b + b for a, b, k in cases]
    wrong = [k * a + a + a * b + b for a, b, k in cases]
    found = scalar_terms([(list(c), g - e, g) for c, g, e in zip(cases, wrong, right)], where, 1e-6, 1e-9)
    assert found.id == "diag.two_terms" and {found.params["a"], found.params["b"]} == {"#1 * #3", "#1 * #3^2"}
    # an unrelated error (a wrong constant that differs per case) is named as nothing
    rng = np.random.default_rng(0)
    noise = rng.normal(size=4) * 7
    found = scalar_terms([(list(c), float(n), e + float(n)) for c, n, e in zip(cases, noise, right)], where, 1e-6, 1e-9)
    assert found is None


NOISE_TWICE = ("def f(img, sigma, rng):\n"
               "    return np.clip(img + rng.normal(0.0, 2 * sigma, img.shape), 0, 1).astype(img.dtype)")
MASK_SCALED = ("def f(shape, p, rng):\n    scale = 1.0 / (1.0 + p) if p < 1 else 0.0\n"
               "    return (rng.random(shape) >= p) * scale")


def test_a_random_function_is_related_to_the_reference_on_the_same_draws_and_never_guessed(tmp_path):
    # twice sigma: the change from img is twice the right one (never "sigma ignored, 0.1 hard-coded")
    report = grade_source("ex13", with_function("ex13", "add_gaussian_noise", NOISE_TWICE), tmp_path,
                          functions=["add_gaussian_noise"])
    spread = next(c for c in report.checks if c.id.endswith(".spread"))
    assert spread.status == "failed" and spread.diagnosis.id == "diag.step_factor"
    assert spread.diagnosis.params["factor"] == "2" and spread.diagnosis.params["arg"] == 1
    # the same draws as the reference, every kept value 1/(1+p) for 1/(1-p): a constant factor of the mask
    report = grade_source("ex09", with_function("ex09", "dropout_mask", MASK_SCALED), tmp_path,
                          functions=["dropout_mask"])
    named = first_named(report)
    assert named.diagnosis.id == "diag.factor_other" and named.diagnosis.params["factor"] == f"{0.7 / 1.3:.4g}"
