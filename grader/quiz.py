"""Quizzes: multiple choice, numeric (with a tolerance, optionally parameterized per student) and
symbolic answers (a formula typed as text, right when sympy proves it equal to the key).

Student text is never eval'ed: formulas are parsed by sympy's parser with a whitelist of names
and no attribute access, after a length and character check. One quiz per exercise lives in
grader/quizzes/<slug>.py as QUIZ = [questions].
"""
import hashlib
import importlib
import re
from dataclasses import dataclass, field

from dlgrade.text import Msg, T

MAX_FORMULA = 200
_ALLOWED = re.compile(r"^[0-9a-zA-Z_+\-*/^().,\s]*$")
FUNCTIONS = ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh", "sech", "Abs", "Max", "Min", "floor",
             "sign", "pi", "E")


@dataclass(frozen=True)
class Choice:
    id: str
    text: T
    options: tuple  # of T
    answer: int  # index of the right option
    explain: T = T("", "")
    kind = "choice"

    def key(self, student):
        return self.answer + 1  # options are numbered from 1, as shown

    def prompt(self, student, lang):
        return self.text.get(lang) + "".join(f"\n  {i + 1}) {o.get(lang)}" for i, o in enumerate(self.options))

    def judge(self, answer, student):
        try:
            given = int(str(answer).strip())
        except ValueError:
            return False, Msg("quiz.bad_choice", {"n": len(self.options)})
        if not 1 <= given <= len(self.options):
            return False, Msg("quiz.bad_choice", {"n": len(self.options)})
        return given == self.answer + 1, None


@dataclass(frozen=True)
class Numeric:
    id: str
    text: T  # may hold {placeholders} filled by params(student)
    solve: object  # params -> the right number
    params: object = None  # rng -> dict of per-student numbers (None: the same for everyone)
    tol: float = 1e-3  # relative tolerance (absolute below 1)
    explain: T = T("", "")
    kind = "numeric"

    def values(self, student):
        if self.params is None:
            return {}
        import numpy as np

        seed = int(hashlib.sha256(f"{student}:{self.id}".encode()).hexdigest()[:12], 16)
        return self.params(np.random.default_rng(seed))

    def key(self, student):
        return float(self.solve(**self.values(student)))

    def prompt(self, student, lang):
        return self.text.get(lang).format(**self.values(student))

    def judge(self, answer, student):
        try:
            given = float(answer)
        except (TypeError, ValueError):
            return False, Msg("quiz.bad_number", {})
        want = self.key(student)
        return abs(given - want) <= self.tol * max(1.0, abs(want)), None


@dataclass(frozen=True)
class Symbolic:
    id: str
    text: T
    answer: str  # the key, in the same syntax students type
    variables: tuple = ("x",)
    explain: T = T("", "")
    kind = "symbolic"

    def key(self, student):
        return self.answer

    def prompt(self, student, lang):
        return self.text.get(lang)

    def judge(self, answer, student):
        given, problem = parse_formula(answer, self.variables)
        if problem is not None:
            return False, problem
        want, _ = parse_formula(self.answer, self.variables)
        return equal(given, want, self.variables), None


def parse_formula(text, variables):
    """A sympy expression from student text, or (None, Msg) saying why not. No eval: sympy's
    parser with only the whitelisted names; dunders, attributes and other names are refused."""
    if not isinstance(text, str) or not text.strip():
        return None, Msg("quiz.empty_formula", {})
    if len(text) > MAX_FORMULA or not _ALLOWED.match(text) or "__" in text:
        return None, Msg("quiz.bad_formula", {"detail": "only numbers, variables, + - * / ^ ( ) and functions"})
    import sympy as sp
    from sympy.parsing.sympy_parser import convert_xor, implicit_multiplication, parse_expr, standard_transformations

    names = {v: sp.Symbol(v, real=True) for v in variables}
    names.update({f: getattr(sp, f) for f in FUNCTIONS})
    for word in re.findall(r"[A-Za-z_]\w*", text):
        if word not in names:
            return None, Msg("quiz.bad_formula", {"detail": f"unknown name '{word}'"})
    try:
        expr = parse_expr(text, local_dict=names, global_dict={"Integer": sp.Integer, "Float": sp.Float,
                                                               "Rational": sp.Rational, "Symbol": sp.Symbol},
                          transformations=standard_transformations + (implicit_multiplication, convert_xor),
                          evaluate=True)
    except Exception as e:  # any parse failure is the student's formula, reported, never raised
        return None, Msg("quiz.bad_formula", {"detail": type(e).__name__})
    if not isinstance(expr, sp.Expr):
        return None, Msg("quiz.bad_formula", {"detail": "not a formula"})
    return expr, None


def equal(a, b, variables):
    """Proved equal by simplification, else equal at many random points (both are checked)."""
    import random

    import sympy as sp

    try:
        if sp.simplify(a - b) == 0:
            return True
    except Exception:
        pass
    syms = [sp.Symbol(v, real=True) for v in variables]
    rng = random.Random(0)
    try:
        fa, fb = sp.lambdify(syms, a, "math"), sp.lambdify(syms, b, "math")
        for _ in range(25):
            point = [rng.uniform(-2, 2) for _ in syms]
            va, vb = complex(fa(*point)), complex(fb(*point))
            if abs(va - vb) > 1e-9 * max(1.0, abs(vb)):
                return False
        return True
    except Exception:
        return False


def load(slug):
    try:
        return importlib.import_module(f"dlgrade.quizzes.{slug}").QUIZ
    except ModuleNotFoundError:
        return None


@dataclass
class Graded:
    id: str
    right: bool
    problem: Msg | None = None
    explain: T | None = field(default=None)


def grade(questions, answers, student=""):
    out = []
    for q in questions:
        if q.id not in answers:
            out.append(Graded(q.id, False, Msg("quiz.unanswered", {})))
            continue
        right, problem = q.judge(answers[q.id], student)
        out.append(Graded(q.id, right, problem, q.explain if q.explain.en else None))
    return out
