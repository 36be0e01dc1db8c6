"""ex09 dropout (notes 000 §4.2.7, 002 §04, 003).

Random functions are judged by properties with stated false-failure probabilities, not by one
seed's numbers: a correct implementation fails any of these checks with probability < 1e-9.
"""
import math

import numpy as np

from dlgrade.text import T
from dlgrade.pipeline.xp import array_module


def keep_scale(p):
    return 1.0 / (1.0 - p) if p < 1 else 0.0  # p = 1 drops everything: no inf, no NaN


def dropout_mask(shape, p, rng):
    return (rng.random(shape) >= p) * keep_scale(p)


def dropout_forward(x, p, rng, train=True):
    if not train:
        return x, None
    mask = dropout_mask(x.shape, p, rng).astype(x.dtype)
    return x * mask, mask


def dropout_backward(dout, mask):
    return dout * mask


def dropout_exact(y, ratio, rng):
    xp = array_module(y)
    k = math.floor(y.size * (1 - ratio) + 0.5)
    keep = xp.argsort(rng.random(y.size))[:k]  # a uniform random k-subset (CuPy has no permutation)
    mask = xp.zeros(y.size, dtype=y.dtype)
    mask[keep] = keep_scale(ratio)
    mask = mask.reshape(y.shape)
    return y * mask, mask


# --- bounds -------------------------------------------------------------------------------------

def hoeffding(n, false_failure, events=1):
    """t such that P(|mean of n independent [0,1] variables - expectation| >= t) <= false_failure,
    over `events` such tests at once (union bound): 2 events exp(-2 n t^2) = false_failure."""
    return math.sqrt(math.log(2 * events / false_failure) / (2 * n))


FALSE_FAILURE = 1e-10  # per check: a correct implementation fails with probability below this


def _mask_and_p(case, values, index=0):
    return np.asarray(values[index], dtype=np.float64), case.steps[index].args[1] if case.steps else case.args[1]


def _values_ok(m, p):
    return bool(np.isin(m, [0.0, keep_scale(p)]).all())


def verify_mask_values(case, values):
    m, p = _mask_and_p(case, values)
    shape = case.steps[0].args[0] if case.steps else case.args[0]
    if m.shape != tuple(shape):
        return T(f"shape {m.shape}, expected {tuple(shape)}", f"shape {m.shape}, 기대값 {tuple(shape)}"), None
    if not np.isfinite(m).all():
        return T("the mask contains NaN or inf", "마스크에 NaN 또는 inf가 있습니다"), None
    if not _values_ok(m, p):
        found = sorted(set(np.unique(m).round(6).tolist()))[:4]
        mistake = "dropout_mask.no_scaling" if set(found) <= {0.0, 1.0} and p > 0 else None
        return T(f"values must be 0 or 1/(1-p) = {keep_scale(p):.6g}; found {found}",
                 f"값은 0 또는 1/(1-p) = {keep_scale(p):.6g}이어야 합니다. 실제: {found}"), mistake
    return None


def verify_mask_rate(case, values):
    m, p = _mask_and_p(case, values)
    shape = case.steps[0].args[0] if case.steps else case.args[0]
    if m.shape != tuple(shape):  # no points for no work: a rate is judged on a mask of the asked shape
        return T(f"shape {m.shape}, expected {tuple(shape)}", f"shape {m.shape}, 기대값 {tuple(shape)}"), None
    return rate_problem(m, p)


def rate_problem(m, p):
    dropped = float((m == 0).mean())
    t = hoeffding(m.size, FALSE_FAILURE)
    if abs(dropped - p) > t:
        mistake = "dropout_mask.keep_probability" if abs(dropped - (1 - p)) <= t else None
        return T(f"{dropped:.4f} of the entries were dropped, expected p = {p} (+- {t:.4f})",
                 f"원소의 {dropped:.4f}가 드롭되었습니다. 기대값 p = {p} (+- {t:.4f})"), mistake
    return None


def verify_mask_independence(case, values):
    """Disjoint neighbour pairs along the last axis and along the first: both dropped with
    probability p^2 if positions are independent."""
    m, p = _mask_and_p(case, values)
    d = (m == 0).astype(float)
    pairs = {"along a row": d[:, 0:-1:2] * d[:, 1::2], "down a column": d[0:-1:2, :] * d[1::2, :]}
    for where, both in pairs.items():
        t = hoeffding(both.size, FALSE_FAILURE, events=2)
        if abs(both.mean() - p * p) > t:
            return T(f"neighbouring entries {where} are dropped together too often ({both.mean():.3f}, expected "
                     f"{p * p:.3f}): each entry must be drawn independently",
                     f"이웃한 원소 ({where})가 너무 자주 함께 드롭됩니다 ({both.mean():.3f}, 기대값 {p * p:.3f}): "
                     f"원소마다 독립적으로 뽑아야 합니다"), "dropout_mask.shared_draws"
    return None


def verify_seeded(case, values):
    """Steps: the same seed twice, then another seed."""
    a, b, c = (np.asarray(v[-1] if isinstance(v, tuple) else v, dtype=np.float64) for v in values)
    fn = case.steps[0].fn
    if not np.array_equal(a, b):
        return T("the same seeded rng gave different masks: draw only from the rng argument, never np.random",
                 "같은 시드의 rng가 다른 마스크를 냈습니다: np.random이 "
                 "아니라 rng 인자에서만 뽑으세요"), f"{fn}.global_random"
    if np.array_equal(a, c):
        return T("different rng states gave the same mask",
                 "다른 rng 상태가 같은 마스크를 냈습니다"), f"{fn}.ignores_rng"
    return None


def verify_mask_edges(case, values):
    m, p = _mask_and_p(case, values)
    if not np.isfinite(m).all():
        return T(f"p = {p}: the mask has NaN or inf (1/(1-p) at p = 1?)",
                 f"p = {p}: 마스크에 NaN/inf (p = 1에서 1/(1-p)?)"), \
            "dropout_mask.edge_nan"
    want = 1.0 if p == 0 else 0.0
    if not (m == want).all():
        return T(f"p = {p} must give all {want:g}", f"p = {p}이면 모두 {want:g}이어야 합니다"), None
    return None


def verify_forward(case, values):
    x = np.asarray(case.args[0], dtype=np.float64)
    p = case.args[1]
    got = values[-1]
    if not isinstance(got, tuple) or len(got) != 2:
        return T("return a tuple (out, mask)", "튜플 (out, mask)를 반환하세요"), None
    out, mask = (np.asarray(v, dtype=np.float64) if v is not None else None for v in got)
    if mask is not None and mask.shape == x.shape and 0 < p < 1 and np.isin(mask, (0.0, 1.0)).all() and mask.any():
        return T("the kept units must be scaled by 1/(1-p) in training (inverted dropout): the mask is 0 or 1/(1-p)",
                 "학습 때 남은 유닛을 1/(1-p)로 스케일해야 합니다 (역 드롭아웃): 마스크는 0 또는 1/(1-p)"), \
            "dropout_forward.unscaled"
    if mask is None or mask.shape != x.shape or not _values_ok(mask, p):
        return T("the mask must have x's shape and values 0 or 1/(1-p)",
                 "마스크는 x의 shape, 값은 0 또는 1/(1-p)여야 합니다"), None
    if not np.allclose(out, x * mask, rtol=1e-6, atol=1e-7):
        return T("out must equal x * mask", "out은 x * mask와 같아야 합니다"), None
    return rate_problem(mask, p)


def verify_exact(case, values):
    """Every draw: exactly k kept entries of value 1/(1-ratio), out = y * mask, y's dtype; over all
    draws, each position kept with frequency k/n (Hoeffding, union over positions)."""
    y = np.asarray(case.steps[0].args[0])
    ratio = case.steps[0].args[1]
    k = math.floor(y.size * (1 - ratio) + 0.5)
    kept = np.zeros(y.shape)
    for v in values:
        if not isinstance(v, tuple) or len(v) != 2:
            return T("return a tuple (out, mask)", "튜플 (out, mask)를 반환하세요"), None
        out, mask = np.asarray(v[0]), np.asarray(v[1])
        if mask.shape != y.shape or mask.dtype != y.dtype:
            return T(f"the mask must have y's shape {y.shape} and dtype {y.dtype}; got {mask.shape} {mask.dtype}",
                     f"마스크는 y의 shape {y.shape}, dtype {y.dtype}이어야 합니다. 실제 "
                     f"{mask.shape} {mask.dtype}"), None
        count = int((mask != 0).sum())
        if count != k:
            mistake = "dropout_exact.no_rounding" if count == math.floor(y.size * (1 - ratio)) else \
                "dropout_exact.bernoulli"
            return T(f"{count} entries kept, expected exactly k = floor(n (1 - ratio) + 0.5) = {k}",
                     f"{count}개 원소가 남았습니다. 정확히 k = floor(n (1 - ratio) + 0.5) = {k}개여야 합니다"), mistake
        if not _values_ok(mask.astype(np.float64), ratio) and not np.allclose(mask[mask != 0], keep_scale(ratio),
                                                                              rtol=1e-6):
            return T(f"kept entries must be 1/(1-ratio) = {keep_scale(ratio):.6g}", f"남은 원소는 1/(1-ratio) = "
                     f"{keep_scale(ratio):.6g}이어야 합니다"), None
        if not np.allclose(out, y * mask, rtol=1e-6, atol=1e-7):
            return T("out must equal y * mask", "out은 y * mask와 같아야 합니다"), None
        kept += mask != 0
    freq = kept / len(values)
    t = hoeffding(len(values), FALSE_FAILURE, events=y.size)
    worst = float(np.abs(freq - k / y.size).max())
    if worst > t:
        return T(f"some positions are kept far more often than others (a frequency off by {worst:.2f}): choose the "
                 "k positions uniformly at random",
                 f"어떤 위치가 다른 위치보다 훨씬 자주 남습니다 (빈도 차이 {worst:.2f}): k개 "
                 "위치를 균등하게 무작위로 고르세요"), \
            "dropout_exact.not_uniform"
    return None


# --- known mistakes, written as wrong functions ----------------------------------------------

def dropout_mask__no_scaling(shape, p, rng):
    return (rng.random(shape) >= p) * 1.0


def dropout_mask__keep_probability(shape, p, rng):
    return (rng.random(shape) < p) * (1.0 / (1.0 - p) if p < 1 else 0.0)


def dropout_mask__global_random(shape, p, rng):
    return (np.random.random(shape) >= p) * (1.0 / (1.0 - p) if p < 1 else 0.0)


def dropout_mask__shared_draws(shape, p, rng):
    row = rng.random(shape[-1:]) >= p  # one draw per column, repeated down the rows
    return np.broadcast_to(row, shape) * (1.0 / (1.0 - p) if p < 1 else 0.0)


def dropout_mask__edge_nan(shape, p, rng):
    with np.errstate(divide="ignore", invalid="ignore"):
        return (rng.random(shape) >= p) * np.divide(1.0, 1.0 - np.float64(p))


def dropout_forward__scale_at_test(x, p, rng, train=True):
    if not train:
        return x * (1 - p), None
    mask = ((rng.random(x.shape) >= p) / (1 - p)).astype(x.dtype)
    return x * mask, mask


def dropout_forward__unscaled(x, p, rng, train=True):
    if not train:
        return x, None
    mask = (rng.random(x.shape) >= p).astype(x.dtype)
    return x * mask, mask


def dropout_forward__global_random(x, p, rng, train=True):
    if not train:
        return x, None
    mask = ((np.random.random(x.shape) >= p) / (1 - p)).astype(x.dtype)
    return x * mask, mask


def dropout_backward__no_mask(dout, mask):
    return dout * 1


def dropout_backward__unscaled(dout, mask):
    return dout * (mask != 0)


def dropout_exact__no_rounding(y, ratio, rng):
    k = math.floor(y.size * (1 - ratio))
    mask = np.zeros(y.size, dtype=y.dtype)
    mask[rng.permutation(y.size)[:k]] = 1.0 / (1.0 - ratio)
    mask = mask.reshape(y.shape)
    return y * mask, mask


def dropout_exact__bernoulli(y, ratio, rng):
    mask = ((rng.random(y.shape) >= ratio) / (1.0 - ratio)).astype(y.dtype)
    return y * mask, mask


def dropout_exact__not_uniform(y, ratio, rng):
    k = math.floor(y.size * (1 - ratio) + 0.5)
    mask = np.zeros(y.size, dtype=y.dtype)
    mask[:k] = 1.0 / (1.0 - ratio)
    mask = mask.reshape(y.shape)
    return y * mask, mask
