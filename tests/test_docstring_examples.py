"""The examples in the stubs' docstrings ("Example: f(args) -> result") are right: each is
recomputed with the reference implementation (lists stand for float arrays; a result ending in
'...' is compared to the digits shown)."""
import ast
import importlib
import os
import re

import numpy as np
import pytest

from dlgrade import catalog
from dlgrade.study.workspace import bundled_exercises

EXAMPLE = re.compile(r"Example: (\w+)\((.*)\) -> (.+?)\s*$")


def examples():
    out = []
    for slug in catalog.slugs():
        with open(os.path.join(bundled_exercises(), f"{slug}.py"), encoding="utf-8") as fh:
            for line in fh:
                m = EXAMPLE.search(line)
                if m:
                    fn, args, result = m.groups()
                    out.append((slug, fn, args, result.rstrip('"').strip()))
    return out


def constant(node):
    """A literal, or pi and its simple fractions (pi/2)."""
    if isinstance(node, ast.Name) and node.id == "pi":
        return np.pi
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.Name):
        return constant(node.left) / ast.literal_eval(node.right)
    return ast.literal_eval(node)


def as_input(v, listed):
    if isinstance(v, list):
        return [np.array(x, dtype=float) for x in v] if listed else np.array(v)  # 1 stays an int (labels), 1. a float
    return v


def close(got, want, approx):
    if isinstance(want, tuple):
        return isinstance(got, tuple) and len(got) == len(want) and all(close(g, w, approx) for g, w in zip(got, want))
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    if approx:  # "1.4142...": the digits shown are right
        return got.shape == want.shape and np.allclose(np.trunc(got * 10 ** approx) / 10 ** approx, want, atol=0)
    return got.shape == want.shape and np.allclose(got, want, rtol=1e-5, atol=1e-9)


def test_enough_examples():
    assert len(examples()) >= 30
    assert not close(np.array([0.95]), [0.96], 0) and not close((np.array([1.0]),), ([1.0], [2.0]), 0)
    assert close(np.array([1.41421]), [1.4142], 4) and not close(np.array([1.41421]), [1.4143], 4)


@pytest.mark.parametrize("slug,fn,args,result", examples(),
                         ids=lambda v: v if isinstance(v, str) and "(" not in v else None)
def test_docstring_example_is_right(slug, fn, args, result):
    try:
        call = ast.parse(f"f({args})", mode="eval").body
        values = [constant(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        shown = re.search(r"\.(\d+)\.\.\.", result)
        approx = len(shown.group(1)) if shown else 0
        want = ast.literal_eval(result.replace("...", "").replace(".]", ".0]").replace(".,", ".0,"))
    except (SyntaxError, ValueError):
        pytest.skip(f"not a literal example: {fn}({args}) -> {result}")
    ref = importlib.import_module(f"dlgrade.reference.{slug}")
    listed = fn in ("l2_penalty", "l1_penalty")  # a list of arrays
    inputs = [as_input(v, listed and i == 0) for i, v in enumerate(values)]
    got = getattr(ref, fn)(*inputs, **kwargs)
    assert close(got, want, approx), (fn, args, got, result)
