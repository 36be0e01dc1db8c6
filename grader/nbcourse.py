"""nbgrader courses from the catalog, and a fast autograder that writes nbgrader's gradebook.

`build` writes source/<slug>/<slug>.ipynb per exercise: the lesson text (en and ko) from the
solution's docstrings, the given code (imports, helpers) in a locked cell, each function's cell
with the solution between `### BEGIN SOLUTION` / `### END SOLUTION`, and after it one read-only
autograder cell per dlgrade check, with its points (hidden checks inside `### BEGIN HIDDEN
TESTS`). Stock `nbgrader generate_assignment` and `nbgrader autograde` work on it unchanged.

`autograde` grades nbgrader's submitted notebooks in dlgrade's sandbox (a crash in one function
costs only that function's points) and stores the scores through nbgrader's own Gradebook API.
"""
import ast
import concurrent.futures as cf
import os

from grader import catalog
from grader.nbcheck import NB_HIDDEN_SEED
from grader.stubs import root

CONFIG = 'c = get_config()\nc.CourseDirectory.course_id = "dlgrade"\n'


def grade_id(check_id):
    return check_id.replace(".", "-")


def meta(gid, grade=False, solution=False, locked=False, points=None):
    md = {"grade": grade, "grade_id": gid, "locked": locked, "schema_version": 3, "solution": solution,
          "task": False}
    if points is not None:
        md["points"] = points
    return {"nbgrader": md}


def split_solution(text):
    """(module docstring, given code, {function: source with markers}) of a solution file."""
    tree = ast.parse(text)
    lines = text.splitlines()
    doc = ast.get_docstring(tree) or ""
    functions, given = {}, []
    body = tree.body[1:] if doc else tree.body
    for k, node in enumerate(body):
        start = node.lineno - 1 if not getattr(node, "decorator_list", None) else node.decorator_list[0].lineno - 1
        # up to the next top-level statement: trailing comments (### END SOLUTION) belong to it
        end = body[k + 1].lineno - 1 if k + 1 < len(body) else len(lines)
        src = "\n".join(lines[start:end]).rstrip()
        if isinstance(node, ast.FunctionDef):
            functions[node.name] = src
        else:
            given.append(src)
    return doc, given, functions


def notebook_for(ex):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    with open(os.path.join(root(), "solutions", ex.filename), encoding="utf-8") as fh:
        doc, given, functions = split_solution(fh.read())
    checked = {f.name for f in ex.functions}
    helpers = [src for name, src in functions.items() if name not in checked]
    cells = [new_markdown_cell(f"# {ex.id}: {ex.title.en} / {ex.title.ko}\n\n{doc}"),
             new_code_cell("\n".join(given) + ("\n\n\n" + "\n\n\n".join(helpers) if helpers else ""),
                           metadata=meta("given", locked=True))]
    for f in ex.functions:
        cells.append(new_markdown_cell(f"## `{f.name}`"))
        cells.append(new_code_cell(functions[f.name], metadata=meta(f.name, solution=True)))
        for chk in f.checks:
            cid = chk.check_id(ex, f)
            call = f'run_check("{cid}", globals())'
            src = "from grader.nbcheck import run_check\n" + (
                f"### BEGIN HIDDEN TESTS\n{call}\n### END HIDDEN TESTS" if chk.hidden else call)
            cells.append(new_code_cell(src, metadata=meta(grade_id(cid), grade=True, locked=True, points=chk.points)))
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:03d}"  # stable ids: a rebuild is byte-identical
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}, "language_info": {"name": "python"}})
    return nbformat.from_dict(nb)


def build(course_dir, names=None):
    import nbformat

    exercises = [catalog.load(n) for n in names] if names else catalog.all_exercises()
    os.makedirs(course_dir, exist_ok=True)
    config = os.path.join(course_dir, "nbgrader_config.py")
    if not os.path.exists(config):
        with open(config, "w") as fh:
            fh.write(CONFIG)
    written = []
    for ex in exercises:
        folder = os.path.join(course_dir, "source", ex.slug)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{ex.slug}.ipynb")
        nbformat.write(notebook_for(ex), path)
        written.append(path)
    return written


def autograde(course_dir, name, jobs=None, isolation_mode="auto"):
    """Grade submitted/<student>/<slug>/<slug>.ipynb and write the scores into the gradebook.
    Returns {student: {check id: score}}."""
    from nbgrader.api import Gradebook

    from grader import engine, isolation

    ex = catalog.load(name)
    submitted = os.path.join(course_dir, "submitted")
    students = sorted(s for s in os.listdir(submitted)
                      if os.path.isfile(os.path.join(submitted, s, ex.slug, f"{ex.slug}.ipynb")))

    def one(student):
        folder = os.path.join(submitted, student, ex.slug)
        wrap = isolation.choose(isolation_mode, folder, hide=[submitted])
        report = engine.check(ex.id, folder, hidden=True, hidden_seed=NB_HIDDEN_SEED, wrap=wrap,
                              path=os.path.join(folder, f"{ex.slug}.ipynb"))
        return student, {c.id: c.score for c in report.checks}

    with cf.ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        scores = dict(pool.map(one, students))
    with Gradebook(f"sqlite:///{os.path.join(course_dir, 'gradebook.db')}") as gb:
        for student, by_check in scores.items():
            gb.update_or_create_student(student)
            gb.update_or_create_submission(ex.slug, student)
            for cid, score in by_check.items():
                grade = gb.find_grade(grade_id(cid), ex.slug, ex.slug, student)
                grade.auto_score = score
            gb.db.commit()
    return scores
