"""Adding an exercise with timing, a fused GPU kernel and a plot touches no engine file: a toy
ex14 is added to a temporary copy of the installed package (its catalog record and its reference
module only), graded there end to end (values, the GPU twin and the GPU timing with its fused
baseline, through the CuPy stand-in; the figure), and every other file of the copy is compared
byte for byte with the package's own."""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import dlgrade
import dlgrade.reference

from tests.conftest import FAKE
from tests.helpers import fixture

CATALOG = fixture("toy_ex14", "catalog", "ex14_toy.py")
REFERENCE = fixture("toy_ex14", "reference", "ex14_toy.py")
GRADE = fixture("toy_ex14", "grade.py")


@pytest.fixture
def copy(tmp_path):
    """The installed package as a wheel lays it out (dlgrade/, dlgrade/reference/), plus ex14."""
    root = tmp_path / "site"
    package = root / "dlgrade"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(os.path.dirname(dlgrade.__file__), package, ignore=ignore)
    shutil.copytree(os.path.dirname(dlgrade.reference.__file__), package / "reference", ignore=ignore)
    (package / "catalog" / "ex14_toy.py").write_text(textwrap.dedent(CATALOG))
    (package / "reference" / "ex14_toy.py").write_text(textwrap.dedent(REFERENCE))
    return root


def engine_files_unchanged(package):
    """Every file of the copy but the two ex14 modules equals the package's own."""
    ours = {"dlgrade": os.path.dirname(dlgrade.__file__), "reference": os.path.dirname(dlgrade.reference.__file__)}
    for where, folder in (("dlgrade", package), ("reference", package / "reference")):
        for dirpath, _, files in os.walk(folder):
            rel = os.path.relpath(dirpath, folder)
            if where == "dlgrade" and rel.split(os.sep)[0] == "reference":
                continue
            for f in files:
                if f == "ex14_toy.py":
                    continue
                assert filecmp.cmp(os.path.join(dirpath, f), os.path.join(ours[where], rel, f), shallow=False), f
    return True


@pytest.mark.skipif(shutil.which("g++") is None, reason="the CuPy stand-in compiles kernels with g++")
def test_a_toy_ex14_with_timing_a_kernel_and_a_plot_needs_no_engine_change(copy, tmp_path):
    for name, body in (("right", "return 2 * x"), ("wrong", "return 3 * x")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "ex14_toy.py").write_text(f"def double(x):\n    {body}\n")
    from dlgrade.sandbox.runner import site_dirs

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(copy), FAKE, *site_dirs()]), DLGRADE_CHILD_PATH=FAKE)
    # -S: no site processing, so the editable install's finder cannot pick the checkout over the copy
    run = subprocess.run([sys.executable, "-S", "-c", GRADE, str(tmp_path)], env=env, capture_output=True,
                         text=True, timeout=300, cwd=str(tmp_path))
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    right, wrong = out["right"], out["wrong"]
    assert right["ex14.double.values"][0] == "passed" and right["ex14.double.gpu_values"][0] == "passed"
    assert right["ex14.double.gpu_timing"][0] in ("passed", "failed")
    assert "one fused kernel" in right["ex14.double.gpu_timing"][1]  # the record's baseline was timed
    assert right["ex14.double.gpu_fused"][0] in ("passed", "failed")
    assert wrong["ex14.double.values"][0] == "failed" and wrong["ex14.double.gpu_values"][0] == "failed"
    assert [os.path.basename(p) for p in out["plot"]] == ["ex14_toy.png"]
    assert os.path.getsize(out["plot"][0]) > 1000
    assert engine_files_unchanged(copy / "dlgrade")
