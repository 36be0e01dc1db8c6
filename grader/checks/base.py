"""What every check kind shares: identity, points, inputs, and how a case's outcome is judged.

A check produces cases (inputs made in the grader), each run as one request in the child; the
check then judges the replies. Kinds differ only in `judge_case`.
"""
import zlib
from dataclasses import dataclass, field

import numpy as np

from dlgrade.text import Msg


@dataclass
class Verdict:
    status: str  # passed | failed | error | timeout | not_implemented | skipped
    message: Msg | None = None
    misconception: str | None = None
    diagnosis: Msg | None = None  # a general diagnosis (dlgrade.pipeline.diagnose) when no catalog mistake matched


@dataclass
class Context:
    """What judging needs besides the case: the exercise's reference module and the function."""

    reference: object
    function: object  # model.Function
    reference_name: str = ""
    advice: Msg | None = None  # shown on a passed check (a warning with exact values costs nothing)
    trusted: object = None  # the grader's trusted child (dlgrade.pipeline.trusted): our code on the device
    misses: list = field(default_factory=list)  # (args, got - expected, got) of the check's unexplained scalar failures

    def oracle(self, spec):
        from dlgrade.pipeline.symbolic import Derived

        if isinstance(spec, Derived):
            return spec.resolve(self.reference_name)
        if callable(spec):
            return spec
        return getattr(self.reference, spec)


@dataclass
class Check:
    points: float
    inputs: object = None  # rng -> list[Case]
    name: str = "values"
    hidden: bool = False
    timeout: float | None = None  # seconds per case, when a function legitimately needs longer
    kind = "correctness"

    def check_id(self, exercise, function):
        return f"{exercise.id}.{function.name}.{self.name}"

    def cases(self, check_id, hidden_seed=None):
        seed = zlib.crc32(check_id.encode())
        if hidden_seed is not None:  # a run's secret seed, mixed with the check so checks differ
            seed = (seed * 1_000_003 + hidden_seed) % 2**63
        return self.inputs(np.random.default_rng(seed))

    def judge_case(self, case, values, replies, ctx):
        """values: the decoded results of each step; replies: the child's step reports.
        Return None when the case passes, else a Verdict."""
        raise NotImplementedError

    def judge_run(self, case, values, replies, ctx, wall_s=None):
        """judge_case, given also what the grader measured around the request: wall_s, its own
        clock's seconds (None when the case ran in this process). Only timing reads it."""
        return self.judge_case(case, values, replies, ctx)


def upcast(value, streams=None):
    """Float arrays to float64, so oracles compute in full precision; an Rng marker to a fresh
    generator (every oracle and known mistake sees the same draws as the student). `streams`
    ({seed: generator}) replays a case's calls: a shared Rng is then one stream across them, as in
    the child."""
    from dlgrade.catalog.inputs import Rng

    if isinstance(value, Rng):
        if value.shared and streams is not None:
            return streams.setdefault(value.seed, np.random.default_rng(value.seed))
        return np.random.default_rng(value.seed)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value.astype(np.float64)
    if isinstance(value, np.floating):
        return np.float64(value)
    if isinstance(value, (list, tuple)):
        return type(value)(upcast(v, streams) for v in value)
    if isinstance(value, dict):
        return {k: upcast(v, streams) for k, v in value.items()}
    return value


def call_oracle(fn, case):
    args = case.oracle_args if case.oracle_args is not None else case.args
    with np.errstate(all="ignore"):  # wrong formulas overflow on purpose; that is not news here
        return fn(*upcast(args), **upcast(case.kwargs))
