"""CLI wiring through click's runner: exit codes, the JSON schema, usage errors, languages."""
import json

from click.testing import CliRunner

from dlgrade.cli.main import main
from dlgrade.study.workspace import bundled_exercises, bundled_solutions
from tests.helpers import solution_text, with_function

CHECK_KEYS = {"id", "function", "kind", "status", "score", "max_score", "message", "misconception", "explanation"}


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_check_solutions_json_schema_and_exit_0():
    result = run("check", "ex02", "--workspace", bundled_solutions(), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"exercise", "score", "max_score", "checks"}
    assert data["exercise"] == "ex02" and data["score"] == data["max_score"] > 0
    for c in data["checks"]:
        assert set(c) == CHECK_KEYS
        assert c["kind"] in {"correctness", "stability", "purity", "gpu", "timing", "quiz"}
        assert c["status"] == "passed" and c["id"].startswith(f"ex02.{c['function']}.")


def test_check_accepts_number_and_slug():
    for name in ("2", "02", "ex02_activations"):
        assert run("check", name, "--workspace", bundled_solutions(), "--json").exit_code == 0


def test_check_stub_exits_1_with_not_implemented():
    result = run("check", "ex02", "--workspace", bundled_exercises(), "--json")
    assert result.exit_code == 1
    assert {c["status"] for c in json.loads(result.output)["checks"]} == {"not_implemented"}


def test_mistake_is_named_in_json_and_text(tmp_path):
    (tmp_path / "ex02_activations.py").write_text(
        with_function("ex02", "tanh", "def t(x):\n    return (np.exp(2*x) + 1) / (np.exp(2*x) - 1)\n"))
    result = run("check", "ex02", "--workspace", str(tmp_path), "--json")
    assert result.exit_code == 1
    failed = [c for c in json.loads(result.output)["checks"] if c["status"] == "failed"]
    assert any(c["misconception"] == "tanh.coth" for c in failed)
    text = run("check", "ex02", "--workspace", str(tmp_path))
    assert "coth" in text.output and "Likely mistake" in text.output
    ko = run("check", "ex02", "--workspace", str(tmp_path), "--lang", "ko")
    assert "흔한 실수" in ko.output


def test_unknown_exercise_is_a_usage_error():
    result = run("check", "ex99", "--workspace", bundled_solutions())
    assert result.exit_code == 2 and "unknown exercise" in result.output
    assert "Traceback" not in result.output
    ko = run("check", "nope", "--lang", "ko")
    assert ko.exit_code == 2 and "알 수 없는" in ko.output


def test_missing_file_is_a_usage_error(tmp_path):
    result = run("check", "ex02", "--workspace", str(tmp_path))
    assert result.exit_code == 2 and "ex02_activations.py" in result.output


def test_syntax_error_shown_with_line(tmp_path):
    (tmp_path / "ex02_activations.py").write_text(solution_text("ex02_activations") + "\nx = (\n")
    result = run("check", "ex02", "--workspace", str(tmp_path))
    assert result.exit_code == 1 and "line" in result.output and "Traceback" not in result.output


def test_workspace_defaults_to_current_directory(tmp_path, monkeypatch):
    (tmp_path / "ex02_activations.py").write_text(solution_text("ex02_activations"))
    monkeypatch.chdir(tmp_path)
    assert run("check", "ex02", "--json").exit_code == 0


def test_hint_levels_and_languages():
    one = run("hint", "ex02", "sigmoid")
    three = run("hint", "ex02", "sigmoid", "--level", "3")
    assert one.exit_code == 0 and "1/3" in one.output and "3/3" not in one.output
    assert "3/3" in three.output and "xp.exp" in three.output
    assert "시그모이드" in run("hint", "ex02", "sigmoid", "--lang", "ko").output
    assert run("hint", "ex02", "nosuch").exit_code == 2


def test_list_json():
    result = run("list", "--workspace", bundled_solutions(), "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)["exercises"]
    assert rows and all(r["file"] for r in rows)
