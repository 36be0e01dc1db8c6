"""`dlgrade gradescope build|run`: a Gradescope autograder (a thin layer over dlgrade.integrations.gradescope)."""
import json
import os
import sys

import click

from dlgrade.cli.common import LANG, usage_error
from dlgrade.text import render


@click.group("gradescope", short_help="Gradescope autograder: build the zip (and run it).")
def gradescope():
    """Build a Gradescope autograder zip; `run` is what the zip runs per submission."""


@gradescope.command("build")
@click.option("--exercises", required=True, help="Comma-separated, e.g. ex02,ex04.")
@click.option("--hidden", is_flag=True, help="Also run the hidden checks (shown to students after publishing).")
@click.option("--out", type=click.Path(dir_okay=False), default="autograder.zip", show_default=True)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds for one exercise.")
@click.option("--wheel", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A dlgrade wheel to ship (default: one made from the running dlgrade).")
@LANG
def build(exercises, hidden, out, timeout, wheel, lang):
    """Write an autograder zip (setup.sh, run_autograder) for these exercises."""
    from dlgrade import catalog
    from dlgrade.integrations import gradescope as gs

    names = [e.strip() for e in exercises.split(",") if e.strip()]
    try:
        slugs = [catalog.resolve(e) for e in names]
    except catalog.UnknownExercise as e:
        usage_error("cli.unknown_exercise", lang, name=e.name, known=", ".join(s[:4] for s in catalog.slugs()))
    if not slugs:
        usage_error("cli.unknown_exercise", lang, name=exercises, known=", ".join(s[:4] for s in catalog.slugs()))
    info = gs.build(slugs, out, hidden=hidden, lang=lang, timeout=timeout, wheel=wheel)
    how = render("gs.wheel", lang, wheel=info["wheel"]) if info["wheel"] else render("gs.index", lang)
    click.echo(render("gs.built", lang, out=os.path.abspath(out), exercises=", ".join(info["config"]["exercises"]),
                      hidden=render("gs.with_hidden", lang) if hidden else "", version=info["config"]["version"],
                      how=how))


@gradescope.command("run")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Gradescope's folder (default: $DLGRADE_GRADESCOPE_ROOT, else /autograder).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="The zip's settings (default: ROOT/source/dlgrade-gradescope.json).")
def run(root, config_path):
    """Grade ROOT/submission and write ROOT/results/results.json (run by run_autograder)."""
    from dlgrade.integrations import gradescope as gs

    root = root or gs.default_root()
    config_path = config_path or os.path.join(root, "source", gs.CONFIG)
    try:
        with open(config_path, encoding="utf-8") as fh:
            config = json.load(fh)
        lang = config.get("lang", "en")
    except (OSError, ValueError) as e:
        usage_error("gs.bad_config", "en", path=config_path, detail=getattr(e, "strerror", None) or str(e))
    from dlgrade import catalog

    try:
        obj = gs.run(root, config)
    except (catalog.UnknownExercise, AttributeError, TypeError, ValueError) as e:  # a hand-edited settings file
        usage_error("gs.bad_config", "en", path=config_path, detail=str(e)[:200])
    except gs.GraderBroken as e:
        click.echo(render("gs.broken", lang, exercise=e.exercise, problems=e.problems), err=True)
        sys.exit(1)
    click.echo(obj["output"])
    click.echo(f"{obj['score']:g}")
