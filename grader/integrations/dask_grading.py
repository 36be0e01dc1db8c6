"""Batch grading on a Dask cluster (`dlgrade grade --scheduler`): the scheduler reached within
SCHEDULER_TIMEOUT seconds (before any journal exists), the self-check and the choice of isolation
made on every worker (a worker without bubblewrap refuses unless the run said rlimit), and the
students graded there by dlgrade.pipeline.batch.grade_student (one sandbox each), each result saying what isolation
it ran under. Library code: no printing, no exiting.
"""
import tempfile

from dlgrade.pipeline import batch
from dlgrade.sandbox import isolation

SCHEDULER_TIMEOUT = 5.0  # seconds to reach a Dask scheduler


class SchedulerUnreachable(Exception):
    def __init__(self, address, detail):
        super().__init__(f"{address}: {detail}")
        self.address, self.detail = address, detail


class WorkerCannotIsolate(Exception):
    """A Dask worker has no bubblewrap and the run did not ask for rlimit."""

    def __init__(self, worker, mode):
        super().__init__(f"{worker}: {mode}")
        self.worker, self.mode = worker, mode


def connect(address):
    """A Dask client, or SchedulerUnreachable within SCHEDULER_TIMEOUT seconds."""
    from distributed import Client

    try:
        return Client(address, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError, TypeError) as e:
        raise SchedulerUnreachable(address, str(e)[:200]) from None


def worker_self_check(slugs, settings):
    """Run on each Dask worker: None when it can isolate and grades the solutions in full, else
    ("no_bwrap", mode) or ("failed", exercise, problems)."""
    try:
        isolation.choose(settings.isolation, tempfile.gettempdir())
    except isolation.NoBwrap:
        return ("no_bwrap", settings.isolation)
    try:
        batch.self_check(slugs, settings)
    except batch.SelfCheckFailed as e:
        return ("failed", e.exercise, e.problems)
    return None


def self_check_workers(client, slugs, settings):
    """The self-check where the grading happens: on every worker. Raises WorkerCannotIsolate or SelfCheckFailed."""
    for worker, problem in sorted(client.run(worker_self_check, slugs, settings).items()):
        if problem is None:
            continue
        if problem[0] == "no_bwrap":
            raise WorkerCannotIsolate(worker, problem[1])
        raise batch.SelfCheckFailed(problem[1], f"worker {worker}: {problem[2]}")


def run_on_dask(client, submissions, todo, settings, finish):
    """todo: {student: [exercise slugs]}; one task per student (one sandbox each, on its worker)."""
    from distributed import as_completed

    futures = {client.submit(batch.grade_student, submissions, s, es, settings, pure=False): (s, es)
               for s, es in todo.items()}
    for future in as_completed(list(futures)):
        student, slugs = futures[future]
        for slug, result in zip(slugs, future.result()):
            finish((student, slug), result)
