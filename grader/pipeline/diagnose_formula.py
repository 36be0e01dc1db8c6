"""Scalar outputs of scalar inputs (a parameter count, an iteration count): one case tells little,
so the failed cases of one check are read together. The difference got - expected, case by case,
is fitted by one or two monomials of the inputs (#1 * #3^2 ...) with the same coefficients in every
case: a term of the formula missing, extra or with a wrong factor. An output that equals one input
in every case is that input returned unchanged. Used by dlgrade.pipeline.diagnose_values.scalar_terms.
samples: [(args, got - expected, got)], one per failed case."""
import itertools

import numpy as np
from dlgrade.text import Msg

MAX_DEGREE = 4  # k * k * c_in * c_out: a parameter count has degree 4


def is_scalar(a):
    return isinstance(a, (int, float, np.integer, np.floating)) and not isinstance(a, (bool, np.bool_))


def monomials(args):
    """{'#1 * #3^2': value} for the scalar arguments (up to 4 of them, exponents <= 2, degree <= 4),
    and '1' (a constant)."""
    slots = [k for k, a in enumerate(args) if is_scalar(a)]
    if not slots or len(slots) > 4:
        return {}
    out = {"1": 1.0}
    for exps in itertools.product(range(3), repeat=len(slots)):
        if not 0 < sum(exps) <= MAX_DEGREE:
            continue
        text = " * ".join(f"#{k + 1}" if e == 1 else f"#{k + 1}^{e}" for k, e in zip(slots, exps) if e)
        out[text] = float(np.prod([float(args[k]) ** e for k, e in zip(slots, exps)]))
    return out


def fits(pred, d, rtol, atol):
    return bool(np.all(np.abs(pred - d) <= atol + max(rtol, 1e-9) * np.abs(d)))


def scalar_formula(samples, where, rtol, atol):
    if len(samples) < 3 or any(len(s) < 3 for s in samples):
        return None
    rows = [monomials(s[0]) for s in samples]
    if not rows[0] or any(r.keys() != rows[0].keys() for r in rows):
        return None
    d = np.array([float(s[1]) for s in samples])
    got = np.array([float(s[2]) for s in samples])
    if not np.all(np.isfinite(d)) or np.allclose(d, 0):
        return None
    for k, a in enumerate(samples[0][0]):  # the same input returned in every case, and never the right value
        if is_scalar(a) and all(is_scalar(s[0][k]) and float(s[0][k]) == g for s, g in zip(samples, got)):
            return Msg("diag.identity", {"where": where, "arg": k + 1})
    names = list(rows[0])
    M = np.array([[r[n] for n in names] for r in rows])  # cases x monomials
    varied = [j for j in range(len(names)) if not np.allclose(M[:, j], M[0, j]) or names[j] == "1"]
    for j in varied:  # one term, the same coefficient in every case
        m = M[:, j]
        c = float(m @ d / (m @ m))
        if c != 0 and fits(c * m, d, rtol, atol):
            return Msg("diag.term", {"where": where, "coef": f"{c:+.4g}", "term": names[j]})
    if len(samples) < 4:  # two coefficients from three cases: too easy to fit by chance
        return None
    for i, j in itertools.combinations(varied, 2):
        A = M[:, [i, j]]
        coef, *_ = np.linalg.lstsq(A, d, rcond=None)
        if np.linalg.matrix_rank(A) < 2 or np.any(np.abs(coef) < 1e-9):
            continue
        if fits(A @ coef, d, rtol, atol):
            return Msg("diag.two_terms", {"where": where, "c1": f"{coef[0]:+.4g}", "a": names[i],
                                          "c2": f"{coef[1]:+.4g}", "b": names[j]})
    return None


