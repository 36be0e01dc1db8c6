"""Every value check and every purity check of the catalog is shown to fail on a wrong
implementation: the solution with one function's outputs nudged (values) or cast to float64
(purity). Property checks, and purity checks with a mistake of their own, fail on their named
mistakes (tests/test_exercises.py). The GPU twins of the value and property checks fail on the
nudged outputs too, on CuPy inputs (through the tests' CuPy stand-in)."""
import pytest

from dlgrade import catalog
from dlgrade.checks import Correctness, Purity
from dlgrade.checks.gpu import with_device_checks
from tests.helpers import grade_source, mutant, solution_text

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
            checks = [c for c in checks
                      if getattr(c, "mutation_mistake", "purity.mutates_input") == "purity.mutates_input"]
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


def property_checks():
    out = []
    for ex in catalog.all_exercises():
        for f in ex.functions:
            ids = [c.check_id(ex, f) for c in f.checks if not isinstance(c, (Correctness, Purity))]
            if ids:
                out.append((ex.slug, f.name, ids))
    return out


def failing_on_named_mistakes(slug, fn, ids, tmp_path, gpu=False):
    failed = set()
    for mistake in catalog.load(slug).function(fn).mistakes:
        report = grade_source(slug, mutant(slug, fn, mistake), tmp_path, functions=[fn], hidden=True, gpu=gpu)
        failed |= {c.id for c in report.checks if c.id in ids and c.status not in ("passed", "skipped")}
    return failed


@pytest.mark.parametrize("slug,fn,ids", property_checks(), ids=lambda v: v if isinstance(v, str) else None)
def test_every_property_check_fails_on_a_named_mistake(slug, fn, ids, tmp_path):
    assert sorted(set(ids) - failing_on_named_mistakes(slug, fn, ids, tmp_path)) == []


def gpu_twins(of_values):
    """(slug, function, ids of its GPU twins) of the value checks (of_values) or of the others."""
    out = []
    for ex in catalog.all_exercises():
        for f in ex.functions:
            pairs = with_device_checks(ex, [(f, c) for c in f.checks], gpu=True, timing=False)
            ids = [c.check_id(ex, f) for _, c in pairs
                   if c.kind == "gpu" and isinstance(c.base, Correctness) == of_values]
            if ids:
                out.append((ex.slug, f.name, ids))
    return out


@pytest.mark.parametrize("slug,fn,ids", gpu_twins(True), ids=lambda v: v if isinstance(v, str) else None)
def test_nudged_outputs_fail_every_gpu_value_twin(fake_cupy, slug, fn, ids, tmp_path):
    report = grade_source(slug, solution_text(slug) + WRAP.format(fn=fn, how="_nudge"), tmp_path, functions=[fn],
                          hidden=True, gpu=True)
    status = {c.id: c.status for c in report.checks}
    assert [i for i in ids if status.get(i) in ("passed", None)] == []


@pytest.mark.parametrize("slug,fn,ids", gpu_twins(False), ids=lambda v: v if isinstance(v, str) else None)
def test_every_gpu_property_twin_fails_on_a_named_mistake(fake_cupy, slug, fn, ids, tmp_path):
    assert sorted(set(ids) - failing_on_named_mistakes(slug, fn, ids, tmp_path, gpu=True)) == []


def test_every_gpu_twin_has_a_case_on_the_device():
    for ex in catalog.all_exercises():
        for f, twin in with_device_checks(ex, ex.checks(hidden=True), gpu=True, timing=False):
            if twin.kind == "gpu":
                assert twin.cases(twin.check_id(ex, f), 0 if twin.hidden else None), twin.check_id(ex, f)
