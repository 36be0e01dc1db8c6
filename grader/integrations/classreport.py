"""A class report for instructors: one self-contained HTML file (inline CSS, figures as inline SVG)
from the JSON that `dlgrade grade` writes.

Two stages: `summarize` turns the grades into plain numbers and rows (tested on its own), `to_html`
lays them out. Every word on the page is a message id in English and Korean; every value that
came from a student (ids, messages) is escaped. No network, no scripts, no display.
"""
import html
import io
import json
import os
from collections import defaultdict

from dlgrade.text import render

OK = ("passed", "skipped")


class BadGrades(ValueError):
    """The file is not the JSON `dlgrade grade` writes."""


def load(path):
    try:
        with open(path, encoding="utf-8") as fh:
            result = json.load(fh)
    except OSError as e:
        raise BadGrades(e.strerror or str(e)) from None
    except ValueError as e:
        raise BadGrades(str(e)) from None
    if not isinstance(result, dict) or not isinstance(result.get("students"), list):
        raise BadGrades("no \"students\" list")
    for st in result["students"]:
        if not isinstance(st, dict) or not {"student", "total", "max_total", "exercises"} <= st.keys():
            raise BadGrades("a student without student/total/max_total/exercises")
    return result


def explanation(exercise_id, check, lang):
    """A failed check's explanation in the report's language. The grades file was rendered in the
    language of its run, which may be another: a named mistake's text comes from the catalog (both
    languages), else the file's own explanation (a general diagnosis), else the mistake's id."""
    from dlgrade import catalog

    if check.get("misconception"):
        try:
            function = catalog.load(exercise_id).function(check["function"])
        except catalog.UnknownExercise:
            function = None
        mistake = function.mistake(check["misconception"]) if function else None
        if mistake is not None:
            return mistake.hint.get(lang)
    return check.get("explanation") or check.get("misconception") or ""


def ungraded_reason(ex, lang):
    if ex.get("status") == "missing":
        found = ex.get("found")
        return render("rep.reason_missing_found" if found else "rep.reason_missing", lang,
                      found=", ".join(found or []))
    if ex.get("error"):
        return render("rep.reason_error", lang, detail=ex["error"])
    message = next((c.get("message") for c in ex.get("checks", []) if c.get("message")), "")
    return render("rep.reason_error", lang, detail=message or ex.get("status", "?"))


def summarize(result, lang="en"):
    students = result["students"]
    order = []
    for st in students:
        for ex in st["exercises"]:
            if ex["exercise"] not in order:
                order.append(ex["exercise"])
    scores, maxima = defaultdict(list), {}
    functions = defaultdict(lambda: [0, 0])  # (exercise, function) -> [passed, graded]
    mistakes = defaultdict(set)  # (exercise, function, misconception) -> students
    explained, ungraded, rows = {}, [], []
    for st in students:
        row = {"student": st["student"], "total": st["total"], "max_total": st["max_total"], "scores": {}}
        for ex in st["exercises"]:
            eid = ex["exercise"]
            maxima[eid] = max(maxima.get(eid, 0.0), ex["max_score"])
            row["scores"][eid] = (ex["score"], ex["max_score"], ex.get("status", "graded"))
            if ex.get("status", "graded") != "graded":
                ungraded.append({"student": st["student"], "exercise": eid, "status": ex.get("status"),
                                 "reason": ungraded_reason(ex, lang)})
                continue
            scores[eid].append(ex["score"])
            if ex["checks"] and all(c["status"] in ("error", "timeout") for c in ex["checks"]):  # graded 0: why
                ungraded.append({"student": st["student"], "exercise": eid, "status": "not_loaded",
                                 "reason": render("rep.reason_not_loaded", lang, detail=next(
                                     (c["message"] for c in ex["checks"] if c.get("message")), "?"))})
            by_function = defaultdict(list)
            for c in ex["checks"]:
                by_function[c["function"]].append(c["status"])
                if c.get("misconception") and c["status"] not in OK:
                    key = (eid, c["function"], c["misconception"])
                    mistakes[key].add(st["student"])
                    explained.setdefault(key, explanation(eid, c, lang))
            for name, statuses in by_function.items():
                functions[(eid, name)][1] += 1
                functions[(eid, name)][0] += all(s in OK for s in statuses)
        rows.append(row)
    pass_rates = [{"exercise": e, "function": f, "passed": p, "graded": n, "rate": p / n if n else 0.0}
                  for (e, f), (p, n) in functions.items()]
    ranked = sorted(({"exercise": e, "function": f, "misconception": m, "students": len(who),
                      "explanation": explained[(e, f, m)]} for (e, f, m), who in mistakes.items()),
                    key=lambda r: (-r["students"], r["exercise"], r["function"], r["misconception"]))
    return {"exercises": order, "scores": {e: scores[e] for e in order}, "maxima": maxima,
            "pass_rates": pass_rates, "misconceptions": ranked, "ungraded": ungraded, "rows": rows,
            "students": len(students), "isolation": result.get("isolation", "")}


# ---------------------------------------------------------------- figures

def svg(fig):
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    return text[text.index("<svg"):]


def figure_language(lang):
    """The language the figures are drawn in: Korean only where a Hangul font exists."""
    from dlgrade.study import plots

    return plots.set_language(lang)[1]


def distribution_figure(summary, lang):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    used = figure_language(lang)
    order = summary["exercises"]
    cols = min(4, max(1, len(order)))
    rows = (len(order) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    for ax in axes.flat[len(order):]:
        ax.set_visible(False)
    for ax, eid in zip(axes.flat, order):
        top = summary["maxima"].get(eid) or 1.0
        ax.hist(summary["scores"][eid], bins=min(10, max(1, int(top))), range=(0, top), color="#3b7dd8",
                edgecolor="white")
        ax.set_title(eid, fontsize=10)
        ax.set_xlabel(render("rep.fig_points", used), fontsize=8)
        ax.set_ylabel(render("rep.fig_students", used), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    out = svg(fig)
    plt.close(fig)
    return out


def pass_rate_figure(summary, lang):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    used = figure_language(lang)
    rates = summary["pass_rates"]
    fig, ax = plt.subplots(figsize=(7, 0.22 * len(rates) + 0.8))
    labels = [f"{r['exercise']} {r['function']}" for r in rates]
    ax.barh(range(len(rates)), [100 * r["rate"] for r in rates], color="#2e9d5b")
    ax.set_yticks(range(len(rates)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(render("rep.fig_pass_rate", used), fontsize=8)
    fig.tight_layout()
    out = svg(fig)
    plt.close(fig)
    return out


# ---------------------------------------------------------------- HTML

CSS = """
body{font-family:system-ui,"Noto Sans CJK KR","NanumGothic",sans-serif;margin:2em \
auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em \
.6em;text-align:left}
th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.7em;background:#2e9d5b;vertical-align:middle;margin-right:.4em}
table.misconceptions td:nth-child(3),table.ungraded td:nth-child(-n+2){white-space:nowrap}
.missing{color:#a66}.error{color:#c00}.figure svg{max-width:100%;height:auto}.muted{color:#777}
"""


def esc(value):
    return html.escape(str(value), quote=True)


def table(headers, rows, cls=""):
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell if isinstance(cell, Raw) else f"<td>{esc(cell)}</td>" for cell in row)
                   + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class Raw(str):
    """A cell already written as HTML (its values escaped by whoever made it)."""


def num(value):
    return Raw(f'<td class="num">{esc(value)}</td>')


def to_html(result, lang="en", figures=True):
    s = summarize(result, lang)
    r = lambda msg_id, **kw: render(msg_id, lang, **kw)  # noqa: E731
    overview = r("rep.overview", students=s["students"], exercises=", ".join(s["exercises"]),
                 isolation=s["isolation"] or "-")
    parts = [f"<h1>{esc(r('rep.title'))}</h1>", f'<p id="overview">{esc(overview)}</p>']
    parts.append(f'<h2 id="distribution">{esc(r("rep.h_distribution"))}</h2>')
    stats = []
    for e in s["exercises"]:
        sc = sorted(s["scores"][e])
        mean = sum(sc) / len(sc) if sc else 0.0
        median = sc[len(sc) // 2] if sc else 0.0
        stats.append([e, num(len(sc)), num(f"{mean:.1f}"), num(f"{median:g}"), num(f"{s['maxima'].get(e, 0):g}")])
    parts.append(table([r("rep.c_exercise"), r("rep.c_graded"), r("rep.c_mean"), r("rep.c_median"), r("rep.c_max")],
                       stats, "stats"))
    if figures and s["exercises"]:
        parts.append(f'<div class="figure" id="fig-distribution">{distribution_figure(s, lang)}</div>')
    parts.append(f'<h2 id="pass-rates">{esc(r("rep.h_pass_rates"))}</h2>')
    if figures and s["pass_rates"]:
        parts.append(f'<div class="figure" id="fig-pass-rates">{pass_rate_figure(s, lang)}</div>')
    parts.append(table([r("rep.c_exercise"), r("rep.c_function"), r("rep.c_pass_rate"), r("rep.c_passed")],
                       [[p["exercise"], p["function"],
                         Raw(f'<td><span class="bar" style="width:{round(80 * p["rate"])}px"></span>'
                             f'{100 * p["rate"]:.0f}%</td>'), num(f'{p["passed"]}/{p["graded"]}')]
                        for p in s["pass_rates"]], "pass-rates"))
    parts.append(f'<h2 id="misconceptions">{esc(r("rep.h_misconceptions"))}</h2>')
    if s["misconceptions"]:
        parts.append(table([r("rep.c_rank"), r("rep.c_students"), r("rep.c_function"), r("rep.c_explanation")],
                           [[num(i + 1), num(m["students"]), f'{m["exercise"]} {m["function"]}', m["explanation"]]
                            for i, m in enumerate(s["misconceptions"])], "misconceptions"))
    else:
        parts.append(f'<p class="muted">{esc(r("rep.none"))}</p>')
    parts.append(f'<h2 id="ungraded">{esc(r("rep.h_ungraded"))}</h2>')
    if s["ungraded"]:
        parts.append(table([r("rep.c_student"), r("rep.c_exercise"), r("rep.c_reason")],
                           [[u["student"], u["exercise"], u["reason"]] for u in s["ungraded"]], "ungraded"))
    else:
        parts.append(f'<p class="muted">{esc(r("rep.none"))}</p>')
    parts.append(f'<h2 id="students">{esc(r("rep.h_students"))}</h2>')
    cells = []
    for row in s["rows"]:
        line = [row["student"]]
        for e in s["exercises"]:
            score, top, status = row["scores"].get(e, (0, 0, "missing"))
            cls = "" if status == "graded" else f' class="{esc(status)}"'
            mark = (
                ""
                if status == "graded"
                else f" ({r('status.' + status) if status in ('missing', 'error') else esc(status)})"
            )
            line.append(Raw(f'<td{cls} style="text-align:right">{esc(f"{score:g}/{top:g}")}{esc(mark)}</td>'))
        line.append(num(f'{row["total"]:g}/{row["max_total"]:g}'))
        cells.append(line)
    parts.append(table([r("rep.c_student"), *s["exercises"], r("rep.c_total")], cells, "per-student"))
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<title>{esc(r("rep.title"))}</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n')


def write(result, out, lang="en"):
    text = to_html(result, lang)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, out)
    return out
