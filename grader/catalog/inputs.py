"""Inputs for checks. A generator is a function ``rng -> list[Case]``; the rng is seeded from
the check's id (public checks) or from fresh entropy (hidden checks), so inputs are
reproducible for students and unpredictable where they must be.

Value ranges and shapes are named here once and reused by every exercise's catalog record.
"""
from dataclasses import dataclass, field

import numpy as np

SHAPES = ((7,), (3, 4), (2, 3, 5))
DTYPES = (np.float64, np.float32)


class Ref:
    """Argument taken from an earlier step's result in the same request: Ref(step, *path)."""

    def __init__(self, step, *path):
        self.path = (step, *path)


class Rng:
    """A fresh `default_rng(seed)` built in the child (numpy, or cupy for GPU checks). `shared`:
    every shared Rng of one request with this seed is the same generator (many draws of one case
    from one stream: on the GPU each generator costs a state set-up)."""

    def __init__(self, seed, module="numpy", shared=False):
        self.seed, self.module, self.shared = int(seed), module, shared


class Func:
    """A function of ours passed to the student's code as an argument (e.g. the function that
    numerical_derivative differentiates), named by module path: the child imports it from our
    package, never from text. `text` is how a case label shows it."""

    def __init__(self, module, name, text=""):
        self.module, self.name, self.text = module, name, text or name

    def __call__(self, *args):
        """Callable in the grader too, so oracles and known mistakes can use it like the child."""
        import importlib

        return getattr(importlib.import_module(self.module), self.name)(*args)

    def __repr__(self):
        return self.text


class OnDevice:
    """An array to be moved to the given module (cupy) in the child."""

    def __init__(self, value, module="cupy"):
        self.value, self.module = value, module


def holds(value, kind):
    """Whether `value` is, or holds in nested lists, tuples and dicts, an instance of `kind` (Ref, Rng ...)."""
    if isinstance(value, kind):
        return True
    if isinstance(value, (list, tuple)):
        return any(holds(v, kind) for v in value)
    if isinstance(value, dict):
        return any(holds(v, kind) for v in value.values())
    return False


@dataclass
class Step:
    """One call in the child: fn(*args, **kwargs); args may hold a Ref to earlier steps.
    `source` names one of our modules to take fn from instead of the student's (a reference run
    on the device, a timing baseline); a `timed` call skips the purity snapshot and is not kept."""

    fn: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    send: bool = True
    source: str | None = None
    timed: bool = False

    def request(self):
        return {"fn": self.fn, "args": self.args, "kwargs": self.kwargs, "send": self.send, "source": self.source,
                "timed": self.timed}


@dataclass
class Case:
    """One set of inputs. By default the check's function is called once with args/kwargs and
    the oracle with the same; `steps` replaces that with several calls (the last one is judged),
    `oracle_args` gives the oracle other inputs."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""
    steps: list | None = None
    oracle_args: tuple | None = None

    def calls(self, fn):
        return self.steps if self.steps is not None else [Step(fn, self.args, self.kwargs)]

    def dtype_name(self):
        """The floating dtype of the inputs (it sets the tolerance and the dtype to keep)."""
        values = list(self.args) + list(self.kwargs.values()) + list(self.oracle_args or ())
        for step in self.steps or ():
            values += list(step.args)
        for a in values:
            for x in (a if isinstance(a, (list, tuple)) else (a,)):
                if isinstance(x, np.ndarray) and x.dtype.kind == "f":
                    return x.dtype.name
        return "float64"


def label_of(*arrays):
    parts = []
    for a in arrays:
        if isinstance(a, np.ndarray):
            parts.append(f"{a.dtype.name}{list(a.shape)}")
        else:
            parts.append(repr(a))
    return ", ".join(parts)


def uniform(rng, shape, low, high, dtype=np.float64):
    return rng.uniform(low, high, size=shape).astype(dtype)


def elementwise(low=-10.0, high=10.0, shapes=SHAPES, dtypes=DTYPES, kwargs=None, extra=()):
    """One array argument of each shape and dtype, values in [low, high], plus `extra` literal
    values (edge cases such as 0 or large |x|) appended as a float64 1-D array and as a 0-d."""

    def gen(rng):
        cases = []
        for dtype in dtypes:
            for shape in shapes:
                x = uniform(rng, shape, low, high, dtype)
                cases.append(Case((x,), dict(kwargs or {}), label_of(x)))
        if extra:
            x = np.array(extra, dtype=np.float64)
            cases.append(Case((x,), dict(kwargs or {}), label_of(x)))
            x0 = np.array(extra[0], dtype=np.float64)
            cases.append(Case((x0,), dict(kwargs or {}), "0-d " + label_of(x0)))
        return cases

    return gen


def away_from(points, low=-10.0, high=10.0, margin=1e-3, **kw):
    """Like `elementwise` but keeps values at least `margin` away from the given points
    (kinks), for checks against a one-sided formula."""
    inner = elementwise(low, high, **kw)

    def gen(rng):
        cases = inner(rng)
        for c in cases:
            x = c.args[0]
            for p in points:
                near = np.abs(x - p) < margin
                x[near] = (p + np.copysign(2 * margin, x[near] - p)).astype(x.dtype)
        return cases

    return gen


def fixed(*cases):
    """Literal cases: each item is a Case or a tuple of arguments."""

    def gen(rng):
        return [c if isinstance(c, Case) else Case(tuple(c), {}, label_of(*c)) for c in cases]

    return gen


def both(*gens):
    """All the cases of several generators."""

    def gen(rng):
        return [c for g in gens for c in g(rng)]

    return gen


def f32(gen, **kw):
    """The cases of a dtype-taking generator, float32 only (purity checks: float32 must stay float32)."""
    return lambda rng: gen(rng, dtypes=(np.float32,), **kw)


def f64(gen, **kw):
    """The cases of a dtype-taking generator, float64 only (numerical and stability checks)."""
    return lambda rng: gen(rng, dtypes=(np.float64,), **kw)
