"""Framing between the grader and its child: a JSON header plus raw array buffers.

Nothing is ever unpickled. A frame is ``<8-byte header length><header JSON><buffers>``; arrays
travel as raw bytes with dtype and shape, and are validated before use. Python scalars travel
inside the JSON. Request-only nodes (``ref``, ``rng``, ``func``) are resolved by the child.
"""
import json
import struct

import numpy as np

ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex: never object or void dtypes
MAX_FRAME = 1 << 31


class ProtocolError(Exception):
    pass


def encode(value):
    """Return (tree, buffers) for a value made of arrays, scalars, tuples, lists and dicts."""
    buffers = []

    def enc(v):
        if isinstance(v, (bool, int, float, str)) or v is None:
            if isinstance(v, float) and v != v:
                return {"float": "nan"}
            if isinstance(v, float) and v in (float("inf"), float("-inf")):
                return {"float": "inf" if v > 0 else "-inf"}
            return v
        if isinstance(v, tuple):
            return {"tuple": [enc(x) for x in v]}
        if isinstance(v, list):
            return {"list": [enc(x) for x in v]}
        if isinstance(v, dict) and all(isinstance(k, str) for k in v):
            return {"dict": {k: enc(x) for k, x in v.items()}}
        module = type(v).__module__.split(".")[0]
        if module in ("numpy", "cupy") and hasattr(v, "dtype") and hasattr(v, "shape"):
            if v.dtype.kind not in ALLOWED_KINDS:
                return {"opaque": f"array of dtype {v.dtype}"}
            host = v.get() if module == "cupy" else np.asarray(v)
            host = host if host.flags.c_contiguous else host.copy(order="C")  # keeps 0-d as 0-d
            buffers.append(host.tobytes())
            return {"array": len(buffers) - 1, "dtype": host.dtype.str, "shape": list(host.shape),
                    "module": module, "scalar": not isinstance(v, (np.ndarray,)) and module == "numpy"}
        return {"opaque": type(v).__name__}

    return enc(value), buffers


def decode(tree, buffers, resolve=None, mark=False):
    """Inverse of `encode`, on the receiving side. Arrays come back as NumPy arrays wrapped in
    `Received` when they were CuPy on the other side (the module is part of the result).
    `resolve(node)` handles request-only nodes in the child."""

    def dec(node):
        if isinstance(node, (bool, int, float, str)) or node is None:
            return node
        if not isinstance(node, dict) or len(node) == 0:
            raise ProtocolError(f"bad node {node!r:.80}")
        if "float" in node:
            return float(node["float"])
        if "tuple" in node:
            return tuple(dec(x) for x in node["tuple"])
        if "list" in node:
            return [dec(x) for x in node["list"]]
        if "dict" in node:
            return {str(k): dec(x) for k, x in node["dict"].items()}
        if "array" in node:
            return decode_array(node, buffers, mark)
        if "opaque" in node:
            return Opaque(str(node["opaque"]))
        if resolve is not None:
            return resolve(node, dec)
        raise ProtocolError(f"unexpected node {sorted(node)!r}")

    return dec(tree)


class Opaque:
    """A value that could not travel (an object the student returned): only its type name."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


class Received(np.ndarray):
    """A NumPy array received from the child, remembering the module it had there."""

    module = "numpy"
    is_scalar = False


def decode_array(node, buffers, mark=False):
    try:
        dtype = np.dtype(node["dtype"])
        shape = tuple(int(s) for s in node["shape"])
        index = int(node["array"])
    except (KeyError, TypeError, ValueError) as e:
        raise ProtocolError(f"bad array header: {e}") from None
    if dtype.kind not in ALLOWED_KINDS or any(s < 0 for s in shape):
        raise ProtocolError(f"refused dtype {dtype} or shape {shape}")
    raw = buffers[index]
    if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise ProtocolError("array buffer size does not match its dtype and shape")
    arr = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if not mark:
        return arr
    arr = arr.view(Received)
    arr.module = node.get("module", "numpy")
    arr.is_scalar = bool(node.get("scalar"))
    return arr


def pack(tree, buffers):
    header = json.dumps({"tree": tree, "sizes": [len(b) for b in buffers]}).encode()
    return struct.pack("<Q", len(header)) + header + b"".join(buffers)


def unpack_header(raw):
    header = json.loads(raw.decode())
    if not isinstance(header, dict) or "tree" not in header or "sizes" not in header:
        raise ProtocolError("bad frame header")
    sizes = [int(s) for s in header["sizes"]]
    if any(s < 0 for s in sizes) or sum(sizes) > MAX_FRAME:
        raise ProtocolError("bad buffer sizes")
    return header["tree"], sizes


def split_buffers(raw, sizes):
    out, at = [], 0
    for s in sizes:
        out.append(raw[at:at + s])
        at += s
    return out


def write_frame(fd, tree, buffers):
    import os

    data = memoryview(pack(tree, buffers))
    while data:
        n = os.write(fd, data)
        data = data[n:]


def read_exact_blocking(fd, n):
    import os

    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame_blocking(fd):
    (n,) = struct.unpack("<Q", read_exact_blocking(fd, 8))
    if n > MAX_FRAME:
        raise ProtocolError("header too large")
    tree, sizes = unpack_header(read_exact_blocking(fd, n))
    return tree, split_buffers(read_exact_blocking(fd, sum(sizes)), sizes)


# --- requests (grader -> child) ---------------------------------------------------------------

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
    """A callable given as source text (e.g. "lambda x: np.sin(x) * x"), built in the child."""

    def __init__(self, source):
        self.source = source

    def build(self, namespace=None):
        import numpy as np

        return eval(self.source, {"np": np, "numpy": np, **(namespace or {})})

    def __call__(self, *args):
        """Callable in the grader too, so oracles and known mistakes can use it like the child."""
        if not hasattr(self, "_fn"):
            self._fn = self.build()
        return self._fn(*args)

    def __repr__(self):
        return self.source


class OnDevice:
    """An array to be moved to the given module (cupy) in the child."""

    def __init__(self, value, module="cupy"):
        self.value, self.module = value, module


def encode_request(steps):
    """steps: list of dicts {fn, args, kwargs, send, source, timed}; returns (tree, buffers)."""
    buffers = []

    def enc(v):
        if isinstance(v, Ref):
            return {"ref": list(v.path)}
        if isinstance(v, Rng):
            return {"rng": v.seed, "module": v.module, **({"shared": True} if v.shared else {})}
        if isinstance(v, Func):
            return {"func": v.source}
        if isinstance(v, OnDevice):
            return {"to_module": v.module, "value": enc(v.value)}
        if isinstance(v, tuple):
            return {"tuple": [enc(x) for x in v]}
        if isinstance(v, list):
            return {"list": [enc(x) for x in v]}
        if isinstance(v, dict):
            return {"dict": {k: enc(x) for k, x in v.items()}}
        tree, bufs = encode(v)
        if bufs:
            tree = dict(tree, array=tree["array"] + len(buffers))
            buffers.extend(bufs)
        return tree

    tree = {"steps": [{"fn": s["fn"], "args": enc(tuple(s.get("args", ()))),
                       "kwargs": enc(dict(s.get("kwargs", {}))), "send": s.get("send", True),
                       "source": s.get("source"), "timed": bool(s.get("timed"))}
                      for s in steps]}
    return tree, buffers
