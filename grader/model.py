"""The catalog's vocabulary: an exercise is one record of functions, checks, hints and mistakes."""
from dataclasses import dataclass, field

from dlgrade.text import T


@dataclass(frozen=True)
class Mistake:
    """A known wrong implementation. `variant` names a function in the exercise's reference
    module that computes the wrong thing; a failed check whose output matches it names the
    mistake. Property checks name mistakes directly (detect="property")."""

    id: str
    variant: str | None
    hint: T
    detect: str = "output"
    oracle: str | None = None  # the wrong output from the check's oracle inputs, where they differ
    # from the function's own (a backward pass judged from the forward inputs: its cache is opaque)


@dataclass(frozen=True)
class Function:
    name: str
    checks: tuple
    hints: tuple  # three T: idea, formula, near-code
    mistakes: tuple = ()

    def mistake(self, mistake_id):
        return next((m for m in self.mistakes if m.id == mistake_id), None)


@dataclass(frozen=True)
class Exercise:
    id: str  # "ex02"
    name: str  # "activations"
    title: T
    notes: tuple  # the sections of the source notes (shared/seeds) it teaches, e.g. ("002 §02",)
    functions: tuple
    intro: T = field(default=T("", ""))

    @property
    def slug(self):
        return f"{self.id}_{self.name}"

    @property
    def filename(self):
        return f"{self.slug}.py"

    @property
    def reference_module(self):
        return f"dlgrade.reference.{self.slug}"

    def function(self, name):
        return next((f for f in self.functions if f.name == name), None)

    def checks(self, hidden=False):
        """(function, check) pairs, hidden ones only when asked."""
        return [(f, c) for f in self.functions for c in f.checks if hidden or not c.hidden]

    def max_score(self, hidden=False):
        return sum(c.points for _, c in self.checks(hidden))
