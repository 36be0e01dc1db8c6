"""ex13: data augmentation, judged by properties (AI College lecture §05)."""
import numpy as np

from dlgrade.checks import Correctness, Property, Purity
from dlgrade.catalog.inputs import DTYPES, Case, Step, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.catalog.inputs import Ref, Rng
from dlgrade.text import T


def images(rng, dtypes=DTYPES, shapes=((6, 8, 3), (5, 5, 1))):
    return [rng.uniform(0.1, 1.0, shape).astype(dtype) for dtype in dtypes for shape in shapes]


def image_cases(rng, dtypes=DTYPES):
    return [Case((img,), {}, label_of(img)) for img in images(rng, dtypes)]


def flip_twice(rng):
    img = images(rng)[0]
    return [Case((img,), {}, f"flip twice {label_of(img)}",
                 steps=[Step("horizontal_flip", (img,)), Step("horizontal_flip", (Ref(0),))])]


def translate_cases(rng, dtypes=DTYPES):
    # the last shift moves the image out entirely (|dx| > W): all zeros, where slicing alone goes wrong
    return [Case((img, dx, dy), {}, f"{label_of(img)}, dx={dx}, dy={dy}") for img in images(rng, dtypes)
            for dx, dy in ((2, 1), (-1, 3), (0, -2), (3, 0), (-(img.shape[1] + 2), 1))]


def brightness_cases(rng, dtypes=DTYPES):
    return [Case((img, d), {}, f"{label_of(img)}, delta={d}") for img in images(rng, dtypes) for d in (0.3, -0.5, 0.05)]


def seeded(fn, make_args, k=13):
    """k different seeds, each twice in a row (reference.verify_seeded states the bounds)."""
    def gen(rng):
        seeds = [int(s) for s in rng.choice(2**31, size=k, replace=False)]
        return [Case(steps=[Step(fn, make_args(Rng(s))) for s in seeds for _ in range(2)],
                     label=f"{fn} with {k} seeds, each twice")]

    return gen


def crop_draws(rng, draws=400):
    img = rng.uniform(0.1, 1, (8, 9, 3))
    one = Rng(int(rng.integers(2**31)), shared=True)  # one generator for all the draws of the case
    return [Case(steps=[Step("random_crop", (img, (4, 5), one)) for _ in range(draws)],
                 label=f"{draws} crops of (4, 5) from float64[8, 9, 3]")]


def crop_purity(rng):
    img = rng.uniform(0.1, 1, (8, 9, 3)).astype(np.float32)
    return [Case((img, (4, 5), Rng(int(rng.integers(2**31)))), {}, f"{label_of(img)}, size=(4, 5)")]


def erasing_purity(rng):
    img = rng.uniform(0.1, 1, (20, 30, 3)).astype(np.float32)
    return [Case((img, Rng(int(rng.integers(2**31)))), {"area_frac": 0.1}, f"{label_of(img)}, area_frac=0.1")]


def erasing_cases(rng):
    cases = []
    for shape, frac in (((20, 30, 3), 0.1), ((16, 16, 1), 0.25), ((40, 25, 3), 0.05)):
        for _ in range(3):
            img = rng.uniform(0.1, 1, shape)
            cases.append(Case((img, Rng(int(rng.integers(2**31)))), {"area_frac": frac},
                              f"{label_of(img)}, area_frac={frac}"))
    return cases


def noise_cases(rng, dtypes=DTYPES):
    return [Case((np.full((64, 64, 3), 0.5, dtype), sigma, Rng(int(rng.integers(2**31)))), {},
                 f"constant 0.5 image {dtype.__name__}[64, 64, 3], sigma={sigma}")
            for dtype in dtypes for sigma in (0.05, 0.02)]


def noise_range_cases(rng):
    img = rng.choice([0.0, 1.0, 0.5], size=(32, 32, 3))
    return [Case((img, 0.2, Rng(int(rng.integers(2**31)))), {},
                 T("an image with 0s and 1s, sigma=0.2", "0과 1로 된 이미지, sigma=0.2"))]


EXERCISE = Exercise(
    id="ex13",
    name="augmentation",
    title=T("Data augmentation", "데이터 증강"),
    notes=("002 §05",),
    functions=(
        Function("horizontal_flip", (
            Correctness(2, image_cases),
            Property(1, flip_twice, verify="verify_flip_twice", name="twice"),
            Correctness(1, image_cases, name="hidden_values", hidden=True),
            Purity(1, lambda rng: image_cases(rng, dtypes=(np.float32,))),
        ), Hints(
            idea=T("Mirror the image left to right.", "이미지를 좌우로 뒤집습니다."),
            formula=T("out[:, j] = img[:, W - 1 - j]: reverse the column axis (axis 1).",
                      "out[:, j] = img[:, W - 1 - j]: 열 축 (axis 1)을 뒤집습니다."),
            code=T("return img[:, ::-1].copy()"),
        ), (
            Mistake("horizontal_flip.vertical",
                    T("Axis 0 is the rows (up-down); a horizontal flip reverses axis 1.",
                      "axis 0은 행 (위아래)입니다. 좌우 반전은 axis 1을 뒤집습니다.")),
            Mistake("horizontal_flip.drops_a_column",
                    T("img[:, -1:0:-1] stops before column 0: reverse the whole axis with img[:, ::-1].",
                      "img[:, -1:0:-1]은 0번 열 앞에서 멈춥니다: img[:, ::-1]로 축 전체를 뒤집으세요.")),
        )),
        Function("translate", (Correctness(2, translate_cases), Purity(1, lambda rng: translate_cases(
            rng, dtypes=(np.float32,)))), Hints(
            idea=T("Move every pixel by (dx, dy); what comes in from outside is black (0).",
                   "모든 픽셀을 (dx, dy)만큼 옮기고, 밖에서 들어오는 부분은 검정 (0)."),
            formula=T("out[y + dy, x + dx] = img[y, x] where both are inside the image, 0 elsewhere.",
                      "둘 다 이미지 안이면 out[y + dy, x + dx] = img[y, x], 나머지는 0."),
            code=T("out = zeros_like(img); out[max(dy,0):H+min(dy,0), max(dx,0):W+min(dx,0)] = "
                   "img[max(-dy,0):H-max(dy,0), max(-dx,0):W-max(dx,0)]"),
        ), (
            Mistake("translate.wraps_around",
                    T("np.roll wraps pixels around to the other side; translation fills with zeros instead.",
                      "np.roll은 픽셀을 반대편으로 감습니다. 이동은 0으로 채워야 합니다.")),
            Mistake("translate.axes_swapped",
                    T("dx moves along the columns (axis 1), dy along the rows (axis 0).",
                      "dx는 열 방향 (axis 1), dy는 행 방향 (axis 0)으로 움직입니다.")),
        )),
        Function("random_crop", (
            Property(2, crop_draws, verify="verify_random_crop", name="crops"),
            Property(1, seeded("random_crop", lambda r: (np.arange(100.0).reshape(10, 10, 1) / 100, (3, 3), r)),
                     verify="verify_seeded", name="seeded"),
            Purity(1, crop_purity),
        ), Hints(
            idea=T("Pick a random top-left corner such that the crop fits, then slice.",
                   "잘라낸 부분이 들어가도록 왼쪽 위 모서리를 무작위로 고르고 자릅니다."),
            formula=T("top uniform in {0, ..., H - h}, left in {0, ..., W - w} (both ends included).",
                      "top은 {0, ..., H - h}, left는 {0, ..., W - w}에서 균등 (양 끝 포함)."),
            code=T("top = int(rng.integers(0, H - h + 1)); left = int(rng.integers(0, W - w + 1))"),
        ), (
            Mistake("random_crop.off_by_one",
                    T("rng.integers' upper bound is exclusive: use H - h + 1 so the last offset is possible.",
                      "rng.integers의 상한은 포함되지 않습니다: 마지막 오프셋도 가능하도록 H - h + 1을 쓰세요."),
                    detect="property"),
            Mistake("random_crop.offset_mismatch",
                    T("Slice rows with top and columns with left: img[top:top+h, left:left+w].",
                      "행은 top, 열은 left로 자르세요: img[top:top+h, left:left+w]."), detect="property"),
            Mistake("random_crop.global_random",
                    T("Draw the offsets from the rng argument (rng.integers), not np.random: a seeded run must repeat.",
                      "오프셋은 np.random이 아니라 rng 인자(rng.integers)에서 뽑으세요: 시드를 "
                      "준 실행은 반복되어야 합니다."),
                    detect="property"),
        )),
        Function("adjust_brightness", (Correctness(2, brightness_cases), Purity(1, lambda rng: brightness_cases(
            rng, dtypes=(np.float32,)))), Hints(
            idea=T("Brighten or darken every value, but stay a valid image.",
                   "모든 값을 밝게 또는 어둡게 하되, 유효한 이미지로 남기세요."),
            formula=T("out = clip(img + delta, 0, 1)."),
            code=T("return xp.clip(img + delta, 0, 1)"),
        ), (
            Mistake("adjust_brightness.no_clip", T("Clip the result to [0, 1].",
                                                   "결과를 [0, 1]로 자르세요.")),
        )),
        Function("random_erasing", (
            Property(3, erasing_cases, verify="verify_erasing", name="rectangle"),
            Property(1, seeded("random_erasing", lambda r: (np.full((12, 12, 1), 0.7), r)), verify="verify_seeded",
                     name="seeded"),
            Purity(1, erasing_purity, mutation_mistake="random_erasing.in_place"),
        ), Hints(
            idea=T("Black out one random rectangle, about area_frac of the image.",
                   "이미지의 약 area_frac 크기인 사각형 하나를 무작위로 지웁니다."),
            formula=T("area = U(0.5, 1.5) * area_frac * H * W; choose h, w with h * w close to it, a random "
                      "corner, set that block (all channels) to 0.",
                      "area = U(0.5, 1.5) * area_frac * H * W; h * w가 그에 가깝도록 h, w를 고르고, 무작위 모서리에서 "
                      "그 블록 (모든 채널)을 0으로."),
            code=T("out = img.copy(); out[top:top + h, left:left + w] = 0"),
        ), (
            Mistake("random_erasing.area",
                    T("The erased area must follow area_frac: between 0.5 and 1.5 times area_frac * H * W.",
                      "지우는 넓이는 area_frac을 따라야 합니다: area_frac * H * W의 0.5 ~ 1.5배."), detect="property"),
            Mistake("random_erasing.in_place",
                    T("img[...] = 0 erases the caller's image too: copy first (out = img.copy()) and erase the copy.",
                      "img[...] = 0은 호출한 쪽의 이미지도 지웁니다: 먼저 복사하고 (out = "
                      "img.copy()) 복사본을 지우세요."),
                    detect="property"),
            Mistake("random_erasing.global_random",
                    T("Draw the rectangle's size and place from the rng argument, not np.random: a seeded "
                      "run must repeat.",
                      "사각형의 크기와 위치는 np.random이 아니라 rng 인자에서 뽑으세요: 시드를 "
                      "준 실행은 반복되어야 합니다."),
                    detect="property"),
        )),
        Function("add_gaussian_noise", (
            Property(2, noise_cases, verify="verify_noise", name="spread"),
            Property(1, noise_range_cases, verify="verify_noise_range", name="range"),
            Property(1, seeded("add_gaussian_noise", lambda r: (np.full((8, 8, 1), 0.5), 0.1, r)),
                     verify="verify_seeded", name="seeded"),
            Purity(1, lambda rng: noise_cases(rng, dtypes=(np.float32,))[:1]),
        ), Hints(
            idea=T("Add independent Gaussian noise to every value, then keep it a valid image.",
                   "모든 값에 독립적인 가우시안 노이즈를 더하고 유효한 이미지로 유지합니다."),
            formula=T("out = clip(img + sigma * Z, 0, 1) with Z ~ N(0, 1) from rng: sigma is the standard deviation.",
                      "out = clip(img + sigma * Z, 0, 1), Z ~ N(0, 1)은 rng에서: sigma는 표준편차."),
            code=T("return xp.clip(img + sigma * rng.standard_normal(img.shape), 0, 1).astype(img.dtype)"),
        ), (
            Mistake("add_gaussian_noise.variance_as_std",
                    T("sigma is the standard deviation: multiply Z by sigma, not sigma**2.",
                      "sigma는 표준편차입니다: Z에 sigma**2가 아니라 sigma를 곱하세요."), detect="property"),
            Mistake("add_gaussian_noise.no_clip", T("Clip the result to [0, 1].",
                                                    "결과를 [0, 1]로 자르세요."),
                    detect="property"),
            Mistake("add_gaussian_noise.global_random",
                    T("Draw the noise from the rng argument (rng.standard_normal), not np.random: a seeded "
                      "run must repeat.",
                      "노이즈는 np.random이 아니라 rng 인자(rng.standard_normal)에서 뽑으세요: 시드를 "
                      "준 실행은 반복되어야 합니다."),
                    detect="property"),
        )),
    ),
)
