"""One import package: `dlgrade` (grader/), with dlgrade.reference, .solutions, .exercises from the
design card's top-level folders; editable and wheel installs both give exactly that."""
import os
import shutil
import subprocess
import sys

import zipfile

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

from tests.helpers import ROOT

MAPPED = {"dlgrade": "grader", "dlgrade.reference": "reference", "dlgrade.solutions": "solutions",
          "dlgrade.exercises": "exercises"}


def pyproject():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        return tomllib.load(fh)


def test_every_package_folder_is_listed_under_its_dlgrade_name():
    tool = pyproject()["tool"]["setuptools"]
    assert tool["package-dir"] == MAPPED
    found = set()
    for name, folder in MAPPED.items():
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, folder)):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            if "__init__.py" in filenames:
                rel = os.path.relpath(dirpath, os.path.join(ROOT, folder))
                found.add(name if rel == "." else f"{name}.{rel.replace(os.sep, '.')}")
    found = {n for n in found if not any(n.startswith(m + ".") and n != m and m != "dlgrade" for m in MAPPED)
             or n in MAPPED}
    assert set(tool["packages"]) == found


def test_the_editable_install_imports_dlgrade_from_this_checkout():
    import dlgrade
    import dlgrade.reference
    import dlgrade.solutions

    assert os.path.samefile(dlgrade.__path__[0], os.path.join(ROOT, "grader"))
    assert os.path.samefile(os.path.dirname(dlgrade.reference.__file__), os.path.join(ROOT, "reference"))


@pytest.mark.slow
def test_a_wheel_installs_only_dlgrade_and_grades_its_own_solutions(tmp_path):
    src = tmp_path / "src"  # setuptools writes build/ into the tree it builds: never this checkout
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src),
                    "-w", str(tmp_path / "dist")], check=True, capture_output=True, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("dlgrade-*.whl"))
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"dlgrade"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True)
    where = subprocess.run([py, "-c", "import dlgrade, dlgrade.solutions as s; print(dlgrade.__file__); "
                            "print(s.__path__[0])"], capture_output=True, text=True, check=True, cwd=tmp_path)
    package, solutions = where.stdout.split()
    assert str(venv) in package and ROOT not in package
    done = subprocess.run([str(venv / "bin" / "dlgrade"), "check", "ex02", "--workspace", solutions, "--json"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"status": "failed"' not in done.stdout and '"max_score": 0' not in done.stdout
