"""Oracles derived with sympy, evaluated with NumPy (or CuPy) without importing sympy again.

A reference module defines builders: ``def sigmoid_grad_expr(): ... return expr, (x,)``.
`Derived("sigmoid_grad_expr")` turns that into a plain function. The printed code is cached on
disk, keyed by the reference file's bytes, so sympy is imported and the derivation done once,
not on every `dlgrade check`.
"""
import hashlib
import importlib
import inspect
import os
from dataclasses import dataclass, field
from importlib import metadata


def cache_dir():
    base = os.environ.get("DLGRADE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dlgrade")
    return os.path.join(base, "sympy")


@dataclass(frozen=True)
class Derived:
    builder: str
    defaults: dict = field(default_factory=dict)

    def resolve(self, module_name):
        return derived_function(module_name, self.builder, tuple(sorted(self.defaults.items())))


_memo = {}


def derived_function(module_name, builder, defaults=(), xp=None):
    key = (module_name, builder, defaults, getattr(xp, "__name__", "numpy"))
    if key not in _memo:
        source = derived_source(module_name, builder, dict(defaults))
        import numpy

        namespace = {"numpy": xp or numpy}
        exec(compile(source, f"<derived {module_name}.{builder}>", "exec"), namespace)
        _memo[key] = namespace["f"]
    return _memo[key]


def derived_source(module_name, builder, defaults):
    spec = importlib.util.find_spec(module_name)
    with open(spec.origin, "rb") as fh:
        digest = hashlib.sha256(fh.read() + builder.encode() + repr(defaults).encode()
                                + metadata.version("sympy").encode()).hexdigest()[:24]
    path = os.path.join(cache_dir(), f"{module_name}.{builder}.{digest}.py")
    try:
        with open(path) as fh:
            return fh.read()
    except OSError:
        pass
    source = print_function(getattr(importlib.import_module(module_name), builder), defaults)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            fh.write(source)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still works, just slower
    return source


def print_function(build, defaults):
    from sympy.printing.numpy import NumPyPrinter

    expr, symbols = build()
    params = ", ".join(s.name + (f"={defaults[s.name]!r}" if s.name in defaults else "")
                       for s in symbols)
    body = NumPyPrinter({"fully_qualified_modules": True}).doprint(expr)
    if symbols and symbols[0] not in expr.free_symbols:
        body = f"({body}) + 0 * {symbols[0].name}"  # keep the input's shape
    doc = inspect.getdoc(build) or build.__name__
    return f'def f({params}):\n    """{doc}"""\n    return {body}\n'
