"""Gradescope: build an autograder zip, grade one submission the way Gradescope runs it, and turn
grading results into Gradescope's results.json.

Gradescope unzips the autograder into <root>/source, runs setup.sh once to build the image, then
per submission runs <root>/run_autograder with the student's files in <root>/submission/ and
reads <root>/results/results.json. <root> is /autograder; DLGRADE_GRADESCOPE_ROOT moves it (tests).
Library code: no printing, no exiting.
"""
import glob
import json
import os
import secrets
import shutil
import tempfile
import time
import zipfile

from dlgrade import catalog
from dlgrade.text import render

CONFIG = "dlgrade-gradescope.json"
ROOT_ENV = "DLGRADE_GRADESCOPE_ROOT"


def default_root():
    return os.environ.get(ROOT_ENV) or "/autograder"


def version():
    from importlib.metadata import version as v

    return v("dlgrade")


# ---------------------------------------------------------------- results.json

def hidden_ids(exercise_id):
    ex = catalog.load(exercise_id)
    return {chk.check_id(ex, f) for f, chk in ex.checks(hidden=True) if chk.hidden}


def test_entry(exercise, check, lang):
    hidden = bool(check.get("hidden")) or check["id"] in hidden_ids(exercise["exercise"])
    status = render(f"status.{check['status']}", lang)
    if check["status"] == "missing":
        slug = catalog.load(exercise["exercise"]).slug
        output = render("gs.missing", lang, file=f"{slug}.py", notebook=f"{slug}.ipynb")
    elif hidden:
        output = render("gs.hidden_output", lang, status=status)
    else:
        output = status + (": " + check["message"] if check.get("message") else "")
        why = check.get("explanation")  # rendered in the results' language, as the message
        if why:
            output += "\n" + render("cli.misconception", lang, hint=why)
    return {"name": check["id"], "score": float(check["score"]), "max_score": float(check["max_score"]),
            "status": "passed" if check["status"] in ("passed", "skipped") else "failed",
            "output": output, "output_format": "text",
            "visibility": "after_published" if hidden else "visible"}


def results(student, lang="en", notes=()):
    """One student (a batch result's student object) as Gradescope's results.json object."""
    tests, lines = [], list(notes)
    for ex in student["exercises"]:
        title = catalog.load(ex["exercise"]).title.get(lang)
        lines.append(render("gs.exercise_line", lang, exercise=ex["exercise"], title=title, score=ex["score"],
                            max_score=ex["max_score"], status=render(f"gs.ex_{ex.get('status', 'graded')}", lang)))
        tests.extend(test_entry(ex, c, lang) for c in ex["checks"])
    return {"score": float(student["total"]), "output": "\n".join(lines), "output_format": "text",
            "test_output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def write_class(result, out, lang="en"):
    """`grade --format gradescope`: one student -> `out` is that results.json; several -> `out` is a
    folder with <student>/results.json each. Returns the paths written."""
    students = result["students"]
    if len(students) == 1:
        write_json(out, results(students[0], lang))
        return [out]
    paths = []
    for st in students:
        path = os.path.join(out, st["student"], "results.json")
        write_json(path, results(st, lang))
        paths.append(path)
    return paths


def write_json(path, obj):
    """Whole or not at all, lone surrogates (a message a student's code raised) escaped."""
    from dlgrade.integrations.formats import escaped, write_atomic

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_atomic(path, escaped(json.dumps(obj, ensure_ascii=False, indent=1)))


# ---------------------------------------------------------------- one submission

def find_files(submission, slug):
    """The student's files for one exercise anywhere under submission/ (an uploaded zip may keep a
    folder): (.py paths, .ipynb paths), skipping checkpoints."""
    found = {"py": [], "ipynb": []}
    for ext in found:
        for p in sorted(glob.glob(os.path.join(submission, "**", f"{slug}.{ext}"), recursive=True)):
            if ".ipynb_checkpoints" not in p.split(os.sep):
                found[ext].append(p)
    return found["py"], found["ipynb"]


def run(root=None, config=None):
    """Grade <root>/submission with the settings in `config` (the zip's CONFIG) and write
    <root>/results/results.json. Returns the results object."""
    from dataclasses import replace

    from dlgrade.pipeline import batch
    from dlgrade.pipeline.config import RunConfig
    from dlgrade.sandbox import isolation

    started = time.monotonic()
    root = root or default_root()
    config = config or {}
    lang = config.get("lang", "en")
    slugs = [catalog.resolve(e) for e in config.get("exercises") or catalog.slugs()]
    submission = os.path.join(root, "submission")
    mode, notes = config.get("isolation", "auto"), []
    if mode == "auto" and not isolation.bwrap_works():
        # Gradescope gives every submission a container of its own: that keeps students apart, and
        # a container without user namespaces must still grade. Said in the output; strict refuses.
        mode = "rlimit"
        notes.append(render("gs.no_bwrap", lang))
    settings = RunConfig.for_class(hidden=bool(config.get("hidden")), timeout=float(config.get("timeout", 60.0)),
                                   isolation=mode, hidden_seed=0, lang=lang)
    with tempfile.TemporaryDirectory(prefix="dlgrade-gs-") as work:
        student = os.path.join(work, "student")
        os.makedirs(student)
        for slug in slugs:
            py, nb = find_files(submission, slug) if os.path.isdir(submission) else ([], [])
            chosen = (py or nb or [None])[0]
            if chosen is None:
                notes.append(render("gs.missing", lang, file=f"{slug}.py", notebook=f"{slug}.ipynb"))
                continue
            if py and nb:
                notes.append(render("gs.both", lang, graded=os.path.basename(chosen), ignored=f"{slug}.ipynb"))
            shutil.copyfile(chosen, os.path.join(student, os.path.basename(chosen)))
        if config.get("self_check", True):
            try:
                batch.self_check(slugs, settings)
            except batch.SelfCheckFailed as e:
                raise GraderBroken(e.exercise, e.problems) from None
        settings = replace(settings, hidden_seed=secrets.randbits(62))  # fresh hidden inputs for every submission
        exercises = [batch.rendered(batch.grade_one(work, "student", slug, settings), lang) for slug in slugs]
    student_result = {"student": "submission", "total": sum(ex["score"] for ex in exercises),
                      "max_total": sum(ex["max_score"] for ex in exercises), "exercises": exercises}
    obj = results(student_result, lang, notes)
    obj["execution_time"] = round(time.monotonic() - started, 1)
    write_json(os.path.join(root, "results", "results.json"), obj)
    return obj


class GraderBroken(Exception):
    """The bundled solutions do not get full marks in this container: no grade is written."""

    def __init__(self, exercise, problems):
        super().__init__(f"{exercise}: {problems}")
        self.exercise, self.problems = exercise, problems


# ---------------------------------------------------------------- the zip

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, to build the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -q
apt-get install -y -q bubblewrap python3 python3-pip python3-venv
VENV="${{DLGRADE_VENV:-/opt/dlgrade}}"
python3 -m venv "$VENV"
WHEEL=$(ls dist/dlgrade-{version}-*.whl 2>/dev/null | head -n 1 || true)
if [ -n "$WHEEL" ]; then
    "$VENV/bin/pip" install -q "$WHEEL"   # the very dlgrade {version} that built this zip
else
    "$VENV/bin/pip" install -q "dlgrade=={version}"
fi
"$VENV/bin/python" -c "import dlgrade"
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this once per submission; the student's files are in $ROOT/submission.
set -uo pipefail
ROOT="${{DLGRADE_GRADESCOPE_ROOT:-/autograder}}"
PY="${{DLGRADE_PYTHON:-${{DLGRADE_VENV:-/opt/dlgrade}}/bin/python}}"
mkdir -p "$ROOT/results"
exec "$PY" -m dlgrade gradescope run --root "$ROOT" --config "$ROOT/source/{config}"
"""


def build(exercises, out, hidden=False, lang="en", timeout=60.0, wheel=None, make_wheel=True):
    """Write the autograder zip. `wheel`: a dlgrade wheel to ship; else one is built from the
    running dlgrade when make_wheel (else setup.sh installs the same version from the package
    index). Returns a dict describing what went in."""
    slugs = [catalog.resolve(e) for e in exercises]
    config = {"exercises": [s[:4] for s in slugs], "hidden": hidden, "lang": lang, "timeout": timeout,
              "version": version()}
    with tempfile.TemporaryDirectory(prefix="dlgrade-gsbuild-") as tmp:
        if wheel is None and make_wheel:
            from dlgrade.integrations import wheelpack

            wheel = wheelpack.build(tmp)
        tmp_out = out + ".tmp"
        with zipfile.ZipFile(tmp_out, "w", zipfile.ZIP_DEFLATED) as z:
            add_text(z, "setup.sh", SETUP.format(version=config["version"]), executable=True)
            add_text(z, "run_autograder", RUN.format(config=CONFIG), executable=True)
            add_text(z, CONFIG, json.dumps(config, indent=1) + "\n")
            if wheel:
                z.write(wheel, "dist/" + os.path.basename(wheel))
        os.replace(tmp_out, out)
    return {"config": config, "wheel": os.path.basename(wheel) if wheel else None}


def add_text(z, name, text, executable=False):
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
    z.writestr(info, text)
