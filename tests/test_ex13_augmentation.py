"""ex13: the statistical verifiers never fail the reference under many seeds; alternative
formulations (np.fliplr, slicing with np.pad, rng.normal) pass."""
import numpy as np

from grader.inputs import Case, Step
from reference import ex13_augmentation as r
from tests.helpers import grade_source, solution_text


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


ALTERNATIVE = '''
def horizontal_flip(img):
    return np.fliplr(img).copy()


def translate(img, dx, dy):
    H, W = img.shape[:2]
    padded = np.pad(img, ((H, H), (W, W), (0, 0)))
    return padded[H - dy:2 * H - dy, W - dx:2 * W - dx].copy()


def add_gaussian_noise(img, sigma, rng):
    return np.minimum(np.maximum(img + rng.normal(0.0, sigma, img.shape), 0), 1).astype(img.dtype)
'''


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex13", solution_text("ex13_augmentation") + ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
