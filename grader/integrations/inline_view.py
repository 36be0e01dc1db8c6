"""What `dlgrade.check`, `dlgrade.hint` and `dlgrade.quiz` return in a notebook: objects that
Jupyter shows as HTML (`_repr_html_`) and a terminal as text (`__repr__`). Rendering only: the
report stays language-free until shown, and every text is a message id rendered in one language.
"""
import html

from dlgrade.text import Msg, render

COLOUR = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#cf222e", "timeout": "#cf222e",
          "not_implemented": "#9a6700", "skipped": "#6e7781", "missing": "#9a6700"}
MARK = {"passed": "✓", "failed": "✗", "error": "!", "timeout": "⏱", "not_implemented": "·", "skipped": "-",
        "missing": "?"}
CELL = "padding:3px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #d0d7de"


def esc(text):
    return html.escape(str(text), quote=True)


class Notice:
    """Lines of text (message ids), shown as such: an unknown exercise, a hint, a note."""

    def __init__(self, messages, lang="en", error=False):
        self.messages, self.lang, self.error = list(messages), lang, error

    @property
    def lines(self):
        return [m.render(self.lang) if isinstance(m, Msg) else str(m) for m in self.messages]

    def __repr__(self):
        return "\n".join(self.lines)

    def _repr_html_(self):
        colour = COLOUR["error"] if self.error else "inherit"
        body = "".join(f'<div style="white-space:pre-wrap;color:{colour};margin:2px 0">{esc(t)}</div>'
                       for t in self.lines)
        return f'<div class="dlgrade-notice" lang="{esc(self.lang)}">{body}</div>'


class CheckView:
    """A graded report for a notebook: the same `Report` the CLI prints, shown as a table."""

    def __init__(self, report, lang="en", notes=(), summary=None):
        self.report, self.lang, self.notes, self.summary = report, lang, list(notes), summary  # summary: a Msg

    @property
    def score(self):
        return self.report.score

    @property
    def max_score(self):
        return self.report.max_score

    @property
    def all_passed(self):
        return self.report.all_passed

    def to_json(self):
        return self.report.to_json(self.lang)

    def summary_text(self):
        r, lang = self.report, self.lang
        if self.summary is not None:
            return self.summary.render(lang)
        return render("cli.summary", lang, exercise=r.exercise, title=r.title.get(lang), score=r.score,
                      max_score=r.max_score, passed=sum(c.status == "passed" for c in r.checks),
                      total=sum(c.status != "skipped" for c in r.checks))

    def more_help(self):
        failing = next((c for c in self.report.checks if c.status in ("failed", "error")), None)
        if failing is None or failing.kind == "quiz":
            return None
        return render("inline.hint_more", self.lang, exercise=self.report.exercise, function=failing.function)

    def __repr__(self):
        r, lang = self.report, self.lang
        lines = [self.summary_text()]
        if r.problem is not None:
            lines.append("  " + r.problem.render(lang))
        for c in r.checks:
            line = (f"{MARK.get(c.status, '?')} {c.id:<34} {c.score:g}/{c.max_score:g}  "
                    f"{render('status.' + c.status, lang)}")
            if c.message is not None and c.message is not r.problem:
                line += "  " + c.message.render(lang)
            lines.append(line)
            if c.hint is not None:
                lines.append("    " + render("cli.misconception", lang, hint=c.hint.get(lang)))
        lines += [t for t in (self.more_help(),) if t]
        if r.hidden_not_run:
            lines.append(render("cli.not_run", lang, count=r.hidden_not_run))
        return "\n".join(lines + [render_note(n, lang) for n in self.notes])

    def _repr_html_(self):
        r, lang = self.report, self.lang
        passed = [c for c in r.checks if c.status in ("passed", "skipped")]
        open_rows = [c for c in r.checks if c.status not in ("passed", "skipped")]
        colour = COLOUR["passed"] if r.all_passed and r.checks else COLOUR["failed"]
        out = [f'<div class="dlgrade-report" lang="{esc(lang)}" style="line-height:1.4">',
               f'<div style="font-weight:bold;color:{colour};margin-bottom:4px">{esc(self.summary_text())}</div>']
        if r.problem is not None:
            out.append(f'<div style="color:{COLOUR["error"]};white-space:pre-wrap">{esc(r.problem.render(lang))}</div>')
        if open_rows:
            out.append(table(open_rows, lang, r.problem))
        if passed:
            label = render("cli.all_passed", lang) + " " if r.all_passed and r.checks else ""
            out.append(f'<details class="dlgrade-passes"><summary>{esc(label)}'
                       f'{esc(render("inline.passed_rows", lang, count=len(passed)))}</summary>'
                       f'{table(passed, lang, r.problem)}</details>')
        if self.more_help():
            out.append(f'<div style="color:#6e7781">{esc(self.more_help())}</div>')
        if r.hidden_not_run:
            out.append(f'<div style="color:#6e7781">{esc(render("cli.not_run", lang, count=r.hidden_not_run))}</div>')
        for note in self.notes:
            out.append('<div class="dlgrade-note" '
                       f'style="color:#6e7781;font-size:90%">{esc(render_note(note, lang))}</div>')
        out.append("</div>")
        return "\n".join(out)


def table(checks, lang, problem=None):
    """One row per check; a message shared by a function's next checks is written once, over their rows."""
    head = "".join(f'<th style="{CELL};white-space:nowrap">{esc(h)}</th>'
                   for h in render("inline.columns", lang).split("|"))
    texts = [message_html(c, lang, problem) for c in checks]
    rows = []
    for i, c in enumerate(checks):
        colour = COLOUR.get(c.status, "inherit")
        same = (lambda j: checks[j].function == c.function and checks[j].status == c.status and texts[j] == texts[i])
        cells = (f'<td style="{CELL};color:{colour};white-space:nowrap">{MARK.get(c.status, "?")} '
                 f'{esc(render("status." + c.status, lang))}</td>'
                 f'<td style="{CELL}"><code>{esc(c.id)}</code></td>'
                 f'<td style="{CELL};white-space:nowrap">{c.score:g}/{c.max_score:g}</td>')
        if i == 0 or not same(i - 1):
            span = 1
            while i + span < len(checks) and same(i + span):
                span += 1
            cells += f'<td rowspan="{span}" style="{CELL};white-space:pre-wrap">{texts[i]}</td>'
        rows.append(f'<tr class="dlgrade-{esc(c.status)}">{cells}</tr>')
    return f'<table style="border-collapse:collapse;margin:4px 0"><tr>{head}</tr>{"".join(rows)}</table>'


def message_html(c, lang, problem):
    shown_above = problem is not None and c.message is problem  # the whole module's problem: said once
    message = esc(c.message.render(lang)) if c.message is not None and not shown_above else ""
    if c.hint is not None:
        message += f'<div style="color:#0969da">{esc(render("cli.misconception", lang, hint=c.hint.get(lang)))}</div>'
    return message


def render_note(note, lang):
    return note.render(lang) if isinstance(note, Msg) else str(note)
