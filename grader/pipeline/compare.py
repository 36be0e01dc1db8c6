"""Compare a student's output with the expected one and say exactly how they differ.

Returns None when they match, else a `Msg` a student can act on: structure, shape, array
module, NaN/inf positions, the first differing index with expected and got, max errors.
"""
from dataclasses import dataclass

import numpy as np

from dlgrade.sandbox.protocol import Opaque, Received
from dlgrade.text import Msg, T

TOLERANCES = {  # (rtol, atol) by the floating dtype of the inputs
    "float64": (1e-6, 1e-9),
    "float32": (1e-4, 1e-5),
}


@dataclass
class Interval:
    """Any value in [lo, hi] is right (a derivative at a kink)."""

    lo: object
    hi: object


def tolerance_for(dtype_name, rtol=None, atol=None):
    base = TOLERANCES.get(dtype_name, TOLERANCES["float64"])
    return (base[0] if rtol is None else rtol, base[1] if atol is None else atol)


def is_array(v):
    return isinstance(v, np.ndarray)


def is_number(v):
    return isinstance(v, (int, float, complex, np.number, np.bool_)) and not isinstance(v, bool) \
        or (is_array(v) and v.ndim == 0)


def describe(v):
    if isinstance(v, Received) and v.is_scalar:
        return f"a scalar ({v.dtype})"
    if is_array(v):
        return f"array shape {tuple(v.shape)} {v.dtype}"
    if isinstance(v, Opaque):
        return v.type_name
    if v is None:
        return "None"
    return type(v).__name__


OUTPUT = T("output", "출력")  # what `where` names by default: the function's return value


def element(where, i):
    """`where`[i], in both languages (the i-th entry of a returned tuple)."""
    return T(f"{where.en}[{i}]", f"{where.ko}[{i}]") if isinstance(where, T) else f"{where}[{i}]"


def compare(got, expected, rtol, atol, where=OUTPUT):
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return Msg("compare.not_tuple", {"where": where, "n": len(expected), "got": describe(got)})
        if len(got) != len(expected):
            return Msg("compare.tuple_length", {"where": where, "n": len(expected), "got": len(got)})
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare(g, e, rtol, atol, element(where, i))
            if problem is not None:
                return problem
        return None
    if isinstance(expected, Interval):
        a, b = np.asarray(expected.lo, float), np.asarray(expected.hi, float)
        return compare_arrays(got, np.minimum(a, b), rtol, atol, where, hi=np.maximum(a, b))
    if is_number(expected) and not (is_array(expected) and expected.ndim > 0):
        if not (is_number(got) or (is_array(got) and got.ndim == 0)):
            return Msg("compare.not_scalar", {"where": where, "got": describe(got)})
        return compare_arrays(np.asarray(got), np.asarray(expected), rtol, atol, where)
    if isinstance(expected, (bool, str)) or expected is None:
        if got != expected:
            return Msg("compare.value", {"where": where, "expected": repr(expected), "got": repr(got)})
        return None
    return compare_arrays(got, np.asarray(expected), rtol, atol, where)


def compare_arrays(got, expected, rtol, atol, where, hi=None):
    if not is_array(got):
        if isinstance(got, (int, float)) and expected.ndim == 0:
            got = np.asarray(got)
        else:
            return Msg("compare.not_array", {"where": where, "shape": tuple(expected.shape),
                                             "got": describe(got)})
    if got.dtype.kind not in "biufc":
        return Msg("compare.not_array", {"where": where, "shape": tuple(expected.shape), "got": describe(got)})
    if tuple(got.shape) != tuple(expected.shape):
        return Msg("compare.shape", {"where": where, "expected": tuple(expected.shape),
                                     "got": tuple(got.shape)})
    g = np.asarray(got).astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    lo = expected.astype(np.float64) if expected.dtype.kind != "c" else expected
    top = lo if hi is None else hi.astype(np.float64)
    nonfinite = ~np.isfinite(g) & np.isfinite(lo)
    if nonfinite.any():
        idx = tuple(int(i) for i in np.argwhere(nonfinite)[0])
        return Msg("compare.nonfinite", {"where": where, "count": int(nonfinite.sum()),
                                         "index": fmt_index(idx), "got": fmt(g[idx] if g.ndim else g)})
    with np.errstate(invalid="ignore", over="ignore"):
        ok = ((g >= lo - (atol + rtol * np.abs(lo))) & (g <= top + (atol + rtol * np.abs(top)))) \
            if hi is not None else np.isclose(g, lo, rtol=rtol, atol=atol, equal_nan=True)
        bad = ~ok
        if not bad.any():
            return None
        diff = np.abs(g - lo)
        abs_err = float(np.nanmax(np.where(np.isfinite(diff), diff, np.nan), initial=0.0)) \
            if np.isfinite(diff).any() else float("inf")
        # relative to values that are not ~0 (dividing by an expected 0 gives 9.55e+300, no help)
        rel = np.where(bad & (np.abs(lo) > max(atol, 1e-12)), diff / np.maximum(np.abs(lo), 1e-300), np.nan)
        rel_err = float(np.nanmax(rel[np.isfinite(rel)])) if np.isfinite(rel).any() else None
    idx = tuple(int(i) for i in np.argwhere(bad)[0]) if g.ndim else ()
    exp_text = fmt(lo[idx]) if hi is None else f"[{fmt(lo[idx])}, {fmt(top[idx])}]"
    params = {"where": where, "count": int(bad.sum()), "size": int(bad.size), "index": fmt_index(idx),
              "expected": exp_text, "got": fmt(g[idx]), "abs_err": f"{abs_err:.3g}"}
    if rel_err is None:  # every differing value should be ~0: the absolute error says it all
        return Msg("compare.values_abs", params)
    return Msg("compare.values", {**params, "rel_err": f"{rel_err:.3g}"})


def fmt(v):
    v = complex(v) if np.iscomplexobj(v) else float(v)
    return f"{v:.8g}" if isinstance(v, float) else str(v)


def fmt_index(idx):
    return "[" + ", ".join(str(i) for i in idx) + "]" if idx else T("(scalar)", "(스칼라)")
