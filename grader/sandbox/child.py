"""The child process: imports one student module and runs the calls the grader asks for.

Started by `boot.py` (which sets the limits first). Requests arrive on
stdin, results leave on RESULT_FD (never stdout: what the student prints goes to a log the
grader only shows). It sends back the student's raw outputs, never a verdict: the expected
values stay in the grader, so nothing the student's code writes can claim a pass.
"""
import json
import os
import sys
import time
import traceback


def main(path, result_fd, limits):
    import numpy as np

    from dlgrade import xp
    from dlgrade.sandbox import protocol

    def send(tree, buffers=()):
        protocol.write_frame(result_fd, tree, list(buffers))

    ours = preload()  # before the student's folder joins sys.path, so nothing there shadows our packages
    module = import_student(path, send)
    if module is None:
        return
    send({"event": "ready"})
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
        if "func" in node:
            return eval(node["func"], {"np": np, "numpy": np})  # text from the grader, never the student
        if "to_module" in node:
            value = dec(node["value"])
            if node["to_module"] == "cupy":
                return xp.cupy().asarray(value)
            return value
        raise protocol.ProtocolError("unknown request node")

    while True:
        try:
            tree, buffers = protocol.read_frame_blocking(0)
        except EOFError:
            return
        results_by_step = []
        shared_rngs = {}  # (seed, module) -> the generator of the shared Rngs of this request
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
        send({"event": "result", "steps": replies}, out_buffers)


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


def import_student(path, send):
    import importlib.util

    name = os.path.splitext(os.path.basename(path))[0]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
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
                from dlgrade.xp import cupy

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


