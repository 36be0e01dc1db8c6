"""A student's notebook as a module: its code cells, run one after another like a notebook's.

Nothing is executed here. The module the child imports runs each cell on its own, so a cell
that fails (a syntax error, an exception) leaves the other cells' functions to be graded, as a
notebook does. IPython magics and shell lines (`%...`, `!...`) are skipped (commented out, so
line numbers stay those of the cell), and so are cells that are not Python (`%%bash`, ...) and
nbgrader's autograder cells (grade cells that are not solution cells): they test the module, they
are not part of it, and running them at import would grade the notebook inside itself, with no
per-check time limit. Syntax errors are found here, by compiling each cell (no execution), to tell
the student which cell and line.
"""
import json
import os
import tempfile


class NotebookError(ValueError):
    """Not a readable notebook; `msg` says why in words a student knows (no exception names)."""

    def __init__(self, msg):
        super().__init__(msg.render("en"))
        self.msg = msg


def code_cells(path):
    """The Python source of each code cell, in order ("" for cells that are not the module's). Reads only."""
    from dlgrade.text import Msg

    try:
        with open(path, encoding="utf-8") as fh:
            nb = json.load(fh)
    except OSError as e:
        raise NotebookError(Msg("nb.unreadable", {"reason": e.strerror or "?"})) from None
    except UnicodeDecodeError:
        raise NotebookError(Msg("nb.not_utf8")) from None
    except json.JSONDecodeError as e:
        raise NotebookError(Msg("nb.not_json", {"line": e.lineno, "column": e.colno})) from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise NotebookError(Msg("nb.no_cells"))
    out = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = "" if is_test_cell(cell) else cell.get("source", "")  # kept empty: cell numbers stay
        src = "".join(map(str, src)) if isinstance(src, list) else str(src)
        if src.lstrip().startswith("%%") and src.lstrip()[2:].split(None, 1)[:1] not in PYTHON_CELL_MAGICS:
            src = ""  # %%bash, %%html, ...: not Python (kept as an empty cell, so cell numbers stay)
        out.append("\n".join(("# " + line) if line.lstrip().startswith(("%", "!")) else line
                             for line in src.splitlines()))
    return out


PYTHON_CELL_MAGICS = (["time"], ["timeit"], ["capture"], ["prun"])  # cell magics whose body is Python


def is_test_cell(cell):
    """An nbgrader autograder cell: graded, read-only tests, not the student's answer."""
    md = cell.get("metadata")
    nbg = md.get("nbgrader") if isinstance(md, dict) else None
    return isinstance(nbg, dict) and bool(nbg.get("grade")) and not nbg.get("solution")


def syntax_errors(cells):
    """[(cell number, line in the cell, message)] for cells that do not compile."""
    errors = []
    for n, src in enumerate(cells, start=1):
        try:
            compile(src, f"<cell {n}>", "exec")
        except SyntaxError as e:
            errors.append((n, e.lineno or 0, f"{type(e).__name__}: {e.msg}"))
    return errors


RUNNER = '''"""dlgrade: the code cells of a notebook, each run on its own, as in the notebook."""
import json as __json

for __n, __src in enumerate(__json.loads({cells!r}), start=1):
    try:
        exec(compile(__src, "<cell %d>" % __n, "exec"), globals())
    except Exception:  # a failing cell does not stop the others, as in a notebook
        pass
'''


def materialize(path):
    """Write the notebook's module to a private temporary folder; returns (module path, syntax errors)."""
    cells = code_cells(path)
    folder = tempfile.mkdtemp(prefix="dlgrade-nb-")
    target = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + ".py")
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(RUNNER.format(cells=json.dumps(cells)))
    return target, syntax_errors(cells)
