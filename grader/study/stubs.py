"""Stubs are derived from solutions: each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region
becomes one TODO line and ``raise NotImplementedError`` (the markers nbgrader uses too).

``python -m dlgrade.study.stubs`` regenerates ``exercises/`` from ``solutions/``; a test checks that
the committed stubs are up to date.
"""
import os
import re
import sys

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*\n", re.M | re.S)


def make_stub(solution_text):
    def replace(match):
        indent = match.group(1)
        return f"{indent}# TODO: your code here / 여기에 코드를 작성하세요\n{indent}raise NotImplementedError\n"

    return _REGION.sub(replace, solution_text)


def strip_markers(solution_text):
    """The solution without its marker lines (a plain module)."""
    return "".join(line for line in solution_text.splitlines(True)
                   if line.strip() not in (BEGIN, END))


def expected_stubs():
    """{path of stub: text} for every solution file."""
    from dlgrade.study.workspace import bundled_exercises, bundled_solutions

    out = {}
    sol = bundled_solutions()
    for name in sorted(os.listdir(sol)):
        if re.match(r"^ex\d\d_\w+\.py$", name):
            with open(os.path.join(sol, name), encoding="utf-8") as fh:
                out[os.path.join(bundled_exercises(), name)] = make_stub(fh.read())
    return out


def main():
    for path, text in expected_stubs().items():
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
