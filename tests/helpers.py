"""Shared test helpers: grade a source text, build wrong solutions from known mistakes, read fixtures."""
import importlib
import inspect
import os

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.study.stubs import strip_markers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def fixture(*path, **values):
    """The text of a file under tests/fixtures/: alternatives/ (other correct solutions, whole or
    appended to the bundled one), students/ (hostile student modules), toy_ex14/ (a toy exercise).
    Each keyword replaces the string literal "<name>" in the file by the value's repr."""
    with open(os.path.join(FIXTURES, *path), encoding="utf-8") as fh:
        text = fh.read()
    for name, value in values.items():
        assert f'"<{name}>"' in text, f"{path}: no placeholder <{name}>"
        text = text.replace(f'"<{name}>"', repr(value))
    return text


def solution_text(slug):
    with open(os.path.join(ROOT, "solutions", f"{slug}.py"), encoding="utf-8") as fh:
        return strip_markers(fh.read())


def grade_source(exercise, source, tmp_path, functions=None, timeout=10.0, hidden=False, gpu=False):
    """Write `source` as the student's file in a fresh workspace and grade it."""
    ex = catalog.load(exercise)
    folder = tmp_path / f"ws_{abs(hash(source)) % 10**8}"
    folder.mkdir(exist_ok=True)
    (folder / ex.filename).write_text(source, encoding="utf-8")
    return engine.check(ex.id, str(folder), RunConfig(functions=functions, hidden=hidden, gpu=gpu, call_timeout=timeout,
                                                      import_timeout=max(10.0, timeout)))


def with_function(exercise, name, source):
    """The solution of `exercise` with function `name` replaced by `source` (a def of any name)."""
    ex = catalog.load(exercise)
    defined = source.split("def ", 1)[1].split("(", 1)[0].strip()
    return f"{solution_text(ex.slug)}\n\n{source.strip()}\n\n{name} = {defined}\n"


def mutant(exercise, function, mistake):
    """The solution with `function` replaced by the mistake's wrong variant from reference/."""
    ex = catalog.load(exercise)
    reference = importlib.import_module(ex.reference_module)
    return with_function(exercise, function, inspect.getsource(getattr(reference, mistake.variant)))


def all_mistakes():
    """(exercise slug, function, mistake) for every known mistake with a wrong variant."""
    return [(ex.slug, f.name, m) for ex in catalog.all_exercises() for f in ex.functions
            for m in f.mistakes if m.variant]
