"""Write the JSON that `check` and `grade` print for fixed inputs, one file each, to compare a
refactoring before and after (`diff -r BEFORE AFTER` must be empty).

    python scripts/json_snapshot.py OUT_DIR

Inputs: every exercise's bundled solution, its stub, and a wrong file (the solution with its
first function's first known mistake pasted in); `grade` on a class of those three students.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from dlgrade import catalog  # noqa: E402
from dlgrade.study.workspace import bundled_exercises, bundled_solutions  # noqa: E402
from tests.helpers import all_mistakes, mutant, solution_text  # noqa: E402


def wrong_source(slug):
    for exercise_id, function, mistake in all_mistakes():
        if exercise_id == slug:
            return mutant(slug, function, mistake)
    return None


def run(args, out_file):
    proc = subprocess.run([sys.executable, "-m", "dlgrade", *args], capture_output=True, text=True, timeout=600)
    with open(out_file, "w", encoding="utf-8") as fh:
        fh.write(f"exit {proc.returncode}\n{proc.stdout}")


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cls = os.path.join(tmp, "class")
        for student in ("solution", "stub", "wrong"):
            os.makedirs(os.path.join(cls, student))
        for slug in catalog.slugs():
            name = f"{slug}.py"
            shutil.copy(os.path.join(bundled_solutions(), name), os.path.join(cls, "solution", name))
            shutil.copy(os.path.join(bundled_exercises(), name), os.path.join(cls, "stub", name))
            wrong = wrong_source(slug) or solution_text(slug)
            with open(os.path.join(cls, "wrong", name), "w", encoding="utf-8") as fh:
                fh.write(wrong)
        for slug in catalog.slugs():
            for student in ("solution", "stub", "wrong"):
                run(["check", slug[:4], "--workspace", os.path.join(cls, student), "--json"],
                    os.path.join(out, f"check-{slug}-{student}.json"))
        run(["grade", cls, "--isolation", "rlimit", "--jobs", "2"], os.path.join(out, "grade.json"))
    print(out)


if __name__ == "__main__":
    main()
