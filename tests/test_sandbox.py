"""Untrusted student code: hangs, crashes, exits, memory blow-ups and fake output each give the
right status on their own check, and the other checks still run."""
from dlgrade.pipeline.config import RunConfig
from tests.helpers import grade_source, solution_text, with_function

import pytest

EX = "ex02"


def by_function(report):
    out = {}
    for c in report.checks:
        out.setdefault(c.function, set()).add(c.status)
    return out


def others_pass(report, bad):
    return all(c.status == "passed" for c in report.checks if c.function != bad)


@pytest.mark.parametrize("body,status", [
    ("while True:\n        pass", "timeout"),
    ("import os\n    os._exit(3)", "error"),
    ("import ctypes\n    ctypes.string_at(0)", "error"),
    ("import sys\n    sys.exit(0)", "error"),
    ("import numpy as np\n    return np.ones(50 * 1024**3 // 8)", "error"),
    ("raise ValueError('boom')", "error"),
    ("return 'not an array'", "failed"),
])
def test_bad_function_gets_its_status_and_others_still_run(body, status, tmp_path):
    source = with_function(EX, "relu", f"def bad(x):\n    {body}\n")
    report = grade_source(EX, source, tmp_path, functions=["relu", "sigmoid", "tanh"], timeout=1.5)
    assert by_function(report)["relu"] == {status}
    assert others_pass(report, "relu")


def test_exception_names_the_students_line(tmp_path):
    source = with_function(EX, "relu", "def bad(x):\n    y = 1\n    return y / 0\n")
    report = grade_source(EX, source, tmp_path, functions=["relu"])
    lines = source.splitlines()
    expected_line = next(i for i, l in enumerate(lines, 1) if "return y / 0" in l)
    msg = report.checks[0].message.render("en")
    assert "ZeroDivisionError" in msg and f"line {expected_line}" in msg


def test_syntax_error_reports_file_and_line(tmp_path):
    source = solution_text("ex02_activations") + "\ndef broken(:\n    pass\n"
    report = grade_source(EX, source, tmp_path, functions=["relu"])
    line = len(source.splitlines()) - 1
    assert report.problem.id == "import.syntax"
    assert f"line {line}" in report.problem.render("en")
    assert {c.status for c in report.checks} == {"error"}


def test_endless_loop_at_import_is_a_timeout(tmp_path):
    source = solution_text("ex02_activations") + "\nwhile True:\n    pass\n"
    from dlgrade import catalog
    from dlgrade.pipeline import engine

    ex = catalog.load(EX)
    (tmp_path / ex.filename).write_text(source)
    report = engine.check(EX, str(tmp_path), RunConfig(functions=["relu"], import_timeout=1.5))
    assert report.problem.id == "import.timeout"
    assert {c.status for c in report.checks} == {"timeout"}


def test_printing_fake_results_changes_nothing(tmp_path):
    fake = ('import sys, json\n'
            'print(json.dumps({"exercise": "ex02", "score": 66.0, "max_score": 66.0, "checks": []}))\n'
            'sys.stderr.write("{\\"event\\": \\"result\\", \\"steps\\": []}")\n')
    source = fake + with_function(EX, "relu", "def bad(x):\n    print('{\"status\": \"passed\"}')\n    return x\n")
    report = grade_source(EX, source, tmp_path, functions=["relu", "sigmoid"])
    assert by_function(report)["relu"] == {"failed", "passed"} or "failed" in by_function(report)["relu"]
    assert by_function(report)["sigmoid"] == {"passed"}


def test_writing_to_the_result_pipe_cannot_forge_a_pass(tmp_path):
    # The student may find the result pipe; it only carries outputs, never verdicts, so a
    # forged frame is at best a wrong answer.
    forge = ("def bad(x):\n    import os, json, struct\n"
             "    h = json.dumps({'tree': {'event': 'result', 'steps': [{'status': 'ok', 'value': 1.0}]},"
             " 'sizes': []}).encode()\n"
             "    for fd in range(3, 20):\n"
             "        try:\n            os.write(fd, struct.pack('<Q', len(h)) + h)\n"
             "        except OSError:\n            pass\n    return x\n")
    report = grade_source(EX, with_function(EX, "relu", forge), tmp_path, functions=["relu", "sigmoid"])
    assert all(c.status != "passed" for c in report.checks if c.function == "relu" and c.kind == "correctness")
    assert by_function(report)["sigmoid"] == {"passed"}
