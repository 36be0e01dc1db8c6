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

CATALOG = '''
"""ex14 (a toy for the engine's tests): doubling."""
from dlgrade.checks import Correctness
from dlgrade.catalog.inputs import elementwise
from dlgrade.catalog.model import Exercise, Function, Timed
from dlgrade.text import T

EXERCISE = Exercise(
    "ex14", "toy", T("Doubling", "두 배"), (),  # id, name, title, the source-note sections (none)
    functions=(
        Function("double", (Correctness(2, elementwise()),), (
            T("Twice the input.", "입력의 두 배."), T("y = 2 x", "y = 2 x"), T("return 2 * x", "return 2 * x"),
        ), timing=Timed(factor=3.0), baseline="double_fused"),
    ),
    plot="plot",
)
'''
REFERENCE = '''
"""ex14 reference: doubling, its one-kernel baseline and its figure."""
import os

from dlgrade.pipeline.gpu_baselines import Kernel

_DOUBLE = Kernel("T x", "T y", "y = x + x;", "toy_double")


def double(x):
    return 2 * x


def double_fused(x):
    return _DOUBLE(x)


def plot(student, out, labels):
    import numpy as np

    from dlgrade.study.plots import figure, save

    x = np.linspace(-1, 1, 21)
    plt, fig, axes = figure(1, 1, (3, 3))
    axes[0][0].plot(x, double(x), label=labels["reference"])
    mine = student("double", x)
    axes[0][0].plot(x, mine if mine is not None else x * 0, label=labels["yours"])
    return [save(plt, fig, os.path.join(out, "ex14_toy.png"))]
'''
GRADE = '''
import json, sys
from dlgrade.pipeline import engine
from dlgrade.pipeline.config import RunConfig
from dlgrade.study import plots
from dlgrade.pipeline import timing
from dlgrade.catalog import load
timing.SIZE["gpu"] = 1 << 14
out = {}
for name in ("right", "wrong"):
    r = engine.check("ex14", sys.argv[1] + "/" + name, RunConfig(gpu=True, timing=True, fused=True))
    out[name] = {c.id: [c.status, c.message.render() if c.message else ""] for c in r.checks}
out["plot"], _ = plots.plot(load("ex14"), sys.argv[1] + "/right/ex14_toy.py", sys.argv[1] + "/figures")
print(json.dumps(out))
'''


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
