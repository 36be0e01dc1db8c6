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


class Gate:
    """Results held back until the self-check passes (then passed on in the order they came), and
    dropped if it fails: a class is never graded, even in part, where the solutions fall short."""

    def __init__(self, finish, closed):
        self._finish, self.closed, self.failed = finish, closed, False
        self._pending, self._lock = [], threading.Lock()

    def finish(self, key, result):
        with self._lock:
            if self.closed:
                self._pending.append((key, result))
                return
        self._finish(key, result)

    def open(self):
        with self._lock:
            for key, result in self._pending:
                self._finish(key, result)
            self._pending, self.closed = [], False

    def fail(self):
        with self._lock:
            self._pending, self.failed = [], True


class Writer:
    """Passes results to `finish` (which journals each one and fsyncs) on a thread of its own, in
    the order they came: a worker goes on to its next exercise instead of waiting for the disk
    with its slot held. `close` waits until every result is passed on and re-raises a failure."""

    def __init__(self, finish):
        import queue

        self._finish, self._queue, self._error = finish, queue.SimpleQueue(), None
        self._thread = threading.Thread(target=self._run, name="dlgrade-journal", daemon=True)
        self._thread.start()

    def put(self, key, result):
        self._queue.put((key, result))

    def _run(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is None:
                try:
                    self._finish(*item)
                except BaseException as e:  # raised again by close(), in the grading thread
                    self._error = e

    def close(self, quiet=False):
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and not quiet:
            raise self._error


def grade_locally(submissions, todo, settings, jobs, finish, check=None):
    """Grade {student: [slugs]} on this machine, `jobs` students computing at once; finish((student,
    slug), result) as each result is done. check: (solutions folder, [share of slugs]), the
    bundled solutions graded first as a self-check (pipeline/batch.py) beside the first students:
    raises SelfCheckFailed, and no result reaches `finish`, when one falls short."""
    import concurrent.futures as cf

    from dlgrade.pipeline import batch

    from dlgrade.sandbox.forkserver import Pool

    slots = Slots(jobs)
    servers = Pool()  # the workers' fork servers, for this run only
    writer = Writer(finish)
    gate = Gate(writer.put, closed=check is not None)

    def one(folder, student, slugs, on_result):
        if gate.failed:
            return []
        slot = slots.take()
        try:
            if gate.failed:  # the self-check failed while this one waited
                return []
            return batch.grade_student(folder, student, slugs, settings, on_result, slot=slot, servers=servers)
        finally:
            slot.done()

    with cf.ThreadPoolExecutor(max_workers=slots.workers()) as pool:
        checks = [pool.submit(one, check[0], "solution", share, None) for share in check[1]] if check else []
        futures = [pool.submit(one, submissions, s, es, lambda slug, result, s=s: gate.finish((s, slug), result))
                   for s, es in todo.items()]
        try:
            if checks:
                batch.judge_self_check([r for f in checks for r in f.result()])
                gate.open()
            for future in cf.as_completed(futures):
                future.result()
        except BaseException:
            gate.fail()
            pool.shutdown(wait=True, cancel_futures=True)
            servers.close()
            writer.close(quiet=True)
            raise
    servers.close()
    writer.close()
