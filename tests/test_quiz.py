"""Quizzes: keys score full for any student (practice and graded), equivalent formulas are
accepted and wrong ones rejected, student text is never executed and cannot hang the grader,
feedback, graded quizzes and class grading through the CLI."""
import json
import time

import pytest
from click.testing import CliRunner

from dlgrade import catalog, quiz
from dlgrade.cli.main import main
from dlgrade.study.quiz_formula import parse_formula, within_time
from dlgrade.text import T, placeholders, render

QUIZZES = {slug: quiz.load(slug) for slug in catalog.slugs()}
SECRET = "a course secret of the tests 2026"


def test_a_quiz_for_every_exercise_with_all_three_kinds():
    assert all(QUIZZES.values())
    for slug, qz in QUIZZES.items():
        assert qz.slug == slug and len(qz.questions) >= 6, slug
        assert {q.kind for q in qz.questions} == {"choice", "numeric", "symbolic"}, slug
        assert len({q.id for q in qz.questions}) == len(qz.questions), slug


@pytest.mark.parametrize("slug", sorted(QUIZZES))
def test_answer_key_scores_full_for_several_students(slug):
    qz = QUIZZES[slug]
    for student, secret in (("", None), ("alice", None), ("20261122", None), ("20261122", SECRET.encode())):
        draw = qz.draw(student, secret)
        key = {q.id: q.key(draw) for q in qz.questions}
        assert all(g.right for g in quiz.grade(draw, key)), slug
        assert not any(g.right for g in quiz.grade(draw, {}))


@pytest.mark.parametrize("slug", sorted(QUIZZES))
def test_texts_are_bilingual(slug):
    for q in QUIZZES[slug].questions:
        for t in [q.text, q.explain] + list(getattr(q, "options", ())):
            assert isinstance(t, T) and placeholders(t.en) == placeholders(t.ko)
        assert q.text.en and q.text.ko


def test_no_prompt_or_label_gives_a_symbolic_answer_away():
    labels = " ".join(render(f"quiz.kind_{k}", lang) for k in ("choice", "numeric", "symbolic")
                      for lang in ("en", "ko"))
    for slug, qz in QUIZZES.items():
        draw = qz.draw("s")
        for q in qz.questions:
            if q.kind == "symbolic":
                for lang in ("en", "ko"):
                    shown = (q.prompt(draw, lang) + " " + labels).replace(" ", "").replace("**", "^")
                    assert len(q.answer) < 3 or q.answer.replace(" ", "").replace("**", "^") not in shown, (slug, q.id)
                    # and typing the label's example is not right
                    assert not q.judge("3*x^2 + exp(-x)", draw)[0]


def question(slug, qid):
    return next(q for q in QUIZZES[slug].questions if q.id == qid)


def test_equivalent_formulas_are_accepted_and_wrong_ones_rejected():
    tanh, sigmoid = question("ex02_activations", "q1"), question("ex02_activations", "q2")
    draw = QUIZZES["ex02_activations"].draw("")
    for right in ("1 - tanh(x)**2", "sech(x)**2", "4/(exp(x)+exp(-x))^2", "1-tanh(x)^2", "4/(e^x + e^(-x))^2",
                  "1 - ((e^(2x) - 1)/(e^(2x) + 1))^2"):
        assert tanh.judge(right, draw) == (True, None), right
    for wrong in ("x*(1-x)", "1 - tanh(x)", "tanh(x)^2", "1 - coth(x)^2" and "1 - ((e^(2x) + 1)/(e^(2x) - 1))^2"):
        assert tanh.judge(wrong, draw)[0] is False, wrong
    for right in ("sigmoid(x)*(1-sigmoid(x))", "sigmoid(x)(1 - sigmoid(x))", "e^x/(1 + e^x)^2",
                  "exp(ln(sigmoid(x))) * sigmoid(-x)"):
        assert sigmoid.judge(right, draw) == (True, None), right
    assert not sigmoid.judge("sigmoid(x)", draw)[0]
    bce = question("ex05_losses", "q4")
    assert bce.judge("-y/p + (1 - y)/(1 - p)", draw)[0] and not bce.judge("(y - p)/(p*(1 - p))", draw)[0]


def test_malicious_formulas_are_refused_without_side_effects(tmp_path):
    marker = tmp_path / "pwned"
    q, draw = question("ex02_activations", "q1"), QUIZZES["ex02_activations"].draw("")
    for evil in (f"__import__('os').system('touch {marker}')", "().__class__", "x.func", "lambda: 1",
                 "open('/etc/passwd')", "x" * 500, "", "((((((((((" * 10 + "x", "tanh(x" , "exec(x)", ["x"], 7):
        right, problem = q.judge(evil, draw)
        assert not right and problem is not None and problem.render("ko") and problem.render("en")
    assert not marker.exists()


@pytest.mark.parametrize("tower", ["9^9^9^9", "9**9**9**9", "(9^9)^(9^9)", "x^(9^9^9)", "2^1000", "e^(10^10)",
                                   "((x^100)^100)^100", "1" * 400, "x*" + "9" * 400, "exp(9^9^9)"])
def test_huge_numbers_and_exponent_towers_are_refused_at_once(tower):
    q, draw = question("ex02_activations", "q1"), QUIZZES["ex02_activations"].draw("")
    right, problem = q.judge(tower, draw)
    assert not right and problem.id in ("quiz.formula_too_large", "quiz.formula_too_big"), (tower, problem)


def test_small_exponents_and_roots_still_work():
    parse_formula("x^2 + x^(1/2) + 2^(-3) + (x^3)^4 + sqrt(x)", ("x",))
    q = question("ex07_init", "q3")
    assert q.judge("(sqrt(2)/sqrt(n))^2", QUIZZES["ex07_init"].draw(""))[0]


def test_judging_has_a_time_limit():
    started = time.monotonic()
    assert within_time(lambda: time.sleep(30) or True, seconds=0.5) is None
    assert time.monotonic() - started < 25  # killed, not waited for (a loose bound, never a speed test)
    assert within_time(lambda: True) is True and within_time(lambda: False) is False
    assert within_time(lambda: 1 / 0) is None
    assert within_time(lambda: len(bytearray(2 << 30)) > 0) is None  # 2 GiB: refused in the child, not here


@pytest.mark.parametrize("answer", [10 ** 400, "1" * 400, "1e999", float("inf"), "1e400/1", "9^9^9^9", [1], {"a": 1},
                                    None, True, "nan", "0x10", "1_000", "0,733"])
def test_numeric_answers_that_are_not_numbers_get_a_message(answer):
    q, draw = question("ex05_losses", "q1"), QUIZZES["ex05_losses"].draw("")
    right, problem = q.judge(answer, draw)
    assert right is False and problem is not None and problem.id in ("quiz.too_large", "quiz.bad_number")


def test_thousands_separators_are_read_and_decimal_commas_refused():
    q = question("ex01_neuron", "q3")
    draw = QUIZZES["ex01_neuron"].draw("s")
    key = q.key(draw)
    assert q.judge(f"{key:,}", draw) == (True, None) and q.judge(f" {key} ", draw)[0]
    assert q.judge("0,733", draw)[1] is not None


def test_choice_answers_out_of_range_are_problems_not_wrong_answers():
    q, draw = question("ex01_neuron", "q1"), QUIZZES["ex01_neuron"].draw("")
    for bad in ("0", "5", "-1", "x", "", 10 ** 400, "1" * 400, None, [1]):
        assert q.judge(bad, draw)[1] is not None, bad
    assert q.judge(str(q.key(draw)), draw) == (True, None) and q.judge(f" {q.key(draw)})", draw) == (True, None)


def test_same_numbers_means_the_same_numbers():
    qz = QUIZZES["ex05_losses"]
    for student in ("123", "alice"):
        draw = qz.draw(student)
        mse, mae = question("ex05_losses", "q1").prompt(draw, "en"), question("ex05_losses", "q2").prompt(draw, "en")
        shown = mse.split(":")[0].replace("Predictions ", "")
        assert shown in mae


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def key_of(exercise, student, *extra):
    res = run("quiz", exercise, "--answer-key", "--student", student, "--json", *extra)
    assert res.exit_code == 0, res.output + res.stderr
    return json.loads(res.stdout)


def test_cli_answers_key_and_per_question_feedback(tmp_path):
    key = key_of("ex02", "s1")
    assert key["exercise"] == "ex02" and key["mode"] == "practice"
    assert {q["kind"] for q in key["questions"]} == {"choice", "numeric", "symbolic"}
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({q["id"]: q["answer"] for q in key["questions"]}))
    res = run("quiz", "ex02", "--answers", str(answers), "--student", "s1", "--json", "--workspace", str(tmp_path))
    data = json.loads(res.stdout)
    assert res.exit_code == 0 and data["score"] == data["max_score"] == len(key["questions"])
    assert all(c["kind"] == "quiz" and c["id"].startswith("ex02.quiz.") for c in data["checks"])
    progress = json.loads((tmp_path / ".dlgrade" / "progress.json").read_text())
    assert progress["exercises"]["ex02"]["quiz"]["best"] == data["score"]
    # text mode: one line per question, the right value and the explanation after a wrong answer
    wrong = {q["id"]: q["answer"] for q in key["questions"]} | {"q1": "x*(1-x)", "q5": "0.5", "q99": "1"}
    answers.write_text(json.dumps(wrong))
    res = run("quiz", "ex02", "--answers", str(answers), "--student", "s1", "--workspace", str(tmp_path))
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if line.strip().startswith(("✓", "✗"))]
    assert len(lines) == len(key["questions"])
    q5 = next(q for q in key["questions"] if q["id"] == "q5")["answer"]
    assert f"{q5:.5g}" in res.output and "1 - tanh(x)^2" in res.output and "5/7" in res.output
    assert "q99" in res.stderr  # an unknown id is reported, not silently ignored
    assert "tanh" in run("quiz", "ex02", "--answers", str(answers), "--student", "s1", "--lang", "ko").output


def test_cli_bad_inputs_are_messages_not_tracebacks(tmp_path):
    answers = tmp_path / "a.json"
    for content in ("{broken", "[1, 2]", "\"q1\"", "[" * 100000, '{"q1": ' + "9" * 5000 + "}"):
        answers.write_text(content)
        res = run("quiz", "ex02", "--answers", str(answers))
        assert res.exit_code == 2 and isinstance(res.exception, SystemExit), content  # a message, not a traceback
        assert "answers" in res.stderr and "Traceback" not in res.stderr, content
    answers.write_text(json.dumps({"q1": "9^9^9^9", "q5": 10 ** 400, "q7": "1" * 400}))
    started = time.monotonic()
    res = run("quiz", "ex02", "--answers", str(answers), "--json")
    assert time.monotonic() - started < 60  # no hang (a generous bound, not a speed test)
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    checks = {c["function"]: c for c in json.loads(res.stdout)["checks"]}
    assert checks["q1"]["message"] == render("quiz.formula_too_large", "en")
    assert checks["q5"]["message"] == checks["q7"]["message"] == render("quiz.too_large", "en")
    assert run("quiz", "ex99").exit_code == 2


def test_interactive_asks_again_on_invalid_input_and_shows_the_key_in_practice():
    key = key_of("ex01", "s2")
    typed = []
    for q in key["questions"]:
        if q["kind"] == "choice":
            typed += ["7", "abc", str(q["answer"])]  # out of range, not a number: asked again, not counted
        elif q["id"] == "q4":
            typed += ["not a number", "0"]  # then a wrong number
        else:
            typed.append(str(q["answer"]))
    res = run("quiz", "ex01", "--student", "s2", input="\n".join(typed) + "\n")
    n = len(key["questions"])
    assert res.exit_code == 1 and f"{n - 1}/{n}" in res.output
    assert res.output.count(render("quiz.try_again", "en")) == 3
    q4 = next(q for q in key["questions"] if q["id"] == "q4")["answer"]
    assert render("quiz.wrong_shown", "en", answer=f"{q4:.5g}") in res.output


def test_graded_quiz_needs_the_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("DLGRADE_QUIZ_SECRET", raising=False)
    secret = tmp_path / "course.secret"
    secret.write_text(SECRET)
    res = run("quiz", "ex05", "--answer-key", "--graded", "--student", "s1")
    assert res.exit_code == 2 and "DLGRADE_QUIZ_SECRET" in res.stderr and not res.stdout
    practice = key_of("ex05", "s1")
    graded = key_of("ex05", "s1", "--graded", "--secret-file", str(secret))
    assert graded["mode"] == "graded" and practice["mode"] == "practice"
    assert [q["answer"] for q in graded["questions"]] != [q["answer"] for q in practice["questions"]]
    monkeypatch.setenv("DLGRADE_QUIZ_SECRET", SECRET)
    assert key_of("ex05", "s1", "--graded") == graded  # the environment variable holds the same secret
    sheet = json.loads(run("quiz", "ex05", "--sheet", "--student", "s1", "--json").stdout)
    assert sheet["mode"] == "graded" and "answer" not in json.dumps(sheet)
    monkeypatch.setenv("DLGRADE_QUIZ_SECRET", "short")
    assert run("quiz", "ex05", "--answer-key").exit_code == 2


def test_class_grading_json_csv_gradescope(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_QUIZ_SECRET", SECRET)
    cls = tmp_path / "class"
    full = {}
    for student in ("ana", "ben", "=cmd"):
        (cls / student).mkdir(parents=True)
        key = key_of("ex06", student)
        full[student] = {q["id"]: q["answer"] for q in key["questions"]}
    (cls / "ana" / "ex06_quiz.json").write_text(json.dumps(full["ana"]))
    (cls / "ben" / "ex06_quiz.json").write_text(json.dumps(full["ana"]))  # ben copied ana's answers
    (cls / "=cmd" / "ex06_quiz.json").write_text("{broken")
    (cls / "dan").mkdir()
    res = run("quiz", "ex06", "--class", str(cls), "--graded")
    assert res.exit_code == 0, res.output + res.stderr
    data = {s["student"]: s for s in json.loads(res.stdout)["students"]}
    assert data["ana"]["total"] == data["ana"]["max_total"] == len(full["ana"])
    assert data["ben"]["total"] < data["ben"]["max_total"]  # other numbers, other option order
    assert data["=cmd"]["total"] == 0 and data["dan"]["exercises"][0]["checks"][0]["status"] == "missing"
    out = tmp_path / "q.csv"
    res = run("quiz", "ex06", "--class", str(cls), "--format", "csv", "--out", str(out))
    assert (
        res.exit_code == 0
        and out.read_text().splitlines()[0] == "student,ex06,total,ex06 status,ex06 reason,ex06 mistake"
    )
    assert run("quiz", "ex06", "--class", str(cls), "--format", "gradescope").exit_code == 2  # several: a folder
    res = run("quiz", "ex06", "--class", str(cls), "--format", "gradescope", "--out", str(tmp_path / "gs"))
    assert res.exit_code == 0, res.output
    gs = {p.parent.name: json.loads(p.read_text()) for p in (tmp_path / "gs").glob("*/results.json")}
    assert set(gs) == {"ana", "ben", "=cmd", "dan"} and gs["ana"]["score"] > gs["dan"]["score"] == 0
    assert run("quiz", "ex06", "--class", str(tmp_path / "class" / "dan")).exit_code == 2


def test_callers_written_before_draws_still_work():
    """The notebook quiz (and any caller of the first API) passes a student id where a Draw goes."""
    questions = quiz.load("ex02_activations")
    assert len(questions) == len(list(questions)) and questions
    key = {q.id: str(q.key("s1")) for q in questions}
    assert all(g.right for g in quiz.grade(questions, key, "s1"))
    assert not all(g.right for g in quiz.grade(questions, key, "s2"))  # other numbers, other option order
    draw = questions.draw("s1")
    assert [q.prompt("s1", "ko") for q in questions] == [q.prompt(draw, "ko") for q in questions]
    assert [q.judge(key[q.id], "s1") for q in questions] == [q.judge(key[q.id], draw) for q in questions]
