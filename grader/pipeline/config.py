"""How a run grades: one frozen record, shared by `check`, `grade`, the integrations and the tests.

A RunConfig says which checks run (hidden, functions, gpu, timing, fused), on which inputs (the
hidden checks' seed), under which limits (timeouts, memory, isolation), which file is graded where
a student handed in both (prefer) and the language of the results. Nothing in it changes during a
run: a run that needs another value (a batch's secret hidden seed) makes a copy with
`dataclasses.replace`. Per-call things (the student's path, the sandbox they share, a deadline on
the clock) are arguments of the functions that need them, never fields here.
"""
from dataclasses import dataclass

from dlgrade.sandbox.runner import Limits

CLASS_TIMEOUT_S = 60.0  # a class run bounds each (student, exercise), all its checks together
CLASS_MEMORY_MB = 2048  # per student's child in a class run (many at once on one machine)


@dataclass(frozen=True)
class RunConfig:
    hidden: bool = False  # also the hidden checks
    hidden_seed: int | None = None  # their inputs (None: fresh secret inputs for this call)
    functions: tuple | None = None  # only these functions' checks (None: all)
    gpu: bool = False  # also every correctness check with CuPy inputs
    timing: bool = False  # also time the functions whose record declares timing= (on the GPU with gpu)
    fused: bool = False  # on the GPU also judge the time against the one-kernel baseline (implies gpu, timing)
    timeout: float | None = None  # seconds for one exercise, all its checks together (None: no bound)
    call_timeout: float = 10.0  # seconds per check case
    import_timeout: float = 10.0  # seconds to import the student's file
    memory_mb: int = Limits.memory_mb
    isolation: str = "auto"  # auto | strict | rlimit (the sandbox a class run asks for)
    prefer: str | None = None  # "py" or "ipynb": which file is graded where a student handed in both
    lang: str = "en"  # the language of the results' messages

    def __post_init__(self):
        if self.functions is not None:
            object.__setattr__(self, "functions", tuple(self.functions) or None)
        if self.fused:  # --fused is a GPU timing check
            object.__setattr__(self, "gpu", True)
            object.__setattr__(self, "timing", True)

    @classmethod
    def for_class(cls, **fields):
        """The defaults of a class run (`dlgrade grade`, Gradescope, nbgrader's self-check): every
        (student, exercise) bounded in time, a smaller child per student; `fields` override them."""
        return cls(**{"timeout": CLASS_TIMEOUT_S, "memory_mb": CLASS_MEMORY_MB, **fields})

    def limits(self, exercises=1, nproc=None):
        """The limits of a student's child that grades `exercises` exercises in turn (its CPU time
        adds up over them; each one's wall time is bounded by the grader anyway). With the GPU no
        address-space limit (CUDA reserves far more virtual memory than one allows), but the same
        bound on the memory the child and its forks hold, through their cgroup where there is one."""
        t = self.timeout
        return Limits(memory_mb=None if self.gpu else self.memory_mb,
                      group_memory_mb=self.memory_mb if self.gpu else None,
                      call_timeout_s=min(self.call_timeout, t) if t else self.call_timeout,
                      import_timeout_s=min(self.import_timeout, t) if t else self.import_timeout,
                      cpu_s=(int(t) + 5 if t else Limits.cpu_s) * exercises, nproc=nproc)

    def journaled(self):
        """What must stay the same when a class run is resumed (the hidden seed is kept, not
        compared; the language is not journaled: results are kept as language-free records)."""
        return {"hidden": self.hidden, "timeout": self.timeout, "isolation": self.isolation,
                "call_timeout": self.call_timeout, "import_timeout": self.import_timeout,
                "memory_mb": self.memory_mb, "functions": list(self.functions) if self.functions else None,
                "prefer": self.prefer, "gpu": self.gpu, "timing": self.timing, "fused": self.fused}
