"""Timing: the student's function against the reference on large inputs, both timed in the
child, in alternating rounds on the same arrays (same process, same limits, same device state),
medians of the rounds. On the GPU the fused baseline runs in the same rounds. See grader/timing.py
for the budgets and why they are what they are.

Two requests per check: a probe (one warm call each) fails hopelessly slow code at once, then
the measurement. The grader's own clock around each request bounds what the child reports (code
in the child could touch its clock; the time it hid would show up as unexplained)."""
from dataclasses import dataclass, field

from dlgrade import timing
from dlgrade.checks.base import Check, Verdict
from dlgrade.inputs import Case, Step
from dlgrade.inputs import Ref
from dlgrade.text import Msg

PROBE_MARGIN = 10  # the probe fails only code 10 x beyond the budget: the full run decides the rest
BASELINES = "dlgrade.gpu_baselines"
_bandwidth = {}  # device -> bytes/s of a copy, measured once per run (process)


@dataclass
class Timing(Check):
    budget: timing.Budget = field(default_factory=timing.Budget)
    device: str = "cpu"  # cpu | gpu
    reference_module: str = ""
    fused: bool = False  # a fused baseline exists (GPU): timed beside the others
    against: str = "reference"  # what the verdict compares with: "reference", or "fused" (the --fused check)
    points: float = 1
    name: str = "timing"
    timeout: float = 60.0
    kind = "timing"

    def cases(self, check_id, hidden_seed=None):
        fn = check_id.split(".")[1]
        module = "cupy" if self.device == "gpu" else "numpy"
        n = self.elements(fn)
        setup = Step("make_inputs", (fn, n, module), send=False, source="dlgrade.timing")
        args, kwargs = tuple(Ref(0, i) for i in range(timing.n_positional(fn))), timing.call_kwargs(fn)

        def call(source):
            return Step(fn, args, kwargs, send=False, source=source, timed=True)

        sources = [None, self.reference_module] + ([BASELINES] if self.fused else [])
        probe = [setup] + ([] if self.device in _bandwidth else
                           [Step("copy_bandwidth", (module,), source="dlgrade.timing")])
        probe += [call(self.reference_module), call(self.reference_module), call(None), call(None)]
        full = [setup] + [call(s) for s in sources] + [call(s) for _ in range(timing.REPEATS[self.device])
                                                         for s in sources]
        label = f"{timing.n_positional(fn)} x {n} float32 ({self.device.upper()})"
        return [Case((), kwargs, label + " probe", steps=probe), Case((), kwargs, label, steps=full)]

    def elements(self, fn):
        return timing.elements(fn, int(timing.SIZE[self.device] * self.budget.scale))

    def judge_case(self, case, values, replies, ctx):
        times = {None: [], self.reference_module: [], BASELINES: []}
        for step, value, reply in zip(case.steps, values, replies):
            if step.fn == "copy_bandwidth":
                _bandwidth[self.device] = float(value)
            elif step.timed:
                times[step.source].append(float(reply.get("seconds", 0.0)))
        student, reference, fused = (times[k][1:] for k in (None, self.reference_module, BASELINES))  # 1 warm-up
        problem = implausible(replies, ctx.wall_s)
        if problem is not None:
            return Verdict("failed", Msg("timing.inconsistent", {"detail": problem}))
        result = timing.measurement(student, reference, self.budget, self.elements(case.steps[0].args[0]), 4,
                                    _bandwidth.get(self.device, float("nan")), fused or None)
        if case.label.endswith("probe"):
            if result.ratio <= PROBE_MARGIN * self.budget.factor:
                return None  # not hopeless: measure properly
        params = figures(result, self.device)
        if self.against == "fused" and result.fused_s is not None:
            passed, ids = result.passed_fused, ("timing.fused_report", "timing.fused_slow")
        else:
            passed, ids = result.passed, ("timing.report", "timing.slow")
        return Verdict("passed" if passed else "failed", Msg(ids[0] if passed else ids[1], params))


def number(x):
    """Three significant digits, never in exponent form: 0.0123, 4.56, 789, 1234."""
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}" if abs(x) >= 0.001 else f"{x:.2g}"


def percent(p):
    """A share of the copy bandwidth, shown at most 100: data that stays in the cache moves faster
    than the copy baseline measures, and '172% of the bandwidth' reads like a bug."""
    return f"{min(p, 100.0):.0f}"


def figures(m, device):
    fused = "" if m.fused_s is None else Msg("timing.fused", {
        "ms": number(1000 * m.fused_s), "percent": percent(m.percent_of(m.fused_s)), "ratio": f"{m.fused_ratio:.1f}"})
    spread = m.ratios or (m.ratio,)
    return {"ms": number(1000 * m.student_s), "ref_ms": number(1000 * m.reference_s), "ratio": f"{m.ratio:.2f}",
            "fused_ms": "-" if m.fused_s is None else number(1000 * m.fused_s),
            "fused_ratio": "-" if m.fused_s is None else f"{m.fused_ratio:.2f}",
            "fused_factor": "-" if m.fused_factor is None else f"{m.fused_factor:g}",
            "fused_percent": "-" if m.fused_s is None else percent(m.percent_of(m.fused_s)),
            "factor": f"{m.factor:g}", "lo": f"{min(spread):.2f}", "hi": f"{max(spread):.2f}",
            "gbps": number(m.gbps), "percent": percent(m.percent_of_copy), "device": device.upper(), "fused": fused}


def implausible(replies, wall_s, slack_s=1.0, share=0.5):
    """Why the child's timings cannot be true, or None. The child's measured calls must explain
    most of the grader's wall time around the request; time hidden from the child's clock would
    not (the slack covers start-up work outside the calls and a loaded machine)."""
    if wall_s is None:
        return None
    reported = sum(float(r.get("seconds", 0.0)) for r in replies)
    if any(float(r.get("seconds", 0.0)) < 0 for r in replies):
        return "negative times"
    unexplained = wall_s - reported
    if reported > wall_s * 1.05 + 0.05:
        return f"{reported:.2f} s of calls in {wall_s:.2f} s"
    if unexplained > slack_s + share * wall_s:
        return f"{unexplained:.2f} s of {wall_s:.2f} s unaccounted for"
    return None


def timing_checks(exercise, function, device, available=True, reason=None, fused=False):
    """The timing check of a function, where BUDGETS lists it; with fused (GPU) also the check
    against the one-kernel baseline, where grader/gpu_baselines.py has one."""
    from dlgrade import gpu_baselines

    budget = timing.BUDGETS.get((exercise.id, function.name))
    if budget is None:
        return []
    baseline = device == "gpu" and gpu_baselines.has(function.name)
    checks = [Timing(budget=budget, device=device, reference_module=exercise.reference_module, fused=baseline,
                     name="gpu_timing" if device == "gpu" else "timing")]
    if fused and baseline:
        checks.append(Timing(budget=budget, device=device, reference_module=exercise.reference_module, fused=True,
                             against="fused", name="gpu_fused"))
    for check in checks:
        if not available:
            check.available, check.reason = False, reason
    return checks
