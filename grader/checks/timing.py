"""Timing: the student's function against the reference on large inputs, medians of timed rounds
on the same numbers (make_inputs draws them from a fixed seed). The student's calls run in the
student's child; the reference's (and on the GPU the fused baseline's) in the grader's trusted
child (dlgrade.pipeline.trusted), never in the student's process, under the same limits: in PARTS parts,
the student's and ours alternating, so a burst of load on the machine hits both. One timed case
at a time on a machine (trusted.device_lock), so `grade --jobs` shares one device honestly. What
each function's budget is, and why: its catalog record (`Function(timing=Timed(...))`) and
grader/pipeline/timing.py.

Two requests per check: a probe (one warm call each) fails hopelessly slow code at once, then
the measurement. The grader's own clock around the student's request bounds what the child
reports (code in the child could touch its clock; the time it hid would show up as unexplained).
The measurement ends with one more call on each side and a summary of its result
(timing.summary): the student's function must return the reference's result on the timed inputs,
so a student's process that swapped them for smaller ones is not timed. These bound cheating; a
student's own process can always lie about itself at some cost (see README)."""
from dataclasses import dataclass, field

from dlgrade.pipeline import timing
from dlgrade.checks.base import Check, Verdict
from dlgrade.catalog.inputs import Case, Step
from dlgrade.catalog.inputs import Ref
from dlgrade.catalog.model import Timed
from dlgrade.text import Msg

PROBE_MARGIN = 10  # the probe fails only code 10 x beyond the budget: the full run decides the rest
PARTS = 3  # the measurement in parts, the student's and ours alternating: a burst of load on the machine hits both


@dataclass
class TimedCase(Case):
    trusted: list = field(default_factory=list)  # the steps the trusted child runs: reference (and baseline)
    n: int = 0  # elements per large array
    probe: bool = False
    last: bool = True  # the last part of the measurement: the verdict comes from all parts' rounds
    rounds: dict = field(default_factory=dict)  # shared by the parts: student, reference, fused -> seconds


@dataclass
class Timing(Check):
    function: str = ""  # the name of the function timed
    budget: Timed = field(default_factory=Timed)
    device: str = "cpu"  # cpu | gpu
    reference_module: str = ""
    baseline: str | None = None  # the reference module's fused baseline (GPU): timed beside the others
    against: str = "reference"  # what the verdict compares with: "reference", or "fused" (the --fused check)
    points: float = 1
    name: str = "timing"
    timeout: float = 60.0
    kind = "timing"

    @staticmethod
    def exclusive():
        from dlgrade.pipeline.trusted import device_lock

        return device_lock()

    def cases(self, check_id, hidden_seed=None):
        fn = self.function
        module = "cupy" if self.device == "gpu" else "numpy"
        n = self.elements()
        setup = Step("make_inputs", (self.budget.wire(), n, module), send=False, source="dlgrade.pipeline.timing")
        args = tuple(Ref(0, i) for i in range(len(self.budget.args)))
        kwargs = dict(self.budget.kwargs)

        def call(fn_name, source=None):
            return Step(fn_name, args, kwargs, send=False, source=source, timed=True)

        def result(source, at):  # one more call, kept, and what it returned in a few numbers
            return [Step(fn, args, kwargs, send=False, source=source),
                    Step("summary", (Ref(at),), source="dlgrade.pipeline.timing")]

        ours = [(fn, self.reference_module)] + ([(self.baseline, self.reference_module)] if self.baseline else [])
        rounds = timing.REPEATS[self.device] // PARTS + 1  # per part; the first is a warm-up
        label = f"{len(args)} x {n} float32 ({self.device.upper()})"
        probe = TimedCase((), kwargs, label + " probe", steps=[setup, call(fn), call(fn)], n=n, probe=True,
                          trusted=[setup, call(fn, self.reference_module), call(fn, self.reference_module)])
        shared = {"student": [], "reference": [], "fused": []}
        parts = []
        for k in range(PARTS):
            last = k == PARTS - 1
            timed_ours = [call(f, s) for _ in range(rounds) for f, s in ours]
            parts.append(TimedCase(
                (), kwargs, label, n=n, last=last, rounds=shared,
                steps=[setup] + [call(fn)] * rounds + (result(None, rounds + 1) if last else []),
                trusted=[setup] + timed_ours + (result(self.reference_module, len(timed_ours) + 1) if last else [])))
        return [probe] + parts

    def elements(self):
        return timing.elements(self.budget.unit, int(timing.SIZE[self.device] * self.budget.scale))

    def bandwidth(self, trusted, n):
        key = ("copy_bandwidth", self.device, n)
        if key not in trusted.memo:
            step = Step("copy_bandwidth", ("cupy" if self.device == "gpu" else "numpy", n,
                                           timing.BANDWIDTH_REPEATS[self.device]), source="dlgrade.pipeline.timing")
            _, values = trusted.run([step], self.timeout)
            trusted.memo[key] = float(values[0])
        return trusted.memo[key]

    def judge_run(self, case, values, replies, ctx, wall_s=None):
        return self.judge_case(case, values, replies, ctx, wall_s)

    def judge_case(self, case, values, replies, ctx, wall_s=None):
        """wall_s: the grader's own clock around the student's request, which bounds the child's."""
        from dlgrade.pipeline.trusted import TrustedFailure

        student = [float(r.get("seconds", 0.0)) for s, r in zip(case.steps, replies) if s.timed][1:]  # 1 warm-up
        problem = implausible(replies, wall_s)
        if problem is not None:
            return Verdict("failed", Msg("timing.inconsistent", {"detail": problem}))
        try:
            t_replies, t_values = ctx.trusted.run(case.trusted, self.timeout)
            bandwidth = self.bandwidth(ctx.trusted, case.n)
        except TrustedFailure as e:
            return Verdict("error", Msg("check.internal", {"detail": str(e)}))
        if case.trusted[-1].fn == "summary":
            other = timing.same_result(values[-1], t_values[-1])
            if other is not None:
                return Verdict("failed", Msg("timing.other_result", {"detail": other}))
        times = {}
        for step, reply in zip(case.trusted, t_replies):
            if step.timed:
                times.setdefault(step.fn, []).append(float(reply.get("seconds", 0.0)))
        reference = times[case.trusted[1].fn][1:]
        fused = times.get(self.baseline, [])[1:] if self.baseline else []
        if not case.probe:
            for key, part in (("student", student), ("reference", reference), ("fused", fused)):
                case.rounds[key] += part
            if not case.last:
                return None  # the next part runs
            student, reference, fused = case.rounds["student"], case.rounds["reference"], case.rounds["fused"]
        result = timing.measurement(student, reference, self.budget, case.n, 4, bandwidth, fused or None)
        if case.probe:
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
    """The timing check of a function whose record declares `timing`; with fused (GPU) also the
    check against the one-kernel baseline, where the record declares a `baseline`."""
    if function.timing is None:
        return []
    baseline = function.baseline if device == "gpu" else None
    checks = [Timing(function=function.name, budget=function.timing, device=device,
                     reference_module=exercise.reference_module, baseline=baseline,
                     name="gpu_timing" if device == "gpu" else "timing")]
    if fused and baseline:
        checks.append(Timing(function=function.name, budget=function.timing, device=device,
                             reference_module=exercise.reference_module, baseline=baseline, against="fused",
                             name="gpu_fused"))
    for check in checks:
        if not available:
            check.available, check.reason = False, reason
    return checks
