"""The `dlgrade` command: a thin click layer over the library (parse, call, render, exit code).

Exit codes: 0 every check that ran passed, 1 some failed, 2 usage error.
Heavy imports (numpy, the engine) happen inside commands so `dlgrade --help` stays instant.
"""
import json
import sys

import click

from dlgrade.cli.common import LANG, WORKSPACE, load_exercise, usage_error
from dlgrade.text import render


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
@click.option("--gpu", is_flag=True, help="Also run every correctness check with CuPy inputs (skipped without a GPU).")
@click.option("--timing", is_flag=True,
              help="Also time functions against the reference on large inputs (on the GPU with --gpu).")
@click.option("--fused", is_flag=True, help="Also judge the GPU time against one fused kernel (elementwise functions, "
              "optimizer updates). Implies --gpu --timing.")
def check(exercise, workspace, as_json, lang, hidden, timeout, gpu, timing, fused):
    """Grade one exercise: `dlgrade check ex03`."""
    from dlgrade.pipeline import engine
    from dlgrade.study import workspace as ws
    from dlgrade.cli.render import print_report
    from dlgrade.pipeline.config import RunConfig

    ex = load_exercise(exercise, lang)
    folder = ws.resolve(workspace, stubs=False)
    if engine.both_present(ex, folder):
        click.echo(render("cli.both_files", lang, py=ex.filename, notebook=ex.notebook_filename, graded=ex.filename),
                   err=True)
    try:
        report = engine.check(ex.id, folder, RunConfig(hidden=hidden, call_timeout=timeout, gpu=gpu, timing=timing,
                                                       fused=fused, lang=lang))
    except engine.MissingFile as e:
        usage_error("cli.missing_file", lang, path=e.path)
    from dlgrade.study.policy import is_bundled

    if not is_bundled(folder):
        from dlgrade.study import progress

        progress.record_check(folder, report)
    if as_json:
        click.echo(json.dumps(report.to_json(lang), ensure_ascii=False))
    else:
        print_report(report, lang)
    sys.exit(0 if report.all_passed else 1)


def _register():
    from dlgrade.cli import study as cli_study
    from dlgrade.cli.grade import grade
    from dlgrade.cli.gradescope import gradescope
    from dlgrade.cli.report import report
    from dlgrade.cli.nbgrader import nbgrader
    from dlgrade.cli.quiz import quiz

    for command in (grade, quiz, cli_study.init, cli_study.reset, cli_study.hint, cli_study.list_, cli_study.watch,
                    cli_study.plot, nbgrader, gradescope, report):
        main.add_command(command)


_register()
