"""Gradescope: the autograder zip run end to end in a Gradescope-shaped folder, results.json per
the spec, and `grade --format gradescope` (one student: a file; several: a folder)."""
import json
import os
import subprocess
import sys
import zipfile

from click.testing import CliRunner

from dlgrade import catalog
from dlgrade.integrations import gradescope
from dlgrade.cli.main import main
from tests.helpers import mutant, solution_text

TEST_KEYS = {"name", "score", "max_score", "status", "output", "output_format", "visibility"}


def wrong_sign_sigmoid():
    return mutant("ex02", "sigmoid", catalog.load("ex02").function("sigmoid").mistake("sigmoid.wrong_sign"))


def unpack(zip_path, root):
    """What Gradescope does: the zip into <root>/source, run_autograder beside it."""
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
        for info in z.infolist():  # zipfile drops the mode bits: restore them as unzip does
            os.chmod(root / "source" / info.filename, (info.external_attr >> 16) & 0o777)
    (root / "run_autograder").write_bytes((root / "source" / "run_autograder").read_bytes())
    os.chmod(root / "run_autograder", 0o755)
    (root / "submission").mkdir()


def run_autograder(root):
    env = dict(os.environ, DLGRADE_GRADESCOPE_ROOT=str(root), DLGRADE_PYTHON=sys.executable)
    proc = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_the_zip_grades_a_submission_end_to_end(tmp_path):
    out = tmp_path / "autograder.zip"
    r = CliRunner().invoke(main, ["gradescope", "build", "--exercises", "ex02,ex04", "--hidden", "--out", str(out)])
    assert r.exit_code == 0, r.output
    names = set(zipfile.ZipFile(out).namelist())
    assert {"setup.sh", "run_autograder", gradescope.CONFIG, "dist/dlgrade-0.1.0-py3-none-any.whl"} <= names
    root = tmp_path / "autograder"
    unpack(out, root)
    nested = root / "submission" / "hw"  # an uploaded zip keeps its folder
    nested.mkdir()
    (nested / "ex02_activations.py").write_text(wrong_sign_sigmoid(), encoding="utf-8")
    (nested / "ex02_activations.ipynb").write_text("{}", encoding="utf-8")  # ignored, and said so
    res = run_autograder(root)

    assert all(set(t) == TEST_KEYS for t in res["tests"])
    assert res["score"] == sum(t["score"] for t in res["tests"])
    by_name = {t["name"]: t for t in res["tests"]}
    sig = by_name["ex02.sigmoid.values"]
    assert sig["score"] == 0 and sig["status"] == "failed"
    assert catalog.load("ex02").function("sigmoid").mistake("sigmoid.wrong_sign").hint.en in sig["output"]
    assert by_name["ex02.relu.values"]["status"] == "passed"
    hidden = [t for t in res["tests"] if ".hidden" in t["name"]]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert all("expected" not in t["output"] and "input" not in t["output"] for t in hidden)
    ex04 = [t for t in res["tests"] if t["name"].startswith("ex04.")]
    assert ex04 and all(t["score"] == 0 and "ex04_backprop.py" in t["output"] for t in ex04)
    assert "ex02_activations.ipynb is ignored" in res["output"] and "ex04_backprop.py" in res["output"]


def test_a_full_solution_gets_full_marks_and_korean_text(tmp_path):
    out = tmp_path / "ag.zip"
    gradescope.build(["ex04"], str(out), lang="ko", make_wheel=False)
    assert "dist/" not in " ".join(zipfile.ZipFile(out).namelist())  # setup.sh then uses the index
    root = tmp_path / "autograder"
    unpack(out, root)
    (root / "submission" / "ex04_backprop.py").write_text(solution_text("ex04_backprop"), encoding="utf-8")
    res = run_autograder(root)
    assert res["score"] == catalog.load("ex04").max_score() == sum(t["max_score"] for t in res["tests"])
    assert "채점함" in res["output"]
    failing = gradescope.results({"student": "x", "total": 0, "max_total": 1,
                                  "exercises": [{"exercise": "ex04", "score": 0, "max_score": 1, "status": "missing",
                                                 "checks": []}]}, "ko")
    assert "파일을 제출하지 않음" in failing["output"]


def test_setup_sh_installs_bubblewrap_and_the_pinned_wheel(tmp_path):
    """setup.sh against recording stand-ins for apt-get and python3 (no network, no root)."""
    out = tmp_path / "ag.zip"
    gradescope.build(["ex02"], str(out))
    root = tmp_path / "autograder"
    unpack(out, root)
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    recorder = f'#!/bin/sh\necho "$(basename "$0") $*" >> {log}\n'
    (bin_dir / "apt-get").write_text(recorder)
    (bin_dir / "python3").write_text(recorder + 'if [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$3/bin"; '
                                     f'for t in pip python; do printf \'%s\' \'{recorder}\' > "$3/bin/$t"; '
                                     'chmod +x "$3/bin/$t"; done; fi\n')
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", DLGRADE_VENV=str(tmp_path / "venv"))
    proc = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text()
    assert "apt-get install -y -q bubblewrap" in calls
    assert "pip install -q dist/dlgrade-0.1.0-py3-none-any.whl" in calls
    unpinned = gradescope.SETUP.format(version="9.9")
    assert 'pip" install -q "dlgrade==9.9"' in unpinned


def test_the_wheel_holds_every_package_and_the_entry_points(tmp_path):
    from dlgrade.integrations import wheelpack

    names = zipfile.ZipFile(wheelpack.build(str(tmp_path))).namelist()
    for pkg in ("dlgrade/__init__.py", "dlgrade/reference/ex02_activations.py", "dlgrade/solutions/ex02_activations.py",
                "dlgrade/exercises/ex02_activations.py", "dlgrade/sandbox/boot.py",
                "dlgrade/catalog/ex13_augmentation.py"):
        assert pkg in names
    assert not [n for n in names if "__pycache__" in n]
    with zipfile.ZipFile(wheelpack.build(str(tmp_path))) as z:
        entry = z.read("dlgrade-0.1.0.dist-info/entry_points.txt").decode()
        record = z.read("dlgrade-0.1.0.dist-info/RECORD").decode()
    assert "dlgrade = dlgrade.cli.main:main" in entry
    assert len(record.splitlines()) == len(names)


def test_results_name_the_mistake_in_the_zips_language_and_keep_a_diagnosis_otherwise():
    """Gradescope's output renders the run's language-free records in the zip's language: the named
    mistake's text and a general diagnosis both come out in that language."""
    from dlgrade.pipeline import batch
    from dlgrade.pipeline.report import CheckResult, Report
    from dlgrade.text import Msg, T

    ex = catalog.load("ex02")
    hint = ex.function("sigmoid").mistake("sigmoid.wrong_sign").hint
    diagnosis = Msg("diag.zeros", {"where": T("the output", "출력")})  # a T inside a message, too
    report = Report(ex.id, ex.slug, ex.title, "", checks=[
        CheckResult("ex02.sigmoid.values", "sigmoid", "correctness", "failed", 0.0, 2.0, Msg("check.deadline"),
                    "sigmoid.wrong_sign", hint),
        CheckResult("ex02.relu.values", "relu", "correctness", "failed", 0.0, 1.0, Msg("check.deadline"),
                    diagnosis=diagnosis)])
    record = batch.record(report, "graded")
    for lang in ("en", "ko"):
        student = {"student": "a", "total": 0.0, "max_total": 3.0, "exercises": [batch.rendered(record, lang)]}
        named, diagnosed = (t["output"] for t in gradescope.results(student, lang)["tests"])
        assert hint.get(lang) in named and Msg("check.deadline").render(lang) in named
        assert diagnosis.render(lang) in diagnosed
    assert hint.en not in gradescope.results(student, "ko")["tests"][0]["output"]


def make_class(root, n):
    for i in range(n):
        (root / f"s{i}").mkdir(parents=True)
        (root / f"s{i}" / "ex02_activations.py").write_text(solution_text("ex02_activations") if i == 0
                                                           else wrong_sign_sigmoid(), encoding="utf-8")
    return root


def test_grade_format_gradescope_one_file_per_student(tmp_path):
    cls = make_class(tmp_path / "c", 2)
    args = ["grade", str(cls), "--exercises", "ex02", "--functions", "sigmoid,relu", "--format", "gradescope"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2 and "--out" in r.output
    r = CliRunner().invoke(main, args + ["--out", str(tmp_path / "gs")])
    assert r.exit_code == 0, r.output
    s0 = json.loads((tmp_path / "gs" / "s0" / "results.json").read_text())
    s1 = json.loads((tmp_path / "gs" / "s1" / "results.json").read_text())
    assert s0["score"] > s1["score"] and all(set(t) == TEST_KEYS for t in s1["tests"])
    one = make_class(tmp_path / "one", 1)
    r = CliRunner().invoke(main, ["grade", str(one), "--exercises", "ex02", "--functions", "relu",
                                  "--format", "gradescope"])
    res = json.loads(r.stdout)
    assert r.exit_code == 0 and res["score"] == sum(t["score"] for t in res["tests"]) > 0


def test_run_writes_the_checks_messages_in_the_zips_language(tmp_path, monkeypatch):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "ex01_neuron.py").write_text(solution_text("ex01_neuron").replace(
        "return X @ W + b", "return X @ W"), encoding="utf-8")
    monkeypatch.setenv(gradescope.ROOT_ENV, str(tmp_path))
    res = gradescope.run(config={"exercises": ["ex01"], "lang": "ko", "self_check": False})
    assert json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8")) == res
    assert isinstance(res["execution_time"], float)  # Gradescope shows it; its value is not judged here
    dense = next(t for t in res["tests"] if t["name"] == "ex01.dense_forward.values")
    assert dense["status"] == "failed" and "기대값" in dense["output"] and "expected" not in dense["output"]


def test_a_container_without_bubblewrap_still_grades_and_says_so(tmp_path, monkeypatch):
    from dlgrade.sandbox import isolation

    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "ex01_neuron.py").write_text(solution_text("ex01_neuron"), encoding="utf-8")
    monkeypatch.setenv(gradescope.ROOT_ENV, str(tmp_path))
    monkeypatch.setattr(isolation, "bwrap_works", lambda: False)
    res = gradescope.run(config={"exercises": ["ex01"], "self_check": False})
    assert res["score"] == catalog.load("ex01").max_score() > 0
    assert "resource limits only" in json.dumps(res)
    res = gradescope.run(config={"exercises": ["ex01"], "self_check": False, "isolation": "strict"})
    assert res["score"] == 0  # strict: nothing runs without bubblewrap


def test_run_with_unreadable_settings_is_a_usage_error(tmp_path):
    config = tmp_path / "settings.json"
    for text in ("{not json", json.dumps({"exercises": ["ex99"]})):
        config.write_text(text)
        r = CliRunner().invoke(main, ["gradescope", "run", "--root", str(tmp_path), "--config", str(config)])
        assert r.exit_code == 2 and "settings.json" in r.output and "Traceback" not in r.output
