"""Batch grading of a class: SUBMISSIONS/<student_id>/exNN_<name>.py, every (student, exercise)
in its own sandboxed child, in parallel, each result journaled as it completes.

Before any student, the bundled solution of each exercise is graded exactly as a student would be
(same isolation, limits, hidden seed): anything short of full marks means this machine cannot
grade (a sandbox that hides what the grader needs, a missing package), and the run stops
before it gives a whole class wrong grades.

The journal (JSON lines, appended and fsynced one result at a time) makes a killed run
resumable: `resume=True` skips what is already there and reuses the run's secret hidden-check
seed, so the final output equals an uninterrupted run's. The output is assembled in sorted
order, never in completion order. Library code: no printing, no exiting.
"""
import concurrent.futures as cf
import json
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass

from dlgrade import catalog, engine, isolation
from dlgrade.sandbox.runner import Limits


@dataclass
class Settings:
    hidden: bool = False
    timeout: float = 60.0  # seconds for one (student, exercise), all its checks together
    isolation: str = "auto"  # auto | strict | rlimit
    hidden_seed: int = 0
    call_timeout: float = 10.0
    memory_mb: int = 2048
    functions: tuple | None = None  # grade only these functions (tests and quick re-runs)
    lang: str = "en"  # the language of messages and explanations in the results


def students_in(submissions):
    return sorted(d for d in os.listdir(submissions)
                  if os.path.isdir(os.path.join(submissions, d)) and not d.startswith("."))


def missing_result(slug, settings, status="missing"):
    ex = catalog.load(slug)
    result = {"exercise": ex.id, "score": 0.0, "status": status,
              "checks": [{"id": chk.check_id(ex, f), "function": f.name, "kind": chk.kind, "status": status,
                        "score": 0.0, "max_score": float(chk.points), "message": "", "misconception": None,
                        "explanation": None}
                       for f, chk in ex.checks(settings.hidden)
                       if not settings.functions or f.name in settings.functions]}
    result["max_score"] = float(sum(c["max_score"] for c in result["checks"]))
    return result


def grade_one(submissions, student, slug, settings):
    """One (student, exercise) -> its result object (the `check --json` object plus a status).
    A module-level function of plain arguments, so a Dask worker can run it too."""
    folder = os.path.join(submissions, student)
    ex = catalog.load(slug)
    try:
        engine.student_path(ex, folder)
    except engine.MissingFile:
        return missing_result(slug, settings)
    wrap = isolation.choose(settings.isolation, folder, hide=[submissions])
    limits = Limits(memory_mb=settings.memory_mb, call_timeout_s=min(settings.call_timeout, settings.timeout),
                    import_timeout_s=min(10.0, settings.timeout), cpu_s=int(settings.timeout) + 5)
    try:
        report = engine.check(slug, folder, hidden=settings.hidden, limits=limits, wrap=wrap,
                              hidden_seed=settings.hidden_seed, total_timeout=settings.timeout,
                              functions=settings.functions)
    except Exception as e:  # our failure, not the student's: reported, and the run goes on
        result = missing_result(slug, settings, status="error")
        result["error"] = f"{type(e).__name__}: {e}"
        return result
    result = report.to_json(settings.lang)
    result["status"] = "graded"
    for check, c in zip(result["checks"], report.checks):
        if c.hidden:  # a hidden check's message may quote its inputs: never shown to students
            check["hidden"] = True
    return result


class SelfCheckFailed(Exception):
    """The bundled solution did not get full marks here: no student is graded."""

    def __init__(self, exercise, problems):
        super().__init__(f"{exercise}: {problems}")
        self.exercise, self.problems = exercise, problems


def self_check(slugs, settings, jobs=None):
    """Grade the bundled solutions as students (in a folder of their own: the sandbox hides the
    package's solutions/); raise SelfCheckFailed on the first one short of full marks. Without
    bundled solutions (a stripped install) there is nothing to compare with: skipped."""
    from dlgrade.workspace import bundled_solutions

    try:
        source = bundled_solutions()
    except ImportError:
        return
    slugs = [catalog.resolve(s) for s in slugs]
    with tempfile.TemporaryDirectory(prefix="dlgrade-selfcheck-") as root:
        os.makedirs(os.path.join(root, "solution"))
        for slug in slugs:
            shutil.copyfile(os.path.join(source, f"{slug}.py"), os.path.join(root, "solution", f"{slug}.py"))
        with cf.ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            results = list(pool.map(lambda slug: grade_one(root, "solution", slug, settings), slugs))
    for result in results:
        problems = [f"{c['id']}: {c['status']} {c['message']}"[:300] for c in result["checks"]
                    if c["status"] not in ("passed", "skipped")]
        if result.get("error") or problems:
            raise SelfCheckFailed(result["exercise"], result.get("error") or "; ".join(problems[:3]))


class ResumeMismatch(Exception):
    """`--resume` with settings that differ from the journaled run's: mixing them would change grades."""

    def __init__(self, fields):
        super().__init__(", ".join(fields))
        self.fields = fields


def run_settings(settings):
    """What must stay the same across a resume (the hidden seed is kept, not compared)."""
    return {"hidden": settings.hidden, "timeout": settings.timeout, "isolation": settings.isolation,
            "call_timeout": settings.call_timeout, "memory_mb": settings.memory_mb,
            "functions": list(settings.functions) if settings.functions else None, "lang": settings.lang}


def drop_partial_line(path):
    """A kill in the middle of a write leaves a line without its newline: cut it off, so the next
    result starts on a line of its own instead of being glued to the fragment (and lost)."""
    with open(path, "rb+") as fh:
        data = fh.read()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())


class Journal:
    """Append-only JSON lines: a header with the run's settings, then one line per result."""

    def __init__(self, path, resume):
        self.path, self.lock = path, threading.Lock()
        self.header, self.done = None, {}
        if resume and os.path.exists(path):
            drop_partial_line(path)
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                    except ValueError:  # a line cut short by a kill: that result is graded again
                        continue
                    if "run" in entry:
                        self.header = entry["run"]
                    elif {"student", "exercise", "result"} <= entry.keys():
                        self.done[(entry["student"], entry["exercise"])] = entry["result"]
        elif os.path.exists(path):
            os.remove(path)

    def check(self, settings):
        now = run_settings(settings)
        differ = [k for k in now if k in self.header and self.header[k] != now[k]]
        if differ:
            raise ResumeMismatch(differ)

    def write(self, entry):
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.lock, open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())


def grade_class(submissions, exercises=None, settings=None, jobs=None, journal_path=None, resume=False,
                on_result=None, scheduler=None, check_first=True):
    """Grade every student on every exercise. Returns the contract's object:
    {"isolation": ..., "students": [{"student", "total", "max_total", "exercises": [...]}]}.
    Raises SelfCheckFailed (check_first: the solutions first) or ResumeMismatch before grading."""
    settings = settings or Settings()
    slugs = [catalog.resolve(e) for e in exercises] if exercises else catalog.slugs()
    students = students_in(submissions)
    journal_path = journal_path or os.path.join(submissions, ".dlgrade-journal.jsonl")
    journal = Journal(journal_path, resume)
    if journal.header is not None:  # a resumed run keeps its hidden seed: same inputs as before
        journal.check(settings)
        settings.hidden_seed = int(journal.header["hidden_seed"])
    else:
        settings.hidden_seed = secrets.randbits(62)
        journal.write({"run": {"hidden_seed": settings.hidden_seed, **run_settings(settings)}})
    if check_first:
        self_check(slugs, settings, jobs)
    results = dict(journal.done)
    todo = [(s, e) for s in students for e in slugs if (s, e) not in results]
    total = len(students) * len(slugs)
    if on_result:
        on_result(len(results), total)

    def finish(key, result):
        results[key] = result
        journal.write({"student": key[0], "exercise": key[1], "result": result})
        if on_result:
            on_result(len(results), total)

    if scheduler:
        run_on_dask(scheduler, submissions, todo, settings, finish)
    else:
        with cf.ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            futures = {pool.submit(grade_one, submissions, s, e, settings): (s, e) for s, e in todo}
            for future in cf.as_completed(futures):
                finish(futures[future], future.result())
    return assemble(students, slugs, results, isolation.name_for(settings.isolation))


def run_on_dask(address, submissions, todo, settings, finish):
    from distributed import Client, as_completed

    with Client(address) as client:
        futures = {client.submit(grade_one, submissions, s, e, settings, pure=False): (s, e) for s, e in todo}
        for future in as_completed(list(futures)):
            finish(futures[future], future.result())


def assemble(students, slugs, results, isolation_name):
    out = []
    for s in students:
        exs = [results[(s, e)] for e in slugs]
        out.append({"student": s, "total": float(sum(r["score"] for r in exs)),
                    "max_total": float(sum(r["max_score"] for r in exs)), "exercises": exs})
    return {"isolation": isolation_name, "students": out}


def all_graded(result):
    return all(ex.get("status") != "error" for st in result["students"] for ex in st["exercises"])
