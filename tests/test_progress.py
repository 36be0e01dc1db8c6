from dlgrade.study import progress
from dlgrade.pipeline.report import CheckResult, Report
from dlgrade.text import T


def report(score):
    r = Report("ex02", "ex02_activations", T("a", "b"), "f.py")
    r.checks.append(CheckResult("ex02.relu.values", "relu", "correctness",
                                "passed" if score else "failed", score, 2.0, None, "relu.min" if not score else None))
    return r


def test_best_score_is_kept_and_last_run_recorded(tmp_path):
    progress.record_check(str(tmp_path), report(2.0))
    e = progress.record_check(str(tmp_path), report(0.0))
    assert e["best"] == 2.0 and e["last"]["score"] == 0.0
    assert e["last"]["checks"]["ex02.relu.values"]["misconception"] == "relu.min"


def test_quiz_and_hints(tmp_path):
    progress.record_quiz(str(tmp_path), "ex02", 3, 6)
    assert progress.record_quiz(str(tmp_path), "ex02", 2, 6) == {"best": 3.0, "last": 2.0, "max": 6.0}
    assert progress.hint_level(str(tmp_path), "ex02", "relu") == 0
    progress.unlock_hint(str(tmp_path), "ex02", "relu", 2)
    progress.unlock_hint(str(tmp_path), "ex02", "relu", 1)
    assert progress.hint_level(str(tmp_path), "ex02", "relu") == 2


def test_damaged_file_is_empty_not_a_crash(tmp_path):
    (tmp_path / ".dlgrade").mkdir()
    (tmp_path / ".dlgrade" / "progress.json").write_text("{not json")
    assert progress.load(str(tmp_path)) == {"exercises": {}}
