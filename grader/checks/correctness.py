"""Correctness: the student's output equals an oracle's (reference, sympy-derived, or the
notes' published numbers) within a tolerance that suits the inputs' dtype."""
from dataclasses import dataclass

from dlgrade.checks.base import Check, Verdict, call_oracle
from dlgrade.pipeline.compare import OUTPUT, Interval, compare, describe, tolerance_for
from dlgrade.text import Msg


@dataclass
class Correctness(Check):
    oracle: object = None  # reference function name, Derived(...), or a callable
    expected: object = None  # literal expected value (the notes' numbers), instead of an oracle
    between: tuple | None = None  # (lower oracle, upper oracle): any value in between is right
    rtol: float | None = None
    atol: float | None = None
    output: int | None = None  # judge only this element of a returned tuple (the rest is the student's own)
    convention_rtol: float | None = None  # at least this relative tolerance: an accepted convention of that
    # size passes (log(p + eps) instead of clipping, where p is not near 0)
    after: object = None  # the rest of a chain, run in the grader by the reference on the student's output: a
    # check of one function is charged for its own step only (the other steps are ours, never the student's)
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
        rtol = max(rtol, self.convention_rtol or 0.0)
        got = values[-1]
        if self.output is not None:
            if not isinstance(got, (tuple, list)) or len(got) <= self.output:
                return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg(
                    "compare.not_tuple", {"where": OUTPUT, "n": self.output + 1, "got": describe(got)})}))
            got = got[self.output]
        expected = self.expected_for(case, ctx)
        if self.output is not None and isinstance(expected, tuple):
            expected = expected[self.output]
        raw = got
        if self.after is not None:
            got = self.after(got)
        problem = compare(got, expected, rtol, atol)
        if problem is None:
            return None
        mistake = match_mistake(raw, case, ctx, rtol, atol, self.output)
        return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": problem}),
                       mistake.id if mistake else None,
                       None if mistake else self.diagnose(got, expected, case, ctx, rtol, atol))

    def diagnose(self, got, expected, case, ctx, rtol, atol):
        """The general diagnosis of a wrong output (dlgrade.pipeline.diagnose), or None."""
        from dlgrade.pipeline.diagnose import diagnose

        oracle = None
        if self.after is not None:
            return None
        if self.expected is None and self.between is None:
            try:
                oracle = ctx.oracle(self.oracle or ctx.function.name)
            except Exception:
                oracle = None
        found = diagnose(got, expected, case, ctx, rtol, atol, self.output, oracle)
        if found is None:
            found = self.across_cases(got, expected, case, ctx, rtol, atol)
        return found

    def across_cases(self, got, expected, case, ctx, rtol, atol):
        """A scalar output tells little in one case: several failed cases together can show one term
        of a loss missing (dlgrade.pipeline.diagnose_values.scalar_terms)."""
        import numpy as np
        from dlgrade.checks.base import upcast
        from dlgrade.pipeline.diagnose_values import scalar_terms
        from dlgrade.text import T

        try:
            if np.ndim(got) != 0 or np.ndim(expected) != 0:
                return None
            diff = float(got) - float(expected)
        except (TypeError, ValueError):
            return None
        args = upcast(case.oracle_args if case.oracle_args is not None else case.args)
        ctx.misses.append((list(args), diff, float(got)))
        try:
            return scalar_terms(ctx.misses, T("output", "출력"), rtol, atol)
        except Exception:  # a diagnosis is a bonus: never a traceback for it
            return None


def match_mistake(got, case, ctx, rtol, atol, output=None):
    """The first known mistake whose wrong formula reproduces the student's output."""
    for mistake in ctx.function.mistakes:
        if mistake.detect != "output" or not (mistake.oracle or mistake.variant):
            continue
        try:
            wrong = call_oracle(getattr(ctx.reference, mistake.oracle or mistake.variant), case)
            if output is not None:
                wrong = wrong[output]
        except Exception:  # a wrong formula may fail on some inputs: then it is not this one
            continue
        if compare(got, wrong, rtol, atol) is None:
            return mistake
    return None
