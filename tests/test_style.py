"""The project passes its own lint: `ruff check` with the rules pyproject.toml selects (pyflakes, and
E501: no line over 120 columns, a Korean character counting two). Skipped where ruff is missing."""
import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, "pyproject.toml")


def ruff():
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' brings it)")
    return [found]


def check(*paths, cwd=ROOT):
    return subprocess.run([*ruff(), "check", "--no-cache", "--config", CONFIG, "--output-format", "concise", *paths],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def test_the_project_passes_ruff():
    proc = check(".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_line_length_rule_is_on_and_counts_display_width(tmp_path):
    fits = tmp_path / "fits.py"
    fits.write_text("x = '" + "a" * 114 + "'\n" + "y = '" + "가" * 57 + "'\n", encoding="utf-8")
    long = tmp_path / "long.py"
    long.write_text("x = '" + "a" * 115 + "'\n" + "y = '" + "가" * 58 + "'\n", encoding="utf-8")
    assert check(str(fits), cwd=tmp_path).returncode == 0
    proc = check(str(long), cwd=tmp_path)
    assert proc.returncode == 1
    flagged = [line.split(":")[1] for line in proc.stdout.splitlines() if "E501" in line]
    assert flagged == ["1", "2"], proc.stdout
