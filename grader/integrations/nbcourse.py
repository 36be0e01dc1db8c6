"""nbgrader courses from the catalog, and a fast autograder that writes nbgrader's gradebook.

`build` writes source/<slug>/<slug>.ipynb per exercise: the lesson text (en and ko) from the
solution's docstrings, the given code (imports, helpers) in a locked cell, each function's cell
with the solution between `### BEGIN SOLUTION` / `### END SOLUTION`, and after it one read-only
autograder cell per dlgrade check, with its points (hidden checks inside `### BEGIN HIDDEN
TESTS`: `nbgrader generate_assignment` removes them from the students' copy). The seed of the
hidden checks' inputs is the course's secret, kept on the grading machine (dlgrade.integrations.nbsecret),
never in a notebook. Stock `nbgrader generate_assignment` and `nbgrader autograde` work on it
unchanged.

`autograde` grades nbgrader's submitted notebooks in dlgrade's sandbox (a hang or a crash in one
function costs only that function's points), and stores scores and feedback through nbgrader's
own Gradebook API, plus the notebooks under autograded/ (formgrader and `nbgrader
generate_feedback` read them there, with the students' outputs cleared as stock nbgrader clears
them), so formgrader and `nbgrader export` show the results. One student's notebook that cannot be
graded is recorded as such (0 points, a comment) and the class goes on. Hidden checks' messages
(they may quote their inputs) are never written into feedback.
"""
import ast
import concurrent.futures as cf
import json
import os
import re

from dlgrade import catalog
from dlgrade.integrations.nbcheck import NB_HIDDEN_SEED
from dlgrade.study.workspace import bundled_solutions
from dlgrade.text import LANGS, Msg

CONFIG = 'c = get_config()\nc.CourseDirectory.course_id = "dlgrade"\n'
SEED = re.compile(r'run_check\("[\w.]+", globals\(\), seed=(\d+)\)')  # courses built before the secret file


class CourseError(Exception):
    """The course is not in a state to be graded; `msg` says why (a Msg)."""

    def __init__(self, msg):
        super().__init__(msg.id)
        self.msg = msg


def grade_id(check_id):
    return check_id.replace(".", "-")


def meta(gid, grade=False, solution=False, locked=False, points=None):
    md = {"grade": grade, "grade_id": gid, "locked": locked, "schema_version": 3, "solution": solution,
          "task": False}
    if points is not None:
        md["points"] = points
    return {"nbgrader": md}


def split_solution(text):
    """(module docstring, given code, {function: source with markers}, {function: (signature, docstring)})."""
    tree = ast.parse(text)
    lines = text.splitlines()
    doc = ast.get_docstring(tree) or ""
    functions, given, lessons = {}, [], {}
    body = tree.body[1:] if doc else tree.body
    for k, node in enumerate(body):
        start = node.lineno - 1 if not getattr(node, "decorator_list", None) else node.decorator_list[0].lineno - 1
        # up to the next top-level statement: trailing comments (### END SOLUTION) belong to it
        end = body[k + 1].lineno - 1 if k + 1 < len(body) else len(lines)
        src = "\n".join(lines[start:end]).rstrip()
        if isinstance(node, ast.FunctionDef):
            functions[node.name] = src
            lessons[node.name] = (f"{node.name}({ast.unparse(node.args)})", ast.get_docstring(node) or "")
        else:
            given.append(src)
    return doc, given, functions, lessons


def markdown(text):
    """A docstring as Markdown: its line breaks kept (English and Korean lines stay apart)."""
    return "\n".join(line + "  " if line.strip() else "" for line in text.splitlines()).rstrip()


def notebook_for(ex):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    with open(os.path.join(bundled_solutions(), ex.filename), encoding="utf-8") as fh:
        doc, given, functions, lessons = split_solution(fh.read())
    checked = {f.name for f in ex.functions}
    helpers = [src for name, src in functions.items() if name not in checked]
    heading, _, rest = doc.partition("\n")
    cells = [new_markdown_cell(f"# {heading or ex.id}\n\n{markdown(rest.strip())}"),
             new_code_cell("\n".join(given) + ("\n\n\n" + "\n\n\n".join(helpers) if helpers else ""),
                           metadata=meta("given", locked=True))]
    for f in ex.functions:
        signature, lesson = lessons[f.name]
        tests = " / ".join(Msg("nb.tests_heading", {"function": f.name}).render(lg) for lg in LANGS)
        cells.append(new_markdown_cell(f"## `{signature}`\n\n{markdown(lesson)}\n\n*{tests}*"))
        cells.append(new_code_cell(functions[f.name], metadata=meta(f.name, solution=True)))
        for chk in f.checks:
            cid = chk.check_id(ex, f)
            src = "from dlgrade.integrations.nbcheck import run_check\n" + (
                f'### BEGIN HIDDEN TESTS\nrun_check("{cid}", globals(), hidden=True)\n### END HIDDEN TESTS'
                if chk.hidden else f'run_check("{cid}", globals())')
            cells.append(new_code_cell(src, metadata=meta(grade_id(cid), grade=True, locked=True, points=chk.points)))
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:03d}"  # stable ids: a rebuild is byte-identical
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}, "language_info": {"name": "python"}})
    return nbformat.from_dict(nb)


def seed_in(path):
    """The hidden-check seed written into a source notebook by an older dlgrade, else None."""
    try:
        with open(path, encoding="utf-8") as fh:
            found = SEED.search(fh.read().replace('\\"', '"'))
    except OSError:
        return None
    return int(found.group(1)) if found else None


def build(course_dir, names=None, seed=None):
    """Write the course's source notebooks (and nbgrader_config.py and the course's secret seed when
    missing: a rebuild keeps it). Returns their paths."""
    import nbformat

    from dlgrade.integrations import nbsecret

    exercises = [catalog.load(n) for n in names] if names else catalog.all_exercises()
    os.makedirs(course_dir, exist_ok=True)
    config = os.path.join(course_dir, "nbgrader_config.py")
    if not os.path.exists(config):
        with open(config, "w") as fh:
            fh.write(CONFIG)
    paths = [os.path.join(course_dir, "source", ex.slug, ex.notebook_filename) for ex in exercises]
    if seed is None and nbsecret.read(course_dir) is None:  # an older course: its seed moves out of the notebooks
        seed = next((found for found in map(seed_in, paths) if found is not None), None)
    nbsecret.ensure(course_dir, seed)
    for ex, path in zip(exercises, paths):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        nbformat.write(notebook_for(ex), path)
    return paths


# ------------------------------------------------------------------------------------------------
# the fast autograder


def course_directory(course_dir):
    """nbgrader's own view of the course (its nbgrader_config.py): paths, gradebook URL, course id."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    course_dir = os.path.abspath(course_dir)
    config = None
    if os.path.isfile(os.path.join(course_dir, "nbgrader_config.py")):
        config = PyFileConfigLoader("nbgrader_config.py", path=course_dir).load_config()
    cd = CourseDirectory(config=config) if config is not None else CourseDirectory()
    cd.root = course_dir
    return cd


def gradebook_cells(gb, ex, course_seed=None):
    """[(function, check, check id)] of the exercise, checked against the gradebook, and the hidden
    seed: the course's secret, else (an older course) the one in the gradebook's copy of the cell."""
    from nbgrader.api import MissingEntry

    slug = ex.slug
    try:
        gb.find_assignment(slug)
    except MissingEntry:
        raise CourseError(Msg("nb.not_generated", {"assignment": slug, "course": "<course>"})) from None
    cells, seeds = [], []
    for function, chk in ex.checks(hidden=True):
        cid = chk.check_id(ex, function)
        try:
            gb.find_grade_cell(grade_id(cid), slug, slug)
        except MissingEntry:
            raise CourseError(Msg("nb.stale", {"grade_id": grade_id(cid), "assignment": slug})) from None
        if chk.hidden:  # the seed stock nbgrader runs with is in the gradebook's copy of the cell
            found = SEED.search(gb.find_source_cell(grade_id(cid), slug, slug).source)
            seeds.append(int(found.group(1)) if found else NB_HIDDEN_SEED)
        cells.append((function, chk, cid))
    if course_seed is not None:
        return cells, course_seed
    return cells, (seeds[0] if seeds else NB_HIDDEN_SEED)


def submissions(cd, slug):
    """{student: submitted folder} for every student with a submitted/<student>/<slug>/ folder."""
    top = os.path.join(cd.root, cd.submitted_directory)
    students = sorted(os.listdir(top)) if os.path.isdir(top) else []
    folders = {s: cd.format_path(cd.submitted_directory, s, slug) for s in students}
    return {s: f for s, f in folders.items() if os.path.isdir(f)}


def autograde(course_dir, name, jobs=None, isolation_mode="auto", timeout=10.0, failures=None):
    """Grade submitted/<student>/<slug>/<slug>.ipynb in the sandbox; write scores and feedback into
    the gradebook. Returns {student: Report, or None when the notebook is missing}; `failures` (a
    dict) receives {student: detail} for the students the grader failed on (recorded with 0 points)."""
    failures = {} if failures is None else failures
    from nbgrader.api import Gradebook

    from dlgrade.pipeline import engine
    from dlgrade.sandbox import isolation
    from dlgrade.integrations import nbsecret

    ex = catalog.load(name)
    cd = course_directory(course_dir)
    slug = ex.slug
    with Gradebook(cd.db_url, cd.course_id) as gb:
        try:
            cells, seed = gradebook_cells(gb, ex, nbsecret.read(cd.root))
        except CourseError as e:
            e.msg.params["course"] = cd.root
            raise
    folders = submissions(cd, slug)
    if not folders:
        raise CourseError(Msg("nb.no_submissions", {"assignment": slug,
                                                    "path": os.path.join(cd.root, cd.submitted_directory)}))
    isolation.choose(isolation_mode, cd.root)  # strict without bubblewrap fails here, before any grading
    from dlgrade.pipeline import batch
    from dlgrade.pipeline.config import RunConfig

    # the bundled solution first, graded as the students will be: raises batch.SelfCheckFailed
    config = RunConfig(hidden=True, hidden_seed=seed, isolation=isolation_mode, call_timeout=timeout)
    batch.self_check([slug], config, jobs)

    def one(student):
        folder = folders[student]
        path = os.path.join(folder, f"{slug}.ipynb")
        if not os.path.lexists(path):  # a link is graded (or refused with its reason), not "missing"
            return student, None
        try:
            # the course (solutions in source/, the gradebook, other students) is hidden from the child
            with batch.sandbox_for(folder, cd.root, config, servers=servers) as sandbox:
                return student, engine.check(ex.id, folder, config, path=path, sandbox=sandbox, wrap=sandbox.wrap)
        except Exception as e:  # ours, not the student's: this student is recorded as not graded, the class goes on
            failures[student] = f"{type(e).__name__}: {e}"[:300]
            return student, not_graded(ex, path)

    from dlgrade.sandbox.forkserver import Pool

    with Pool() as servers, cf.ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        reports = dict(pool.map(one, sorted(folders)))
    with Gradebook(cd.db_url, cd.course_id) as gb:
        for student, report in reports.items():
            try:
                record(gb, ex, cells, student, folders[student], report)
            except Exception as e:  # e.g. a gradebook row the student's files cannot make: the next student
                gb.db.rollback()
                failures[student] = f"{type(e).__name__}: {e}"[:300]
                reports[student] = report = not_graded(ex, os.path.join(folders[student], f"{slug}.ipynb"))
                record(gb, ex, cells, student, folders[student], report)
            try:
                write_autograded(gb, cd, slug, student, folders[student], report)
            except Exception as e:  # the scores stand; only the copy formgrader shows is missing
                failures.setdefault(student, f"autograded/: {type(e).__name__}: {e}"[:300])
    return reports


def not_graded(ex, path):
    """The report of a student whose notebook the grader failed on: 0 points and a comment that says
    so (the student sees no exception; the instructor gets the detail)."""
    from dlgrade.pipeline import engine
    from dlgrade.pipeline.config import RunConfig

    return engine.refused(ex, path, RunConfig(hidden=True), Msg("nb.not_graded", {}))


def record(gb, ex, cells, student, folder, report):
    """One student's scores (auto_score of each autograder cell) and feedback (a comment per function)."""
    from nbgrader.utils import parse_utc

    slug = ex.slug
    gb.update_or_create_student(student)
    stamp = None
    try:
        with open(os.path.join(folder, "timestamp.txt"), encoding="utf-8") as fh:
            stamp = parse_utc(fh.read().strip())
    except (OSError, ValueError, TypeError, OverflowError):
        pass
    gb.update_or_create_submission(slug, student, **({"timestamp": stamp} if stamp else {}))
    results = {c.id: c for c in report.checks} if report is not None else {}
    for _function, chk, cid in cells:
        grade = gb.find_grade(grade_id(cid), slug, slug, student)
        result = results.get(cid)
        grade.auto_score = float(result.score) if result is not None else 0.0
        grade.needs_manual_grade = grade.manual_score is not None  # as stock nbgrader: a manual grade is reviewed
    for function in ex.functions:
        gb.find_comment(function.name, slug, slug, student).auto_comment = feedback(ex, function, report)
    gb.db.commit()


def feedback(ex, function, report):
    """The comment on a function's solution cell, English then Korean."""
    if report is None:
        msgs = [Msg("nb.no_notebook", {"file": ex.notebook_filename})]
    else:
        mine = [c for c in report.checks if c.function == function.name]
        failed = [c for c in mine if c.status != "passed"]
        msgs = [Msg("nb.feedback_check", {"check": c.id, "score": c.score, "points": c.max_score,
                                          "status": Msg(f"status.{c.status}"),
                                          "message": Msg("nb.hidden_details") if c.hidden else c.message or ""})
                for c in failed]
        msgs += [Msg("nb.hint", {"hint": c.hint if c.hint is not None else c.diagnosis}) for c in failed
                 if c.hint is not None or c.diagnosis is not None]
        if failed and report.problem is not None:
            msgs.append(Msg("nb.feedback_problem", {"message": report.problem}))
        if not failed:
            msgs = [Msg("nb.feedback_passed", {"score": sum(c.score for c in mine),
                                               "points": sum(c.max_score for c in mine)})]
    return "\n\n".join("\n".join(m.render(lang) for m in msgs) for lang in LANGS)


def write_autograded(gb, cd, slug, student, folder, report):
    """autograded/<student>/<slug>/<slug>.ipynb, as stock nbgrader leaves it: read-only cells restored
    from the gradebook, each autograder cell's outcome as its output (no code of the student runs here)."""
    import shutil

    import nbformat
    from nbformat.v4 import new_output

    from nbgrader.api import MissingEntry

    from dlgrade.integrations import notebook

    source = os.path.join(folder, f"{slug}.ipynb")
    if report is None:
        return
    try:  # as the grader read it: no link followed, no size or depth without bound; nbformat 3 converted
        nb = nbformat.reads(json.dumps(notebook.load(source)), as_version=4)
    except Exception:  # an unreadable notebook: its scores are in the gradebook, there is nothing to show
        return
    results = {grade_id(c.id): c for c in report.checks}
    for cell in nb.cells:
        if cell.get("cell_type") == "code":  # the student's outputs (fake results, <script>) go, as in stock
            cell.outputs, cell.execution_count = [], None
        md = cell.get("metadata")
        nbg = md.get("nbgrader") if isinstance(md, dict) else None
        gid = nbg.get("grade_id") if isinstance(nbg, dict) else None
        if not isinstance(gid, str) or not gid:
            continue
        try:
            kept = gb.find_source_cell(gid, slug, slug)
        except MissingEntry:
            kept = None
        if kept is not None and kept.locked:
            cell.source = kept.source
        result = results.get(gid)
        if cell.cell_type == "code" and result is not None:
            shown = Msg("nb.hidden_details") if result.hidden else result.message
            cell.outputs = [] if result.status == "passed" else [new_output(
                "error", ename="AssertionError", evalue="\n".join(
                    (shown.render(lang) if shown else result.status) for lang in LANGS),
                traceback=[])]
    dest = cd.format_path(cd.autograded_directory, student, slug)
    os.makedirs(dest, exist_ok=True)
    nbformat.write(nb, os.path.join(dest, f"{slug}.ipynb"))
    if os.path.isfile(os.path.join(folder, "timestamp.txt")):
        shutil.copy(os.path.join(folder, "timestamp.txt"), os.path.join(dest, "timestamp.txt"))
