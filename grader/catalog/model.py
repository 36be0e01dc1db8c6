"""The catalog's vocabulary: an exercise is one record of functions, checks, hints and mistakes."""
from dataclasses import dataclass, field

from dlgrade.text import T


@dataclass(frozen=True)
class Hints:
    """A function's three hint levels, opened in this order: the idea, the formula, near-code."""

    idea: T
    formula: T
    code: T

    @property
    def levels(self):
        """The levels in the order they open (level n is levels[n - 1])."""
        return (self.idea, self.formula, self.code)


@dataclass(frozen=True)
class Mistake:
    """A known wrong implementation. Its variant, a function of the exercise's reference module
    named after the id ("relu.min" -> `relu__min`), computes the wrong thing; a failed check whose
    output matches it names the mistake. Property checks name mistakes directly
    (detect="property"). has_variant=False: a mistake with no such function."""

    id: str
    hint: T
    detect: str = "output"
    oracle: str | None = None  # the wrong output from the check's oracle inputs, where they differ
    # from the function's own (a backward pass judged from the forward inputs: its cache is opaque)
    has_variant: bool = True

    @property
    def variant(self):
        """The name of the wrong function in the reference module, or None."""
        return self.id.replace(".", "__") if self.has_variant else None


@dataclass(frozen=True)
class Draw:
    """A timed argument drawn on the timing device (standard normal, the arrays' dtype): `shape`
    holds one -1 for "the rest of the n elements" (n is rounded to whole multiples of the other
    dimensions), or is a fixed shape; `abs` takes its absolute value (optimizer state)."""

    shape: tuple = (-1,)
    abs: bool = False


@dataclass(frozen=True)
class Fill:
    """A timed argument of one value everywhere (gamma = 1, beta = 0, a zero bias)."""

    shape: tuple
    value: float


@dataclass(frozen=True)
class Timed:
    """How a function is timed (`--timing`) against its reference: the arguments (Draw, Fill or
    a Python number, in order), the keyword arguments (Python numbers), and the budget: the
    student's time <= factor x the reference's (fused x the one-kernel baseline's with --fused);
    traffic counts the arrays of n elements a minimal implementation reads plus writes (for GB/s);
    scale is a fraction of the usual size, for functions that do much work per element. Why the
    figures are what they are: grader/pipeline/timing.py."""

    args: tuple = (Draw(),)
    kwargs: dict = field(default_factory=dict)
    factor: float = 3.0
    traffic: float = 2.0
    fused: float = 2.5
    scale: float = 1.0
    why: str = ""

    @property
    def unit(self):
        """Elements per whole item of the first Draw with a free dimension (an image, a row)."""
        for a in self.args:
            if isinstance(a, Draw) and -1 in a.shape:
                unit = 1
                for d in a.shape:
                    unit *= 1 if d == -1 else d
                return unit
        return 1

    def wire(self):
        """The arguments as plain lists (they travel to the child in a request)."""
        out = []
        for a in self.args:
            if isinstance(a, Draw):
                out.append(["draw", list(a.shape), a.abs])
            elif isinstance(a, Fill):
                out.append(["fill", list(a.shape), float(a.value)])
            else:
                out.append(["value", a])
        return out


@dataclass(frozen=True)
class Function:
    name: str
    checks: tuple
    hints: Hints
    mistakes: tuple = ()
    timing: Timed | None = None  # --timing times it against the reference (see Timed)
    baseline: str | None = None  # a function of the reference module: the same computation as one fused GPU
    # kernel (dlgrade.pipeline.gpu_baselines.Kernel), timed beside the student on the GPU and judged with --fused

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
    plot: str | None = None  # a function of the reference module drawing figures from the student's own
    # functions: plot(student, out, labels) -> [paths] (see dlgrade.study.plots)

    @property
    def slug(self):
        return f"{self.id}_{self.name}"

    @property
    def filename(self):
        return f"{self.slug}.py"

    @property
    def notebook_filename(self):  # the same module handed in as a notebook (its code cells)
        return f"{self.slug}.ipynb"

    @property
    def filenames(self):  # what a student may hand in for it, the .py first (graded where both are)
        return self.filename, self.notebook_filename

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
