"""Quizzes: keys score full for any student, equivalent formulas are accepted and wrong ones
rejected, per-student numbers are reproducible, student text is never executed."""
import json

import pytest
from click.testing import CliRunner

from dlgrade import catalog, quiz
from dlgrade.cli import main
from dlgrade.text import T, placeholders

QUIZZES = {slug: quiz.load(slug) for slug in catalog.slugs() if quiz.load(slug)}


def test_some_quizzes_exist_with_all_three_kinds():
    assert set(QUIZZES) == set(catalog.slugs())  # a quiz for every exercise
    for slug, questions in QUIZZES.items():
        assert len(questions) >= 6, slug
        assert {q.kind for q in questions} == {"choice", "numeric", "symbolic"}, slug


@pytest.mark.parametrize("slug", sorted(QUIZZES))
def test_answer_key_scores_full_for_several_students(slug):
    questions = QUIZZES[slug]
    for student in ("", "alice", "20261122"):
        key = {q.id: q.key(student) for q in questions}
        assert all(g.right for g in quiz.grade(questions, key, student)), slug


@pytest.mark.parametrize("slug", sorted(QUIZZES))
def test_texts_are_bilingual(slug):
    for q in QUIZZES[slug]:
        texts = [q.text, q.explain] + list(getattr(q, "options", ()))
        for t in texts:
            assert isinstance(t, T) and placeholders(t.en) == placeholders(t.ko)
        assert q.text.en and q.text.ko


def tanh_question():
    return next(q for q in QUIZZES["ex02_activations"] if q.id == "q1")


def test_equivalent_formulas_are_accepted_and_wrong_ones_rejected():
    q = tanh_question()
    for right in ("1 - tanh(x)**2", "sech(x)**2", "4/(exp(x)+exp(-x))**2", "1-tanh(x)^2"):
        assert q.judge(right, "")[0], right
    for wrong in ("x*(1-x)", "1 - tanh(x)", "tanh(x)**2"):
        assert not q.judge(wrong, "")[0], wrong


def test_malicious_formulas_are_refused_without_side_effects(tmp_path):
    marker = tmp_path / "pwned"
    q = tanh_question()
    for evil in (f"__import__('os').system('touch {marker}')", "().__class__", "x.func", "lambda: 1",
                 "open('/etc/passwd')", "x" * 500, ""):
        right, problem = q.judge(evil, "")
        assert not right and problem is not None and problem.render("ko")
    assert not marker.exists()


def test_per_student_numbers_are_reproducible_and_differ():
    q = next(q for q in QUIZZES["ex01_neuron"] if q.id == "q4")
    assert q.prompt("alice", "en") == q.prompt("alice", "en") and q.key("alice") == q.key("alice")
    assert q.prompt("alice", "en") != q.prompt("bob", "en")


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def test_cli_answers_key_and_interactive(tmp_path):
    key = json.loads(run("quiz", "ex02", "--answer-key", "--student", "s1", "--json").output)
    assert key["exercise"] == "ex02" and {q["kind"] for q in key["questions"]} == {"choice", "numeric", "symbolic"}
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({q["id"]: q["answer"] for q in key["questions"]}))
    res = run("quiz", "ex02", "--answers", str(answers), "--student", "s1", "--json", "--workspace", str(tmp_path))
    data = json.loads(res.output)
    assert res.exit_code == 0 and data["score"] == data["max_score"] == len(key["questions"])
    assert all(c["kind"] == "quiz" and c["id"].startswith("ex02.quiz.") for c in data["checks"])
    assert json.loads((tmp_path / ".dlgrade" / "progress.json").read_text())["exercises"]["ex02"]["quiz"]["best"] == data["score"]
    answers.write_text(json.dumps({"q1": "x*(1-x)"}))
    assert run("quiz", "ex02", "--answers", str(answers), "--json").exit_code == 1
    answers.write_text("{broken")
    assert run("quiz", "ex02", "--answers", str(answers)).exit_code == 2
    typed = "\n".join(str(q["answer"]) for q in key["questions"]) + "\n"
    res = run("quiz", "ex02", "--student", "s1", input=typed)
    assert res.exit_code == 0 and "7/7" in res.output
    assert run("quiz", "ex99").exit_code == 2
