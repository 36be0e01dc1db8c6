"""dlgrade checks inside a Jupyter kernel: the autograder cells of the notebooks that
`dlgrade nbgrader build` writes call `run_check("ex02.sigmoid.values", globals())`, so stock
`nbgrader autograde` grades with exactly dlgrade's checks. A failure raises AssertionError with
the message in English and Korean, and the hint when the output matches a known mistake
(nbgrader then gives the cell 0 points). Hidden checks draw their inputs from the course's secret
seed, read on the grading machine (dlgrade.integrations.nbsecret: never written into a notebook), so both
autograders grade them on the same inputs; a failed hidden check says which check and its status,
never its message (it may quote the inputs).
"""


from dlgrade import catalog
from dlgrade.checks.base import Context
from dlgrade.text import LANGS

NB_HIDDEN_SEED = 20261122  # hidden checks of a course without a secret (courses built before seeds)


def find(check_id):
    """(exercise, function, check) of the catalog check a cell names by its id (looked up, never
    taken apart). Raises KeyError."""
    for ex in catalog.all_exercises():
        for function, chk in ex.checks(hidden=True):
            if chk.check_id(ex, function) == check_id:
                return ex, function, chk
    raise KeyError(check_id)


def run_check(check_id, namespace, seed=None, lang=None, hidden=False):
    """Run one dlgrade check against the functions defined in `namespace` (a notebook's globals).
    Returns None (a cell's value would be read by nbgrader as a partial score), or raises
    AssertionError with the message (lang None: English and Korean). A hidden check's seed is the
    course's secret (`seed` only in cells of older courses); `hidden` is the cell's own marker."""
    import importlib

    from dlgrade.pipeline.execute import InProcess, run_case

    ex, function, chk = find(check_id)
    if chk.hidden and seed is None:
        seed = course_seed()
    ctx = Context(importlib.import_module(ex.reference_module), function, ex.reference_module)
    executor = InProcess(namespace)
    for case in chk.cases(check_id, (NB_HIDDEN_SEED if seed is None else seed) if chk.hidden else None):
        verdict = run_case(executor, function, chk, case, ctx)
        if verdict is not None:
            raise AssertionError(hidden_failure_text(check_id, chk.points, verdict, lang) if chk.hidden
                                 else failure_text(check_id, chk.points, function, verdict, lang))


def course_seed():
    """The secret of the course this notebook is graded in (dlgrade.integrations.nbsecret), else the old fixed seed."""
    from dlgrade.integrations import nbsecret

    try:
        return nbsecret.find()
    except nbsecret.MissingSecret:
        return NB_HIDDEN_SEED


def hidden_failure_text(check_id, points, verdict, lang=None):
    """A failed hidden check for a notebook reader: its id and status only."""
    from dlgrade.text import Msg

    return "\n".join(Msg("nb.hidden_failed", {"check": check_id, "points": points,
                                              "status": Msg(f"status.{verdict.status}")}).render(lg)
                     for lg in ([lang] if lang else ["en", "ko"]))


def failure_text(check_id, points, function, verdict, lang=None):
    """The check's verdict for a notebook reader, in one language or (None) English then Korean."""
    from dlgrade.text import Msg

    mistake = function.mistake(verdict.misconception) if verdict.misconception else None
    out = []
    for lg in ([lang] if lang else LANGS):
        out.append(Msg("nb.check_failed", {"check": check_id, "points": points,
                                           "status": Msg(f"status.{verdict.status}"),
                                           "message": verdict.message or ""}).render(lg))
        if mistake is not None or verdict.diagnosis is not None:
            out.append("    " + Msg("nb.hint", {"hint": mistake.hint if mistake else verdict.diagnosis}).render(lg))
    return "\n".join(out)
