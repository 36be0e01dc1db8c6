"""Diagnosis of a random function whose property check failed with no catalog mistake named: the
reference is run on the same inputs with generators of the same seeds, call by call as the case
made them, and the student's last output is related to the reference's by the general diagnosis
(dlgrade.pipeline.diagnose): a mask scaled by a constant, an output without the input it
multiplies, the input returned unchanged. Where the student draws in another order the two
outputs are unrelated and no exact relation fits: then nothing is named."""
import numpy as np
from dlgrade.catalog.inputs import Case, Ref, Rng, holds
from dlgrade.checks.base import upcast
from dlgrade.pipeline.compare import compare, tolerance_for

MAX_CALLS = 1000  # reference calls replayed for one case (400 draws of one stream ...)


def diagnose_random(case, values, ctx):
    try:
        return _diagnose_random(case, values, ctx)
    except Exception:  # a diagnosis is a bonus: never a traceback for it
        return None


def _diagnose_random(case, values, ctx):
    from dlgrade.pipeline.diagnose import diagnose

    name = ctx.function.name
    reference = getattr(ctx.reference, name, None)
    steps = case.calls(name)
    if reference is None or not values or len(steps) > MAX_CALLS:
        return None
    streams = {}
    expected = None
    for step in steps:
        if step.fn != name or step.source is not None or holds((step.args, step.kwargs), Ref):
            return None  # an argument from an earlier call's output: not replayed here
        with np.errstate(all="ignore"):
            expected = reference(*upcast(tuple(step.args), streams), **upcast(dict(step.kwargs), streams))
    last = steps[-1]
    got = values[-1]
    rtol, atol = tolerance_for(case.dtype_name())
    if compare(got, expected, rtol, atol) is None:
        return None  # the same output for the same draws: what failed lies elsewhere (an earlier call)
    if any(isinstance(a, Rng) and a.shared for a in last.args):
        return None  # a stream shared by many calls: variants of the last call alone cannot replay it
    single = Case(tuple(last.args), dict(last.kwargs), case.label)
    return diagnose(got, expected, single, ctx, rtol, atol, None, reference)
