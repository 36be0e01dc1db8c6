"""Catalog lint: every exercise is complete, every text bilingual, every name it uses exists."""
import importlib
import inspect
import os

import pytest

from dlgrade import catalog
from dlgrade.catalog.model import Hints, Mistake
from dlgrade.checks import Correctness, Property
from dlgrade.messages import MESSAGES
from dlgrade.study.stubs import expected_stubs
from dlgrade.pipeline.symbolic import Derived
from dlgrade.text import T, placeholders
from tests.helpers import ROOT

EXERCISES = catalog.all_exercises()


def texts(ex):
    yield ex.title
    for f in ex.functions:
        yield from f.hints.levels
        for m in f.mistakes:
            yield m.hint


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_exercise_record_is_complete(ex):
    for folder in ("exercises", "solutions", "reference"):
        assert os.path.isfile(os.path.join(ROOT, folder, ex.filename)), f"{folder}/{ex.filename} missing"
    assert os.path.isfile(os.path.join(ROOT, "grader", "catalog", ex.filename))
    reference = importlib.import_module(ex.reference_module)
    solution = importlib.import_module(f"dlgrade.solutions.{ex.slug}")
    ids = set()
    for f in ex.functions:
        assert callable(getattr(solution, f.name, None)), f"solution lacks {f.name}"
        assert isinstance(f.hints, Hints), f"{f.name} needs a Hints record (idea, formula, code)"
        assert f.checks, f"{f.name} has no checks"
        for c in f.checks:
            assert c.points > 0
            cid = c.check_id(ex, f)
            assert cid not in ids, f"duplicate check id {cid}"
            ids.add(cid)
            if isinstance(c, Correctness):
                for o in (c.oracle, *(c.between or ())):
                    if isinstance(o, str):
                        assert hasattr(reference, o), f"reference lacks oracle {o}"
                    if isinstance(o, Derived):
                        assert hasattr(reference, o.builder)
                if c.oracle is None and c.expected is None and c.between is None:
                    assert hasattr(reference, f.name), f"reference lacks {f.name}"
            if isinstance(c, Property):
                assert hasattr(reference, c.verify)
        for m in f.mistakes:
            assert m.id.startswith(f.name + "."), m.id
            if m.variant:
                variant = getattr(reference, m.variant)
                assert list(inspect.signature(variant).parameters)[:1] == \
                    list(inspect.signature(getattr(solution, f.name)).parameters)[:1]


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_every_text_is_bilingual(ex):
    for t in texts(ex):
        assert isinstance(t, T) and t.en.strip() and t.ko.strip(), t
        assert placeholders(t.en) == placeholders(t.ko)


def test_messages_bilingual_with_same_placeholders():
    for key, t in MESSAGES.items():
        assert t.en.strip() and t.ko.strip(), key
        assert placeholders(t.en) == placeholders(t.ko), key


def test_stubs_are_generated_from_solutions():
    for path, text in expected_stubs().items():
        with open(path, encoding="utf-8") as fh:
            assert fh.read() == text, f"{path} is stale: run python -m dlgrade.study.stubs"


def test_resolve_names():
    assert catalog.resolve("3") == catalog.resolve("ex03") == catalog.resolve("ex03_chain_rule") \
        if "ex03_chain_rule" in catalog.slugs() else True
    with pytest.raises(catalog.UnknownExercise):
        catalog.resolve("ex99")


def test_mistake_variant_is_named_after_its_id():
    hint = T("a", "가")
    assert Mistake("relu.min", hint).variant == "relu__min"
    assert Mistake("du_dr.no_inner_derivative", hint, detect="property").variant == "du_dr__no_inner_derivative"
    assert Mistake("relu.min", hint, has_variant=False).variant is None
    levels = Hints(idea=T("1", "1"), formula=T("2", "2"), code=T("3", "3")).levels
    assert [t.en for t in levels] == ["1", "2", "3"]
