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
