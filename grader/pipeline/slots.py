"""CPU slots for batch grading: as many students compute at once as there are cores, and a
student whose child is stuck in one long call lends its slot to the next student.

A child in an endless loop holds its worker until the time limit (`--timeout`), however little
that limit is worth waiting for; with one worker per core, three looping students in a class
leave a core idle (or spinning) for three whole time limits. Here a worker takes a slot before it
starts a student; once one exchange with the child has lasted `LEND_AFTER` seconds, the worker
lends its slot (for that student's remaining exercises) and a waiting worker starts the next
student. The slow child keeps running at its normal priority: its time limit, its verdict and its
share of the machine are unchanged but for the one more child computing beside it. There are at
most twice as many workers as slots, so a long call always keeps at least half a core.
"""
import threading

LEND_AFTER = 0.2  # seconds of one exchange (honest calls here take milliseconds)


class Slots:
    """`jobs` slots shared by the workers of one run."""

    def __init__(self, jobs):
        self.jobs = jobs
        self._free = threading.Semaphore(jobs)

    def workers(self):
        """Threads to start: a waiting worker for each slot that may be lent."""
        return 2 * self.jobs

    def take(self):
        """Block until a slot is free; the worker's `Slot` (give it back with `done`)."""
        self._free.acquire()
        return Slot(self._free)


class Slot:
    after = LEND_AFTER  # read by the child's exchange loop (sandbox/runner.py)

    def __init__(self, free):
        self._free, self._held, self._lock = free, True, threading.Lock()

    def lend(self):
        """The child is in a long call: another worker may start (idempotent)."""
        self._give()

    def done(self):
        self._give()

    @property
    def held(self):
        return self._held

    def _give(self):
        with self._lock:
            if self._held:
                self._held = False
                self._free.release()
