"""Property: a verifier from the reference module judges the output (random functions,
anything with many right answers). It returns None, or (T message, mistake id or None)."""
from dataclasses import dataclass

from dlgrade.checks.base import Check, Verdict
from dlgrade.text import Msg


@dataclass
class Property(Check):
    verify: str = ""  # name of a function in the reference module: (case, values) -> None | (T, id)
    name: str = "property"
    kind = "correctness"

    def judge_case(self, case, values, replies, ctx):
        outcome = getattr(ctx.reference, self.verify)(case, values)
        if outcome is None:
            return None
        text, mistake = outcome
        diagnosis = None
        if mistake is None:  # relate the output to the reference's on the same draws
            from dlgrade.pipeline.diagnose_random import diagnose_random
            diagnosis = diagnose_random(case, values, ctx)
        return Verdict("failed", Msg("check.case_failed", {"case": case.label,
                                                           "problem": Msg("check.text", {"text": text})}), mistake,
                       diagnosis)
