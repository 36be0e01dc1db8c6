"""Framing between the grader and its child: a JSON header plus raw array buffers.

Nothing is ever unpickled. A frame is ``<8-byte header length><header JSON><buffers>``; arrays
travel as raw bytes with dtype and shape, and are validated before use. Python scalars travel
inside the JSON. Request-only nodes (``ref``, ``rng``, ``func``) are resolved by the child.
"""
import json
import struct

import numpy as np

ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex: never object or void dtypes
MAX_FRAME = 1 << 31  # what the child accepts from the grader (the grader's own requests)
MAX_HEADER = 16 << 20  # a reply's JSON header: scalars and nesting only, the arrays travel apart
MAX_DEPTH = 200  # nesting of a value tree; deeper is refused, never a RecursionError


class ProtocolError(Exception):
    pass


def __getattr__(name):
    """The case vocabulary (Ref, Rng, Func, OnDevice), still importable from here, loaded on first
    use: the child, which never encodes a request, does not import the catalog."""
    if name in ("Func", "OnDevice", "Ref", "Rng"):
        from dlgrade.catalog import inputs

        return getattr(inputs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    `resolve(node)` handles request-only nodes in the child. A malformed tree (forged by the
    child, nested too deep) raises ProtocolError, never anything else."""
    try:
        return _decode(tree, buffers, resolve, mark)
    except ProtocolError:
        raise
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError, OverflowError) as e:
        raise ProtocolError(f"malformed value: {type(e).__name__}") from None


def _decode(tree, buffers, resolve, mark):
    def dec(node, depth=0):
        if depth > MAX_DEPTH:
            raise ProtocolError("value nested too deep")
        if isinstance(node, (bool, int, float, str)) or node is None:
            return node
        if not isinstance(node, dict) or len(node) == 0:
            raise ProtocolError(f"bad node {node!r:.80}")
        if "float" in node:
            return float(node["float"])
        if "tuple" in node:
            return tuple(dec(x, depth + 1) for x in node["tuple"])
        if "list" in node:
            return [dec(x, depth + 1) for x in node["list"]]
        if "dict" in node:
            return {str(k): dec(x, depth + 1) for k, x in node["dict"].items()}
        if "array" in node:
            return decode_array(node, buffers, mark)
        if "opaque" in node:
            return Opaque(str(node["opaque"]))
        if resolve is not None:
            return resolve(node, lambda n: dec(n, depth + 1))
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


def unpack_header(raw, max_body=MAX_FRAME):
    """(tree, buffer sizes) of a frame's header; ProtocolError for anything malformed (not JSON,
    nested too deep for the parser, not an object, sizes that are not counts or exceed max_body)."""
    try:
        header = json.loads(raw.decode())
        if not isinstance(header, dict) or "tree" not in header or not isinstance(header.get("sizes"), list):
            raise ProtocolError("bad frame header")
        sizes = [s for s in header["sizes"] if isinstance(s, int) and not isinstance(s, bool) and s >= 0]
    except (ValueError, RecursionError, MemoryError) as e:  # UnicodeDecodeError is a ValueError
        raise ProtocolError(f"bad frame header: {type(e).__name__}") from None
    if len(sizes) != len(header["sizes"]) or sum(sizes) > max_body:
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

def encode_request(steps):
    """steps: list of dicts {fn, args, kwargs, send, source, timed}; returns (tree, buffers)."""
    from dlgrade.catalog.inputs import Func, OnDevice, Ref, Rng  # the case vocabulary (the child never encodes it)

    buffers = []

    def enc(v):
        if isinstance(v, Ref):
            return {"ref": list(v.path)}
        if isinstance(v, Rng):
            return {"rng": v.seed, "module": v.module, **({"shared": True} if v.shared else {})}
        if isinstance(v, Func):
            return {"func": [v.module, v.name]}
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
