"""A student's notebook as a module: its code cells, run one after another like a notebook's.

Nothing is executed here. The module the child imports runs each cell on its own, so a cell
that fails (a syntax error, an exception) leaves the other cells' functions to be graded, as a
notebook does. IPython magics and shell lines (`%...`, `!...`) are skipped. Syntax errors are
found here, by compiling each cell (no execution), to tell the student which cell and line.
"""
import json
import os
import tempfile


class NotebookError(ValueError):
    pass


def code_cells(path):
    try:
        with open(path, encoding="utf-8") as fh:
            nb = json.load(fh)
        cells = nb["cells"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise NotebookError(f"{os.path.basename(path)} is not a readable notebook: {e}") from None
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else str(src)
            out.append("\n".join(("# " + line) if line.lstrip().startswith(("%", "!")) else line
                                 for line in src.splitlines()))
    return out


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
