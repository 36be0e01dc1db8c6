"""General diagnosis: when a value check fails and no catalog mistake matches, relate the student's
output to the expected one by the transformations students actually make, and name the one that
fits, with the numbers.

`diagnose(got, expected, case, ctx, rtol, atol)` returns a `Msg` (id "diag.<kind>") or None. The
kinds are tried from the most specific to the most general; the first that fits is named, and
the order is the "why": an exact relation (the input itself, the other function of the pair) is
likelier than a coincidence of numbers (a constant factor).
"""
import inspect

import numpy as np
from dlgrade.checks.base import call_oracle, upcast
from dlgrade.pipeline.compare import Interval
from dlgrade.pipeline.diagnose_values import (
    as_float,
    close,
    delta_diagnosis,
    factor_diagnosis,
    missing_factor,
    offset_diagnosis,
    step_diagnosis,
    term_diagnosis,
)
from dlgrade.text import Msg, T

MAX_ORACLE_CALLS = 60  # argument variants and sibling functions tried per failed case

EPS_VALUES = (0.0, 1e-12, 1e-8, 1e-7, 1e-5, 1e-3)
RATE_VALUES = (0.0, 1.0, 0.1, 0.01, 0.001, 0.5, 0.9, 0.99, 0.999)


def kind_of(msg):
    """'negated' for Msg('diag.negated', ...): what the bench counts."""
    return msg.id.split(".", 1)[1] if msg is not None and msg.id.startswith("diag.") else None


def same(got, expected, rtol, atol):
    """Structural closeness for tuples and arrays."""
    if isinstance(expected, (tuple, list)):
        return isinstance(got, (tuple, list)) and len(got) == len(expected) and \
            all(same(g, e, rtol, atol) for g, e in zip(got, expected))
    return close(as_float(got), as_float(expected), rtol, atol)


def diagnose(got, expected, case, ctx, rtol, atol, output=None, oracle=None):
    """oracle: the check's oracle function (argument variants are tried on it), or None."""
    if isinstance(expected, Interval):
        expected = (np.asarray(expected.lo, float) + np.asarray(expected.hi, float)) / 2
    try:
        return _diagnose(got, expected, case, ctx, rtol, atol, output, oracle)
    except Exception:  # a diagnosis is a bonus: never a traceback for it
        return None


def _diagnose(got, expected, case, ctx, rtol, atol, output, oracle):
    if isinstance(expected, (tuple, list)) and not isinstance(got, (tuple, list)):
        ga = as_float(got)
        for k, a in enumerate(upcast(case.oracle_args if case.oracle_args is not None else case.args)):
            if isinstance(a, np.ndarray) and close(ga, as_float(a), rtol, atol):
                return Msg("diag.identity", {"where": T("output", "출력"), "arg": k + 1})
        return Msg("diag.not_tuple", {"n": len(expected)})
    found = None
    for index, g, e in wrong_parts(got, expected, rtol, atol):
        found = diagnose_part(got, expected, index, g, e, case, ctx, rtol, atol, output, oracle)
        if found is not None and found.id != "diag.part":
            return found
    return found


def wrong_parts(got, expected, rtol, atol):
    """(index, got element, expected element) of each element of a tuple that differs; for a plain
    output [(None, got, expected)]."""
    if isinstance(expected, (tuple, list)) and isinstance(got, (tuple, list)) and len(got) == len(expected):
        return [(i, g, e) for i, (g, e) in enumerate(zip(got, expected)) if not same(g, e, rtol, atol)]
    return [(None, got, expected)]


def diagnose_part(got, expected, index, g, e, case, ctx, rtol, atol, output, oracle):
    where = T("output", "출력") if index is None else T(f"output[{index}]", f"출력[{index}]")
    ga, ea = as_float(g), as_float(e)
    if ga is None or ea is None:
        return None
    if ga.size and not np.isfinite(ga).any() and np.isfinite(ea).all():  # (an empty output is a shape matter)
        return Msg("diag.all_nan", {"where": where})
    args = list(upcast(case.oracle_args if case.oracle_args is not None else case.args))
    for k, a in enumerate(args):  # an array, or a list of numbers (layer sizes)
        if (
            isinstance(a, (np.ndarray, list, tuple))
            and close(ga, as_float(a), rtol, atol)
            and not close(ga, ea, rtol, atol)
        ):
            return Msg("diag.identity", {"where": where, "arg": k + 1})
    if ga.shape != ea.shape:
        return shape_diagnosis(ga, ea, where, rtol, atol)
    if np.all(ga == 0) and np.any(np.abs(ea) > atol):
        return Msg("diag.zeros", {"where": where})
    if close(-ga, ea, rtol, atol):
        return Msg("diag.negated", {"where": where})
    if ea.ndim == 2 and ea.shape[0] == ea.shape[1] and close(ga.T, ea, rtol, atol):
        return Msg("diag.transposed", {"where": where, "got": tuple(ga.shape), "expected": tuple(ea.shape)})
    found = variant_diagnosis(got, case, ctx, rtol, atol, output, where, oracle)
    if found is not None:
        return found
    found = factor_diagnosis(ga, ea, case, args, where, rtol)
    if found is not None:
        return found
    found = missing_factor(ga, ea, args, where, rtol, atol)
    if found is not None:
        return found
    found = delta_diagnosis(ga, ea, args, where, rtol, atol) or step_diagnosis(ga, ea, args, where, rtol, atol)
    if found is not None:
        return found
    if ga.size > 1:  # a constant difference: simpler than any sum of terms that adds up to it
        found = offset_diagnosis(ga, ea, where, rtol, atol)
        if found is not None:
            return found
    found = term_diagnosis(ga, ea, args + [v for v in case.kwargs.values()], where, rtol, atol)
    if found is not None:
        return found
    found = region_diagnosis(ga, ea, args, where, rtol, atol)
    if found is not None:
        return found
    found = edge_diagnosis(ga, ea, where, rtol, atol)
    if found is not None:
        return found
    return part_diagnosis(got, expected, index, where, rtol, atol)


def edge_diagnosis(ga, ea, where, rtol, atol):
    """Wrong only in the first or the last slice along one axis: a loop bound or a range off by one,
    a border left out."""
    with np.errstate(all="ignore"):
        bad = ~np.isclose(ga, ea, rtol=rtol, atol=atol)
    if ga.ndim == 0 or not bad.any() or bad.all() or bad.size < 6:  # one wrong value of 3 is at an end by chance
        return None
    positions = np.argwhere(bad)
    for axis in range(ga.ndim):
        n = ga.shape[axis]
        if n < 3:  # two columns (a mean and a std) are two quantities, not a range with ends
            continue
        for end, index in (("last", n - 1), ("first", 0)):
            if np.all(positions[:, axis] == index):
                return Msg(f"diag.edge_{end}", {"where": where, "axis": axis, "count": int(bad.sum()),
                                                "size": int(bad.size)})
    return None


def part_diagnosis(got, expected, index, where, rtol, atol):
    """A tuple with some outputs right and others wrong: the mistake is in the step that forms the
    wrong ones only (an update rule with the right state but the wrong weights, or the reverse)."""
    if index is None or not isinstance(expected, (tuple, list)) or len(expected) < 2:
        return None
    right = [i for i, (g, e) in enumerate(zip(got, expected)) if same(g, e, rtol, atol)]
    if not right:
        return None
    return Msg("diag.part", {"where": where, "right": ", ".join(f"output[{i}]" for i in right)})


def shape_diagnosis(ga, ea, where, rtol, atol):
    got, exp = tuple(ga.shape), tuple(ea.shape)
    params = {"where": where, "got": got, "expected": exp}
    if ga.ndim == 2 and got[::-1] == exp and close(ga.T, ea, rtol, atol):
        return Msg("diag.transposed", params)
    if ga.size == ea.size and close(ga.reshape(exp), ea, rtol, atol):
        return Msg("diag.keepdims", params)
    try:
        if ea.ndim > 0 and np.broadcast_shapes(got, exp) == got and ga.size > ea.size:
            return Msg("diag.broadcast", params)
    except ValueError:
        pass
    if ga.ndim == ea.ndim == 0 or ga.size < ea.size and ga.ndim < ea.ndim:
        return Msg("diag.reduced", params)
    if ga.ndim == ea.ndim and sorted(got) == sorted(exp):
        return Msg("diag.transposed", params)
    if ga.ndim == ea.ndim:
        axes = [d for d in range(ga.ndim) if got[d] != exp[d]]
        sizes = {"where": where, "axis": axes[0], "n": got[axes[0]], "m": exp[axes[0]]}
        if all(got[d] < exp[d] for d in axes) and close(ga, ea[tuple(slice(0, n) for n in got)], rtol, atol):
            return Msg("diag.truncated", sizes)
        return Msg("diag.size", sizes)
    return None


def region_diagnosis(ga, ea, args, where, rtol, atol):
    """Wrong exactly where an input is negative, positive or zero: one branch of a piecewise formula."""
    with np.errstate(all="ignore"):
        bad = ~np.isclose(ga, ea, rtol=rtol, atol=atol)
    if not bad.any() or bad.all() or bad.size < 6:  # a sign pattern of a few values matches by chance
        return None
    for k, a in enumerate(args):
        af = as_float(a) if isinstance(a, np.ndarray) else None
        if af is None or af.shape != ga.shape:
            continue
        for name, mask in (("neg", af < 0), ("pos", af > 0), ("zero", af == 0)):
            if np.array_equal(bad, mask):
                return Msg(f"diag.region_{name}", {"where": where, "arg": k + 1, "count": int(bad.sum()),
                                                   "size": int(bad.size)})
    return None


def parameters(fn):
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def variant_diagnosis(got, case, ctx, rtol, atol, output, where, fn):
    """Call the oracle with one argument changed, and the exercise's other functions with the same
    arguments: an output that matches names an ignored argument, a step off by one, a wrong axis,
    or the other function of a pair (the function instead of its derivative)."""
    budget = [MAX_ORACLE_CALLS]

    def matches(fn, args, kwargs):
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        try:
            with np.errstate(all="ignore"):
                wrong = call_oracle(fn, type(case)(args=tuple(args), kwargs=dict(kwargs)))
            if output is not None:
                wrong = wrong[output]
        except Exception:
            return False
        return same(got, wrong, rtol, atol)

    args = list(case.oracle_args if case.oracle_args is not None else case.args)
    if fn is not None:
        names = parameters(fn)
        slots = [(i, names[i] if i < len(names) else f"#{i + 1}", v) for i, v in enumerate(args)]
        slots += [(name, name, v) for name, v in case.kwargs.items()]
        for slot, name, value in slots:
            for alt, kind in alternatives(name, value):
                a, kw = list(args), dict(case.kwargs)
                if isinstance(slot, int):
                    a[slot] = alt
                else:
                    kw[slot] = alt
                if matches(fn, a, kw):
                    return Msg(f"diag.{kind}", {"where": where, "name": name, "value": fmt(value),
                                                "alt": fmt(alt)})
    for other in sibling_functions(ctx):
        if matches(other[1], args, case.kwargs):
            return Msg("diag.sibling", {"where": where, "other": other[0], "pair": pair_text(ctx, other[0])})
    return None


def fmt(v):
    if isinstance(v, (float, np.floating)):
        return f"{float(v):g}"
    return repr(v) if not isinstance(v, np.ndarray) else f"array{list(v.shape)}"


def alternatives(name, value):
    """(other value, diagnosis kind) to try for an argument."""
    lname = name.lower()
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, np.integer)):
        if "axis" in lname:
            return [(a, "axis") for a in (0, 1, -1, None) if a != value]
        return [(value - 1, "off_by_one"), (value + 1, "off_by_one")]
    if isinstance(value, (float, np.floating)):
        pool = EPS_VALUES if ("eps" in lname or "epsilon" in lname) else RATE_VALUES + EPS_VALUES[:1]
        # twice or half the value is a factor 2 on the argument, not an argument ignored: not claimed
        scaled = {2 * float(value), float(value) / 2}
        return [(a, "ignored_arg") for a in pool
                if a != value and not any(abs(a - v) <= 1e-12 * abs(v) for v in scaled)] \
            + ([(-value, "negated_arg")] if value else [])
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size and np.any(value != 0):
        out = [(-value, "negated_arg"), (np.zeros_like(value), "zero_arg")]
        if np.all((value >= 0) & (value <= 1)):  # probabilities, labels: p where 1 - p belongs
            out.append((1 - value, "complement_arg"))
        return out
    return []


def sibling_functions(ctx):
    """(name, reference function) for the exercise's other functions, the pair first."""
    from dlgrade import catalog

    slug = (ctx.reference_name or "").rsplit(".", 1)[-1]
    try:
        names = [f.name for f in catalog.load(slug).functions if f.name != ctx.function.name]
    except Exception:
        return []
    base = ctx.function.name
    for suffix in ("_grad", "_backward", "_prime", "_derivative"):
        base = base.removesuffix(suffix)
    names.sort(key=lambda n: 0 if n.startswith(base) or base.startswith(n) else 1)
    out = []
    for n in names:
        fn = getattr(ctx.reference, n, None)
        if callable(fn):
            out.append((n, fn))
    return out


def pair_text(ctx, other):
    mine = ctx.function.name
    if other.startswith(mine) and other != mine:
        return T(f"{other} is the derivative of {mine}: you returned the derivative instead of the function",
                 f"{other}는 {mine}의 도함수입니다. 함수 대신 도함수를 반환했습니다")
    if mine.startswith(other):
        return T(f"{mine} is the derivative of {other}: you returned the function itself, not its derivative",
                 f"{mine}은(는) {other}의 도함수입니다. 도함수 대신 함수 자체를 반환했습니다")
    return T("the two functions compute different things", "두 함수는 서로 다른 것을 계산합니다")
