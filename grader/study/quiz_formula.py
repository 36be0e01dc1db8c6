"""Answers typed as text, read without ever evaluating them: numbers (a decimal or a fraction
such as 10/9) and formulas (a small parser of our own that builds sympy objects with
evaluate=False, within bounds on length, literals, nesting and constant exponents). Judging
two formulas equal runs in a forked child under a time limit, so no answer can hang the grader.
"""
import math
import os
import re
import select
import signal

from dlgrade.text import Msg

MAX_FORMULA = 200  # characters
MAX_NUMBER = 40  # characters of a numeric answer
MAX_LITERAL = 15  # digits of one number inside a formula
MAX_DEPTH = 40  # nested parentheses/operators
MAX_POWER = 1000  # product of the constant exponents along any path: 9^9^9^9 is refused at once
JUDGE_SECONDS = 3.0
JUDGE_MEMORY = 512 << 20  # bytes the judging child may add to what it inherits
FUNCTIONS = ("exp", "log", "ln", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh", "sech", "sigmoid", "abs",
             "floor", "sign", "max", "min")
CONSTANTS = ("pi", "e")

_NUMBER = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?"
_NUMERIC = re.compile(rf"^\s*([+-]?{_NUMBER})\s*(?:/\s*([+-]?{_NUMBER})\s*)?$")
_TOKEN = re.compile(rf"\s*(?:(?P<num>{_NUMBER})|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<op>\*\*|[-+*/^(),]))")


class Refused(Exception):
    """The answer cannot be read; carries the student's message."""

    def __init__(self, msg):
        super().__init__(msg.id)
        self.msg = msg


# --- numbers ----------------------------------------------------------------------------------

def parse_number(answer):
    """A finite float from a JSON number or a text such as '0.733', '-1.2e-3' or '10/9'; else Refused."""
    if isinstance(answer, bool) or answer is None:
        raise Refused(Msg("quiz.bad_number", {}))
    if isinstance(answer, int):
        if abs(answer) > 10 ** 30:
            raise Refused(Msg("quiz.too_large", {}))
        return float(answer)
    if isinstance(answer, float):
        if not math.isfinite(answer):
            raise Refused(Msg("quiz.too_large", {}))
        return answer
    if not isinstance(answer, str):
        raise Refused(Msg("quiz.bad_number", {}))
    text = answer.strip()
    if re.fullmatch(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?", text):  # thousands separators: 79,510
        text = text.replace(",", "")
    if len(text) > MAX_NUMBER:
        raise Refused(Msg("quiz.too_large", {}))
    m = _NUMERIC.match(text)
    if not m:
        raise Refused(Msg("quiz.bad_number", {}))
    num = float(m.group(1))
    den = float(m.group(2)) if m.group(2) else 1.0
    if den == 0:
        raise Refused(Msg("quiz.bad_number", {}))
    value = num / den
    if not math.isfinite(value) or not math.isfinite(num):
        raise Refused(Msg("quiz.too_large", {}))
    return value


# --- formulas ---------------------------------------------------------------------------------

def tokens(text):
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Refused(Msg("quiz.formula_char", {"char": text[pos:].strip()[:1] or "?"}))
        kind = m.lastgroup
        value = m.group(kind)
        out.append(("op", "^") if value == "**" else (kind, value))
        pos = m.end()
    return out


class _Parser:
    """expr := term (+|- term)*; term := unary ((*|/|implicit) unary)*; unary := (+|-) unary | power;
    power := atom (^ unary)?; atom := number | name | name(args) | (expr)."""

    def __init__(self, toks, names, sp):
        self.toks, self.i, self.names, self.sp, self.depth = toks, 0, names, sp, 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            raise Refused(Msg("quiz.formula_incomplete", {}))
        self.i += 1
        return tok

    def nest(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused(Msg("quiz.formula_too_big", {}))

    def expr(self):
        self.nest()
        sp = self.sp
        terms = [self.term()]
        while self.peek() in (("op", "+"), ("op", "-")):
            sign = self.take()[1]
            t = self.term()
            terms.append(t if sign == "+" else sp.Mul(-1, t, evaluate=False))
        self.depth -= 1
        return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)

    def term(self):
        sp = self.sp
        factors = [self.unary()]
        while True:
            kind, value = self.peek()
            if (kind, value) in (("op", "*"), ("op", "/")):
                self.take()
                f = self.unary()
                factors.append(f if value == "*" else sp.Pow(f, -1, evaluate=False))
            elif kind in ("num", "name") or (kind, value) == ("op", "("):
                factors.append(self.unary())  # implicit multiplication: 2x, sigmoid(x)(1 - sigmoid(x))
            else:
                break
        return factors[0] if len(factors) == 1 else sp.Mul(*factors, evaluate=False)

    def unary(self):
        if self.peek() in (("op", "-"), ("op", "+")):
            sign = self.take()[1]
            self.nest()
            inner = self.unary()
            self.depth -= 1
            return inner if sign == "+" else self.sp.Mul(-1, inner, evaluate=False)
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            self.nest()
            exponent = self.unary()
            self.depth -= 1
            return self.sp.Pow(base, exponent, evaluate=False)
        return base

    def atom(self):
        sp = self.sp
        kind, value = self.take()
        if kind == "num":
            if len(re.sub(r"[^0-9]", "", value.split("e")[0].split("E")[0])) > MAX_LITERAL:
                raise Refused(Msg("quiz.formula_too_large", {}))
            if re.search(r"[.eE]", value):
                return sp.Rational(value) if abs(float(value)) < 1e15 else _too_large()
            return sp.Integer(value)
        if kind == "name":
            if value not in self.names:
                raise Refused(Msg("quiz.unknown_name", {"name": value[:20]}))
            thing = self.names[value]
            if value in FUNCTIONS:
                self.take("(")
                self.nest()
                args = [self.expr()]
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr())
                self.take(")")
                self.depth -= 1
                try:
                    return thing(*args)
                except TypeError:
                    raise Refused(Msg("quiz.formula_incomplete", {})) from None
            return thing
        if (kind, value) == ("op", "("):
            inner = self.expr()
            self.take(")")
            return inner
        raise Refused(Msg("quiz.formula_incomplete", {}))


def _too_large():
    raise Refused(Msg("quiz.formula_too_large", {}))


def vocabulary(variables):
    import sympy as sp

    def unevaluated(f):
        return lambda *a: f(*a, evaluate=False)

    names = {v: sp.Symbol(v, real=True) for v in variables}
    names.update({"pi": sp.pi, "e": sp.E})
    names.update({f: unevaluated(getattr(sp, f)) for f in ("exp", "log", "sin", "cos", "tan", "tanh", "sinh", "cosh",
                                                           "sech", "floor", "sign")})
    names.update({"ln": unevaluated(sp.log), "abs": unevaluated(sp.Abs),
                  "sqrt": lambda a: sp.Pow(a, sp.Rational(1, 2), evaluate=False),
                  "sigmoid": lambda a: sp.Pow(1 + sp.exp(-a, evaluate=False), -1, evaluate=False),
                  "max": lambda *a: sp.Max(*a, evaluate=False), "min": lambda *a: sp.Min(*a, evaluate=False)})
    return names


def parse_formula(text, variables):
    """An unevaluated sympy expression from student text; raises Refused with the reason."""
    if not isinstance(text, str) or not text.strip():
        raise Refused(Msg("quiz.empty_formula", {}))
    if len(text) > MAX_FORMULA:
        raise Refused(Msg("quiz.formula_too_big", {}))
    import sympy as sp

    parser = _Parser(tokens(text), vocabulary(variables), sp)
    expr = parser.expr()
    if parser.i != len(parser.toks):
        raise Refused(Msg("quiz.formula_incomplete", {}))
    check_powers(expr, 1, sp)
    return expr


def check_powers(expr, budget, sp):
    """Constant exponents must be plain small numbers (digits, + - * /), and their product along
    any path at most MAX_POWER: then evaluating the formula can never build a huge number."""
    if isinstance(expr, sp.Pow) and not expr.exp.free_symbols:
        size = constant(expr.exp, sp)
        if size is None or abs(size) > 100 or budget * max(1.0, abs(size)) > MAX_POWER:
            raise Refused(Msg("quiz.formula_too_large", {}))
        if size != -1:
            budget *= max(1.0, abs(size))
    for arg in expr.args:
        check_powers(arg, budget, sp)


def constant(expr, sp):
    """The value of a constant made of numbers, +, -, * and division only; None for anything else."""
    if isinstance(expr, sp.Number):
        return float(expr)
    if isinstance(expr, sp.Pow) and expr.exp == -1:
        base = constant(expr.base, sp)
        return None if not base else 1.0 / base
    if isinstance(expr, (sp.Add, sp.Mul)):
        values = [constant(a, sp) for a in expr.args]
        if any(v is None or abs(v) > 1e15 for v in values):
            return None
        return sum(values) if isinstance(expr, sp.Add) else math.prod(values)
    return None


def equal(a, b, variables):
    """Proved equal by simplification, else equal at many random points."""
    import random

    import sympy as sp

    a, b = a.doit(), b.doit()
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
            try:
                vb = complex(fb(*point))
            except (ValueError, ZeroDivisionError, OverflowError):
                continue  # outside the key's domain (log of a negative number): try another point
            va = complex(fa(*point))
            if abs(va - vb) > 1e-9 * max(1.0, abs(vb)):
                return False
        return True
    except Exception:
        return False


def limit_memory(extra):
    """Cap this process's address space at its current size plus `extra` bytes (where possible)."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))
    except (ImportError, OSError, ValueError):
        pass


def within_time(fn, seconds=JUDGE_SECONDS):
    """fn() -> bool computed in a forked child; None when it did not finish in time (or crashed).
    Without fork (or inside a daemon thread we cannot fork from), fn runs here."""
    if not hasattr(os, "fork"):
        return fn()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, write one byte, leave without cleanup
        code = 2
        try:
            os.close(read)
            limit_memory(JUDGE_MEMORY)
            code = 1 if fn() else 0
        except BaseException:
            code = 2
        finally:
            try:
                os.write(write, bytes([code]))
            finally:
                os._exit(0)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], seconds)
        data = os.read(read, 1) if ready else b""
    finally:
        os.close(read)
        if not data:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if not data or data[0] == 2:
        return None
    return data[0] == 1
