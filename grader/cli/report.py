"""`dlgrade report`: the class report in one HTML file (a thin layer over dlgrade.integrations.classreport)."""
import os

import click

from dlgrade.cli.common import LANG, usage_error
from dlgrade.text import render


@click.command("report")
@click.argument("grades", type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default="report.html", show_default=True)
@LANG
def report(grades, out, lang):
    """Class report (HTML) from the JSON of `dlgrade grade`."""
    from dlgrade.integrations import classreport

    try:
        result = classreport.load(grades)
    except classreport.BadGrades as e:
        usage_error("rep.bad_grades", lang, path=grades, detail=str(e))
    try:
        classreport.write(result, out, lang)
    except (KeyError, TypeError, AttributeError, ValueError) as e:  # a field missing or of the wrong type
        usage_error("rep.bad_grades", lang, path=grades, detail=f"{type(e).__name__} {e}"[:200])
    click.echo(render("rep.written", lang, out=os.path.abspath(out)))
