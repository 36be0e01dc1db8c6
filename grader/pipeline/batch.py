"""Batch grading of a class: SUBMISSIONS/<student_id>/exNN_<name>.py, one sandbox per student (a
child that imports each exercise in turn, restarted after a hang or crash: sandbox/session.py),
students in parallel, each result journaled as it completes.

Before any student, the bundled solution of each exercise is graded exactly as a student would be
(same isolation, limits, hidden seed): anything short of full marks means this machine cannot
grade (a sandbox that hides what the grader needs, a missing package), and the run stops
before it gives a whole class wrong grades.

The journal (JSON lines, appended and fsynced one result at a time) makes a killed run
resumable: `resume=True` skips what is already there, unless the student's file changed since
(each entry keeps a hash of the file it graded), and reuses the run's secret hidden-check seed, so
the final output equals an uninterrupted run's. The journal is locked (fcntl) for the whole run:
a second run on the same journal stops at once instead of mixing two runs' seeds. The output is
assembled in sorted order, never in completion order. Library code: no printing, no exiting.

With a Dask scheduler (dlgrade.integrations.dask_grading), isolation is decided on each worker and each result
says what it used; the self-check runs on every worker before any student; an unreachable
scheduler fails within seconds, before any journal is written.
"""
import concurrent.futures as cf
import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import replace

from dlgrade import catalog
from dlgrade.integrations import dask_grading
from dlgrade.pipeline import engine
from dlgrade.pipeline.config import RunConfig
from dlgrade.sandbox import isolation
from dlgrade.sandbox import student_files
from dlgrade.pipeline.report import Report
from dlgrade.pipeline.slots import grade_locally
from dlgrade.sandbox import cgroups
from dlgrade.sandbox import forkserver
from dlgrade.sandbox.session import StudentSandbox


def students_in(submissions):
    return sorted(d for d in os.listdir(submissions)
                  if os.path.isdir(os.path.join(submissions, d)) and not d.startswith("."))


def record(report, status, **more):
    """A (student, exercise) result as language-free data: the report's record (Report.to_record)
    with the result's status and, where there is one, found (files there instead), error (ours) and
    isolation (what it ran under). Journaled, sent back by Dask workers, rendered by `rendered`."""
    return {**report.to_record(), "status": status, **more}


RESULT_KEYS = ("status", "found", "error", "isolation")  # a record's own keys, in the contract's order


def rendered(result, lang="en"):
    """A result record as the contract's exercise object, its messages in `lang`."""
    report = Report.from_record(result)
    out = report.to_json(lang)
    out.update((k, result[k]) for k in RESULT_KEYS if k in result)
    for check, c in zip(out["checks"], report.checks):
        if c.hidden:  # a hidden check's message may quote its inputs: never shown to students
            check["hidden"] = True
    return out


def missing_report(slug, settings, status="missing", problem=None):
    ex = catalog.load(slug)
    pairs = ex.checks(settings.hidden)
    if settings.gpu or settings.timing:  # the same checks as a graded student's
        from dlgrade.checks.gpu import with_device_checks

        pairs = with_device_checks(ex, pairs, settings.gpu, settings.timing)
    pairs = [(f, chk) for f, chk in pairs if not settings.functions or f.name in settings.functions]
    return Report.not_run(ex, pairs, status, problem)


def missing_result(slug, settings, status="missing", **more):
    return record(missing_report(slug, settings, status), status, **more)


def missing_with_found(ex, folder, settings):
    """A missing file's result, naming the files that are there (a misnamed file is then plain)."""
    found = sorted(n for n in os.listdir(folder) if n.endswith((".py", ".ipynb")) and not n.startswith("."))[:10]
    from dlgrade.text import Msg

    message = Msg("batch.missing_found" if found else "batch.missing_none", {"file": ex.filename,
                                                                             "found": ", ".join(found)})
    return record(missing_report(ex.slug, settings, problem=message), "missing", found=found)


def child_limits(settings, exercises=1):
    """The limits of a student's child; its CPU time adds up over the exercises it grades (each
    one's wall time is bounded by the grader anyway)."""
    groups = cgroups.bounding()
    return settings.limits(exercises, nproc=None if groups else cgroups.user_process_limit())


def open_sandbox(submissions, student, settings, exercises=1, slot=None, servers=None):
    return sandbox_for(os.path.join(submissions, student), submissions, settings, exercises, slot, servers)


def sandbox_for(folder, course, settings, exercises=1, slot=None, servers=None):
    """The sandbox of the student whose files are in `folder`, inside `course` (the class, hidden
    from the child): a child forked in a box of the run's fork servers (sandbox/forkserver.py;
    servers None: a server of this sandbox's own), or, on the GPU and under rlimit, started."""
    if forkserver.enabled() and not settings.gpu and settings.isolation != "rlimit" and isolation.bwrap_works():
        limits = child_limits(settings, exercises)
        own = forkserver.Pool() if servers is None else None  # (a Dask task, a lone exercise)
        zygote = (servers or own).borrow([course], limits.memory_mb)
        return forkserver.ForkedSandbox(folder, limits, zygote, slot, course, own=own)
    return StudentSandbox(folder, child_limits(settings, exercises),
                          lambda stage: isolation.choose(settings.isolation, folder, hide=[course], show=[stage],
                                                         gpu=settings.gpu),
                          bound=cgroups.bounding(), slot=slot)


def grade_student(submissions, student, slugs, settings, on_result=None, slot=None, servers=None):
    """All of one student's exercises, in one sandbox -> [result record per slug]. on_result(slug, result)
    as each is done; slot: the worker's CPU slot (pipeline/slots.py), lent while the child is stuck in
    a long call. A module-level function of plain arguments, so a Dask worker can run it too."""
    results = []
    with open_sandbox(submissions, student, settings, len(slugs), slot, servers) as sandbox:
        for slug in slugs:
            result = grade_one(submissions, student, slug, settings, sandbox)
            results.append(result)
            if on_result:
                on_result(slug, result)
        # what is left (killing the child, removing its groups) mostly waits: the next student starts
        if slot is not None:
            slot.lend()
    return results


def grade_one(submissions, student, slug, settings, sandbox=None):
    """One (student, exercise) -> its result record (see `record`), in the student's sandbox (a fresh
    one of its own when none is given). A module-level function of plain arguments, so a Dask worker
    can run it too."""
    folder = os.path.join(submissions, student)
    ex = catalog.load(slug)
    try:
        path = engine.student_path(ex, folder, settings.prefer or "py")
    except engine.MissingFile:
        return missing_with_found(ex, folder, settings)
    if not student_files.inside(folder, submissions):  # a student "folder" that is a link elsewhere
        return refused_result(ex, path, settings)
    if sandbox is None:
        try:
            with open_sandbox(submissions, student, settings) as own:
                return grade_one(submissions, student, slug, settings, own)
        except isolation.NoBwrap:  # a Dask worker without bubblewrap: not graded here, and said so
            return missing_result(slug, settings, "error", error="bubblewrap is not available where this was to be "
                                  "graded", isolation="none")
    name = getattr(sandbox.wrap, "name", "rlimit")
    try:
        report = engine.check(slug, folder, settings, path=path, sandbox=sandbox, wrap=sandbox.wrap)
    except Exception as e:  # our failure, not the student's: reported, and the run goes on
        return missing_result(slug, settings, "error", error=f"{type(e).__name__}: {e}", isolation=name)
    return record(report, "graded", isolation=name)  # what it actually ran under (Dask: decided on its worker)


def refused_result(ex, path, settings):
    from dlgrade.text import Msg

    return record(engine.refused(ex, path, settings, Msg("files.outside", {"file": os.path.basename(path)})), "graded")


class SelfCheckFailed(Exception):
    """The bundled solution did not get full marks here: no student is graded."""

    def __init__(self, exercise, problems):
        super().__init__(f"{exercise}: {problems}")
        self.exercise, self.problems = exercise, problems


def self_check(slugs, settings, jobs=None):
    """Grade the bundled solutions as students (in a folder of their own: the sandbox hides the
    package's solutions/); raise SelfCheckFailed on the first one short of full marks. Without
    bundled solutions (a stripped install) there is nothing to compare with: skipped."""
    with solution_class(slugs) as root:
        if root is None:
            return
        shares = self_check_shares(slugs, jobs)
        # a sandbox per share of the exercises
        with forkserver.Pool() as servers, cf.ThreadPoolExecutor(max_workers=len(shares)) as pool:
            results = [r for rs in pool.map(lambda share: grade_student(root, "solution", share, settings,
                                                                        servers=servers), shares) for r in rs]
    judge_self_check(results)


@contextlib.contextmanager
def solution_class(slugs):
    """A temporary class of one student, "solution", who hands in the bundled solutions; None
    without bundled solutions (a stripped install)."""
    from dlgrade.study.workspace import bundled_solutions

    try:
        source = bundled_solutions()
    except ImportError:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="dlgrade-selfcheck-") as root:
        os.makedirs(os.path.join(root, "solution"))
        for slug in map(catalog.resolve, slugs):
            shutil.copyfile(os.path.join(source, f"{slug}.py"), os.path.join(root, "solution", f"{slug}.py"))
        yield root


def self_check_shares(slugs, jobs=None):
    """The solutions' exercises split into one share per sandbox, as students' are graded."""
    slugs = [catalog.resolve(s) for s in slugs]
    jobs = min(len(slugs), jobs or os.cpu_count() or 1)
    return [slugs[i::jobs] for i in range(jobs)]


def judge_self_check(results):
    for result in map(rendered, results):
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
    """What must stay the same across a resume (the hidden seed is kept, not compared). A journal
    written before a setting was journaled lacks it: that setting is not compared."""
    return settings.journaled()


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


class JournalBusy(Exception):
    """Another run holds the journal (the same --out): two runs would interleave their results."""

    def __init__(self, path):
        super().__init__(path)
        self.path = path


class Journal:
    """Append-only JSON lines: a header with the run's settings, then one line per result (its
    language-free record) with the hash of the file it graded. Held under an exclusive lock (fcntl)
    until close(). Lines of a journal written before results were records (a rendered "result") are
    not reused: those results are graded again, with the journal's hidden seed."""

    def __init__(self, path, resume, on_error=None):
        self.path, self.lock = path, threading.Lock()
        self.header, self.done, self.hashes = None, {}, {}
        self.error, self.on_error = None, on_error  # a failed write (a full disk): the run goes on without it
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)  # it holds the hidden seed
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise JournalBusy(path) from None
        self.fd = fd
        if not resume:
            os.ftruncate(fd, 0)
            return
        drop_partial_line(path)
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                except ValueError:  # a line cut short by a kill: that result is graded again
                    continue
                if not isinstance(entry, dict):
                    continue
                if isinstance(entry.get("run"), dict):
                    self.header = entry["run"]
                elif {"student", "exercise", "record"} <= entry.keys():
                    key = (entry["student"], entry["exercise"])
                    self.done[key], self.hashes[key] = entry["record"], entry.get("hash")

    def current(self, hashes):
        """The journaled results whose file is still the one graded ({key: result})."""
        return {key: result for key, result in self.done.items() if self.hashes.get(key) == hashes.get(key)}

    def close(self):
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None

    def check(self, settings):
        now = run_settings(settings)
        differ = [k for k in now if k in self.header and self.header[k] != now[k]]
        if differ:
            raise ResumeMismatch(differ)

    def write(self, entry):
        data = (json.dumps(entry, sort_keys=True) + "\n").encode("ascii")  # ensure_ascii: lone surrogates escaped
        with self.lock:
            if self.error is not None:
                return
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self.fd, view):]
                os.fsync(self.fd)
            except OSError as e:  # ENOSPC, EFBIG...: a line cut short is dropped by the next resume
                self.error = e
                if self.on_error:
                    self.on_error(self.path, f"{e.strerror or e}")


def submission_hash(submissions, student, slug):
    """sha256 of what is graded for (student, exercise): the file's bytes, a link's target, or
    "missing". A resumed run grades again what changed since the journal."""
    ex = catalog.load(slug)
    try:
        path = engine.student_path(ex, os.path.join(submissions, student))
    except engine.MissingFile:
        return "missing"
    digest = hashlib.sha256()
    try:
        if os.path.islink(path):
            digest.update(b"link:" + os.fsencode(os.readlink(path)))
        else:
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
    except OSError as e:
        digest.update(f"unreadable:{e.errno}".encode())
    return digest.hexdigest()


def grade_class(submissions, exercises=None, settings=None, jobs=None, journal_path=None, resume=False,
                on_result=None, scheduler=None, check_first=True, on_journal_error=None):
    """Grade every student on every exercise. Returns the contract's object:
    {"isolation": ..., "students": [{"student", "total", "max_total", "exercises": [...]}]}.
    Raises SelfCheckFailed (check_first: the solutions first), ResumeMismatch, JournalBusy (another
    run holds the journal), dask_grading.SchedulerUnreachable or WorkerCannotIsolate before grading."""
    settings = settings or RunConfig.for_class()
    slugs = [catalog.resolve(e) for e in exercises] if exercises else catalog.slugs()
    students = students_in(submissions)
    journal_path = journal_path or os.path.join(submissions, ".dlgrade-journal.jsonl")
    client = dask_grading.connect(scheduler) if scheduler else None  # unreachable: fails before any journal
    try:
        journal = Journal(journal_path, resume, on_journal_error)
        cgroups.bounding()  # probed once, before any thread asks
        try:
            return grade_journaled(submissions, students, slugs, settings, jobs, journal, on_result, client,
                                   check_first)
        finally:
            journal.close()
    finally:
        if client is not None:
            client.close()


def grade_journaled(submissions, students, slugs, settings, jobs, journal, on_result, client, check_first):
    if journal.header is not None:  # a resumed run keeps its hidden seed: same inputs as before
        journal.check(settings)
        settings = replace(settings, hidden_seed=int(journal.header["hidden_seed"]))
    else:
        settings = replace(settings, hidden_seed=secrets.randbits(62))
        journal.write({"run": {"hidden_seed": settings.hidden_seed, **run_settings(settings)}})
    if check_first and client is not None:
        dask_grading.self_check_workers(client, slugs, settings)
    hashes = {(s, e): submission_hash(submissions, s, e) for s in students for e in slugs}
    results = journal.current(hashes)
    todo = {s: [e for e in slugs if (s, e) not in results] for s in students}
    todo = {s: es for s, es in todo.items() if es}
    total = len(students) * len(slugs)
    if on_result:
        on_result(len(results), total)
    lock = threading.Lock()

    def finish(key, result):
        with lock:
            results[key] = result
            journal.write({"student": key[0], "exercise": key[1], "record": result, "hash": hashes[key]})
            if on_result:
                on_result(len(results), total)

    if client is not None:
        dask_grading.run_on_dask(client, submissions, todo, settings, finish)
    else:  # the self-check runs beside the first students; theirs are kept back until it passes
        with solution_class(slugs) if check_first else contextlib.nullcontext() as solutions:
            check = (solutions, self_check_shares(slugs, jobs)) if solutions else None
            grade_locally(submissions, todo, settings, jobs or os.cpu_count() or 1, finish, check)
    return assemble(students, slugs, results, used_isolation(results.values(), settings), cgroups.name(), settings.lang)


def used_isolation(results, settings):
    """What the graded results ran under: one name, or "mixed" (Dask workers that differ)."""
    names = {r.get("isolation") for r in results if r.get("isolation")}
    if not names:
        return isolation.name_for(settings.isolation)
    return names.pop() if len(names) == 1 else "mixed"


def assemble(students, slugs, results, isolation_name, bound_name="rlimit", lang="en"):
    """The contract's object, every result record rendered in `lang`, students in sorted order."""
    out = []
    for s in students:
        exs = [rendered(results[(s, e)], lang) for e in slugs]
        out.append({"student": s, "total": float(sum(r["score"] for r in exs)),
                    "max_total": float(sum(r["max_score"] for r in exs)), "exercises": exs})
    return {"isolation": isolation_name, "bound": bound_name, "students": out}


def all_graded(result):
    return all(ex.get("status") != "error" for st in result["students"] for ex in st["exercises"])
