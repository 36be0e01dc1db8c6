"""Human output for the terminal (rich): one line per check and a summary. Rendering only."""
from rich.console import Console
from rich.markup import escape

from dlgrade.text import render

STYLE = {"passed": ("✓", "green"), "failed": ("✗", "red"), "error": ("!", "red"),
         "timeout": ("⏱", "red"), "not_implemented": ("·", "yellow"), "skipped": ("-", "dim"),
         "missing": ("?", "yellow")}


PRINTED_LINES = 20  # lines of the student's print() output shown under the checks


def console(stderr=False):
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_report(report, lang, out=None):
    out = out or console()
    loaded = report.problem is None or report.problem.id in (  # a notebook's other cells ran
        "import.cell_syntax", "nbfile.cell_too_complex", "nbfile.cell_null", "nbfile.writefile")
    if report.problem is not None:
        if not loaded:
            out.print(f"[bold red]{escape(render('cli.problem', lang))}[/]")
        out.print("  [red]" + escape(report.problem.render(lang)) + "[/]")
    shown_hint = set()
    width = min(max([34] + [len(c.id) for c in report.checks]), 60)  # long ids keep the columns straight
    for c in report.checks:
        mark, colour = STYLE.get(c.status, ("?", "white"))
        status = render(f"status.{c.status}", lang)
        if c.status == "skipped":  # not held against anyone: no score that reads like lost points
            reason = (
                c.message.params.get("reason") if c.message is not None and c.message.id == "gpu.skipped" else c.message
            )
            detail = render("cli.not_counted", lang, points=c.max_score)
            if reason is not None:
                detail += "  " + (reason.render(lang) if hasattr(reason, "render") else str(reason))
            out.print(f"[dim]{mark} {escape(c.id):<{width}} {escape(status)}  {escape(detail)}[/]")
            continue
        line = f"[{colour}]{mark} {escape(c.id):<{width}}[/] {c.score:g}/{c.max_score:g}  [{colour}]{escape(status)}[/]"
        if c.message is not None and c.status != "not_implemented" and loaded:
            line += "  " + escape(c.message.render(lang))
        out.print(line)
        explanation = c.explanation(lang)
        key = c.misconception or explanation
        if explanation and key not in shown_hint:
            shown_hint.add(key)
            out.print("    [cyan]" + escape(render("cli.misconception", lang, hint=explanation)) + "[/]")
    if getattr(report, "printed", ""):
        out.print("[dim]" + escape(render("cli.printed", lang)) + "[/]")
        lines = report.printed.rstrip("\n").splitlines()
        for text in lines[:PRINTED_LINES] + (["[...]"] if len(lines) > PRINTED_LINES else []):
            out.print("[dim]  | " + escape(text) + "[/]")
    passed = sum(c.status == "passed" for c in report.checks)
    ran = [c for c in report.checks if c.status != "skipped"]
    colour = "green" if report.all_passed and report.checks else "yellow"
    out.print(f"[bold {colour}]" + escape(render(
        "cli.summary", lang, exercise=report.exercise, title=report.title.get(lang), score=report.score,
        max_score=report.max_score, passed=passed, total=len(ran))) + "[/]")
    if report.all_passed and report.checks:
        out.print("[green]" + escape(render("cli.all_passed", lang)) + "[/]")
    if report.hidden_not_run:
        out.print("[dim]" + escape(render("cli.not_run", lang, count=report.hidden_not_run)) + "[/]")
    failing = next((c for c in report.checks if c.status in ("failed", "error")), None)
    if failing is not None:
        out.print("[dim]" + escape(render("cli.hint_more", lang, exercise=report.exercise,
                                          function=failing.function)) + "[/]")
