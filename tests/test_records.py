"""A Report as a language-free record (Report.to_record / from_record): what the batch journal,
Dask workers and the notebook runner carry; every output renders from it in the run's language."""
import json

from dlgrade import catalog
from dlgrade.pipeline import batch, engine
from dlgrade.pipeline.config import RunConfig
from dlgrade.pipeline.report import Report
from tests.helpers import mutant, solution_text
from tests.test_batch import small_class


def test_a_record_is_plain_json_and_renders_as_the_report_in_both_languages(tmp_path):
    ex = catalog.load("ex02")
    sigmoid = ex.function("sigmoid")
    (tmp_path / "ex02_activations.py").write_text(mutant("ex02_activations", "sigmoid", sigmoid.mistakes[0]))
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["sigmoid", "relu"]))
    assert any(c.misconception for c in report.checks)  # a named mistake travels as its id and hint
    record = json.loads(json.dumps(report.to_record()))
    failed = [c for c in record["checks"] if c["status"] == "failed"]
    assert failed and all(isinstance(c["message"], dict) and "msg" in c["message"] for c in failed)
    for c in report.checks:  # no sentence in any language
        for lang in ("en", "ko"):
            assert not c.message or json.dumps(c.message.render(lang))[1:-1] not in json.dumps(record)
    again = Report.from_record(record)
    for lang in ("en", "ko"):
        assert again.to_json(lang) == report.to_json(lang)
    assert again.to_record() == record


def test_a_syntax_error_survives_the_record_as_one_problem(tmp_path):
    (tmp_path / "ex02_activations.py").write_text(solution_text("ex02_activations") + "\ndef broken(:\n")
    report = engine.check("ex02", str(tmp_path), RunConfig(functions=["relu"]))
    again = Report.from_record(json.loads(json.dumps(report.to_record())))
    assert again.problem == report.problem and again.problem is not None
    assert all(c.message is again.problem for c in again.checks)  # shown once, above the table
    assert again.to_json("ko") == report.to_json("ko")


def test_no_rendered_sentence_is_journaled_and_a_resume_renders_in_its_own_language(tmp_path, monkeypatch):
    cls = small_class(tmp_path / "c", 3)
    (cls / "s9").mkdir()  # a student without the file: the 'missing' message is rendered, not journaled
    journal = tmp_path / "j"
    config = RunConfig.for_class(functions=("dense_forward",))
    english = batch.grade_class(str(cls), ["ex01"], config, journal_path=str(journal), check_first=False)
    text = journal.read_text()
    for sentence in {c["message"] for st in english["students"] for ex in st["exercises"] for c in ex["checks"]}:
        assert not sentence or json.dumps(sentence) not in text
    graded = []
    real = batch.grade_one
    monkeypatch.setattr(batch, "grade_one", lambda *a: (graded.append(a[1]), real(*a))[1])
    korean = batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(functions=("dense_forward",), lang="ko"),
                               journal_path=str(journal), resume=True, check_first=False)
    assert graded == []  # every result came from the journal
    assert korean == batch.grade_class(str(cls), ["ex01"], RunConfig.for_class(functions=("dense_forward",),
                                                                              lang="ko"),
                                       journal_path=str(tmp_path / "k"), check_first=False)
    messages = [c["message"] for st in korean["students"] for ex in st["exercises"] for c in ex["checks"]]
    assert any(messages) and messages != [c["message"] for st in english["students"] for ex in st["exercises"]
                                          for c in ex["checks"]]
    assert "파일" in korean["students"][-1]["exercises"][0]["checks"][0]["message"]  # s9's missing file, in Korean


def test_a_journal_of_rendered_results_is_graded_again_with_its_seed(tmp_path, monkeypatch):
    """Lines written before results were records (a rendered "result") are not reused."""
    cls = small_class(tmp_path / "c", 2)
    journal = tmp_path / "j"
    config = RunConfig.for_class(functions=("dense_forward",))
    fresh = batch.grade_class(str(cls), ["ex01"], config, journal_path=str(journal), check_first=False)
    header, *lines = journal.read_text().splitlines()
    old = [json.loads(line) for line in lines]
    rendered = {(e["student"], e["exercise"]): batch.rendered(e.pop("record"), "en") for e in old}
    for e in old:
        e["result"] = rendered[(e["student"], e["exercise"])]
    journal.write_text("\n".join([header] + [json.dumps(e) for e in old]) + "\n")
    graded = []
    real = batch.grade_one
    monkeypatch.setattr(batch, "grade_one", lambda *a: (graded.append(a[1]), real(*a))[1])
    again = batch.grade_class(str(cls), ["ex01"], config, journal_path=str(journal), resume=True, check_first=False)
    assert sorted(graded) == ["s0", "s1"] and again == fresh
