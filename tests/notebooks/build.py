"""The test notebook: the cells of inline_check.py ('# %% name' lines) plus the cells that cannot
live in a Python file (a syntax error), each named in its metadata. Used by
tests/test_inline_kernel.py and scripts/inline_screenshot.py."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
BROKEN_EDIT = ("broken_relu", "def relu(x):\n    return np.maximum(x 0)\n")  # an edit of relu that does not compile
CHECK_BROKEN = ("check_broken", 'dlgrade.check("ex02", "relu")')


def cells_of(path):
    """[(name, source)] from a file of '# %% name' cells."""
    cells, name, lines = [], None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"^# %% (\w+)\s*$", line)
            if m:
                if name:
                    cells.append((name, "".join(lines).strip() + "\n"))
                name, lines = m.group(1), []
            elif name:
                lines.append(line)
    cells.append((name, "".join(lines).strip() + "\n"))
    return cells


def notebook():
    import nbformat

    nb = nbformat.v4.new_notebook()
    for name, source in cells_of(os.path.join(HERE, "inline_check.py")) + [BROKEN_EDIT, CHECK_BROKEN]:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["name"] = name
        nb.cells.append(cell)
    return nb
