"""Every numeric key recomputed from the numbers in the RENDERED question text with a second,
independent formula (NumPy, written here), for many students, practice and graded: a key that
follows numbers the student never sees fails here. Also: right options spread over positions,
3 significant digits accepted and a 1% error refused, and enough variety between students."""
import math
import re
from collections import Counter

import numpy as np
import pytest

from dlgrade import catalog, quiz

NUM = re.compile(r"(?<![\w.^])-?\d+(?:\.\d+)?(?:e-?\d+)?")
QUIZZES = {slug: quiz.load(slug) for slug in catalog.slugs()}
STUDENTS = [str(20260000 + i) for i in range(60)] + ["alice", "", "김민수"]
SECRET = b"course secret for the tests, 2026"


def sig(z):
    return 1 / (1 + np.exp(-z))


def bn_norm(v):
    v = np.array(v, dtype=float)
    return (v[0] - v.mean()) / v.std()


def adam_first_step(b1, b2, g, lr, corrected):
    m, v = (1 - b1) * g, (1 - b2) * g * g
    if corrected:
        m, v = m / (1 - b1), v / (1 - b2)
    return lr * m / np.sqrt(v)


# (slug, question id) -> f(numbers in the rendered text, in order) -> the right value
RECOMPUTE = {
    ("ex01_neuron", "q2"): lambda n: n[0] * n[1],
    ("ex01_neuron", "q3"): lambda n: np.dot(n[:2], n[1:]) + n[1] + n[2],
    ("ex01_neuron", "q4"): lambda n: np.dot(n[:3], n[3:6]) + n[6],
    ("ex01_neuron", "q5"): lambda n: sig(np.dot(n[:3], n[3:6]) + n[6]),
    ("ex02_activations", "q5"): lambda n: (np.exp(n) / np.exp(n).sum())[0],
    ("ex02_activations", "q7"): lambda n: np.exp(-n[0]) / (1 + np.exp(-n[0])) ** 2,
    ("ex03_chain_rule", "q3"): lambda n: n[0] * (1 - np.cos(2 * n[1])),  # 2 r sin^2 t = r (1 - cos 2t)
    ("ex04_backprop", "q5"): lambda n: (lambda x, w, t: -(t - sig(w * x)) * sig(w * x) * sig(-w * x) * x)(*n[1:4]),
    ("ex05_losses", "q1"): lambda n: np.mean(np.square(np.subtract(n[:3], n[3:6]))),
    ("ex05_losses", "q2"): lambda n: np.mean(np.abs(np.subtract(n[:3], n[3:6]))),
    ("ex05_losses", "q3"): lambda n: -np.log(n[0]),
    ("ex06_norms", "q1"): lambda n: np.linalg.norm(n, 1),
    ("ex06_norms", "q2"): lambda n: np.linalg.norm(n),
    ("ex06_norms", "q3"): lambda n: n[1] * min(1.0, n[0] / np.linalg.norm(n[1:])) if any(n[1:]) else 0.0,
    ("ex07_init", "q1"): lambda n: n[0] ** -0.5,
    ("ex07_init", "q2"): lambda n: (n[0] / 2) ** -0.5,
    ("ex08_optimizers", "q2"): lambda n: adam_first_step(n[2], n[3], n[4], n[5], corrected=True),
    ("ex08_optimizers", "q3"): lambda n: adam_first_step(0.9, 0.999, n[0], n[1], corrected=False),
    ("ex08_optimizers", "q6"): lambda n: n[1] * n[4] / np.hypot(n[3], n[4]),
    ("ex09_dropout", "q1"): lambda n: 1 / (1 - n[0]),
    ("ex09_dropout", "q5"): lambda n: int(np.floor(n[0] * (1 - n[1]) + 0.5)),
    ("ex10_batchnorm", "q1"): lambda n: np.var(n[:4]),
    ("ex10_batchnorm", "q2"): lambda n: bn_norm(n[:4]),
    ("ex10_batchnorm", "q3"): lambda n: n[0] * n[1] + (1 - n[1]) * np.mean(n[2:6]),
    ("ex10_batchnorm", "q4"): lambda n: (n[5] - n[0]) / np.sqrt(n[1]),
    ("ex11_training", "q1"): lambda n: -(-int(n[0]) // int(n[1])),
    ("ex11_training", "q2"): lambda n: n[1] * n[2],
    ("ex12_cnn", "q1"): lambda n: math.floor((n[0] + 2 * n[3] - n[1]) / n[2]) + 1,
    ("ex12_cnn", "q2"): lambda n: n[0] ** 2 * n[1] * n[2] + n[2],
    ("ex12_cnn", "q3"): lambda n: n[2] ** 2 * n[0] + n[0] + n[0] * n[1] + n[1],
    ("ex13_augmentation", "q1"): lambda n: n[0] - n[1] + 1,
    ("ex13_augmentation", "q2"): lambda n: 1.5 * np.prod(n),
}


def numeric_questions():
    return [(slug, q) for slug, qz in QUIZZES.items() for q in qz.questions if q.kind == "numeric"]


def numbers(q, draw, lang="en"):
    text = q.prompt(draw, lang).replace(q.precision().render(lang), "")
    return [float(v) for v in NUM.findall(text)]


def test_every_numeric_question_has_an_independent_formula():
    assert {(slug, q.id) for slug, q in numeric_questions()} == set(RECOMPUTE)


@pytest.mark.parametrize("secret", [None, SECRET])
@pytest.mark.parametrize("slug,q", numeric_questions(), ids=lambda v: getattr(v, "id", v))
def test_keys_follow_the_numbers_shown(slug, q, secret):
    for student in STUDENTS:
        draw = QUIZZES[slug].draw(student, secret)
        want = float(RECOMPUTE[slug, q.id](numbers(q, draw)))
        assert sorted(numbers(q, draw, "ko")) == sorted(numbers(q, draw, "en"))  # the same numbers in both languages
        assert q.key(draw) == pytest.approx(want, rel=1e-9, abs=1e-12), (slug, q.id, student, q.prompt(draw, "en"))
        right, problem = q.judge(repr(want), draw)
        assert right and problem is None


@pytest.mark.parametrize("slug,q", numeric_questions(), ids=lambda v: getattr(v, "id", v))
def test_three_significant_digits_accepted_one_percent_refused(slug, q):
    for student in STUDENTS:
        draw = QUIZZES[slug].draw(student)
        key = q.key(draw)
        if q.digits is None:  # an exact whole number: float artifacts pass, one off does not
            assert q.judge(repr(key + 1e-14 * max(1, abs(key))), draw)[0] and q.judge(f"{key}.0", draw)[0]
            assert not q.judge(str(key + 1), draw)[0] and not q.judge(str(key - 1), draw)[0]
            continue
        assert q.judge(f"{key:.3g}", draw)[0], (slug, q.id, key)
        assert q.judge(float(f"{key:.3g}"), draw)[0]  # a JSON number too
        if key != 0:
            for wrong in (key * 1.01, key * 0.99):
                assert not q.judge(f"{wrong:.6g}", draw)[0], (slug, q.id, key, wrong)


def test_fractions_and_float_artifacts_are_numbers():
    q = next(q for q in QUIZZES["ex09_dropout"].questions if q.id == "q1")
    for student in STUDENTS:
        draw = QUIZZES["ex09_dropout"].draw(student)
        keep = round(100 - 100 * draw.values["p"])
        assert q.judge(f"100/{keep}", draw)[0] and q.judge(f" 100 / {keep} ", draw)[0]
        assert not q.judge(f"100/{keep + 3}", draw)[0]


@pytest.mark.parametrize("slug,q", numeric_questions(), ids=lambda v: getattr(v, "id", v))
def test_every_numeric_question_varies_between_students(slug, q):
    keys = {q.key(QUIZZES[slug].draw(str(s))) for s in range(300)}
    assert len(keys) >= 20, (slug, q.id, len(keys))


def test_the_right_option_is_spread_over_the_positions():
    positions, total, by_one = Counter(), 0, 0
    for slug, qz in QUIZZES.items():
        for q in qz.questions:
            if q.kind != "choice":
                continue
            seen = Counter(q.key(qz.draw(str(s))) for s in range(200))
            assert set(seen) == set(range(1, len(q.options) + 1)), (slug, q.id, seen)  # every position occurs
            assert max(seen.values()) < 0.45 * 200, (slug, q.id, seen)
            positions.update(seen)
            total += 200
            by_one += seen[1]
    assert by_one / total < 0.35  # answering "1" everywhere scores about 1 in 4, not 88%


def test_options_are_the_same_set_and_the_order_is_stable():
    qz = QUIZZES["ex01_neuron"]
    q = qz.questions[0]
    a, b = qz.draw("s1"), qz.draw("s1")
    assert a.order(q) == b.order(q) and sorted(a.order(q)) == list(range(len(q.options)))
    assert {tuple(qz.draw(str(s)).order(q)) for s in range(50)} != {tuple(a.order(q))}


def test_a_graded_draw_differs_from_practice_and_needs_the_secret():
    qz = QUIZZES["ex05_losses"]
    practice, graded = qz.draw("s1"), qz.draw("s1", SECRET)
    other = qz.draw("s1", SECRET + b"x")
    assert practice.values != graded.values and graded.values != other.values
    assert qz.draw("s1", SECRET).values == graded.values
