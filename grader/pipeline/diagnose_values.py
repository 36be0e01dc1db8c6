"""Relations between a wrong output and the expected one, by value: a constant factor, a factor or
a term (built from the inputs) missing or extra, the change from an input instead of the new value,
a constant offset. Used by dlgrade.pipeline.diagnose; each returns a `Msg` ("diag.<kind>") or None."""
import numpy as np
from dlgrade.text import Msg, T

FACTOR_NAMES = {2.0: T("2", "2"), 0.5: T("1/2", "1/2")}


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
    ("log(#{k})", np.log), ("log(1 - #{k})", lambda a: np.log(1 - a)),
)


def missing_factor(ga, ea, args, where, rtol, atol):
    """expected = got * f(input) or got / f(input): one factor of a product is missing or extra
    (the inner derivative of the chain rule, a sigmoid's y (1 - y), a factor 2x)."""
    for k, a in enumerate(args):
        af = as_float(a) if isinstance(a, (np.ndarray, float, np.floating)) else None
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
            params = {"where": where, "arg": k + 1, "factor": f"{r:.4g}"}
            if abs(r + 1) < 1e-6:
                return Msg("diag.step_negated", params)
            what = named_factor(abs(r), args)
            if what is not None:
                return Msg("diag.step_factor", {**params, "what": what})
            return Msg("diag.step_scaled", params)  # parallel to the right step: a scalar of the step is off
        if ga.size >= 3:
            found = step_factor_form(gd, ed, args, k, where, rtol, atol)
            if found is not None:
                return found
    return None


def step_factor_form(gd, ed, args, k, where, rtol, atol):
    """The change from argument #k lacks a factor built from an input, or has one too many,
    element by element (an update without its gradient g, a step divided by g twice)."""
    for j, a in enumerate(args):
        af = as_float(a) if isinstance(a, np.ndarray) else None
        if af is None or af.shape != gd.shape:
            continue
        for text, form in FACTOR_FORMS:
            with np.errstate(all="ignore"):
                f = form(af)
            if not np.all(np.isfinite(f)) or np.allclose(f, f.flat[0]):
                continue  # a constant factor is a scaled step, found before
            params = {"where": where, "arg": k + 1, "factor": text.format(k=j + 1)}
            if close(gd * f, ed, rtol, atol):
                return Msg("diag.step_missing_factor", params)
            if close(gd, ed * f, rtol, atol):
                return Msg("diag.step_extra_factor", params)
    return None


def named_factor(value, args):
    """What a factor of a step is, where it has a name: 2, 1/2, a scalar argument (a learning rate)
    or its inverse, the batch size or its inverse; else None."""
    names = [(2.0, FACTOR_NAMES[2.0]), (0.5, FACTOR_NAMES[0.5])]
    for k, a in enumerate(args):
        if isinstance(a, (float, np.floating)) and float(a) > 0 and float(a) != 1:
            arg = T(f"argument #{k + 1} = {float(a):g}", f"인자 #{k + 1} = {float(a):g}")
            names += [(float(a), arg), (1 / float(a), Msg("diag.one_over", {"what": arg}))]
    arrays = [a for a in args if isinstance(a, np.ndarray) and a.ndim > 0 and a.shape[0] > 1]
    if arrays:
        n = arrays[0].shape[0]
        batch = T(f"the batch size N = {n}", f"배치 크기 N = {n}")
        names += [(float(n), batch), (1 / n, Msg("diag.one_over", {"what": batch}))]
    for v, name in names:
        if abs(value - v) <= 1e-6 * v:
            return name
    return None


def term_diagnosis(ga, ea, args, where, rtol, atol):
    """got - expected = c * (a term built from the inputs): one term of a sum is missing, extra, or has
    the wrong sign or coefficient (a path of the chain rule, one term of a loss, a (1 - rho) factor)."""
    d = ga - ea
    wrong = int((np.abs(d) > atol + rtol * np.abs(ea)).sum())
    if wrong < 3:  # one coefficient fitted over hundreds of candidate terms: one or two wrong values fit by chance
        return None
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
    return two_terms(d, kept[:400], where, rtol, atol) if wrong >= 5 else None


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


def scalar_terms(samples, where, rtol, atol):
    """Across several failed cases of one check with a scalar output (a loss): got - expected =
    c * mean(term) with the same c in every case, the term built from the inputs (one term of the
    loss missing, or with the wrong sign or coefficient). samples: [(args, got - expected, got)]."""
    if len(samples) < 3:
        return None
    from dlgrade.pipeline.diagnose_formula import scalar_formula

    found = scalar_ratio(samples, where, rtol) or scalar_formula(samples, where, rtol, atol)
    if found is not None:
        return found
    table = []
    with np.errstate(all="ignore"):
        for args, *_ in samples:
            arrays = [(k, as_float(a)) for k, a in enumerate(args) if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
            singles = [(text.format(k=k + 1), form(a)) for k, a in arrays for text, form in FACTOR_FORMS
                       if not text.startswith("2 * ")]
            terms = list(singles)
            for i, (ta, a) in enumerate(singles):
                for tb, b in singles[i:]:
                    try:
                        terms.append((f"{group(ta)} * {group(tb)}", a * b))
                    except ValueError:
                        continue
            row = {}
            for text, t in terms:  # the mean over the elements (a loss), then the sum (a loss summed by mistake)
                row[("mean", text)] = float(np.mean(t))
                row[("sum", text)] = float(np.sum(t))
            table.append(row)
    d = np.array([s[1] for s in samples])
    keys = [key for key in table[0] if all(key in row for row in table)]
    M = np.array([[row[key] for key in keys] for row in table])  # cases x terms
    usable = []
    for j in range(len(keys)):  # the simplest of terms that are proportional in every case (y, y^2 for labels 0/1)
        m = M[:, j]
        if not np.all(np.isfinite(m)) or np.allclose(m, 0) or np.allclose(m, m[0]):
            continue
        if not any(proportional(m, M[:, u]) for u in usable):
            usable.append(j)

    def ok(pred):
        return bool(np.all(np.abs(pred - d) <= atol + rtol * np.abs(d)))

    for j in usable:
        m = M[:, j]
        c = float((d * m).sum() / (m * m).sum())
        if c != 0 and ok(c * m):
            return Msg("diag.term", {"where": where, "coef": f"{c:+.4g}", "term": aggregate(keys[j])})
    if len(samples) < 4:  # two coefficients from three cases: too easy to fit by chance
        return None
    A = M[:, usable]
    G, b = A.T @ A, A.T @ d
    i, j = np.triu_indices(len(usable), 1)
    with np.errstate(all="ignore"):
        det = G[i, i] * G[j, j] - G[i, j] ** 2
        good = np.abs(det) > 1e-9 * np.abs(G[i, i] * G[j, j])
        c1 = np.where(good, (b[i] * G[j, j] - b[j] * G[i, j]) / det, 0)
        c2 = np.where(good, (b[j] * G[i, i] - b[i] * G[i, j]) / det, 0)
        residual = np.where(good, d @ d - c1 * b[i] - c2 * b[j], np.inf)
    for k in np.argsort(residual)[:5]:
        if good[k] and c1[k] != 0 and c2[k] != 0 and ok(c1[k] * A[:, i[k]] + c2[k] * A[:, j[k]]):
            return Msg("diag.two_terms", {"where": where, "c1": f"{c1[k]:+.4g}", "a": aggregate(keys[usable[i[k]]]),
                                          "c2": f"{c2[k]:+.4g}", "b": aggregate(keys[usable[j[k]]])})
    return None


def scalar_ratio(samples, where, rtol):
    """got = k * expected with the same k in every failed case (3 or more): a constant factor, named
    where it has a name (2, 1/2, a scalar argument or its inverse)."""
    if any(len(s) < 3 for s in samples):
        return None
    got = np.array([float(s[2]) for s in samples])
    expected = got - np.array([float(s[1]) for s in samples])
    if not np.all(np.isfinite(got)) or np.any(np.abs(expected) < 1e-12):
        return None
    ratio = got / expected
    k = float(np.median(ratio))
    if k in (0.0, 1.0) or not np.allclose(ratio, k, rtol=max(10 * rtol, 1e-6), atol=0):
        return None
    first = samples[0][0]  # the scalar arguments that are the same in every case keep their positions
    same = [a if all(len(s[0]) == len(first) and not isinstance(s[0][i], np.ndarray) and s[0][i] == a
                     for s in samples) else None for i, a in enumerate(first)]
    what = named_factor(abs(k), same)
    if what is not None:
        return Msg("diag.factor_neg" if k < 0 else "diag.factor", {"where": where, "factor": f"{k:.4g}", "what": what})
    return Msg("diag.factor_other", {"where": where, "factor": f"{k:.4g}"})


def group(text):
    """A factor's text in a product: parenthesized where it is a sum or a product itself."""
    return f"({text})" if (" - " in text or " + " in text or " * " in text) else text


def proportional(a, b):
    with np.errstate(all="ignore"):
        c = float(a @ b / (b @ b))
    return np.isfinite(c) and np.allclose(a, c * b, rtol=1e-9, atol=1e-12 * max(float(np.abs(a).max()), 1.0))


def aggregate(key):
    how, text = key
    return T(f"mean of {text}", f"{text}의 평균") if how == "mean" else T(f"sum of {text}", f"{text}의 합")
