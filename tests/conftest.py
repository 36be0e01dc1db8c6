"""Shared fixtures."""
import os
import sys

import pytest

FAKE = os.path.join(os.path.dirname(__file__), "fake_cupy")  # the NumPy-backed CuPy stand-in


@pytest.fixture
def fake_cupy(monkeypatch):
    """The CuPy stand-in importable here and in the child; returns its `cupy` module."""
    monkeypatch.syspath_prepend(FAKE)
    monkeypatch.setenv("DLGRADE_CHILD_PATH", FAKE)
    sys.modules.pop("cupy", None)
    import cupy

    yield cupy
    sys.modules.pop("cupy", None)
