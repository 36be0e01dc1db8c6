"""End to end in a real Jupyter kernel (nbclient): a notebook defines a right and a wrong sigmoid and
calls dlgrade.check; the tests read the HTML each call shows (tests/notebooks/inline_check.py)."""
import json
import re

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from tests.notebooks.build import notebook  # noqa: E402


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    nb = notebook()
    client = nbclient.NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    nbformat.write(nb, str(folder / "executed.ipynb"))  # to look at after a failure
    return {c.metadata["name"]: c for c in nb.cells}, folder


def output(cells, name, mime="text/html"):
    cell = cells[name]
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert not errors or name == "broken_relu", f"cell {name} raised: {errors[0].ename}: {errors[0].evalue}"
    shown = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert shown, f"cell {name} showed nothing: {cell.outputs}"
    return shown[0].data[mime]


def rows(html):
    """{check id: (status, points, message)} of the report's table rows (a row without a message
    cell is under the one above it: the same message, written once)."""
    out, message = {}, None
    for status, body in re.findall(r'<tr class="dlgrade-(\w+)">(.*?)</tr>', html, flags=re.S):
        cols = re.findall(r"<td[^>]*>(.*?)</td>", body, flags=re.S)
        message = cols[3] if len(cols) > 3 else message
        out[re.sub(r"<[^>]+>", "", cols[1])] = (status, cols[2], message)
    return out


def test_right_sigmoid_passes_every_check_collapsed(run):
    cells, _ = run
    html = output(cells, "check_right")
    got = rows(html)
    assert set(got) == {"ex02.sigmoid.values", "ex02.sigmoid.stability", "ex02.sigmoid.purity"}
    assert {s for s, _, _ in got.values()} == {"passed"}
    assert "<details" in html and "All checks passed." in html
    assert re.search(r"<summary>.*3 passed check", html)
    assert 'lang="en"' in html


def test_wrong_sigmoid_fails_in_korean_with_the_mistake_named(run):
    cells, _ = run
    html = output(cells, "check_wrong_ko")
    got = rows(html)
    assert got["ex02.sigmoid.values"][0] == "failed"
    assert got["ex02.sigmoid.values"][1] == "0/2"
    assert 'lang="ko"' in html and "실패" in html and "흔한 실수로 보입니다" in html
    assert "1 / (1 + e^-x)" in html  # the wrong-sign mistake's explanation
    assert got["ex02.sigmoid.values"][2].startswith("입력 float64")  # Korean throughout
    folded = html[html.index("<details"):html.index("</details>")]
    assert '<tr class="dlgrade-passed">' in folded and '<tr class="dlgrade-failed">' not in folded  # passes folded
    assert html.index('<tr class="dlgrade-failed">') < html.index("<details")  # failures first, open
    text = output(cells, "check_wrong_ko", "text/plain")
    assert "ex02.sigmoid.values" in text and "실패" in text


def test_the_graded_sigmoid_is_the_newest_definition_not_a_saved_file(run):
    cells, folder = run
    right, wrong = output(cells, "check_right"), output(cells, "check_wrong_ko")
    assert "(cells [2])" in right
    assert "([4]번 셀" in wrong  # the wrong sigmoid is cell 4 (execution counts)
    assert not list(folder.glob("ex02*.py"))


def test_hint_opens_with_the_mistake_the_last_check_found(run):
    cells, folder = run
    html = output(cells, "hint_after_wrong")
    assert "Your last check found this mistake in sigmoid" in html
    assert "Hint 1/3 for sigmoid" in html
    progress = json.loads((folder / ".dlgrade" / "progress.json").read_text())
    ex02 = progress["exercises"]["ex02"]
    assert ex02["hints"]["sigmoid"] == 1


def test_helpers_imports_and_constants_from_other_cells_are_carried_values_are_refused(run):
    cells, _ = run
    got = rows(output(cells, "check_other_cells"))
    assert {got[i][0] for i in got if i.startswith("ex02.leaky_relu.")} == {"passed"}
    status, points, message = got["ex02.relu.values"]
    assert status == "error" and points == "0/2"
    assert "uses `weights` (ndarray) made in another cell" in message


def test_kernel_objects_cannot_fake_a_pass(run):
    cells, _ = run
    got = rows(output(cells, "check_fake"))
    assert got["ex02.tanh.values"][0] in ("failed", "error")
    assert "passed" not in {s for s, _, _ in got.values()}


def test_undefined_function_and_unknown_exercise_say_so(run):
    cells, _ = run
    got = rows(output(cells, "check_undefined"))
    assert got["ex02.softplus.values"][0] == "not_implemented"
    assert "softplus is not defined in this notebook yet" in got["ex02.softplus.values"][2]
    html = output(cells, "check_undefined")
    assert html.count("softplus is not defined") == 1 and 'rowspan="3"' in html  # said once for its 3 checks
    assert "unknown exercise &#x27;ex99&#x27;; known: ex01" in output(cells, "check_unknown")


def test_an_edited_cell_with_a_syntax_error_is_named_not_the_old_definition_graded(run):
    cells, _ = run
    got = rows(output(cells, "check_broken"))
    status, _, message = got["ex02.relu.values"]
    assert status == "error"
    broken = cells["broken_relu"].execution_count
    assert f"cell [{broken}], which defines relu, has a syntax error at line 2 (SyntaxError" in message


def test_quiz_graded_from_answers_and_as_a_widget_form(run):
    cells, folder = run
    html = output(cells, "quiz_answers")
    assert "ex02 quiz: 0/" in html and "not answered" in html
    assert "application/vnd.jupyter.widget-view+json" in cells["quiz_form"].outputs[0].data
    progress = json.loads((folder / ".dlgrade" / "progress.json").read_text())
    assert progress["exercises"]["ex02"]["quiz"]["best"] == 0.0


def test_progress_of_a_partial_check_keeps_the_other_functions(run):
    cells, folder = run
    last = json.loads((folder / ".dlgrade" / "progress.json").read_text())["exercises"]["ex02"]["last"]["checks"]
    assert last["ex02.sigmoid.values"] == {"status": "failed", "function": "sigmoid",
                                           "misconception": "sigmoid.wrong_sign"}  # checked in cell 5
    assert last["ex02.leaky_relu.values"]["status"] == "passed"
    assert last["ex02.relu.values"]["status"] == "error"  # the last relu check: the broken cell
    assert last["ex02.step.values"]["status"] == "not_implemented"  # never checked
