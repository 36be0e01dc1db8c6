"""A student's notebook as a module: its code cells, in order, nothing executed.

IPython magics and shell lines (`%...`, `!...`) become comments, so line numbers stay put, and
`line_of` maps a line of the module back to (cell number, line in that cell) for messages.
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
            out.append("".join(src) if isinstance(src, list) else str(src))
    return out


def to_module(path):
    """(source, lines) where lines[i] = (cell number from 1, line in the cell from 1) of module line i + 1."""
    source, lines = [], []
    for n, cell in enumerate(code_cells(path), start=1):
        for k, line in enumerate(cell.splitlines(), start=1):
            stripped = line.lstrip()
            source.append(("# " + line) if stripped.startswith(("%", "!")) else line)
            lines.append((n, k))
        source.append("")
        lines.append((n, len(cell.splitlines()) + 1))
    return "\n".join(source) + "\n", lines


def materialize(path):
    """Write the notebook's module to a private temporary folder; returns (module path, lines)."""
    source, lines = to_module(path)
    folder = tempfile.mkdtemp(prefix="dlgrade-nb-")
    target = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + ".py")
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(source)
    return target, lines
