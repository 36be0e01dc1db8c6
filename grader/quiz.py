"""Quizzes: multiple choice (options shuffled per student), numeric (stated precision, relative
tolerance) and symbolic answers (a formula typed as text, right when sympy proves it equal to
the key). One quiz per exercise lives in grader/quizzes/<slug>.py as QUIZ = Quiz(...).

A `Draw` is one student's copy of a quiz: ONE parameter set for the whole quiz (so "the same
numbers" in a later question are the numbers shown earlier) and one option order per question.
Both come from a hash of the student id, or, for a graded quiz, from an HMAC keyed by the course
secret: without the secret nobody can compute a graded quiz's numbers, order or key.
Student text is never evaluated: see grader/study/quiz_formula.py.
"""
import hashlib
import hmac
import importlib
import inspect
import math
from dataclasses import dataclass, field

from dlgrade.study.quiz_formula import Refused, equal, parse_formula, parse_number, within_time
from dlgrade.text import Msg, T

NO_TEXT = T("", "")


def derive(student, tag, secret=None):
    """A 64-bit integer from (student, tag): sha256 for self-study, HMAC-SHA256 with a secret."""
    data = f"{student}\x00{tag}".encode("utf-8", "surrogatepass")
    digest = hmac.new(secret, data, hashlib.sha256).digest() if secret else hashlib.sha256(data).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class Quiz:
    slug: str
    questions: tuple
    params: object = None  # rng -> dict: ONE set of numbers per (student, quiz), shared by every question

    def __post_init__(self):
        for q in self.questions:  # each question knows its quiz: q.key("s1") draws that student's copy
            object.__setattr__(q, "owner", self)

    def draw(self, student="", secret=None):
        return Draw(self, str(student), secret)

    def __iter__(self):  # a Quiz reads as its list of questions (callers written before Draw)
        return iter(self.questions)

    def __len__(self):
        return len(self.questions)


@dataclass
class Draw:
    quiz: Quiz
    student: str
    secret: bytes | None = None
    _values: dict | None = field(default=None, repr=False)

    @property
    def graded(self):
        return self.secret is not None

    @property
    def values(self):
        if self._values is None:
            self._values = {}
            if self.quiz.params is not None:
                import numpy as np

                seed = derive(self.student, f"{self.quiz.slug}:params", self.secret)
                self._values = self.quiz.params(np.random.default_rng(seed))
        return self._values

    def order(self, q):
        """The shown order of a choice question's options: shown position -> original index."""
        import random

        order = list(range(len(q.options)))
        random.Random(derive(self.student, f"{self.quiz.slug}:{q.id}", self.secret)).shuffle(order)
        return order

    def questions(self):
        return self.quiz.questions


class Question:
    """What the three kinds share: a Draw, or a plain student id (practice) for callers that pass one."""

    def drawn(self, draw):
        if isinstance(draw, Draw):
            return draw
        owner = getattr(self, "owner", None) or Quiz("", (self,))
        return owner.draw(str(draw or ""))


@dataclass(frozen=True)
class Choice(Question):
    id: str
    text: T
    options: tuple  # of T; options[answer] is right
    answer: int = 0
    explain: T = NO_TEXT
    kind = "choice"

    def key(self, draw):
        draw = self.drawn(draw)
        return draw.order(self).index(self.answer) + 1  # options are numbered from 1, as shown

    def shown_key(self, draw, lang):
        draw = self.drawn(draw)
        return f"{self.key(draw)}) {self.options[self.answer].get(lang)}"

    def prompt(self, draw, lang):
        draw = self.drawn(draw)
        return self.text.get(lang) + "".join(f"\n  {n}) {self.options[i].get(lang)}"
                                             for n, i in enumerate(draw.order(self), start=1))

    def judge(self, answer, draw):
        """(right, problem): problem is a Msg when the answer cannot be read (ask again)."""
        draw = self.drawn(draw)
        try:
            text = str(answer).strip().rstrip(").")  # "3", "3)" or "3." as the options are shown
            given = int(text) if not isinstance(answer, bool) and len(text) < 10 else 0
        except ValueError:
            given = 0
        if not 1 <= given <= len(self.options):
            return False, Msg("quiz.bad_choice", {"n": len(self.options)})
        return given == self.key(draw), None


@dataclass(frozen=True)
class Numeric(Question):
    id: str
    text: T  # may hold {placeholders} filled from the quiz's parameters
    solve: object  # (the parameters it names) -> the right number
    digits: int | None = 3  # significant digits asked for; None: an exact whole number
    explain: T = NO_TEXT
    kind = "numeric"

    def key(self, draw):
        draw = self.drawn(draw)
        wanted = inspect.signature(self.solve).parameters
        value = float(self.solve(**{k: v for k, v in draw.values.items() if k in wanted}))
        return round(value) if self.digits is None else float(f"{value:.{max(self.digits, 12)}g}")

    def shown_key(self, draw, lang):
        draw = self.drawn(draw)
        value = self.key(draw)
        return str(value) if self.digits is None else f"{value:.{self.digits + 2}g}"

    def precision(self):
        if self.digits is None:
            return Msg("quiz.precision_exact", {})
        return Msg("quiz.precision_digits", {"n": self.digits})

    def prompt(self, draw, lang):
        draw = self.drawn(draw)
        return self.text.get(lang).format(**draw.values) + " " + self.precision().render(lang)

    def tolerance(self, want):
        """Half a unit of the last asked digit (exactly what rounding allows), or a float artifact."""
        if self.digits is None or want == 0:
            return 1e-9 * max(1.0, abs(want))
        unit = 10.0 ** (math.floor(math.log10(abs(want))) - self.digits + 1)
        return 0.5 * unit * (1 + 1e-9) + 1e-12 * abs(want)

    def judge(self, answer, draw):
        draw = self.drawn(draw)
        try:
            given = parse_number(answer)
        except Refused as r:
            return False, r.msg
        want = self.key(draw)
        return abs(given - want) <= self.tolerance(want), None


@dataclass(frozen=True)
class Symbolic(Question):
    id: str
    text: T
    answer: str  # the key, in the same syntax students type
    variables: tuple = ("x",)
    explain: T = NO_TEXT
    kind = "symbolic"

    def key(self, draw):
        draw = self.drawn(draw)
        return self.answer

    def shown_key(self, draw, lang):
        draw = self.drawn(draw)
        return self.answer

    def prompt(self, draw, lang):
        draw = self.drawn(draw)
        return self.text.get(lang).format(**draw.values)

    def judge(self, answer, draw):
        draw = self.drawn(draw)
        try:
            given = parse_formula(answer, self.variables)
        except Refused as r:
            return False, r.msg
        want = parse_formula(self.answer, self.variables)
        right = within_time(lambda: equal(given, want, self.variables))
        if right is None:
            return False, Msg("quiz.too_slow", {})
        return right, None


def load(slug):
    """The Quiz of an exercise, or None."""
    try:
        module = importlib.import_module(f"dlgrade.quizzes.{slug}")
    except ModuleNotFoundError:
        return None
    return module.QUIZ


@dataclass
class Graded:
    id: str
    right: bool
    problem: Msg | None = None
    explain: T | None = None
    answered: bool = True


def grade(draw, answers, student=""):
    """One Graded per question of the draw, in order. Unknown ids in answers are the caller's to report.
    `draw` may also be a Quiz (or its questions) with the practice `student` id."""
    if not isinstance(draw, Draw):
        questions = list(draw)
        draw = (getattr(questions[0], "owner", None) or Quiz("", tuple(questions))).draw(student)
    out = []
    for q in draw.questions():
        if q.id not in answers:
            out.append(Graded(q.id, False, Msg("quiz.unanswered", {}), answered=False))
            continue
        right, problem = q.judge(answers[q.id], draw)
        out.append(Graded(q.id, right, problem, q.explain if q.explain.en else None))
    return out


def unknown_ids(quiz, answers):
    ids = {q.id for q in quiz.questions}
    return sorted(str(k) for k in answers if k not in ids)


class _CallableModule(type(inspect)):
    """`dlgrade.quiz` is this module (question types) and, called, the notebook quiz."""

    def __call__(self, exercise, *, student="", answers=None, lang="en", workspace=None, widgets=None):
        """A quiz form (ipywidgets where present, else text input); with `answers` ({id: answer}) graded at once."""
        from dlgrade.integrations.inline_quiz import quiz as _quiz

        return _quiz(exercise, student=student, answers=answers, lang=lang, workspace=workspace, widgets=widgets)


import sys  # noqa: E402

sys.modules[__name__].__class__ = _CallableModule
