"""ex13: the statistical verifiers never fail the reference under many seeds; alternative
formulations (np.fliplr, slicing with np.pad, other ways to draw, rng.normal) pass."""
import numpy as np

from dlgrade.catalog.inputs import Case, Step
from dlgrade.reference import ex13_augmentation as r
from tests.helpers import grade_source, solution_text, with_function


def test_verifiers_never_fail_the_reference():
    img = np.random.default_rng(0).uniform(0.1, 1, (8, 9, 3))
    for seed in range(300):
        rng = np.random.default_rng(seed)
        case = Case((np.full((64, 64, 3), 0.5), 0.05, None))
        assert r.verify_noise(case, [r.add_gaussian_noise(case.args[0], 0.05, rng)]) is None
        erase = Case((rng.uniform(0.1, 1, (20, 30, 3)), None), {"area_frac": 0.1})
        assert r.verify_erasing(erase, [r.random_erasing(erase.args[0], rng, 0.1)]) is None
    for seed in range(20):
        rng = np.random.default_rng(seed)
        steps = [Step("random_crop", (img, (4, 5), None))] * 400
        assert r.verify_random_crop(Case(steps=steps), [r.random_crop(img, (4, 5), rng) for _ in steps]) is None


def test_seeded_verifier_never_fails_the_reference():
    """13 seeds, each twice: the reference must repeat per seed and vary across seeds, every time."""
    small = np.arange(100.0).reshape(10, 10, 1) / 100
    calls = {"random_crop": lambda g: r.random_crop(small, (3, 3), g),
             "random_erasing": lambda g: r.random_erasing(np.full((12, 12, 1), 0.7), g),
             "add_gaussian_noise": lambda g: r.add_gaussian_noise(np.full((8, 8, 1), 0.5), 0.1, g)}
    master = np.random.default_rng(1)
    for fn, call in calls.items():
        for _ in range(200):
            seeds = master.choice(2**31, size=13, replace=False)
            steps = [Step(fn, ()) for _ in range(26)]
            values = [call(np.random.default_rng(int(s))) for s in seeds for _ in range(2)]
            assert r.verify_seeded(Case(steps=steps), values) is None


def test_in_place_erasing_is_named(tmp_path):
    """The rectangle looks right, so only the purity check can see that the caller's image changed."""
    import inspect

    source = with_function("ex13", "random_erasing", inspect.getsource(r.random_erasing__in_place))
    report = grade_source("ex13", source, tmp_path, functions=["random_erasing"])
    status = {c.id: (c.status, c.misconception) for c in report.checks}
    assert status["ex13.random_erasing.rectangle"][0] == "passed"
    assert status["ex13.random_erasing.purity"] == ("failed", "random_erasing.in_place")


ALTERNATIVE = '''
def horizontal_flip(img):
    return np.fliplr(img).copy()


def translate(img, dx, dy):
    H, W = img.shape[:2]
    PH, PW = H + abs(dy), W + abs(dx)  # room for any shift, one that moves the image out entirely too
    padded = np.pad(img, ((PH, PH), (PW, PW), (0, 0)))
    return padded[PH - dy:PH - dy + H, PW - dx:PW - dx + W].copy()


def random_crop(img, size, rng):
    h, w = size
    top, left = (int(v) for v in rng.integers(0, [img.shape[0] - h + 1, img.shape[1] - w + 1]))
    return img[top:top + h, left:left + w], (top, left)


def random_erasing(img, rng, area_frac=0.1):
    H, W = img.shape[:2]
    h = max(1, round((area_frac * H * W) ** 0.5))
    w = max(1, min(W, round(area_frac * H * W / h)))
    out = np.array(img, copy=True)
    top = int(rng.integers(H - h + 1))
    left = int(rng.integers(W - w + 1))
    out[top:top + h, left:left + w, :] = 0.0
    return out


def add_gaussian_noise(img, sigma, rng):
    return np.minimum(np.maximum(img + rng.normal(0.0, sigma, img.shape), 0), 1).astype(img.dtype)
'''


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex13", solution_text("ex13_augmentation") + ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
