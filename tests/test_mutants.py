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
