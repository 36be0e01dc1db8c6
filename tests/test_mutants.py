"""A fixed sample of the mutation corpus of bench/diagnosis.py (the solutions with one AST mutation:
a sign flipped, a term or a factor dropped, mean <-> sum, an axis, +-1, a constant factor, the input
returned): each one is rejected, and named as recorded here (a catalog mistake, a general diagnosis
kind, "crash" when the code raises, None where no diagnosis fits yet). A change that stops naming
one of them, or names it differently, shows here."""
import importlib.util
import os

import pytest

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("bench_diagnosis", os.path.join(ROOT, "bench", "diagnosis.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

# (exercise, mutant, how it is named): the first three of mutants(slug, per_function=1) per exercise
SAMPLE = [
    ("ex01_neuron", "weighted_sum:flip_sign#0", 'diag.negated_arg'),
    ("ex01_neuron", "dense_forward:flip_sign#0", 'diag.negated_arg'),
    ("ex01_neuron", "mlp_forward:flip_sign#0", None),
    ("ex02_activations", "step:identity#0", 'diag.identity'),
    ("ex02_activations", "sigmoid:off_by_one#1", 'diag.region_pos'),
    ("ex02_activations", "tanh:scale#1", 'diag.factor'),
    ("ex03_chain_rule", "du_dr:scale#1", 'diag.factor'),
    ("ex03_chain_rule", "du_dt:drop_factor#1", 'diag.term'),
    ("ex03_chain_rule", "dz_dx:scale#0", 'diag.factor'),
    ("ex04_backprop", "sigmoid_backward:drop_term#1", 'diag.two_terms'),
    ("ex04_backprop", "forward_2_2_2:identity#0", 'diag.identity'),
    ("ex04_backprop", "total_error:drop_term#0", 'diag.zero_arg'),
    ("ex05_losses", "mse:flip_sign#0", 'diag.negated_arg'),
    ("ex05_losses", "mae:drop_term#1", 'diag.zero_arg'),
    ("ex05_losses", "rmse:flip_sign#0", 'diag.negated_arg'),
    ("ex06_norms", "l1_norm:identity#0", 'diag.identity'),
    ("ex06_norms", "l2_norm:scale#1", 'diag.factor'),
    ("ex06_norms", "lp_norm:identity#0", 'diag.identity'),
    ("ex07_init", "naive_init:drop_factor#1", 'diag.reduced'),
    ("ex07_init", "xavier_init:scale#0", 'diag.factor'),
    ("ex07_init", "he_init:identity#0", 'diag.reduced'),
    ("ex08_optimizers", "sgd_update:drop_factor#0", "diag.step_missing_factor"),
    ("ex08_optimizers", "momentum_update:flip_sign#1", 'diag.step_negated'),
    ("ex08_optimizers", "nesterov_update:identity#0", 'diag.identity'),
    ("ex09_dropout", "dropout_mask:off_by_one#0", 'crash'),
    ("ex09_dropout", "dropout_forward:drop_factor#0", "diag.identity"),
    ("ex09_dropout", "dropout_backward:scale#1", 'catalog'),
    ("ex10_batchnorm", "batchnorm_forward:flip_sign#0", None),
    ("ex10_batchnorm", "batchnorm_backward:flip_sign#2", 'diag.factor_other'),
    ("ex10_batchnorm", "residual_forward:drop_term#4", 'diag.zero_arg'),
    ("ex11_training", "iterations_per_epoch:identity#0", "diag.identity"),
    ("ex11_training", "minibatches:drop_term#1", None),
    ("ex11_training", "delta_sgd_epoch:flip_sign#2", "diag.step_scaled"),
    ("ex12_cnn", "conv2d:drop_term#17", 'diag.size'),
    ("ex12_cnn", "maxpool2d:drop_factor#0", 'diag.truncated'),
    ("ex12_cnn", "avgpool2d:identity#0", 'diag.identity'),
    ("ex13_augmentation", "horizontal_flip:scale#0", 'diag.factor'),
    ("ex13_augmentation", "translate:off_by_one#0", 'crash'),
    ("ex13_augmentation", "random_crop:identity#0", "diag.identity"),
]


@pytest.mark.parametrize("slug,desc,how", SAMPLE, ids=[d for _, d, _ in SAMPLE])
def test_sampled_mutant_is_rejected_and_named_as_recorded(slug, desc, how):
    found = {d: (fn, src) for fn, _, d, src in bench.mutants(slug, per_function=1)}
    function, source = found[desc]
    rejected, _, named, kind = bench.grade(slug, function, source)
    assert rejected
    assert kind == how
    assert named == (how not in (None, "crash"))


def test_the_corpus_covers_every_exercise_and_every_mutation_kind():
    from dlgrade import catalog

    kinds = set()
    for slug in catalog.slugs():
        mutants = bench.mutants(slug)
        assert mutants, slug
        kinds |= {k for _, k, _, _ in mutants}
    assert kinds == set(bench.KINDS)


# ---- every kind of the general diagnosis on mutants of at least three functions ------------------

# (kind, exercise, mutant): generated mutants of the corpus, up to three functions per kind, each named so
CORPUS_WITNESSES = [
    ("factor", "ex01_neuron", "count_parameters:flip_sign#0"),
    ("factor", "ex01_neuron", "count_weights:drop_factor#1"),
    ("factor", "ex01_neuron", "dense_forward:scale#0"),
    ("identity", "ex01_neuron", "count_parameters:identity#0"),
    ("identity", "ex01_neuron", "count_weights:identity#0"),
    ("identity", "ex01_neuron", "dense_forward:drop_term#1"),
    ("term", "ex01_neuron", "weighted_sum:drop_factor#0"),
    ("term", "ex03_chain_rule", "du_dt:flip_sign#0"),
    ("term", "ex03_chain_rule", "dw_dr:flip_sign#0"),
    ("two_terms", "ex01_neuron", "weighted_sum:mean_sum#0"),
    ("two_terms", "ex03_chain_rule", "dw_ds:drop_factor#0"),
    ("two_terms", "ex08_optimizers", "momentum_update:drop_term#1"),
    ("step_scaled", "ex08_optimizers", "adam_update:flip_sign#4"),
    ("step_scaled", "ex11_training", "delta_batch_epoch:flip_sign#0"),
    ("step_scaled", "ex11_training", "delta_sgd_epoch:flip_sign#0"),
    ("part", "ex04_backprop", "dense_backward:drop_T#0"),
    ("part", "ex08_optimizers", "adagrad_update:drop_factor#4"),
    ("part", "ex08_optimizers", "adam_update:drop_factor#12"),
    ("zero_arg", "ex01_neuron", "weighted_sum:drop_term#1"),
    ("zero_arg", "ex04_backprop", "backward_2_2_2:drop_term#0"),
    ("zero_arg", "ex04_backprop", "total_error:drop_term#0"),
    ("size", "ex02_activations", "softmax:drop_term#1"),
    ("size", "ex04_backprop", "backward_2_2_2:drop_factor#0"),
    ("size", "ex10_batchnorm", "batchnorm_backward:axis#2"),
    ("negated_arg", "ex01_neuron", "dense_forward:flip_sign#0"),
    ("negated_arg", "ex01_neuron", "weighted_sum:flip_sign#0"),
    ("negated_arg", "ex02_activations", "swish_grad:drop_factor#3"),
    ("truncated", "ex12_cnn", "avgpool2d:flip_sign#3"),
    ("truncated", "ex12_cnn", "conv2d:flip_sign#0"),
    ("truncated", "ex12_cnn", "maxpool2d:flip_sign#3"),
    ("factor_other", "ex02_activations", "softmax:drop_factor#0"),
    ("factor_other", "ex03_chain_rule", "du_dr:off_by_one#2"),
    ("factor_other", "ex03_chain_rule", "dz_dx:off_by_one#0"),
    ("ignored_arg", "ex02_activations", "elu:drop_factor#1"),
    ("ignored_arg", "ex02_activations", "elu_grad:drop_factor#1"),
    ("ignored_arg", "ex03_chain_rule", "du_dr:drop_factor#1"),
    ("reduced", "ex01_neuron", "mlp_forward:drop_term#1"),
    ("reduced", "ex02_activations", "tanh_grad:drop_term#0"),
    ("reduced", "ex03_chain_rule", "dz_dx:drop_factor#0"),
    ("region_pos", "ex02_activations", "ramp:off_by_one#0"),
    ("region_pos", "ex02_activations", "sigmoid:flip_sign#1"),
    ("region_pos", "ex02_activations", "sigmoid_grad:flip_sign#0"),
    ("zeros", "ex01_neuron", "count_weights:off_by_one#0"),
    ("zeros", "ex03_chain_rule", "numerical_derivative:flip_sign#0"),
    ("zeros", "ex03_chain_rule", "numerical_gradient:flip_sign#0"),
    ("region_neg", "ex02_activations", "elu:drop_factor#0"),
    ("region_neg", "ex02_activations", "leaky_relu:drop_factor#0"),
    ("region_neg", "ex02_activations", "prelu:drop_factor#0"),
    ("delta", "ex04_backprop", "gradient_descent_step:drop_term#1"),
    ("delta", "ex08_optimizers", "adagrad_update:drop_term#5"),
    ("delta", "ex08_optimizers", "adam_update:drop_term#15"),
    ("unstable", "ex02_activations", "softmax:flip_sign#0"),
    ("unstable", "ex02_activations", "softplus:flip_sign#0"),
    ("unstable", "ex05_losses", "softmax_cross_entropy_grad:flip_sign#1"),
    ("step_missing_factor", "ex04_backprop", "gradient_descent_step:drop_factor#0"),
    ("step_missing_factor", "ex08_optimizers", "adagrad_update:drop_factor#0"),
    ("step_missing_factor", "ex08_optimizers", "rmsprop_update:drop_factor#6"),
    ("all_nan", "ex05_losses", "rmse:off_by_one#0"),
    ("all_nan", "ex06_norms", "clip_by_norm:drop_factor#0"),
    ("all_nan", "ex06_norms", "l2_norm:drop_factor#0"),
    ("negated", "ex05_losses", "binary_cross_entropy:flip_sign#4"),
    ("negated", "ex05_losses", "categorical_cross_entropy:flip_sign#1"),
    ("negated", "ex05_losses", "softmax_cross_entropy:flip_sign#3"),
    ("missing_factor", "ex04_backprop", "sigmoid_backward:drop_factor#0"),
    ("missing_factor", "ex06_norms", "l2_penalty:drop_factor#4"),
    ("missing_factor", "ex09_dropout", "dropout_forward:drop_factor#1"),
    ("extra_factor", "ex05_losses", "bce_grad:drop_term#2"),
    ("sibling", "ex02_activations", "sigmoid_grad:drop_factor#1"),
    ("sibling", "ex02_activations", "softplus:drop_term#0"),
    ("sibling", "ex07_init", "he_init:drop_factor#0"),
    ("not_tuple", "ex03_chain_rule", "add_backward:identity#0"),
    ("not_tuple", "ex03_chain_rule", "mul_backward:identity#0"),
    ("not_tuple", "ex11_training", "train_xor:identity#0"),
    ("step_negated", "ex08_optimizers", "adagrad_update:flip_sign#0"),
    ("step_negated", "ex08_optimizers", "momentum_update:flip_sign#1"),
    ("step_negated", "ex10_batchnorm", "residual_backward:flip_sign#1"),
    ("region_zero", "ex02_activations", "softplus:flip_sign#1"),
    ("region_zero", "ex02_activations", "swish_grad:drop_factor#1"),
    ("offset_negated", "ex02_activations", "tanh_grad:flip_sign#0"),
    ("off_by_one", "ex12_cnn", "conv_params:off_by_one#0"),
    ("step_factor", "ex04_backprop", "gradient_descent_step:drop_factor#1"),
    ("added_twice", "ex08_optimizers", "adam_update:off_by_one#0"),
    ("broadcast", "ex11_training", "train_xor:off_by_one#4"),
]
# Kinds shown on fewer than three functions, and why (nowhere else can they arise in this course)
FEWER = {
    "axis": "needs an axis argument whose output shape does not show the axis: softmax is the only one "
            "(the norms' output shape changes with the axis, so a wrong axis is named by its shape)",
    "region_zero": "needs a values case of 6 or more entries with exact zeros where the formula differs at 0: "
                   "softplus and swish_grad; the kink functions have their zeros in 3-value kink checks, too few "
                   "to name a region without guessing",
}


@pytest.mark.parametrize("kind,slug,desc", CORPUS_WITNESSES, ids=[f"{k}-{d}" for k, _, d in CORPUS_WITNESSES])
def test_corpus_mutant_is_named_with_its_kind(kind, slug, desc):
    found = {d: (fn, src) for fn, _, d, src in bench.mutants(slug)}
    function, source = found[desc]
    rejected, _, named, how = bench.grade(slug, function, source)
    assert rejected and named and how == f"diag.{kind}"


def test_every_diagnosis_kind_is_shown_on_three_functions():
    """Generated mutants above and the wrong implementations of tests/test_diagnosis.py (KINDS) together."""
    from dlgrade.messages.diagnose import MESSAGES
    from tests.test_diagnosis import KINDS

    not_kinds = {"diag.one_over", "diag.withheld", "diag.warning_advice"}  # parts of messages, advice
    kinds = {m.split(".", 1)[1] for m in MESSAGES if m not in not_kinds}
    functions = {}
    for kind, slug, desc in CORPUS_WITNESSES:
        functions.setdefault(kind, set()).add((slug[:4], desc.split(":")[0]))
    for kind, ex, fn, _ in KINDS:
        functions.setdefault(kind, set()).add((ex, fn))
    short = {k: sorted(functions.get(k, ())) for k in kinds if len(functions.get(k, ())) < 3}
    assert set(short) == set(FEWER), short
    assert all(functions.get(k) for k in FEWER)


SCALED = [(slug, d) for slug in ("ex01_neuron", "ex02_activations", "ex04_backprop", "ex05_losses", "ex06_norms",
                                 "ex08_optimizers", "ex10_batchnorm", "ex12_cnn") for d in ("scale#0", "scale#1")]


@pytest.mark.parametrize("slug,op", SCALED, ids=[f"{s[:4]}-{o}" for s, o in SCALED])
def test_a_scaled_result_is_named_as_that_factor_never_as_something_else(slug, op):
    """The mutation operator is known: the result times 2 (scale#0) or 1/2 (scale#1) of the first function
    that has one. A general diagnosis must name exactly that factor (a catalog mistake may name it first)."""
    from dlgrade.pipeline import engine
    from dlgrade.pipeline.config import RunConfig
    from dlgrade import catalog
    import tempfile

    fn, _, desc, source = next(m for m in bench.mutants(slug) if m[2].endswith(":" + op))
    ex = catalog.load(slug)
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, ex.filename), "w", encoding="utf-8") as fh:
            fh.write(source)
        report = engine.check(ex.id, folder, RunConfig(functions=[fn], call_timeout=10, import_timeout=10))
    named = next(c for c in report.checks if c.status != "passed" and (c.misconception or c.diagnosis))
    if named.misconception:
        return
    assert named.diagnosis.id in ("diag.factor", "diag.step_factor"), (desc, named.diagnosis)
    assert named.diagnosis.params["factor"] == ("2" if op == "scale#0" else "0.5")
