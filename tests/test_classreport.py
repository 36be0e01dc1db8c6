"""The class report: numbers from a hand-made class, then a real class rendered by headless
Chromium (screenshot + the rendered DOM), in English and Korean."""
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import batch
from dlgrade.integrations import classreport
from dlgrade.cli.main import main
from tests.helpers import mutant, solution_text

SIGMOID_HINT = catalog.load("ex02").function("sigmoid").mistake("sigmoid.wrong_sign").hint


def check(function, status, misconception=None, **kw):
    return {"id": f"ex02.{function}.values", "function": function, "kind": "values", "status": status,
            "score": 1.0 if status == "passed" else 0.0, "max_score": 1.0, "message": "",
            "misconception": misconception,
            **kw}


def ex02(*checks, status="graded", **kw):
    return {"exercise": "ex02", "score": sum(c["score"] for c in checks), "max_score": 2.0, "status": status,
            "checks": list(checks), **kw}


def student(name, *exercises):
    return {"student": name, "total": sum(e["score"] for e in exercises),
            "max_total": sum(e["max_score"] for e in exercises), "exercises": list(exercises)}


HAND_MADE = {"isolation": "bwrap", "students": [
    student("ann", ex02(check("sigmoid", "passed"), check("relu", "passed"))),
    student("bob", ex02(check("sigmoid", "failed", "sigmoid.wrong_sign"), check("relu", "passed"))),
    student("cy", ex02(check("sigmoid", "failed", "sigmoid.wrong_sign"), check("relu", "failed", "relu.min",
                                                                                explanation="OWN TEXT"))),
    student("<b>dee</b>", ex02(check("sigmoid", "missing"), check("relu", "missing"), status="missing",
                               found=["ex02_activation.py"])),
    student("eve", ex02(check("sigmoid", "error"), check("relu", "error"), status="error", error="RuntimeError: x")),
    student("fay", ex02(check("sigmoid", "error", message="f.py, line 3: invalid syntax"),
                        check("relu", "error", message="f.py, line 3: invalid syntax"))),
]}


def test_summary_numbers_by_hand():
    s = classreport.summarize(HAND_MADE)
    assert s["scores"]["ex02"] == [2.0, 1.0, 0.0, 0.0]  # missing and error are not in the distribution
    rates = {p["function"]: (p["passed"], p["graded"]) for p in s["pass_rates"]}
    assert rates == {"sigmoid": (1, 4), "relu": (2, 4)}
    assert [(m["misconception"], m["students"]) for m in s["misconceptions"]] == [("sigmoid.wrong_sign", 2),
                                                                                    ("relu.min", 1)]
    assert s["misconceptions"][0]["explanation"] == SIGMOID_HINT.en
    # a named mistake is explained by the catalog in the report's language (a stored explanation was
    # written in the language the class was graded in); a check's own text serves an unnamed diagnosis
    assert s["misconceptions"][1]["explanation"] == catalog.load("ex02").function("relu").mistake("relu.min").hint.en
    why = {u["student"]: u["reason"] for u in s["ungraded"]}
    assert "ex02_activation.py" in why["<b>dee</b>"] and "RuntimeError: x" in why["eve"]
    assert "no check could run" in why["fay"] and "line 3" in why["fay"] and "ann" not in why
    assert classreport.summarize(HAND_MADE, "ko")["misconceptions"][0]["explanation"] == SIGMOID_HINT.ko


def test_html_is_self_contained_and_escapes_what_students_wrote():
    page = classreport.to_html(HAND_MADE)
    assert "<b>dee</b>" not in page and "&lt;b&gt;dee&lt;/b&gt;" in page
    for outside in ("<script", "<link", "url(http", "@import", "<img"):
        assert outside not in page
    assert not re.search(r'(src|href)\s*=\s*"(?!#)', page)  # only references inside the page
    assert page.count("<svg") == 2


class Tables(HTMLParser):
    """The rendered DOM's tables by class: lists of rows of cell texts; and every h2's text."""

    def __init__(self):
        super().__init__()
        self.tables, self.h2, self._table, self._cell, self._in_h2 = {}, [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("class", ""), [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "h2":
            self._in_h2, self._cell = True, []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "h2":
            self.h2.append("".join(self._cell).strip())
            self._in_h2, self._cell = False, None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test.sh installs it)")


def chromium(*args):
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--user-data-dir=" + os.environ.get("TMPDIR", "/tmp") + "/dlgrade-chromium", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    ex = catalog.load("ex02")
    wrong = mutant("ex02", "sigmoid", ex.function("sigmoid").mistake("sigmoid.wrong_sign"))
    for name, text, filename in [("s1", solution_text("ex02_activations"), ex.filename), ("s2", wrong, ex.filename),
                                 ("s3", wrong, ex.filename), ("s4", "x = 1\n", "ex02_activation.py")]:
        (root / "c" / name).mkdir(parents=True)
        (root / "c" / name / filename).write_text(text, encoding="utf-8")
    result = batch.grade_class(str(root / "c"), ["ex02"], RunConfig.for_class(functions=("sigmoid", "relu")),
                               journal_path=str(root / "journal"))
    path = root / "grades.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_report_renders_in_chromium(graded_class, tmp_path, lang):
    out = tmp_path / f"report-{lang}.html"
    r = CliRunner().invoke(main, ["report", str(graded_class), "--out", str(out), "--lang", lang])
    assert r.exit_code == 0, r.output
    png = tmp_path / f"report-{lang}.png"
    chromium(f"--screenshot={png}", "--window-size=1100,1800", out.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    dom = Tables()
    dom.feed(chromium("--dump-dom", out.as_uri()))
    headings = ["rep.h_distribution", "rep.h_pass_rates", "rep.h_misconceptions", "rep.h_ungraded", "rep.h_students"]
    from dlgrade.text import render

    assert dom.h2 == [render(h, lang) for h in headings]
    rates = {row[1]: row[3] for row in dom.tables["pass-rates"][1:]}
    assert rates == {"sigmoid": "1/3", "relu": "3/3"}
    (top,) = dom.tables["misconceptions"][1:]
    assert top[1] == "2" and top[3] == SIGMOID_HINT.get(lang)
    (missing,) = dom.tables["ungraded"][1:]
    assert missing[0] == "s4" and missing[2].startswith(render("rep.reason_missing", lang))
    students = {row[0]: row[-1] for row in dom.tables["per-student"][1:]}
    assert set(students) == {"s1", "s2", "s3", "s4"} and students["s1"].split("/")[0] > students["s2"].split("/")[0]


def test_a_file_that_is_not_grades_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{\"cells\": []}")
    r = CliRunner().invoke(main, ["report", str(bad), "--out", str(tmp_path / "r.html")])
    assert r.exit_code == 2 and "students" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["report", str(tmp_path / "none.json")])
    assert r.exit_code == 2 and "none.json" in r.output


def test_grades_with_a_broken_student_entry_are_a_usage_error_too(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"students": [{"student": "a", "total": 0, "max_total": 1,
                                             "exercises": [{"exercise": "ex02", "score": 0, "max_score": 1}]}]}))
    r = CliRunner().invoke(main, ["report", str(bad), "--out", str(tmp_path / "r.html")])
    assert r.exit_code == 2 and "bad.json" in r.output and "Traceback" not in r.output


def test_the_figures_speak_the_reports_language(graded_class, tmp_path):
    """Axis labels in Korean for a Korean report wherever a Hangul font exists (matplotlib's font cache may
    predate the font: dlgrade.study.plots looks on disk too), else in English rather than empty boxes."""
    from dlgrade.study import plots
    from dlgrade.text import render

    out = tmp_path / "report-ko.html"
    assert CliRunner().invoke(main, ["report", str(graded_class), "--out", str(out), "--lang", "ko"]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    from matplotlib import font_manager

    on_disk = [p for p in font_manager.findSystemFonts() if any(k in os.path.basename(p) for k in ("Nanum", "CJK"))]
    drawn = "ko" if plots.hangul_font() else "en"
    assert drawn == "ko" or not on_disk, on_disk[:3]  # a Hangul font installed after matplotlib is found too
    for label in ("rep.fig_students", "rep.fig_points", "rep.fig_pass_rate"):
        assert f"<!-- {render(label, drawn)} -->" in html  # matplotlib's SVG names each text it draws
