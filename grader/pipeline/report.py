"""The report `check` returns: language-free until rendered (messages are ids + params).

`Report.to_record()` is the same report as plain JSON data (messages as ids and parameters, texts
in both languages, no rendered sentence): what travels between processes (a notebook's grading
child, Dask workers) and what a class run journals. `Report.from_record` makes the report again,
so every output renders from it in the language asked for.
"""
from dataclasses import dataclass, field, fields

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

    def to_record(self):
        return {f.name: encode(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_record(cls, data):
        return cls(**{f.name: decode(data.get(f.name)) for f in fields(cls)})

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

    def to_record(self):
        """The report as JSON data, in no language (score and max_score included for readers of the record)."""
        return {"exercise": self.exercise, "slug": self.slug, "title": encode(self.title), "file": self.file,
                "hidden_not_run": self.hidden_not_run, "problem": encode(self.problem), "printed": self.printed,
                "score": self.score, "max_score": self.max_score, "checks": [c.to_record() for c in self.checks]}

    @classmethod
    def from_record(cls, data):
        report = cls(data["exercise"], data["slug"], decode(data["title"]), data["file"],
                     hidden_not_run=int(data["hidden_not_run"]), problem=decode(data["problem"]),
                     printed=data["printed"])
        report.checks = [CheckResult.from_record(c) for c in data["checks"]]
        for c in report.checks:
            if c.message is not None and c.message == report.problem:
                c.message = report.problem  # one object again: shown once, above the table
        return report


def encode(value):
    """Msg and T as tagged objects, numbers and text as they are; anything else as its text, which
    is what a message placeholder shows of it."""
    if isinstance(value, Msg):
        return {"msg": value.id, "params": {k: encode(v) for k, v in value.params.items()}}
    if isinstance(value, T):
        return {"t": [value.en, value.ko]}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def decode(value):
    if isinstance(value, dict) and "msg" in value:
        return Msg(str(value["msg"]), {str(k): decode(v) for k, v in value.get("params", {}).items()})
    if isinstance(value, dict) and "t" in value:
        return T(*map(str, value["t"]))
    return value
