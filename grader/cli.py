"""The `dlgrade` command: a thin click layer over the library (parse, call, render, exit code).

Exit codes: 0 every check that ran passed, 1 some failed, 2 usage error.
Heavy imports (numpy, the engine) happen inside commands so `dlgrade --help` stays instant.
"""
import json
import sys

import click

from grader.text import render

LANG = click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
                    help="Language of messages / 메시지 언어.")
WORKSPACE = click.option("--workspace", type=click.Path(file_okay=False), default=None,
                         help="Folder with your exNN_*.py files (default: here, else the bundled stubs).")


def usage_error(msg_id, lang, **params):
    click.echo(render(msg_id, lang, **params), err=True)
    sys.exit(2)


def load_exercise(name, lang):
    from grader import catalog

    try:
        return catalog.load(name)
    except catalog.UnknownExercise:
        usage_error("cli.unknown_exercise", lang, name=name,
                    known=", ".join(s[:4] for s in catalog.slugs()))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlgrade")
def main():
    """dlgrade: auto-graded deep-learning exercises / 딥러닝 기초 자동 채점 연습 문제."""


@main.command()
@click.argument("exercise")
@WORKSPACE
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the contract's schema).")
@LANG
@click.option("--hidden", is_flag=True, help="Also run the hidden checks, with fresh inputs.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds per check case.")
def check(exercise, workspace, as_json, lang, hidden, timeout):
    """Grade one exercise, e.g. `dlgrade check ex03`."""
    from grader import engine, workspace as ws
    from grader.render import print_report
    from grader.sandbox.runner import Limits

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace)
    try:
        report = engine.check(ex.id, folder, hidden=hidden, limits=Limits(call_timeout_s=timeout))
    except engine.MissingFile as e:
        usage_error("cli.missing_file", lang, path=e.path)
    if as_json:
        click.echo(json.dumps(report.to_json(lang), ensure_ascii=False))
    else:
        print_report(report, lang)
    sys.exit(0 if report.all_passed else 1)


@main.command("list")
@WORKSPACE
@click.option("--json", "as_json", is_flag=True)
@LANG
def list_(workspace, as_json, lang):
    """Every exercise with its file and status."""
    import os

    from grader import catalog, workspace as ws
    from grader.render import console

    folder = ws.resolve(workspace)
    rows = []
    for ex in catalog.all_exercises():
        present = os.path.isfile(os.path.join(folder, ex.filename))
        rows.append({"exercise": ex.id, "slug": ex.slug, "title": ex.title.get(lang),
                     "file": present, "functions": [f.name for f in ex.functions],
                     "max_score": float(ex.max_score())})
    if as_json:
        click.echo(json.dumps({"workspace": folder, "exercises": rows}, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title=render("cli.list_header", lang, workspace=folder))
    for col in ("id", "title", "file", "functions", "points"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["exercise"], r["title"], r["slug"] + ".py" if r["file"] else render("status.missing", lang),
                      str(len(r["functions"])), f"{r['max_score']:g}")
    console().print(table)


@main.command()
@click.argument("exercise")
@click.argument("function", required=False)
@click.option("--level", type=click.IntRange(1, 3), default=1, show_default=True,
              help="1 idea, 2 formula, 3 near-code.")
@LANG
def hint(exercise, function, level, lang):
    """Progressive hints for an exercise's functions."""
    ex = load_exercise(exercise, lang)
    functions = ex.functions
    if function:
        f = ex.function(function)
        if f is None:
            usage_error("cli.unknown_function", lang, exercise=ex.id, name=function,
                        known=", ".join(x.name for x in ex.functions))
        functions = (f,)
    for f in functions:
        for n in range(1, level + 1):
            click.echo(render("cli.hint_header", lang, level=n, levels=len(f.hints), function=f.name))
            click.echo("  " + f.hints[n - 1].get(lang))


def _register():
    from grader.cli_grade import grade

    main.add_command(grade)


_register()
