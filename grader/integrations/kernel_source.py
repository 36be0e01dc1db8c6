"""The exercise's functions as a Jupyter kernel has them now, written out as a module for the child.

Nothing of the kernel is run or trusted here: we read source text. For each function asked for we
take the source of its current definition (`inspect.getsource`, which IPython supports for cells),
then what that source needs from the notebook's other cells, found by `symtable` (the names the
code reads as globals): imports become import lines, functions written in the notebook bring their
own source (and their needs, in turn), plain constants (numbers, text, tuples of them) their
`repr`. Anything else (an array, a model object made in another cell) cannot be carried into a
fresh process: the function gets a clear message instead of a NameError later. The newest cell
that defines a function must compile: an edited cell with a syntax error leaves the kernel with
the old definition, and grading that one would confuse the student.
"""
import ast
import builtins
import inspect
import json
import math
import os
import re
import symtable
import sys
import tempfile
import textwrap
import types
from dataclasses import dataclass, field

from dlgrade.text import Msg

PLAIN = (int, float, complex, bool, str, bytes, type(None))
MAX_CONSTANT = 10_000  # characters of repr: a constant, not a data set


@dataclass
class Piece:
    """One top-level statement of the module: an import line, a constant, or a definition's source."""

    name: str
    source: str
    kind: str = "source"  # "import" | "constant" (lines we write) | "source" (a definition from the notebook)
    cell: int | None = None  # the notebook cell (execution count) the source comes from
    line: int = 1  # its first line in that cell


@dataclass
class Kernel:
    """What we read of the kernel: its namespace, its input history and the cell of each code file."""

    namespace: dict
    history: list = field(default_factory=list)  # IPython's In / _ih: history[n] is cell n
    cells: dict = field(default_factory=dict)  # code file name -> execution count

    @classmethod
    def current(cls, frame_globals=None):
        """The running IPython kernel, else the caller's module globals (a plain script)."""
        ip = ipython()
        if ip is None:
            return cls(frame_globals if frame_globals is not None else {})
        history = ip.user_ns.get("_ih") or []
        cells = getattr(getattr(ip, "compile", None), "_filename_map", None) or {}
        return cls(ip.user_ns, list(history), dict(cells))


def ipython():
    """The running IPython shell, or None (IPython is not imported unless it is running)."""
    module = sys.modules.get("IPython")
    if module is None:
        return None
    try:
        return module.get_ipython()
    except Exception:  # a half-imported or odd IPython: behave as a plain script
        return None


@dataclass
class Collected:
    pieces: list  # in dependency order, no duplicates
    problems: dict  # exercise function -> Msg (not graded)
    cells: list  # cells the graded definitions come from


def collect(names, kernel):
    """The pieces that define `names` (exercise functions) and a problem for each one that cannot be graded."""
    pieces, problems, cells = {}, {}, set()
    for name in names:
        broken = newest_definition_broken(name, kernel.history)
        if broken is not None:
            problems[name] = broken
            continue
        if name not in kernel.namespace:
            problems[name] = Msg("inline.not_defined", {"function": name})
            continue
        own = {}
        problem = resolve(name, kernel, own, needed_by=name, top=True)
        if problem is not None:
            problems[name] = problem
            continue
        for key, piece in own.items():
            pieces.setdefault(key, piece)
        if own.get(name) is not None and own[name].cell is not None:
            cells.add(own[name].cell)
    return Collected(list(pieces.values()), problems, sorted(cells))


DEF = r"^[ \t]*(?:async[ \t]+)?def[ \t]+{name}[ \t]*\("


def newest_definition_broken(name, history):
    """A message when the newest cell that defines `name` does not compile, else None."""
    pattern = re.compile(DEF.format(name=re.escape(name)), re.MULTILINE)
    for n in range(len(history) - 1, 0, -1):
        src = history[n]
        if not isinstance(src, str) or not pattern.search(src):
            continue
        try:
            compile(src, f"<cell {n}>", "exec")
            return None
        except SyntaxError as e:
            return Msg("inline.cell_syntax", {"function": name, "cell": n, "line": e.lineno or 0,
                                              "detail": f"{type(e).__name__}: {e.msg}"})
        except (ValueError, OverflowError):  # null bytes and the like: not this function's problem
            return None
    return None


def resolve(name, kernel, out, needed_by, top=False):
    """Add the piece for `name` (and what it needs) to `out`; return a Msg when it cannot be carried."""
    if name in out:
        return None
    value = kernel.namespace[name]
    if top and not defined_here(value):  # the answer must be the notebook's own, not imported
        origin = importable_origin(value)
        if origin is None and not isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            return Msg("inline.not_a_function", {"function": name, "kind": type(value).__name__})
        module = origin[0] if origin else getattr(value, "__module__", None) or type(value).__name__
        return Msg("inline.not_in_notebook", {"function": name, "module": module})
    if isinstance(value, types.ModuleType) and not top:
        if not child_can_import(value.__name__):
            return Msg("inline.local_module", {"function": needed_by, "name": name, "module": value.__name__})
        out[name] = Piece(name, import_line(value.__name__, name), "import")
        return None
    origin = None if top else importable_origin(value)
    if origin is not None:
        module, attr = origin
        if not child_can_import(module):
            return Msg("inline.local_module", {"function": needed_by, "name": name, "module": module})
        out[name] = Piece(name, f"from {module} import {attr}" + ("" if attr == name else f" as {name}"), "import")
        return None
    if is_constant(value) and not top:
        out[name] = Piece(name, f"{name} = {value!r}", "constant")
        return None
    if not defined_here(value):
        return Msg("inline.other_cell_value", {"function": needed_by, "name": name, "kind": type(value).__name__})
    source = source_of(value, name, kernel)
    if source is None:
        return Msg("inline.no_source", {"function": name}) if top else \
            Msg("inline.no_source_used", {"function": needed_by, "name": name})
    out[name] = None  # being resolved: a recursion back to it is fine
    for needed in global_names(source.source):
        if needed in out or needed == name:
            continue
        if needed not in kernel.namespace:
            if hasattr(builtins, needed):
                continue
            return Msg("inline.undefined_name", {"function": needed_by, "name": needed})
        problem = resolve(needed, kernel, out, needed_by)
        if problem is not None:
            return problem
    del out[name]
    out[name] = source  # after what it needs: the module's order is the order of definition
    return None


def defined_here(value):
    """A function or class written in the notebook (or the script calling us)."""
    return isinstance(value, (types.FunctionType, type)) and getattr(value, "__module__", None) == "__main__"


def child_can_import(module):
    """Whether the child can import `module`: the standard library, or a package installed in
    the site-packages it is given; never the exercises' answers, never a module of the student's
    folder (the child does not see it)."""
    top = module.split(".")[0]
    if top in sys.stdlib_module_names:
        return True
    if module.startswith(("dlgrade.solutions", "dlgrade.reference")):
        return False
    if top == "dlgrade":
        return True
    from dlgrade.sandbox.runner import site_dirs

    loaded = sys.modules.get(top)
    where = getattr(loaded, "__file__", None) or next(iter(getattr(loaded, "__path__", None) or []), None)
    if not isinstance(where, str):
        return False
    where = os.path.realpath(where)
    return any(where.startswith(os.path.realpath(d) + os.sep) for d in site_dirs())


def import_line(module, name):
    if module == name:
        return f"import {module}"
    return f"import {module} as {name}"


def importable_origin(value):
    """(module, attribute) when `value` is what `from module import attribute` gives (numpy's
    functions, `from scipy.special import expit`, ...); None for what the notebook made itself."""
    module = getattr(value, "__module__", None)
    attr = getattr(value, "__name__", None)
    if type(value).__name__ == "ufunc":  # numpy's ufuncs carry no __module__
        module = "numpy"
    if not isinstance(module, str) or not isinstance(attr, str) or module in ("__main__", "builtins"):
        return None
    if not attr.isidentifier() or not all(p.isidentifier() for p in module.split(".")):
        return None
    loaded = sys.modules.get(module)
    if loaded is None or getattr(loaded, attr, None) is not value:
        return None
    return module, attr


def is_constant(value, depth=0):
    """A value whose repr rebuilds it exactly: numbers, text, None and tuples/lists/dicts of them."""
    if depth > 3:
        return False
    if type(value) in (float, complex):
        return math.isfinite(abs(value))
    if type(value) in PLAIN:
        return len(repr(value)) <= MAX_CONSTANT
    if type(value) in (tuple, list, frozenset, set):
        return all(is_constant(v, depth + 1) for v in value) and len(repr(value)) <= MAX_CONSTANT
    if type(value) is dict:
        return all(is_constant(k, depth + 1) and is_constant(v, depth + 1) for k, v in value.items()) \
            and len(repr(value)) <= MAX_CONSTANT
    return False


def source_of(value, name, kernel):
    """The definition's source as a Piece (dedented, with the cell it was run in), or None.
    `inspect.getsource` where it works (IPython keeps each cell's code for functions); else the
    newest cell of the history that defines it at its top level (classes, whose source inspect
    looks for in a file the kernel does not have)."""
    own = getattr(value, "__name__", None)
    piece = None
    try:
        lines, first = inspect.getsourcelines(value)
        source = textwrap.dedent("".join(lines))
        filename = getattr(getattr(value, "__code__", None), "co_filename", None) or inspect.getsourcefile(value)
        if own in top_level_names(source) or own == "<lambda>" and assigns_lambda(source, name):
            cell = kernel.cells.get(filename) or cell_of(filename, "".join(lines), kernel.history)
            piece = Piece(name, source, "source", cell, max(int(first), 1))
            own = name
    except (OSError, TypeError):
        pass
    piece = piece or from_history(own, name, kernel.history)
    if piece is not None and own != name:  # `relu = my_relu`: bring the definition and the name
        piece.source += f"\n{name} = {own}\n"
    return piece


def top_level_names(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a lambda in the middle of a line, a cell changed under us
        return set()
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                 ast.ClassDef))}


def cell_of(filename, text, history):
    """The cell of a code file IPython did not map: `<ipython-input-7-...>` (IPython 7, Colab), else
    the newest cell of the history holding the text."""
    m = re.match(r"<ipython-input-(\d+)-", str(filename))
    if m:
        return int(m.group(1))
    return next((n for n in range(len(history) - 1, 0, -1) if isinstance(history[n], str) and text in history[n]),
                None)


def assigns_lambda(source, name):
    """`name = lambda ...: ...`, alone on its lines."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign) and \
        isinstance(tree.body[0].value, ast.Lambda) and \
        any(isinstance(t, ast.Name) and t.id == name for t in tree.body[0].targets)


def from_history(own, name, history):
    """The newest top-level definition of `own` in the kernel's input history, as a Piece."""
    for n in range(len(history) - 1, 0, -1):
        src = history[n]
        if not isinstance(src, str) or own not in src:
            continue
        try:
            tree = ast.parse(src)
        except (SyntaxError, ValueError):
            continue
        for node in reversed(tree.body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == own:
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                lines = src.splitlines(keepends=True)[first - 1:node.end_lineno]
                return Piece(name, "".join(lines), "source", n, first)
    return None


def global_names(source):
    """The global names a piece of source reads: at its top level (decorators, defaults) and
    inside its functions and classes, minus what the piece binds itself."""
    table = symtable.symtable(source, "<piece>", "exec")
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    names = set()

    def visit(t):
        for s in t.get_symbols():
            if s.is_referenced() and (s.is_global() or t.get_type() == "module" and not s.is_assigned()):
                names.add(s.get_name())
        for child in t.get_children():
            visit(child)

    visit(table)
    return sorted(names - bound)


RUNNER = '''"""dlgrade: the functions of a notebook's kernel, each from the cell it was defined in."""
{lines}
import json as __json

for __src, __cell, __line in __json.loads({pieces!r}):
    exec(compile("\\n" * (__line - 1) + __src, "<cell %d>" % __cell if __cell else "<notebook>", "exec"), globals())
'''


def write_module(filename, pieces):
    """Write the module to a private temporary folder; returns its path. The lines we write
    (imports, constants) come first; the notebook's definitions are compiled as their cells, so
    an error points at the student's cell and line."""
    lines = "\n".join(p.source for p in pieces if p.kind != "source")
    data = json.dumps([[p.source, p.cell, p.line if p.cell else 1] for p in pieces if p.kind == "source"],
                      ensure_ascii=False)
    folder = tempfile.mkdtemp(prefix="dlgrade-kernel-")
    path = os.path.join(folder, filename)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(RUNNER.format(lines=lines, pieces=data))
    return path
