"""ex13 data augmentation (notes 002 §05). Images are float arrays (H, W, C) in [0, 1].

Random augmentations are judged by properties; each statistical bound states its false-failure
probability (below 1e-9 for a correct implementation).
"""
import math

import numpy as np

from dlgrade.text import T
from dlgrade.pipeline.xp import array_module


def horizontal_flip(img):
    return img[:, ::-1].copy()


def translate(img, dx, dy):
    xp = array_module(img)
    H, W = img.shape[:2]
    out = xp.zeros_like(img)
    if abs(dx) >= W or abs(dy) >= H:
        return out
    out[max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \
        img[max(-dy, 0):H - max(dy, 0), max(-dx, 0):W - max(dx, 0)]
    return out


def random_crop(img, size, rng):
    h, w = size
    top = int(rng.integers(0, img.shape[0] - h + 1))
    left = int(rng.integers(0, img.shape[1] - w + 1))
    return img[top:top + h, left:left + w].copy(), (top, left)


def adjust_brightness(img, delta):
    return array_module(img).clip(img + delta, 0, 1)


def random_erasing(img, rng, area_frac=0.1):
    H, W = img.shape[:2]
    area = float(rng.uniform(0.5, 1.5)) * area_frac * H * W  # float(): CuPy's draws are 0-d arrays (no __round__)
    aspect = math.exp(float(rng.uniform(math.log(0.5), math.log(2))))
    h = min(H, max(1, round(math.sqrt(area * aspect))))
    target = area_frac * H * W  # keep h * w within [0.5, 1.5] x target after rounding
    w = min(W, max(1, math.ceil(0.5 * target / h), min(math.floor(1.5 * target / h), round(area / h))))
    top, left = int(rng.integers(0, H - h + 1)), int(rng.integers(0, W - w + 1))
    out = img.copy()
    out[top:top + h, left:left + w] = 0
    return out


def add_gaussian_noise(img, sigma, rng):
    xp = array_module(img)
    return xp.clip(img + sigma * rng.standard_normal(img.shape), 0, 1).astype(img.dtype)


# --- property verifiers ------------------------------------------------------------------------

def verify_flip_twice(case, values):
    if not np.array_equal(np.asarray(values[-1]), case.args[0]):
        return T("flipping twice must give the image back", "두 번 뒤집으면 원래 이미지가 나와야 합니다"), None
    if np.array_equal(np.asarray(values[0]), case.args[0]):
        return T("the first flip changed nothing", "첫 번째 뒤집기가 아무것도 바꾸지 않았습니다"), None
    return None


def _crop_problem(img, size, got):
    if not isinstance(got, tuple) or len(got) != 2 or not isinstance(got[1], (tuple, list)) or len(got[1]) != 2:
        return T("return (crop, (top, left))", "(crop, (top, left))를 반환하세요"), None
    crop, (top, left) = np.asarray(got[0]), (int(got[1][0]), int(got[1][1]))
    h, w = size
    if crop.shape != (h, w) + img.shape[2:]:
        return T(f"crop shape {crop.shape}, expected {(h, w) + img.shape[2:]}",
                 f"crop shape {crop.shape}, 기대값 {(h, w) + img.shape[2:]}"), None
    if not (0 <= top <= img.shape[0] - h and 0 <= left <= img.shape[1] - w):
        return T(f"offset ({top}, {left}) lies outside the image", f"오프셋 ({top}, {left})가 이미지 밖입니다"), None
    if not np.array_equal(crop, img[top:top + h, left:left + w]):
        return T("the crop is not the image region at the returned (top, left)",
                 "crop이 반환한 (top, left) 위치의 이미지 영역이 아닙니다"), "random_crop.offset_mismatch"
    return None


def verify_random_crop(case, values):
    """Each draw a true crop at its offset; over all draws every offset row and column is reached,
    the last one included (400 draws, 5 choices: P(a correct one misses one) < 5 (4/5)^400 < 1e-37)."""
    img, size = case.steps[0].args[0], case.steps[0].args[1]
    tops, lefts = set(), set()
    for got in values:
        problem = _crop_problem(img, size, got)
        if problem:
            return problem
        tops.add(int(got[1][0]))
        lefts.add(int(got[1][1]))
    want_t, want_l = set(range(img.shape[0] - size[0] + 1)), set(range(img.shape[1] - size[1] + 1))
    if tops != want_t or lefts != want_l:
        return T(f"over {len(values)} draws the offsets reached tops {sorted(tops)} and lefts {sorted(lefts)}; every "
                 f"offset from 0 to H - h (inclusive) must be possible",
                 f"{len(values)}번 뽑는 동안 top {sorted(tops)}, left {sorted(lefts)}만 나왔습니다. 0부터 H - h까지 "
                 f"(포함) 모든 오프셋이 가능해야 합니다"), "random_crop.off_by_one"
    return None


def verify_erasing(case, values):
    img, frac = np.asarray(case.args[0]), case.kwargs.get("area_frac", 0.1)
    out = np.asarray(values[-1])
    if out.shape != img.shape:
        return T(f"shape {out.shape}, expected {img.shape}", f"shape {out.shape}, 기대값 {img.shape}"), None
    changed = (out != img).any(axis=-1)
    zeroed = (out == 0).all(axis=-1) & changed
    if (changed & ~zeroed).any():
        return T("pixels outside the erased rectangle changed (or were only partly zeroed)",
                 "지운 사각형 밖의 픽셀이 바뀌었습니다 (또는 일부 채널만 0)"), None
    if not zeroed.any():
        return T("nothing was erased", "아무것도 지워지지 않았습니다"), None
    rows, cols = np.nonzero(zeroed)
    box = zeroed[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    if not box.all():
        return T("the zeroed pixels do not form one axis-aligned rectangle",
                 "0이 된 픽셀이 축에 정렬된 사각형 하나가 아닙니다"), None
    target = frac * img.shape[0] * img.shape[1]
    if not 0.5 * target <= box.size <= 1.5 * target:
        return T(f"erased area {box.size} px, expected between {0.5 * target:g} and {1.5 * target:g} "
                 f"(0.5-1.5 x area_frac x H x W)",
                 f"지운 넓이 {box.size} px, 기대 범위 {0.5 * target:g} ~ {1.5 * target:g} (0.5-1.5 x "
                 "area_frac x H x W)"), \
            "random_erasing.area"
    return None


def verify_noise(case, values):
    """On a constant 0.5 image with sigma <= 0.05 the clip never acts within 10 sigma (P < 1e-22 per
    pixel), so out - img is sigma * N(0, 1): with n >= 10^4 pixels the sample std is within 10% of
    sigma (over 14 sd of the estimate: P < 1e-40) and |mean| < 7 sigma / sqrt(n) (P ~ 2.6e-12)."""
    img, sigma = np.asarray(case.args[0], dtype=np.float64), case.args[1]
    out = np.asarray(values[-1], dtype=np.float64)
    if out.shape != img.shape:
        return T(f"shape {out.shape}, expected {img.shape}", f"shape {out.shape}, 기대값 {img.shape}"), None
    noise = out - img
    std, mean = float(noise.std()), float(noise.mean())
    if not 0.9 * sigma < std < 1.1 * sigma:
        mistake = "add_gaussian_noise.variance_as_std" if abs(std - sigma ** 2) < 0.1 * sigma ** 2 else None
        return T(f"the noise has std {std:.4g}, expected sigma = {sigma:g}",
                 f"노이즈 표준편차 {std:.4g}, 기대값 sigma = {sigma:g}"), \
            mistake
    if abs(mean) > 7 * sigma / math.sqrt(noise.size):
        return T(f"the noise has mean {mean:.3g}, expected 0", f"노이즈 평균 {mean:.3g}, 기대값 0"), None
    return None


def verify_noise_range(case, values):
    out, img = np.asarray(values[-1]), np.asarray(case.args[0], dtype=np.float64)
    if out.shape != img.shape or out.dtype.kind not in "fiu":  # no points for no work: an image must come back
        return T(f"expected an image of shape {img.shape}, got {out.shape}",
                 f"shape {img.shape}인 이미지여야 하는데 {out.shape}입니다"), None
    if np.array_equal(out, img) or abs(float(out.mean() - img.mean())) > 0.05:
        return T("the output is not the image with noise added (unchanged, or its mean moved away)",
                 "출력이 노이즈를 더한 이미지가 아닙니다 (그대로이거나 평균이 크게 달라짐)"), None
    if out.min() < 0 or out.max() > 1:
        return T(f"values from {out.min():.3g} to {out.max():.3g}: clip to [0, 1]",
                 f"값 범위 {out.min():.3g} ~ {out.max():.3g}: [0, 1]로 자르세요"), "add_gaussian_noise.no_clip"
    return None


def verify_seeded(case, values):
    """Steps: k >= 13 different seeds, each twice in a row. Each seed must give the same result
    twice, and the seeds must not all give one result. A function drawing from global state instead
    of rng repeats itself on every pair with probability p^k, and a correct one gives one result for
    all k seeds with probability at most p^(k-1), where p is the likeliest outcome's probability:
    with p <= 1/6 (a 3x3 crop of a 10x10 image: 64 equally likely offsets; erasing and noise have
    far more outcomes) both stay below (1/6)^12 < 1e-9."""
    results = [np.asarray(v[0] if isinstance(v, tuple) else v) for v in values]
    fn = case.steps[0].fn
    if not all(np.array_equal(a, b) for a, b in zip(results[::2], results[1::2])):
        return T("the same seeded rng gave different results: draw only from the rng argument",
                 "같은 시드의 rng가 다른 결과를 냈습니다: rng 인자에서만 뽑으세요"), f"{fn}.global_random"
    if all(np.array_equal(results[0], r) for r in results[2::2]):
        return T(f"{len(results) // 2} different rng states all gave the same result",
                 f"서로 다른 rng 상태 {len(results) // 2}개가 모두 같은 결과를 냈습니다"), None
    return None


# --- known mistakes, written as wrong functions ----------------------------------------------

def horizontal_flip__vertical(img):
    return img[::-1].copy()


def horizontal_flip__drops_a_column(img):
    return img[:, -1:0:-1].copy()  # the stop is exclusive: column 0 is lost


def translate__wraps_around(img, dx, dy):
    return np.roll(np.roll(img, dy, axis=0), dx, axis=1)


def translate__axes_swapped(img, dx, dy):
    H, W = img.shape[:2]
    out = np.zeros_like(img)
    dx, dy = dy, dx
    if abs(dx) >= W or abs(dy) >= H:
        return out
    out[max(dy, 0) : H + min(dy, 0), max(dx, 0) : W + min(dx, 0)] = img[
        max(-dy, 0) : H - max(dy, 0), max(-dx, 0) : W - max(dx, 0)
    ]
    return out


def random_crop__off_by_one(img, size, rng):
    h, w = size
    top = int(rng.integers(0, img.shape[0] - h))
    left = int(rng.integers(0, img.shape[1] - w))
    return img[top:top + h, left:left + w].copy(), (top, left)


def random_crop__offset_mismatch(img, size, rng):
    h, w = size
    top = int(rng.integers(0, img.shape[0] - h + 1))
    left = int(rng.integers(0, img.shape[1] - w + 1))
    return img[left:left + h, top:top + w].copy(), (top, left)


def adjust_brightness__no_clip(img, delta):
    return img + delta


def random_erasing__area(img, rng, area_frac=0.1):
    H, W = img.shape[:2]
    out = img.copy()
    top, left = int(rng.integers(0, H // 2 + 1)), int(rng.integers(0, W // 2 + 1))
    out[top:top + H // 2, left:left + W // 2] = 0
    return out


def add_gaussian_noise__variance_as_std(img, sigma, rng):
    return np.clip(img + sigma ** 2 * rng.standard_normal(img.shape), 0, 1).astype(img.dtype)


def random_crop__global_random(img, size, rng):
    h, w = size
    top, left = np.random.randint(0, img.shape[0] - h + 1), np.random.randint(0, img.shape[1] - w + 1)
    return img[top:top + h, left:left + w].copy(), (int(top), int(left))


def random_erasing__global_random(img, rng, area_frac=0.1):
    H, W = img.shape[:2]
    h = max(1, round(math.sqrt(area_frac * H * W)))
    w = max(1, min(W, round(area_frac * H * W / h)))
    top, left = np.random.randint(0, H - h + 1), np.random.randint(0, W - w + 1)
    out = img.copy()
    out[top:top + h, left:left + w] = 0
    return out


def add_gaussian_noise__global_random(img, sigma, rng):
    return np.clip(img + sigma * np.random.standard_normal(img.shape), 0, 1).astype(img.dtype)


def random_erasing__in_place(img, rng, area_frac=0.1):
    H, W = img.shape[:2]
    h = max(1, round(math.sqrt(area_frac * H * W)))
    w = max(1, min(W, round(area_frac * H * W / h)))
    top, left = int(rng.integers(0, H - h + 1)), int(rng.integers(0, W - w + 1))
    img[top:top + h, left:left + w] = 0  # erases the caller's image too
    return img


def add_gaussian_noise__no_clip(img, sigma, rng):
    return (img + sigma * rng.standard_normal(img.shape)).astype(img.dtype)
