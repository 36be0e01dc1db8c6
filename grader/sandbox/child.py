"""The child process: imports a student module (one at a time) and runs the calls the grader asks for.

Started by `boot.py` (which sets the limits first). Requests arrive on stdin, results leave on
RESULT_FD (never stdout: what the student prints goes to a pipe the grader drains, keeps the end
of and only shows). It sends back the student's raw outputs, never a verdict: the expected values
stay in the grader, so nothing the student's code writes can claim a pass. An `import` request
swaps in the same student's next exercise, after undoing what the last one changed process-wide.
"""
import os
import sys
import time
import traceback


def main(path, result_fd, limits):
    import numpy as np  # ours, before the student's folder joins sys.path

    from dlgrade.pipeline import xp  # noqa: F401
    from dlgrade.sandbox import protocol

    def send(tree, buffers=()):
        protocol.write_frame(result_fd, tree, list(buffers))

    ours = preload()  # before the student's folder joins sys.path, so nothing there shadows our packages
    clean = Snapshot(np)
    import gc

    gc.freeze()  # what is here now lives as long as the child: collections scan only what comes after
    module = import_student(path, send)
    if module is not None:
        send({"event": "ready"})
    while True:
        try:
            tree, buffers = protocol.read_frame_blocking(0)
        except EOFError:
            return
        if "import" in tree:  # the same student's next exercise, in this same child
            if still_running():  # threads or processes of the last exercise: the grader starts afresh
                send({"event": "stale"})
                continue
            forget(module)
            clean.restore()
            module = import_student(tree["import"], send)
            if module is not None:
                send({"event": "ready"})
            continue
        send(*serve(tree, buffers, module, ours))


def serve(tree, buffers, module, ours):
    """Run one request's steps on `module` (the student's); returns the reply frame (tree,
    buffers). The sandboxed child and an in-process run (a notebook's own kernel) share it."""
    import numpy as np

    from dlgrade.pipeline import xp
    from dlgrade.sandbox import protocol

    results_by_step = []
    shared_rngs = {}

    def resolve(node, dec):
        if "ref" in node:
            value = results_by_step[node["ref"][0]]
            for i in node["ref"][1:]:
                value = value[i]
            return value
        if "rng" in node:
            key = (node["rng"], node.get("module"))
            if node.get("shared") and key in shared_rngs:
                return shared_rngs[key]
            if node.get("module") == "cupy":
                made = xp.cupy().random.default_rng(node["rng"])
            else:
                made = np.random.default_rng(node["rng"])
            if node.get("shared"):
                shared_rngs[key] = made
            return made
        if "func" in node:  # one of our functions, by module path (never code as text)
            module_name, name = node["func"]
            return getattr(ours(module_name), name)
        if "to_module" in node:
            value = dec(node["value"])
            if node["to_module"] == "cupy":
                return xp.cupy().asarray(value)
            return value
        raise protocol.ProtocolError("unknown request node")

    replies, out_buffers = [], []
    for step in tree["steps"]:
        args = protocol.decode(step["args"], buffers, resolve)
        kwargs = protocol.decode(step.get("kwargs", {"dict": {}}), buffers, resolve)
        source = step.get("source")
        owner = module if source is None else ours(source)
        reply, value = call(owner, step["fn"], args, kwargs, np, timed=bool(step.get("timed")))
        if source is not None:
            reply["ours"] = True  # a failure here is the grader's, not the student's
        results_by_step.append(None if step.get("timed") else value)  # timed results are not kept
        if reply["status"] == "ok" and step.get("send", True):
            vtree, vbufs = protocol.encode(value)
            # re-number the buffers of this step after the ones already in the frame
            reply["value"] = renumber(vtree, len(out_buffers))
            out_buffers.extend(vbufs)
        replies.append(reply)
        if reply["status"] != "ok":
            break
    return {"event": "result", "steps": replies}, out_buffers


def preload():
    """Return a lookup of our own modules (references, timing baselines) that only ever gives
    these. The packages are fixed before the student's folder joins sys.path (`dlgrade`
    is imported already; submodules then come from the package's own folder, never from a
    same-named file of the student's). `dlgrade.reference` may be hidden (batch grading in bubblewrap):
    then nothing is taken from it."""
    import importlib

    try:
        import dlgrade.reference as ref

        hidden = () if getattr(ref, "__file__", None) else ("dlgrade.reference",)  # an emptied folder
    except ImportError:
        hidden = ("dlgrade.reference",)

    def ours(name):
        if not name.startswith("dlgrade.") or any(name == h or name.startswith(h + ".") for h in hidden):
            raise ValueError(f"not one of the grader's modules here: {name}")
        return importlib.import_module(name)

    return ours


def renumber(tree, offset):
    if isinstance(tree, dict):
        if "array" in tree:
            return dict(tree, array=tree["array"] + offset)
        return {k: renumber(v, offset) for k, v in tree.items()}
    if isinstance(tree, list):
        return [renumber(v, offset) for v in tree]
    return tree


class Snapshot:
    """What a student's module may change for the whole process, as it was before any of theirs
    ran: restored before the next exercise, so each is graded as in a child of its own."""

    def __init__(self, np):
        import builtins

        self.spaces = [(m, dict(vars(m))) for m in (np, np.random, np.linalg, builtins, os, sys, time)]
        self.cwd, self.environ, self.path = os.getcwd(), dict(os.environ), list(sys.path)
        self.limit, self.errstate = sys.getrecursionlimit(), np.geterr()
        self.np = np

    def restore(self):
        import builtins
        import signal

        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.alarm(0)
        for module, saved in self.spaces:
            space = vars(module)
            if module is builtins:  # names added elsewhere may be submodules imported since: kept
                for name in [n for n in space if n not in saved]:
                    del space[name]
            for name, value in saved.items():
                if space.get(name, self) is not value:
                    space[name] = value
        os.chdir(self.cwd)
        os.environ.clear()
        os.environ.update(self.environ)
        sys.path[:] = self.path
        sys.setrecursionlimit(self.limit)
        self.np.seterr(**self.errstate)


def still_running():
    """Whether the last exercise left threads or child processes behind."""
    import threading

    if threading.active_count() > 1:
        return True
    try:
        return os.waitpid(-1, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return False


def forget(module):
    """Drop the previous exercise's module (its globals and arrays) before the next one."""
    import gc

    if module is not None and sys.modules.get(module.__name__) is module:
        del sys.modules[module.__name__]
    gc.collect()


def import_student(path, send):
    """Import the student's file by its path. Their folder goes to the END of sys.path, so their
    own helper modules import, but a `json.py`, `numpy.py` or `dlgrade/` there never shadows the
    standard library, an installed package or ours."""
    import importlib.util

    name = os.path.splitext(os.path.basename(path))[0]
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.append(folder)
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    except SyntaxError as e:
        send({"event": "import_error", "kind": "syntax", "line": e.lineno,
              "detail": f"{type(e).__name__}: {e.msg}", "text": (e.text or "").rstrip()[:200]})
    except BaseException as e:  # the student's module may raise anything, SystemExit included
        line = student_line(e, path)
        send({"event": "import_error", "kind": "exception", "line": line,
              "detail": short_exception(e)})
    return None


def snapshot(values):
    snaps = []
    for v in values:
        if hasattr(v, "dtype") and hasattr(v, "shape") and hasattr(v, "copy"):
            snaps.append(v.copy())
        elif isinstance(v, (list, tuple)):
            snaps.append([x.copy() if hasattr(x, "copy") and hasattr(x, "dtype") else None for x in v])
        else:
            snaps.append(None)
    return snaps


def unchanged(before, after):
    if before is None:
        return True
    if isinstance(before, list):
        return all(unchanged(b, a) for b, a in zip(before, after))
    try:
        if before.shape != after.shape or before.dtype != after.dtype:
            return False
        same = (before == after) | ((before != before) & (after != after))  # NaN stays NaN
        return bool(same.all())
    except Exception:
        return False


def call(module, fn_name, args, kwargs, np, timed=False):
    import warnings

    fn = getattr(module, fn_name, None)
    if not callable(fn):
        return {"status": "missing", "detail": fn_name}, None
    path = getattr(module, "__file__", "")
    positional = list(args)
    before = [None] * len(positional + list(kwargs)) if timed else snapshot(positional + list(kwargs.values()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            clock = stopwatch(list(positional) + list(kwargs.values()))
            with np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
                clock.start()
                value = fn(*positional, **kwargs)
                seconds = clock.stop()
        except NotImplementedError:
            return {"status": "not_implemented"}, None
        except MemoryError:
            return {"status": "error", "detail": "MemoryError", "memory": True}, None
        except RecursionError as e:
            return {"status": "error", "detail": short_exception(e), "line": student_line(e, path)}, None
        except SystemExit as e:
            return {"status": "error", "detail": f"SystemExit({e.code!r})", "exit": True}, None
        except BaseException as e:  # anything the student raises is their error, not ours
            return {"status": "error", "detail": short_exception(e), "line": student_line(e, path)}, None
    after = positional + list(kwargs.values())
    mutated = [i for i, (b, a) in enumerate(zip(before, after)) if not unchanged(b, a)]
    warns = [f"{w.category.__name__}: {w.message}"[:200] for w in caught[:5]]
    return {"status": "ok", "warnings": warns, "mutated": mutated, "seconds": seconds}, value


_perf_counter = time.perf_counter  # taken before the student's module is imported


class stopwatch:
    """Wall time of a call; on the GPU the elapsed time between two CUDA events around it, the
    end event recorded after the whole device is synchronized (work queued on another stream
    than the current one is timed too)."""

    def __init__(self, args):
        self.cp = None
        for a in args:
            if type(a).__module__.split(".")[0] == "cupy":
                from dlgrade.pipeline.xp import cupy

                self.cp = cupy()
                break

    def start(self):
        if self.cp is not None:
            self.cp.cuda.Device().synchronize()
            self.events = (self.cp.cuda.Event(), self.cp.cuda.Event())
            self.events[0].record()
        self.t0 = _perf_counter()

    def stop(self):
        if self.cp is None:
            return _perf_counter() - self.t0
        self.cp.cuda.Device().synchronize()
        self.events[1].record()
        self.events[1].synchronize()
        return self.cp.cuda.get_elapsed_time(*self.events) / 1000.0


def short_exception(e):
    text = f"{type(e).__name__}: {e}"
    return text if len(text) < 300 else text[:297] + "..."


def student_line(e, path):
    """The last line of the student's own code in the traceback: an int for a file, or
    [cell, line] for a notebook cell."""
    line = None
    for frame in traceback.extract_tb(e.__traceback__):
        if os.path.abspath(frame.filename) == os.path.abspath(path):
            line = frame.lineno
        elif frame.filename.startswith("<cell ") and frame.filename[6:-1].isdigit():
            line = [int(frame.filename[6:-1]), frame.lineno]
    return line


