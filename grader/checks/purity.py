"""Purity: inputs are left unchanged and the floating dtype is kept (float32 in, float32 out)."""
from dataclasses import dataclass

import numpy as np

from dlgrade.checks.base import Check, Verdict
from dlgrade.pipeline.compare import describe
from dlgrade.text import Msg


def float_dtypes(value):
    if isinstance(value, (tuple, list)):
        return [d for v in value for d in float_dtypes(v)]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return [value.dtype.name]
    return []


@dataclass
class Purity(Check):
    name: str = "purity"
    keep_dtype: bool = True
    mutation_mistake: str = "purity.mutates_input"  # a function's own mistake id, where it has one
    kind = "purity"

    def judge_case(self, case, values, replies, ctx):
        mutated = replies[-1].get("mutated", [])
        if mutated:
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg(
                "check.mutated", {"args": ", ".join(f"#{i + 1}" for i in mutated)})}),
                self.mutation_mistake)
        want = case.dtype_name()
        found = float_dtypes(values[-1])
        wrong = [d for d in found if d != want] or ([] if found else [describe(values[-1])])
        if self.keep_dtype and wrong:
            return Verdict("failed", Msg("check.case_failed", {"case": case.label, "problem": Msg(
                "check.dtype", {"expected": want, "got": wrong[0]})}), "purity.dtype_changed")
        return None
