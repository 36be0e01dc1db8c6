"""The pytest plugin, run by pytester in fresh folders: a `dlgrade init` workspace collects one
item per visible check; -k selects; failures carry the message and the mistake's explanation;
stubs are skipped as not implemented; it stays out of every other project's way."""
import pytest
from click.testing import CliRunner

from dlgrade import catalog
from dlgrade.cli.main import main
from dlgrade.integrations.pytest_plugin import is_workspace
from tests.helpers import ROOT, mutant, solution_text

pytest_plugins = ["pytester"]

EX01 = catalog.load("ex01")
SIGMOID = catalog.load("ex02").function("sigmoid")
WRONG_SIGN = SIGMOID.mistake("sigmoid.wrong_sign")


@pytest.fixture
def workspace(pytester):
    r = CliRunner().invoke(main, ["init", str(pytester.path)])
    assert r.exit_code == 0, r.output
    (pytester.path / "ex01_neuron.py").write_text(solution_text("ex01_neuron"), encoding="utf-8")
    (pytester.path / "ex02_activations.py").write_text(mutant("ex02", "sigmoid", WRONG_SIGN), encoding="utf-8")
    return pytester


def test_one_item_per_visible_check_of_every_file(workspace):
    result = workspace.runpytest_subprocess("--collect-only", "-q")
    ids = [line for line in result.outlines if "::" in line]
    expected = sum(len(ex.checks(hidden=False)) for ex in catalog.all_exercises())
    assert len(ids) == expected
    assert "ex01_neuron.py::weighted_sum.values" in ids


def test_a_solution_passes_and_k_selects(workspace):
    workspace.runpytest_subprocess("-k", "ex01").assert_outcomes(passed=len(EX01.checks(hidden=False)))


def test_a_failure_shows_the_message_and_the_mistake(workspace):
    result = workspace.runpytest_subprocess("-k", "ex02 and sigmoid and not sigmoid_grad")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1 and outcomes.get("passed", 0) >= 1
    text = result.stdout.str()
    assert "ex02 sigmoid.values" in text and "expected" in text and WRONG_SIGN.hint.en in text
    assert "Traceback" not in text and "CheckFailed" not in text
    ko = workspace.runpytest_subprocess("-k", "ex02 and sigmoid and values", "--dlgrade-lang", "ko")
    assert WRONG_SIGN.hint.ko in ko.stdout.str()


def test_a_stub_is_skipped_as_not_implemented(workspace):
    result = workspace.runpytest_subprocess("-k", "ex03 and du_dr", "-rs")
    result.assert_outcomes(skipped=len(catalog.load("ex03").function("du_dr").checks) -
                           sum(c.hidden for c in catalog.load("ex03").function("du_dr").checks))
    result.stdout.fnmatch_lines(["*not implemented yet: du_dr raises NotImplementedError*"])


def test_a_file_that_does_not_import_fails_every_item_clearly(workspace):
    (workspace.path / "ex01_neuron.py").write_text("def weighted_sum(x, w, b)\n    return 0\n", encoding="utf-8")
    result = workspace.runpytest_subprocess("-k", "ex01 and weighted_sum")
    result.assert_outcomes(failed=len(EX01.function("weighted_sum").checks))
    assert "line 1" in result.stdout.str() and "INTERNALERROR" not in result.stdout.str()


def test_dlgrade_dir_from_anywhere(pytester):
    sub = pytester.mkdir("homework")  # no .dlgrade marker: only the option turns it on
    (sub / "ex01_neuron.py").write_text(solution_text("ex01_neuron"), encoding="utf-8")
    pytester.runpytest_subprocess("-k", "weighted_sum").assert_outcomes()  # nothing collected
    pytester.runpytest_subprocess("--dlgrade", "homework", "-k", "weighted_sum").assert_outcomes(
        passed=len(EX01.function("weighted_sum").checks))
    result = pytester.runpytest_subprocess("--dlgrade", "nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "nowhere" in result.stderr.str()


def test_other_projects_and_this_repository_are_left_alone(pytester):
    """A project shaped like this repository (exercise files, solutions, its own tests): the
    plugin collects nothing of its own, and the project's tests run as before."""
    for folder in ("exercises", "solutions"):
        pytester.mkdir(folder)
        (pytester.path / folder / "ex01_neuron.py").write_text(solution_text("ex01_neuron"), encoding="utf-8")
    (pytester.path / "ex01_neuron.py").write_text("raise SystemExit('must not be imported')\n", encoding="utf-8")
    pytester.makepyfile(test_mine="def test_one():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    assert not is_workspace(ROOT)


def test_the_plugin_is_registered_as_a_pytest11_entry_point():
    from importlib.metadata import entry_points

    found = {e.name: e.value for e in entry_points(group="pytest11")}
    assert found.get("dlgrade") == "dlgrade.integrations.pytest_plugin", "reinstall: pip install -e '.[test]'"
