"""The notebook API without a Jupyter kernel: a stand-in kernel (namespace, input history, cell files
in linecache, as IPython keeps them) feeds dlgrade.integrations.inline; grading runs for real (fresh interpreter,
sandboxed child)."""
import builtins
import json
import linecache
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from dlgrade.pipeline.config import RunConfig
import dlgrade
from dlgrade.integrations import inline
from dlgrade.sandbox import isolation
from dlgrade.integrations import kernel_source
from dlgrade import quiz as quizzes
from dlgrade.integrations.kernel_source import Kernel

RIGHT_SIGMOID = """def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
"""
WRONG_SIGMOID = "def sigmoid(x):\n    return 1 / (1 + np.exp(x))\n"


class FakeKernel(Kernel):
    """Cells run as IPython runs them: each in its own code file, kept in linecache, numbered."""

    def __init__(self):
        super().__init__({"__name__": "__main__", "__builtins__": builtins}, [""], {})

    def run(self, source):
        n = len(self.history)
        self.history.append(source)
        filename = f"/tmp/ipykernel_test/{id(self)}_{n}.py"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        self.cells[filename] = n
        try:
            exec(compile(source, filename, "exec"), self.namespace)
        except SyntaxError:
            pass  # as in a notebook: the cell shows the error, the kernel keeps what it had
        return n


@pytest.fixture
def kernel():
    k = FakeKernel()
    k.run("import numpy as np")
    return k


def statuses(view):
    return {c.id: c.status for c in view.report.checks}


def test_import_dlgrade_is_light():
    code = "import sys, dlgrade; print(sorted(m for m in ('numpy', 'sympy', 'IPython', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert callable(dlgrade.check) and callable(dlgrade.hint) and callable(dlgrade.quiz)
    assert dlgrade.quiz.Choice is quizzes.Choice  # still the quiz module


def test_right_and_wrong_sigmoid(kernel, tmp_path):
    kernel.run(RIGHT_SIGMOID)
    right = inline.check("ex02", "sigmoid", kernel=kernel, workspace=tmp_path)
    assert set(statuses(right).values()) == {"passed"} and right.all_passed
    kernel.run(WRONG_SIGMOID)
    wrong = inline.check("ex02", "sigmoid", kernel=kernel, workspace=tmp_path)
    assert statuses(wrong)["ex02.sigmoid.values"] == "failed"
    assert wrong.report.checks[0].misconception == "sigmoid.wrong_sign"
    assert wrong.score < wrong.max_score == right.max_score


def test_kernel_state_cannot_fake_a_pass(kernel, tmp_path, monkeypatch):
    from dlgrade.pipeline import engine
    from dlgrade.checks import correctness

    monkeypatch.setattr(correctness, "compare", lambda *a, **k: None)  # "nothing differs", in this process
    kernel.run(WRONG_SIGMOID)
    module = kernel_source.write_module("ex02_activations.py", kernel_source.collect(["sigmoid"], kernel).pieces)
    try:
        judged_here = engine.check("ex02", None, RunConfig(functions=["sigmoid"]), path=module)
    finally:
        shutil.rmtree(os.path.dirname(module))
    assert {c.id: c.status for c in judged_here.checks}["ex02.sigmoid.values"] == "passed"  # the patch works here
    view = inline.check("ex02", "sigmoid", kernel=kernel, workspace=tmp_path)
    assert statuses(view)["ex02.sigmoid.values"] == "failed"  # but not on the judging of dlgrade.check


def test_other_cells_imports_helpers_constants_carried_values_refused(kernel, tmp_path):
    kernel.run("from dlgrade.pipeline.xp import array_module\nLEAK = 0.01\nW = np.ones(2)\n\n"
               "def positive(x):\n    return array_module(x).maximum(x, 0)\n")
    kernel.run("def leaky_relu(x, alpha=LEAK):\n    return positive(x) + alpha * np.minimum(x, 0)\n\n"
               "def relu(x):\n    return positive(x) * W[0]\n\n"
               "def elu(x, alpha=1.0):\n    return no_such_name(x)\n")
    found = kernel_source.collect(["leaky_relu", "relu", "elu"], kernel)
    names = [p.name for p in found.pieces]
    assert sorted(names) == ["LEAK", "array_module", "leaky_relu", "np", "positive"]
    assert names.index("positive") < names.index("leaky_relu")  # what a definition needs comes first
    assert {p.name: p.kind for p in found.pieces}["LEAK"] == "constant"
    assert found.problems["relu"].id == "inline.other_cell_value" and found.problems["relu"].params["name"] == "W"
    assert found.problems["elu"].id == "inline.undefined_name"
    view = inline.check("ex02", ["leaky_relu", "relu", "elu"], kernel=kernel, workspace=tmp_path)
    got = statuses(view)
    assert got["ex02.leaky_relu.values"] == "passed" and got["ex02.relu.values"] == "error"


def test_answers_imported_or_from_a_local_module_are_refused(kernel, tmp_path, monkeypatch):
    kernel.run("from dlgrade.solutions.ex02_activations import sigmoid, relu as _r\n\n"
               "def relu(x):\n    return _r(x)\n")
    found = kernel_source.collect(["sigmoid", "relu"], kernel)
    assert found.problems["sigmoid"].id == "inline.not_in_notebook"
    assert found.problems["relu"].id == "inline.local_module"
    (tmp_path / "mine.py").write_text("def helper(x):\n    return x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    kernel.run("from mine import helper\n\ndef tanh(x):\n    return helper(x)\n")
    assert kernel_source.collect(["tanh"], kernel).problems["tanh"].id == "inline.local_module"


def test_lambdas_and_what_is_not_a_function(kernel, tmp_path):
    kernel.run("relu = lambda x: np.maximum(x, 0)\nstep = 3\nimport functools\n"
               "tanh = functools.partial(np.tanh)\nsigmoid = np.vectorize(lambda v: v)\n")
    found = kernel_source.collect(["relu", "step", "tanh", "sigmoid"], kernel)
    assert [p.name for p in found.pieces] == ["np", "relu"]
    assert found.problems["step"].id == "inline.not_a_function" and found.problems["step"].params["kind"] == "int"
    assert found.problems["tanh"].id == "inline.not_a_function"
    assert found.problems["sigmoid"].id == "inline.not_a_function"
    assert set(statuses(inline.check("ex02", "relu", kernel=kernel, workspace=tmp_path)).values()) == {"passed"}


def test_cell_numbers_without_ipythons_file_map(kernel):
    kernel.run("def relu(x):\n    return np.maximum(x, 0)\n")
    cell = kernel.run("\ndef tanh(x):\n    return np.tanh(x)\n")
    kernel.cells.clear()  # IPython 7 (Colab) has no file -> cell map: the history tells
    found = kernel_source.collect(["relu", "tanh"], kernel)
    assert {p.name: (p.cell, p.line) for p in found.pieces if p.kind == "source"} == {"relu": (2, 1), "tanh": (cell, 2)}
    assert kernel_source.cell_of("<ipython-input-7-5a1b2c>", "x", []) == 7


def test_newest_cell_with_a_syntax_error_is_named(kernel, tmp_path):
    kernel.run("def relu(x):\n    return np.maximum(x, 0)\n")
    broken = kernel.run("def relu(x):\n    return np.maximum(x 0)\n")
    view = inline.check("ex02", "relu", kernel=kernel, workspace=tmp_path)
    message = view.report.checks[0].message
    assert message.id == "inline.cell_syntax" and message.params["cell"] == broken and message.params["line"] == 2
    kernel.run("def relu(x):\n    return np.maximum(x, 0)\n")  # fixed and run again
    assert set(statuses(inline.check("ex02", "relu", kernel=kernel, workspace=tmp_path)).values()) == {"passed"}


def test_an_exception_points_at_the_cell_and_line_and_html_is_escaped(kernel, tmp_path):
    cell = kernel.run("x = 1\n\ndef relu(x):\n    y = x\n    raise ValueError('<script>alert(1)</script>')\n")
    view = inline.check("ex02", "relu", kernel=kernel, workspace=tmp_path)
    text = view.report.checks[0].message.render("en")
    assert f"(cell {cell}, line 5)" in text
    html = view._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_hang_times_out_and_the_next_check_still_runs(kernel, tmp_path):
    kernel.run("def step(x):\n    while True:\n        pass\n")
    kernel.run("def relu(x):\n    return np.maximum(x, 0)\n")
    got = statuses(inline.check("ex02", ["step", "relu"], kernel=kernel, workspace=tmp_path, timeout=1))
    assert got["ex02.step.values"] == "timeout" and got["ex02.relu.values"] == "passed"


def test_an_interrupt_stops_grading_and_leaves_no_process(kernel, tmp_path):
    kernel.run("def step(x):\n    while True:\n        pass\n")

    def interrupt(*_):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 4)
    try:
        with pytest.raises(KeyboardInterrupt):
            inline.check("ex02", "step", kernel=kernel, workspace=tmp_path, timeout=60)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    for _ in range(50):
        if not kernel_processes():
            break
        time.sleep(0.1)
    assert kernel_processes() == []


def kernel_processes():
    """Processes whose command line names a module written by kernel_source (only these tests write them)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"dlgrade-kernel-" in fh.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def test_rlimit_isolation_is_said_once(kernel, tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "name_for", lambda mode: "rlimit")
    monkeypatch.setattr(inline, "_SAID", set())
    kernel.run("def relu(x):\n    return np.maximum(x, 0)\n")
    first = inline.check("ex02", "relu", kernel=kernel, workspace=tmp_path)
    second = inline.check("ex02", "relu", kernel=kernel, workspace=tmp_path)
    assert [n.id for n in first.notes].count("inline.rlimit_only") == 1
    assert "bubblewrap is not available" in first._repr_html_()
    assert "inline.rlimit_only" not in [n.id for n in second.notes]
    assert set(statuses(second).values()) == {"passed"}


def test_usage_errors_are_notices_in_both_languages(kernel):
    unknown = inline.check("ex99", kernel=kernel)
    assert "unknown exercise 'ex99'" in repr(unknown) and "ex02" in repr(unknown)
    assert "알 수 없는 연습 문제" in repr(inline.check("ex99", lang="ko", kernel=kernel))
    assert "has no function 'sigmoidd'" in repr(inline.check("ex02", "sigmoidd", kernel=kernel))
    assert 'lang must be "en" or "ko"' in repr(inline.check("ex02", lang="fr", kernel=kernel))
    not_yet = inline.check("ex02", "softplus", kernel=kernel, lang="ko")
    assert set(statuses(not_yet).values()) == {"not_implemented"}
    assert "softplus이(가) 이 노트북에 아직 정의되지 않았습니다" in repr(not_yet)


def test_plain_script_uses_the_callers_globals(tmp_path):
    script = tmp_path / "study.py"
    script.write_text("import numpy as np\nimport dlgrade\n\n" + RIGHT_SIGMOID +
                      "\nview = dlgrade.check('ex02', 'sigmoid', workspace='.')\nprint(view.score, view.max_score)\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    score, max_score = map(float, out.stdout.split())
    assert score == max_score > 0


def test_progress_hint_levels_and_mistake_first(kernel, tmp_path):
    kernel.run(WRONG_SIGMOID)
    inline.check("ex02", "sigmoid", kernel=kernel, workspace=tmp_path)
    first = repr(inline.hint("ex02", workspace=tmp_path))  # the named mistake first, as `dlgrade hint` does
    assert first.startswith("Your last check found this mistake in sigmoid") and "Hint 1/3 for sigmoid" in first
    assert "Hint 2/3 for sigmoid" in repr(inline.hint("ex02", "sigmoid", workspace=tmp_path))
    third, again = (repr(inline.hint("ex02", "sigmoid", workspace=tmp_path)) for _ in range(2))
    assert "Hint 3/3" in third and "are open" not in third and "All 3 hints of sigmoid are open" in again
    assert "still locked" in repr(inline.hint("ex02", "relu", level=3, workspace=tmp_path))
    assert "level must be 1 to 3" in repr(inline.hint("ex02", "relu", level=7, workspace=tmp_path))
    data = json.loads((tmp_path / ".dlgrade" / "progress.json").read_text())["exercises"]["ex02"]
    assert data["hints"] == {"sigmoid": 3}


def test_quiz_answers_text_input_and_widget_form(tmp_path, monkeypatch):
    questions = quizzes.load("ex02_activations")
    key = {q.id: str(q.key("s1")) for q in questions}
    full = dlgrade.quiz("ex02", student="s1", answers=key, workspace=tmp_path)
    assert full.score == full.max_score == len(questions)
    wrong = dlgrade.quiz("ex02", student="s1", answers={q.id: "1e9" for q in questions}, workspace=tmp_path)
    assert wrong.score < full.score
    asked = iter(key.values())
    monkeypatch.setattr(builtins, "input", lambda prompt: next(asked))
    typed = dlgrade.quiz("ex02", student="s1", widgets=False, workspace=tmp_path, lang="ko")
    assert typed.score == len(questions) and "ex02 퀴즈" in typed._repr_html_()
    pytest.importorskip("ipywidgets")
    form = dlgrade.quiz("ex02", student="s1", widgets=True, workspace=tmp_path)
    for qid, box in form.dlgrade_inputs.items():
        box.value = key[qid]
    form.dlgrade_button.click()
    assert f"ex02 quiz: {len(questions)}/{len(questions)}" in form.dlgrade_result.value
    data = json.loads((tmp_path / ".dlgrade" / "progress.json").read_text())["exercises"]["ex02"]["quiz"]
    assert data["best"] == len(questions)
