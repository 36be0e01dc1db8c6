"""Quiz results as reports (one check per question, rendered by the same Report.to_json as an
exercise's), answers files, the course secret, question sheets, and grading a whole class's
answers files (the same result shape as `dlgrade grade`)."""
import json
import os

from dlgrade.pipeline.report import CheckResult, Report
from dlgrade.text import Msg, T

SECRET_ENV = "DLGRADE_QUIZ_SECRET"
MAX_ANSWERS_BYTES = 1 << 20


class BadInput(Exception):
    """Carries a Msg for the user."""

    def __init__(self, msg):
        super().__init__(msg.id)
        self.msg = msg


def load_secret(path=None, environ=os.environ):
    """The course secret as bytes, from a file or the environment; None when there is none."""
    if path:
        try:
            with open(path, "rb") as fh:
                secret = fh.read(4096).strip()
        except OSError as e:
            raise BadInput(Msg("quiz.bad_secret", {"path": path, "detail": e.strerror or type(e).__name__})) from None
    elif environ.get(SECRET_ENV):
        path, secret = SECRET_ENV, environ[SECRET_ENV].strip().encode("utf-8", "surrogateescape")
    else:
        return None
    if len(secret) < 16:
        raise BadInput(Msg("quiz.bad_secret", {"path": path, "detail": Msg("quiz.secret_too_short", {})}))
    return secret


def read_answers(path):
    """{question id: answer} from a JSON file; BadInput saying why not."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_ANSWERS_BYTES + 1)
        if len(data) > MAX_ANSWERS_BYTES:
            raise ValueError("larger than 1 MiB")
        given = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as e:
        detail = getattr(e, "strerror", None) or str(e)[:200]
        raise BadInput(Msg("quiz.bad_answers", {"path": str(path), "detail": detail})) from None
    if not isinstance(given, dict):
        raise BadInput(Msg("quiz.bad_answers", {"path": str(path), "detail": Msg("quiz.not_an_object", {})}))
    return given


def message(q, g, draw):
    """What a question's check says (a Msg, in no language yet)."""
    if g.problem is not None:
        return g.problem
    if g.right:
        return Msg("quiz.right")
    if draw.graded:  # a graded quiz never shows its key
        return Msg("quiz.wrong")
    wrong = Msg("quiz.wrong_shown", {"answer": T(q.shown_key(draw, "en"), q.shown_key(draw, "ko"))})
    return Msg("quiz.wrong_explained", {"wrong": wrong, "explanation": g.explain}) if g.explain is not None else wrong


def question_check(ex, q, status, message):
    return CheckResult(f"{ex.id}.quiz.{q.id}", q.id, "quiz", status, 1.0 if status == "passed" else 0.0, 1.0, message)


def report(ex, draw, graded):
    """A quiz's Report: one check per question (kind quiz), one point each."""
    result = Report(ex.id, ex.slug, ex.title, "")
    result.checks = [question_check(ex, q, "passed" if g.right else "failed", message(q, g, draw))
                     for q, g in zip(draw.questions(), graded)]
    return result


def answer_key(ex, draw):
    return {"exercise": ex.id, "mode": "graded" if draw.graded else "practice", "student": draw.student,
            "questions": [{"id": q.id, "kind": q.kind, "answer": q.key(draw)} for q in draw.questions()]}


def sheet(ex, draw, lang):
    """What a student needs to answer: the rendered questions (no keys)."""
    return {"exercise": ex.id, "mode": "graded" if draw.graded else "practice", "student": draw.student,
            "questions": [{"id": q.id, "kind": q.kind, "text": q.prompt(draw, lang)} for q in draw.questions()]}


def answers_name(ex):
    return f"{ex.id}_quiz.json"


def grade_class(folder, ex, quiz, secret, lang):
    """Every FOLDER/<student>/<exNN>_quiz.json graded; a missing or unreadable file scores 0. The
    class object of `dlgrade grade` (students in sorted order), its messages in `lang`."""
    from dlgrade import quiz as quizzes

    name = answers_name(ex)
    students = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)) and not d.startswith("."))
    out = []
    for student in students:
        draw = quiz.draw(student, secret)
        path = os.path.join(folder, student, name)
        problem = None
        if not os.path.isfile(path) or os.path.islink(path):
            problem = "quiz.class_missing"
        else:
            try:
                given = read_answers(path)
            except BadInput:
                problem = "quiz.class_bad_file"
        if problem:
            status = "missing" if problem == "quiz.class_missing" else "error"
            result = Report(ex.id, ex.slug, ex.title, path)
            result.checks = [question_check(ex, q, status, Msg(problem)) for q in quiz.questions]
        else:
            result = report(ex, draw, quizzes.grade(draw, given))
        out.append({"student": student, "total": result.score, "max_total": result.max_score,
                    "exercises": [result.to_json(lang)]})
    return {"students": out}
