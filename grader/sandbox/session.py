"""One sandbox per student: all of a student's exercises in one child, one after another.

Starting a child (the interpreter, numpy, bubblewrap) costs far more than grading most exercises,
so batch grading starts one per student and asks it to import each exercise's module in turn
(the previous module is dropped first). A hang, a crash or a failed import ends that child; the
next exercise starts a fresh one, so a failure is charged to the exercise where it happened only.
Notebooks' modules are copied into one private folder of the sandbox (shown to the child), since
the child's view of the file system is fixed when it starts.
"""
import os
import shutil
import tempfile

from dlgrade.sandbox.runner import Child


class StudentSandbox:
    """Hands out a child with the requested module imported; reuses the live one when it can."""

    def __init__(self, student_dir, limits, make_wrap=None, bound=None, slot=None):
        """make_wrap(stage folder) -> the isolation wrapper (it must show the stage folder); slot:
        batch grading's CPU slot, lent by a child stuck in a long call (pipeline/slots.py)."""
        self.student_dir, self.limits, self.bound, self.slot = os.path.abspath(student_dir), limits, bound, slot
        self.stage = tempfile.mkdtemp(prefix="dlgrade-stage-")
        self.wrap = make_wrap(self.stage) if make_wrap else None
        self.child = None
        self.started = 0  # children started (a measure of restarts)

    def open(self, path):
        """(child, None) with `path` imported, or (None, ImportFailure)."""
        path = self._staged(path)
        if self.child is not None and self.child.alive():
            failure = self.child.load(path)
            if failure is None:
                return self.child, None
            self.discard()  # whatever a failed import left behind does not reach the next exercise
            if failure.kind != "stale":  # "stale": the last exercise left threads or processes running
                return None, failure
        self.discard()
        child = self._new_child(path)
        self.started += 1
        failure = child.start()
        if failure is None:
            self.child = child
            return child, None
        child.close()
        return None, failure

    def _new_child(self, path):
        kw = {"wrap": self.wrap} if self.wrap else {}
        return Child(path, self.limits, bound=self.bound, slot=self.slot, **kw)

    def release(self, child, idle):
        """The exercise is done with `child`: kept for the next one when it is idle (no request
        left half answered), else ended."""
        if child is not self.child:
            child.close()
        elif not idle:
            self.discard()

    def discard(self):
        if self.child is not None:
            self.child.close()
            self.child = None

    def close(self):
        self.discard()
        shutil.rmtree(self.stage, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _staged(self, path):
        """A module outside the student's folder (a notebook's, written to a temporary folder) is
        copied into the sandbox's own folder, which the child sees for its whole life."""
        path = os.path.abspath(path)
        if os.path.dirname(path) == self.student_dir:
            return path
        target = os.path.join(self.stage, os.path.basename(path))
        shutil.copyfile(path, target)
        return target
