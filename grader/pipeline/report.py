"""The report `check` returns: language-free until rendered (messages are ids + params)."""
from dataclasses import dataclass, field

from dlgrade.text import Msg, T

@dataclass
class CheckResult:
    id: str
    function: str
    kind: str
    status: str
    score: float
    max_score: float
    message: Msg | None = None
    misconception: str | None = None
    hint: T | None = None  # the hint written for the detected mistake
    hidden: bool = False
    diagnosis: Msg | None = None  # a general diagnosis (dlgrade.pipeline.diagnose) when no catalog mistake matched

    def explanation(self, lang="en"):
        """The mistake's sentence in `lang`: the catalog mistake's text, else the general diagnosis."""
        if self.hint is not None:
            return self.hint.get(lang)
        return self.diagnosis.render(lang) if self.diagnosis is not None else None

    def to_json(self, lang="en"):
        return {"id": self.id, "function": self.function, "kind": self.kind, "status": self.status,
                "score": float(self.score), "max_score": float(self.max_score),
                "message": self.message.render(lang) if self.message else "",
                "misconception": self.misconception, "explanation": self.explanation(lang)}


@dataclass
class Report:
    exercise: str
    slug: str
    title: T
    file: str
    checks: list = field(default_factory=list)
    hidden_not_run: int = 0  # checks that exist but were not run (hidden, GPU without a GPU ...)
    problem: Msg | None = None  # whole-file problem: syntax error, import failure
    printed: str = ""  # what the student's code printed (captured, capped; for display only)

    @classmethod
    def not_run(cls, exercise, pairs, status, problem=None, path=""):
        """The one report of an exercise that could not run: every check of `pairs` ((function,
        check) from the catalog) at 0 with `status` (missing, error) and `problem` as its message."""
        report = cls(exercise.id, exercise.slug, exercise.title, path, problem=problem)
        report.checks = [CheckResult(chk.check_id(exercise, f), f.name, chk.kind, status, 0.0, chk.points, problem,
                                     hidden=chk.hidden) for f, chk in pairs]
        return report

    @property
    def score(self):
        return float(sum(c.score for c in self.checks if c.status != "skipped"))

    @property
    def max_score(self):  # a skipped check (no GPU here) is not held against anyone
        return float(sum(c.max_score for c in self.checks if c.status != "skipped"))

    @property
    def all_passed(self):
        return all(c.status in ("passed", "skipped") for c in self.checks)

    def to_json(self, lang="en"):
        return {"exercise": self.exercise, "score": self.score, "max_score": self.max_score,
                "checks": [c.to_json(lang) for c in self.checks]}


def explanation_of(exercise_id, check, lang):
    """The explanation of a failed check in a result object (JSON), in `lang`: the catalog's text of
    its named mistake (any language), else the check's own `explanation` (a diagnosis, written in
    the language it was graded in), else ""."""
    from dlgrade import catalog

    if check.get("misconception"):
        try:
            function = catalog.load(exercise_id).function(check["function"])
        except catalog.UnknownExercise:
            function = None
        mistake = function.mistake(check["misconception"]) if function else None
        if mistake is not None:
            return mistake.hint.get(lang)
    return check.get("explanation") or ""
