"""Every value check and every purity check of the catalog is shown to fail on a wrong
implementation: the solution with one function's outputs nudged (values) or cast to float64
(purity). Property checks, and purity checks with a mistake of their own, fail on their named
mistakes (tests/test_exercises.py)."""
import pytest

from grader import catalog
from grader.checks import Correctness, Purity
from tests.helpers import grade_source, solution_text

WRAP = '''

import functools as _functools


def _nudge(v):
    if isinstance(v, tuple):
        return tuple(_nudge(x) for x in v)
    if isinstance(v, list):
        return [_nudge(x) for x in v]
    if hasattr(v, "dtype") and v.dtype.kind == "f":
        return v + v.dtype.type(0.5)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v + 1
    return v


def _to64(v):
    if isinstance(v, tuple):
        return tuple(_to64(x) for x in v)
    if hasattr(v, "dtype") and v.dtype.kind == "f":
        return v.astype("float64")
    return v


_original = {fn}


@_functools.wraps(_original)
def {fn}(*args, **kwargs):
    return {how}(_original(*args, **kwargs))
'''


def functions_with(kind):
    out = []
    for ex in catalog.all_exercises():
        for f in ex.functions:
            checks = [c for c in f.checks if type(c) is kind or (kind is Correctness and isinstance(c, Correctness))]
            # a purity check with its own mutation mistake (float64 inputs) fails on that named mistake
            checks = [c for c in checks if getattr(c, "mutation_mistake", "purity.mutates_input") == "purity.mutates_input"]
            if checks:
                out.append((ex.slug, f.name, [c.check_id(ex, f) for c in checks]))
    return out


@pytest.mark.parametrize("slug,fn,ids", functions_with(Correctness), ids=lambda v: v if isinstance(v, str) else None)
def test_nudged_outputs_fail_every_value_check(slug, fn, ids, tmp_path):
    report = grade_source(slug, solution_text(slug) + WRAP.format(fn=fn, how="_nudge"), tmp_path, functions=[fn],
                          hidden=True)
    status = {c.id: c.status for c in report.checks}
    assert [i for i in ids if status.get(i) == "passed"] == []


@pytest.mark.parametrize("slug,fn,ids", functions_with(Purity), ids=lambda v: v if isinstance(v, str) else None)
def test_float64_outputs_fail_every_purity_check(slug, fn, ids, tmp_path):
    report = grade_source(slug, solution_text(slug) + WRAP.format(fn=fn, how="_to64"), tmp_path, functions=[fn])
    status = {c.id: c.status for c in report.checks}
    assert [i for i in ids if status.get(i) == "passed"] == []
