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
from dlgrade.compare import Interval
from dlgrade.text import Msg, T

MAX_ORACLE_CALLS = 60  # argument variants and sibling functions tried per failed case

FACTOR_NAMES = {2.0: T("2", "2"), 0.5: T("1/2", "1/2")}
EPS_VALUES = (0.0, 1e-12, 1e-8, 1e-7, 1e-5, 1e-3)
RATE_VALUES = (0.0, 1.0, 0.1, 0.01, 0.001, 0.5, 0.9, 0.99, 0.999)


def kind_of(msg):
    """'negated' for Msg('diag.negated', ...): what the bench counts."""
    return msg.id.split(".", 1)[1] if msg is not None and msg.id.startswith("diag.") else None


def as_float(v):
    try:
        a = np.asarray(v)
    except Exception:
        return None
    if a.dtype.kind not in "biuf":
        return None
    return a.astype(np.float64)


def close(a, b, rtol, atol):
    """Same shape and values (NaN never equal); a and b already float arrays."""
    if a is None or b is None or a.shape != b.shape or a.size == 0:
        return False
    with np.errstate(all="ignore"):
        return bool(np.all(np.isfinite(a)) and np.allclose(a, b, rtol=max(rtol, 1e-9), atol=atol))


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
    if not np.isfinite(ga).any() and np.isfinite(ea).all():
        return Msg("diag.all_nan", {"where": where})
    args = list(upcast(case.oracle_args if case.oracle_args is not None else case.args))
    for k, a in enumerate(args):
        if isinstance(a, np.ndarray) and close(ga, as_float(a), rtol, atol) and not close(ga, ea, rtol, atol):
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
    found = term_diagnosis(ga, ea, args + [v for v in case.kwargs.values()], where, rtol, atol)
    if found is not None:
        return found
    if ga.size > 1:
        found = offset_diagnosis(ga, ea, where, rtol, atol)
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
    if ga.ndim == 0 or not bad.any() or bad.all():
        return None
    positions = np.argwhere(bad)
    for axis in range(ga.ndim):
        n = ga.shape[axis]
        if n < 2:
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
        if np.broadcast_shapes(got, exp) == got and ga.size > ea.size:
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


def sizes_of(case, args):
    """Named sizes a student may divide or multiply by: the batch size and every other dimension."""
    out = []
    arrays = [a for a in args if isinstance(a, np.ndarray) and a.ndim > 0]
    if arrays:
        a = arrays[0]
        out.append((float(a.shape[0]), T(f"the batch size N = {a.shape[0]}", f"배치 크기 N = {a.shape[0]}")))
        if a.ndim > 1:
            out.append((float(a.shape[-1]), T(f"the number of classes or outputs = {a.shape[-1]}",
                                              f"클래스(출력) 수 = {a.shape[-1]}")))
        out.append((float(a.size), T(f"the number of elements = {a.size}", f"원소 수 = {a.size}")))
    for a in arrays:
        for d in a.shape:
            out.append((float(d), T(f"a dimension of size {d}", f"크기 {d}인 차원")))
    return out


def factor_diagnosis(ga, ea, case, args, where, rtol):
    mask = np.abs(ea) > 1e-6 * max(float(np.max(np.abs(ea), initial=0.0)), 1e-300)
    if mask.sum() == 0:
        return None
    with np.errstate(all="ignore"):
        ratio = ga[mask] / ea[mask]
    if not np.all(np.isfinite(ratio)):
        return None
    k = float(np.median(ratio))
    if k == 0 or not np.allclose(ratio, k, rtol=max(10 * rtol, 1e-6), atol=0):
        return None
    if not np.allclose(ga[~mask], 0, atol=1e-6 * max(abs(k), 1.0)):
        return None
    sign = -1.0 if k < 0 else 1.0
    mag = abs(k)
    candidates = [(2.0, FACTOR_NAMES[2.0]), (0.5, FACTOR_NAMES[0.5])]
    for n, name in sizes_of(case, args):
        if n > 1:
            candidates += [(n, name), (1.0 / n, Msg("diag.one_over", {"what": name}))]
    for value, name in candidates:
        if abs(mag - value) <= 1e-6 * value:
            return Msg("diag.factor_neg" if sign < 0 else "diag.factor",
                       {"where": where, "factor": f"{k:.4g}", "what": name})
    if mask.sum() < 3:  # any two numbers have a ratio: an unnamed factor means something only across many
        return None
    return Msg("diag.factor_other", {"where": where, "factor": f"{k:.4g}"})


FACTOR_FORMS = (  # (text, function of an argument): what a missing or extra factor often is
    ("#{k}", lambda a: a), ("2 * #{k}", lambda a: 2 * a), ("#{k}^2", lambda a: a * a),
    ("sin(#{k})", np.sin), ("cos(#{k})", np.cos), ("1 - #{k}", lambda a: 1 - a),
    ("#{k} * (1 - #{k})", lambda a: a * (1 - a)), ("1 - #{k}^2", lambda a: 1 - a * a),
)


def missing_factor(ga, ea, args, where, rtol, atol):
    """expected = got * f(input) or got / f(input): one factor of a product is missing or extra
    (the inner derivative of the chain rule, a sigmoid's y (1 - y), a factor 2x)."""
    for k, a in enumerate(args):
        af = as_float(a) if isinstance(a, np.ndarray) or isinstance(a, (float, np.floating)) else None
        if af is None:
            continue
        for text, form in FACTOR_FORMS:
            try:
                with np.errstate(all="ignore"):
                    f = form(af)
                    times, extra = np.broadcast_arrays(ga * f, ga)[0], np.broadcast_arrays(ea * f, ea)[0]
            except ValueError:
                continue
            if np.all(f == 1):
                continue
            if close(times, ea, rtol, atol):
                return Msg("diag.missing_factor", {"where": where, "factor": text.format(k=k + 1)})
            if close(ga, extra, rtol, atol):
                return Msg("diag.extra_factor", {"where": where, "factor": text.format(k=k + 1)})
    return None


def delta_diagnosis(ga, ea, args, where, rtol, atol):
    """got = expected - input or input - expected: the change returned instead of the new value (an
    update without the weights it updates, a residual block without its identity path)."""
    for k, a in enumerate(args):
        af = as_float(a) if isinstance(a, np.ndarray) else None
        if af is None or af.shape != ga.shape or np.allclose(af, 0):
            continue
        if close(ga, ea - af, rtol, atol) or close(ga, af - ea, rtol, atol):
            return Msg("diag.delta", {"where": where, "arg": k + 1})
        if close(ga, ea + af, rtol, atol):
            return Msg("diag.added_twice", {"where": where, "arg": k + 1})
    return None


def step_diagnosis(ga, ea, args, where, rtol, atol):
    """An update: the change from an input (got - w against expected - w) is reversed or scaled (a
    step uphill, a learning rate or a 1/N applied twice or not at all)."""
    for k, a in enumerate(args):
        af = as_float(a) if isinstance(a, np.ndarray) else None
        if af is None or af.shape != ga.shape or ga.size < 2:
            continue
        gd, ed = ga - af, ea - af
        scale = max(float(np.max(np.abs(ed), initial=0.0)), 1e-300)
        if float(np.max(np.abs(ed))) < 1e-12 or not np.all(np.abs(ed) > 1e-6 * scale):
            continue
        ratio = gd / ed
        r = float(np.median(ratio))
        if r != 1 and np.allclose(ratio, r, rtol=1e-6, atol=0):
            kind = "diag.step_negated" if abs(r + 1) < 1e-6 else "diag.step_factor"
            return Msg(kind, {"where": where, "arg": k + 1, "factor": f"{r:.4g}"})
    return None


def term_diagnosis(ga, ea, args, where, rtol, atol):
    """got - expected = c * (a term built from the inputs): one term of a sum is missing, extra, or has
    the wrong sign or coefficient (a path of the chain rule, one term of a loss, a (1 - rho) factor)."""
    if ga.size < 3:
        return None
    d = ga - ea
    arrays = [(k, as_float(a)) for k, a in enumerate(args) if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
    singles = []
    with np.errstate(all="ignore"):
        for k, a in arrays:
            for text, form in FACTOR_FORMS:
                if text.startswith("2 * "):  # the coefficient is fitted: 2 * #k is #k
                    continue
                try:
                    singles.append((text.format(k=k + 1), np.broadcast_to(form(a), ga.shape).astype(np.float64)))
                except ValueError:
                    continue
        terms = list(singles)
        if len(singles) <= 64:  # products of two: r^2 sin(s)^2, lr * g ... (bounded: a few thousand at most)
            for i, (ta, a) in enumerate(singles):
                for tb, b in singles[i:]:
                    terms.append((f"{ta} * {tb}", a * b))
        if len(singles) <= 24:  # and of three, for a few inputs: r^2 sin(t) cos(t)
            for i, (ta, a) in enumerate(singles):
                for j, (tb, b) in enumerate(singles[i:], i):
                    for tc, c in singles[j:]:
                        terms.append((f"{ta} * {tb} * {tc}", a * b * c))
    kept = []
    with np.errstate(all="ignore"):
        for text, t in terms:
            if not np.all(np.isfinite(t)) or np.allclose(t, t.flat[0]):
                continue  # a constant term is an offset, found elsewhere
            kept.append((text, t))
            c = float((d * t).sum() / (t * t).sum())
            if c != 0 and np.isfinite(c) and close(c * t, d, rtol, atol) \
                    and not close(c * t, np.zeros_like(t), rtol, atol):
                return Msg("diag.term", {"where": where, "coef": f"{c:+.4g}", "term": text})
    return two_terms(d, kept[:400], where, rtol, atol) if ga.size >= 5 else None


def two_terms(d, terms, where, rtol, atol):
    """got - expected = c1 * A + c2 * B: a term replaced by another (y cos s written as cos s), or two
    terms off at once. Least squares over every pair, then the exact check on the best fits."""
    if len(terms) < 2:
        return None
    with np.errstate(all="ignore"):
        T = np.stack([t.ravel() for _, t in terms])
        dv = d.ravel()
        G, b = T @ T.T, T @ dv
        i, j = np.triu_indices(len(terms), 1)
        det = G[i, i] * G[j, j] - G[i, j] ** 2
        ok = np.abs(det) > 1e-12 * np.abs(G[i, i] * G[j, j])
        c1 = np.where(ok, (b[i] * G[j, j] - b[j] * G[i, j]) / det, 0)
        c2 = np.where(ok, (b[j] * G[i, i] - b[i] * G[i, j]) / det, 0)
        residual = np.where(ok, dv @ dv - c1 * b[i] - c2 * b[j], np.inf)
    for k in np.argsort(residual)[:5]:
        if not ok[k] or c1[k] == 0 or c2[k] == 0:
            continue
        fit = c1[k] * terms[i[k]][1] + c2[k] * terms[j[k]][1]
        if close(fit, d, rtol, atol):
            return Msg("diag.two_terms", {"where": where, "c1": f"{c1[k]:+.4g}", "a": terms[i[k]][0],
                                          "c2": f"{c2[k]:+.4g}", "b": terms[j[k]][0]})
    return None


def offset_diagnosis(ga, ea, where, rtol, atol):
    """got = expected + c or got = c - expected: a constant term dropped or added, or the sign of
    every term but a constant flipped."""
    for sign in (1.0, -1.0):
        rest = ga - sign * ea
        c = float(np.median(rest))
        if c != 0 and close(rest, np.full_like(rest, c), rtol, max(atol, 1e-9 * abs(c))):
            kind = "diag.offset" if sign > 0 else "diag.offset_negated"
            return Msg(kind, {"where": where, "offset": f"{c:.4g}"})
    return None


def region_diagnosis(ga, ea, args, where, rtol, atol):
    """Wrong exactly where an input is negative, positive or zero: one branch of a piecewise formula."""
    with np.errstate(all="ignore"):
        bad = ~np.isclose(ga, ea, rtol=rtol, atol=atol)
    if not bad.any() or bad.all():
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
        return [(a, "ignored_arg") for a in pool if a != value] + ([(-value, "negated_arg")] if value else [])
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
        base = base[: -len(suffix)] if base.endswith(suffix) else base
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
