"""Correctness: the student's output equals an oracle's (reference, sympy-derived, or the
seed's published numbers) within a tolerance that suits the inputs' dtype."""
from dataclasses import dataclass

from grader.checks.base import Check, Verdict, call_oracle, upcast
from grader.compare import Interval, compare, tolerance_for
from grader.text import Msg


@dataclass
class Correctness(Check):
    oracle: object = None  # reference function name, Derived(...), or a callable
    expected: object = None  # literal expected value (the seed's numbers), instead of an oracle
    between: tuple | None = None  # (lower oracle, upper oracle): any value in between is right
    rtol: float | None = None
    atol: float | None = None
    kind = "correctness"

    def expected_for(self, case, ctx):
        if self.expected is not None:
            return self.expected
        if self.between is not None:
            lo, hi = (call_oracle(ctx.oracle(o), case) for o in self.between)
            return Interval(lo, hi)
        return call_oracle(ctx.oracle(self.oracle or ctx.function.name), case)

    def judge_case(self, case, values, replies, ctx):
        rtol, atol = tolerance_for(case.dtype_name(), self.rtol, self.atol)
        got = values[-1]
        problem = compare(got, self.expected_for(case, ctx), rtol, atol)
        if problem is None:
            return None
        mistake = match_mistake(got, case, ctx, rtol, atol)
        return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": problem}),
                       mistake.id if mistake else None)


def match_mistake(got, case, ctx, rtol, atol):
    """The first known mistake whose wrong formula reproduces the student's output."""
    for mistake in ctx.function.mistakes:
        if mistake.detect != "output" or not mistake.variant:
            continue
        try:
            wrong = call_oracle(getattr(ctx.reference, mistake.variant), case)
        except Exception:  # a wrong formula may fail on some inputs: then it is not this one
            continue
        if compare(got, wrong, rtol, atol) is None:
            return mistake
    return None
