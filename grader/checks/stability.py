"""Stability: extreme inputs give finite results that match the oracle, in float32 and float64.

Values are judged, never warnings: a NumPy warning with exact values is advice shown on the
passed check (it costs nothing), so silencing one changes nothing either."""
from dataclasses import dataclass

import numpy as np

from dlgrade.checks.base import Verdict
from dlgrade.checks.correctness import Correctness, match_mistake
from dlgrade.pipeline.compare import tolerance_for
from dlgrade.text import Msg


def nonfinite_count(value):
    if isinstance(value, (tuple, list)):
        return sum(nonfinite_count(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "fc":
        return int((~np.isfinite(value)).sum())
    if isinstance(value, float):
        return 0 if np.isfinite(value) else 1
    return 0


@dataclass
class Stability(Correctness):
    name: str = "stability"
    warnings: tuple = ("overflow",)  # warning texts shown as advice when the values are right
    kind = "stability"

    def finite_expected(self, case, ctx):
        try:
            return nonfinite_count(self.expected_for(case, ctx)) == 0 if (self.oracle or self.expected is not None) \
                else True
        except Exception:
            return False

    def judge_case(self, case, values, replies, ctx):
        got = values[-1]
        rtol, atol = tolerance_for(case.dtype_name(), self.rtol, self.atol)
        flagged = [w for w in replies[-1].get("warnings", []) if any(k in w for k in self.warnings)]
        bad = nonfinite_count(got)
        if bad:
            mistake = match_mistake(got, case, ctx, rtol, atol) if self.oracle or self.expected is not None else None
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg(
                "check.nonfinite", {"count": bad})}), mistake.id if mistake else None,
                None if mistake or not self.finite_expected(case, ctx) else Msg("diag.unstable"))
        verdict = None if self.oracle is None and self.expected is None else \
            super().judge_case(case, values, replies, ctx)
        if verdict is None and flagged and ctx.advice is None:
            ctx.advice = Msg("diag.warning_advice", {"warning": flagged[0]})
        return verdict
