"""Self-study through click's runner: init, reset, progress in list, hints unlocked in order and
remembered (the detected mistake's hint first), and watch reacting to a save."""
import json
import os
import threading
import time

from click.testing import CliRunner

from dlgrade import catalog
from dlgrade.cli import study as cli_study
from dlgrade.cli.main import main
from dlgrade.cli.study import watch_loop
from dlgrade.study.workspace import bundled_exercises
from tests.helpers import solution_text, with_function


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_init_refuses_to_overwrite_unless_forced(tmp_path):
    ws = tmp_path / "ws"
    res = run("init", str(ws))
    assert res.exit_code == 0 and len(list(ws.glob("ex*.py"))) == len(catalog.slugs())
    assert run("init", str(ws)).exit_code == 2
    assert run("init", str(ws), "--force").exit_code == 0


def test_reset_restores_the_stub_and_keeps_a_backup(tmp_path):
    run("init", str(tmp_path))
    mine = tmp_path / "ex02_activations.py"
    mine.write_text(solution_text("ex02_activations"))
    res = run("reset", "ex02", "--workspace", str(tmp_path))
    assert res.exit_code == 0
    backups = list((tmp_path / ".dlgrade" / "backups").glob("ex02_activations.*.py"))
    assert len(backups) == 1 and backups[0].read_text() == solution_text("ex02_activations")
    assert "NotImplementedError" in mine.read_text()


def test_list_shows_progress_from_checks(tmp_path):
    run("init", str(tmp_path))
    (tmp_path / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    assert run("check", "ex01", "--workspace", str(tmp_path)).exit_code == 0
    assert run("check", "ex02", "--workspace", str(tmp_path)).exit_code == 1
    rows = {r["exercise"]: r
            for r in json.loads(run("list", "--workspace", str(tmp_path), "--json").output)["exercises"]}
    assert rows["ex01"]["status"] == "passed" and rows["ex01"]["best"] == rows["ex01"]["max_score"]
    assert rows["ex02"]["status"] == "not_implemented" and rows["ex03"]["status"] == "not_started"
    assert "통과" in run("list", "--workspace", str(tmp_path), "--lang", "ko").output


def test_hints_open_in_order_and_are_remembered(tmp_path):
    run("init", str(tmp_path))
    ws = ["--workspace", str(tmp_path)]
    assert run("hint", "ex02", "sigmoid", "--level", "3", *ws).exit_code == 2  # locked
    first = run("hint", "ex02", "sigmoid", *ws).output
    second = run("hint", "ex02", "sigmoid", *ws).output
    assert "1/3" in first and "2/3" not in first and "2/3" in second and "3/3" not in second
    third = run("hint", "ex02", "sigmoid", *ws)
    assert third.exit_code == 0 and "3/3" in third.output
    assert run("hint", "ex02", "sigmoid", "--level", "2", *ws).exit_code == 0


def test_the_detected_mistakes_hint_comes_first(tmp_path):
    (tmp_path / "ex02_activations.py").write_text(
        with_function("ex02", "tanh", "def t(x):\n    return (np.exp(2*x) + 1) / (np.exp(2*x) - 1)\n"))
    run("check", "ex02", "--workspace", str(tmp_path))
    out = run("hint", "ex02", "--workspace", str(tmp_path)).output
    assert out.index("coth") < out.index("1/3") and "tanh" in out


def test_watch_rechecks_on_save(tmp_path):
    target = tmp_path / "ex01_neuron.py"
    target.write_text(solution_text("ex01_neuron"))
    seen, stop = [], threading.Event()
    worker = threading.Thread(target=watch_loop, args=(str(tmp_path), [catalog.load("ex01")], seen.append, stop),
                              kwargs={"debounce_ms": 50}, daemon=True)
    worker.start()
    time.sleep(0.5)
    target.write_text(solution_text("ex01_neuron") + "\n# saved again\n")
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    worker.join(5)
    assert [ex.id for ex in seen][:1] == ["ex01"]


def test_two_resets_in_the_same_second_keep_both_backups(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_study.time, "strftime", lambda fmt: "20260101-000000")
    run("init", str(tmp_path))
    mine = tmp_path / "ex02_activations.py"
    mine.write_text(solution_text("ex02_activations"))
    assert run("reset", "ex02", "--workspace", str(tmp_path)).exit_code == 0
    assert run("reset", "ex02", "--workspace", str(tmp_path)).exit_code == 0
    backups = sorted((tmp_path / ".dlgrade" / "backups").glob("ex02_activations.*.py"))
    assert len(backups) == 2 and solution_text("ex02_activations") in [b.read_text() for b in backups]


def test_the_package_folders_are_never_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no exercise files here: check says so (exit 2), hint uses the bundled stubs
    state = bundled_exercises() + "/.dlgrade"
    existed = os.path.exists(state)
    assert run("check", "ex02").exit_code == 2
    assert run("check", "ex02", "--workspace", bundled_exercises()).exit_code == 1
    assert run("hint", "ex02", "relu").exit_code == 0
    assert run("reset", "ex02").exit_code == 2
    assert os.path.exists(state) == existed


def test_hint_without_function_picks_the_first_unfinished_one_and_says_when_all_are_open(tmp_path):
    (tmp_path / "ex02_activations.py").write_text(
        with_function("ex02", "relu", "def r(x):\n    raise NotImplementedError\n"))
    run("check", "ex02", "--workspace", str(tmp_path))
    ws = ["--workspace", str(tmp_path)]
    outs = [run("hint", "ex02", *ws).output for _ in range(4)]
    assert all("relu" in o for o in outs) and "3/3" in outs[2]
    assert "All 3 hints of relu are open" in outs[3] and "All 3" not in outs[2]
    assert "relu" in run("hint", "ex02", "--lang", "ko", *ws).output


def test_watch_command_exits_cleanly_on_ctrl_c(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_study, "watch_loop", interrupted)
    (tmp_path / "ex01_neuron.py").write_text(solution_text("ex01_neuron"))
    res = run("watch", "ex01", "--workspace", str(tmp_path))
    assert res.exit_code == 0 and "Ctrl-C" in res.output
