"""Options and helpers shared by the command modules."""
import sys

import click

from dlgrade.text import LANGS, render

LANG = click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
                    help="Language of messages / 메시지 언어.")
WORKSPACE = click.option("--workspace", type=click.Path(file_okay=False), default=None,
                         help="Folder with your exNN_*.py files (default: here, else the bundled stubs).")


def usage_error(msg_id, lang, **params):
    click.echo(render(msg_id, lang, **params), err=True)
    sys.exit(2)


def load_exercise(name, lang):
    from dlgrade import catalog

    try:
        return catalog.load(name)
    except catalog.UnknownExercise:
        usage_error("cli.unknown_exercise", lang, name=name,
                    known=", ".join(s[:4] for s in catalog.slugs()))
