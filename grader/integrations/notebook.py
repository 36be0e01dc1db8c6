"""A student's notebook as a module: its code cells, run one after another like a notebook's.

Nothing is executed here. The module the child imports runs each cell on its own, so a cell
that fails (a syntax error, an exception) leaves the other cells' functions to be graded, as a
notebook does. IPython magics and shell lines (`%...`, `!...`) are skipped (commented out, so
line numbers stay those of the cell), `get_ipython()` answers every call with None, and cells that
are not Python (`%%bash`, `%%writefile`, ...) and nbgrader's autograder cells (grade cells that
are not solution cells) are left out: they test the module, they are not part of it, and running
them at import would grade the notebook inside itself, with no per-check time limit. A
`%%writefile` cell is named in the report (its code is not graded). Each cell is compiled here (no
execution) to tell the student which cell and line is broken; a cell that cannot be compiled
(a syntax error, an expression nested too deeply) is left out of the module.

The notebook is read without following a symbolic link (dlgrade.sandbox.student_files), nbformat 4 or 3.
"""
import json
import os
import shutil
import tempfile

from dlgrade.sandbox import student_files
from dlgrade.text import Msg


class NotebookError(ValueError):
    """The notebook cannot be read; `detail` says why (a Msg)."""

    def __init__(self, detail):
        super().__init__(detail.id)
        self.detail = detail


def load(path):
    """The notebook's JSON object, read safely: a link, a huge file, bad UTF-8 or JSON, or JSON
    nested too deeply for the parser become NotebookError (or student_files.Refused)."""
    data = student_files.read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(Msg("nbfile.not_utf8")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise NotebookError(Msg("nbfile.not_json", {"line": e.lineno, "column": e.colno})) from None
    except RecursionError:
        raise NotebookError(Msg("nbfile.too_deep")) from None
    except (MemoryError, ValueError):  # ValueError: an integer literal with too many digits
        raise NotebookError(Msg("nbfile.too_big")) from None


def raw_cells(nb):
    """The cells as dicts with "cell_type", "source", "metadata": nbformat 4, or 3 (worksheets, "input")."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if isinstance(cells, list):
        return cells
    sheets = nb.get("worksheets") if isinstance(nb, dict) else None
    if isinstance(sheets, list):  # nbformat 3: code cells keep their source in "input"
        return [{**c, "source": c.get("input", "")} if c.get("cell_type") == "code" else c
                for ws in sheets if isinstance(ws, dict) and isinstance(ws.get("cells"), list)
                for c in ws["cells"] if isinstance(c, dict)]
    raise NotebookError(Msg("nbfile.no_cells"))


def code_cells(path, notes=None):
    """The Python source of each code cell, in order ("" for cells that are not the module's).
    Reads only. `notes` (a list) receives (cell number, "writefile") for cells left out with a reason."""
    out = []
    for cell in raw_cells(load(path)):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = "" if is_test_cell(cell) else cell.get("source", "")  # kept empty: cell numbers stay
        src = "".join(map(str, src)) if isinstance(src, list) else str(src)
        magic = src.lstrip()[2:].split(None, 1)[:1] if src.lstrip().startswith("%%") else None
        if magic is not None and magic not in PYTHON_CELL_MAGICS:
            if magic == ["writefile"] and notes is not None:
                notes.append((len(out) + 1, "writefile"))
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
    """[(cell number, line in the cell or None, detail)] for cells that do not compile; detail is the
    compiler's message, or "too_complex" / "null" for a cell Python cannot compile at all."""
    errors = []
    for n, src in enumerate(cells, start=1):
        try:
            compile(src, f"<cell {n}>", "exec")
        except SyntaxError as e:
            errors.append((n, e.lineno or 0, f"{type(e).__name__}: {e.msg}"))
        except (RecursionError, MemoryError):  # x = ----...1, a 200,000-term sum
            errors.append((n, None, "too_complex"))
        except ValueError:  # a null character
            errors.append((n, None, "null"))
    return errors


def problem(path, errors, notes=()):
    """The report's problem for a notebook that was graded: its first broken cell, else its first
    cell left out with a reason, else None."""
    name = os.path.basename(path)
    if errors:
        cell, line, detail = errors[0]
        if line is None:
            return Msg("nbfile.cell_too_complex" if detail == "too_complex" else "nbfile.cell_null",
                       {"file": name, "cell": cell})
        return Msg("import.cell_syntax", {"file": name, "cell": cell, "line": line, "detail": detail})
    if notes:
        return Msg("nbfile.writefile", {"file": name, "cell": notes[0][0]})
    return None


RUNNER = '''"""dlgrade: the code cells of a notebook, each run on its own, as in the notebook."""
import json as __json


class _NoShell:
    """get_ipython() outside IPython: magics and shell commands do nothing here."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def get_ipython():
    return _NoShell()


for __n, __src in enumerate(__json.loads({cells!r}), start=1):
    try:
        exec(compile(__src, "<cell %d>" % __n, "exec"), globals())
    except Exception:  # a failing cell does not stop the others, as in a notebook
        pass
'''


def materialize(path):
    """Write the notebook's module to a private temporary folder; returns (module path, problem or
    None). Raises NotebookError or student_files.Refused, and then leaves nothing behind."""
    notes = []
    cells = code_cells(path, notes)
    errors = syntax_errors(cells)
    broken = {n for n, _line, _detail in errors}
    cells = ["" if n in broken else src for n, src in enumerate(cells, start=1)]  # they fail anyway
    folder = tempfile.mkdtemp(prefix="dlgrade-nb-")
    try:
        target = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + ".py")
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(RUNNER.format(cells=json.dumps(cells)))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target, problem(path, errors, notes)
