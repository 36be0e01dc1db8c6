"""One frozen RunConfig for `check`, `grade` and the integrations: the limits built in one place,
the caller's config never changed by a run, journals written before a setting existed still resumed."""
import dataclasses
import json

import pytest

from dlgrade.pipeline import batch, engine
from dlgrade.pipeline.config import RunConfig
from dlgrade.sandbox.runner import Limits
from tests.test_batch import small_class


def test_a_config_is_frozen_and_normalised():
    config = RunConfig(functions=["relu"], fused=True)
    assert config.functions == ("relu",) and config.gpu and config.timing  # --fused is a GPU timing check
    assert RunConfig(functions=[]).functions is None  # no names: every function
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.hidden_seed = 3


def test_limits_come_from_the_config():
    assert RunConfig().limits() == Limits()  # `check`: the sandbox's defaults, no bound on the whole exercise
    assert RunConfig(call_timeout=2.5, import_timeout=12).limits() == Limits(call_timeout_s=2.5, import_timeout_s=12)
    assert RunConfig(gpu=True).limits().memory_mb is None  # CUDA reserves more address space than a limit allows
    assert RunConfig.for_class(call_timeout=90, timeout=30).limits(3, nproc=7) == Limits(
        memory_mb=2048, call_timeout_s=30, import_timeout_s=10, cpu_s=35 * 3, nproc=7)


def test_the_engine_runs_under_the_configs_limits_and_deadline(monkeypatch):
    seen = []
    real = engine.Runner.__init__

    def spy(self, path, run):
        seen.append(run)
        real(self, path, run)

    monkeypatch.setattr(engine.Runner, "__init__", spy)
    from dlgrade.study.workspace import bundled_solutions

    config = RunConfig(functions=("relu",), call_timeout=3.0, timeout=40.0, hidden=True)
    engine.check("ex02", bundled_solutions(), config)
    run = seen[-1]
    assert run.limits == config.limits() and run.deadline is not None
    assert run.config.hidden_seed is not None and config.hidden_seed is None  # a copy got the fresh seed


def test_grade_class_leaves_the_callers_config_as_it_was(tmp_path):
    cls = small_class(tmp_path / "c", 1)
    config = RunConfig.for_class(functions=("count_weights",))
    before = dataclasses.asdict(config)
    batch.grade_class(str(cls), ["ex01"], config, journal_path=str(tmp_path / "j"), check_first=False)
    assert dataclasses.asdict(config) == before
    header = json.loads((tmp_path / "j").read_text().splitlines()[0])["run"]
    assert isinstance(header["hidden_seed"], int) and header["functions"] == ["count_weights"]


OLD_HEADER = {"hidden_seed": 123, "hidden": False, "timeout": 60.0, "isolation": "auto", "call_timeout": 10.0,
              "memory_mb": 2048, "functions": ["count_weights"], "prefer": None, "gpu": False, "timing": False,
              "lang": "en"}  # what a journal held before import_timeout and fused were journaled


def test_a_journal_header_from_before_runconfig_is_resumed_and_still_compared(tmp_path):
    cls = small_class(tmp_path / "c", 2)
    journal = tmp_path / "j"
    journal.write_text(json.dumps({"run": OLD_HEADER}) + "\n")
    config = RunConfig.for_class(functions=("count_weights",))
    batch.grade_class(str(cls), ["ex01"], config, journal_path=str(journal), resume=True, check_first=False)
    assert json.loads(journal.read_text().splitlines()[0]) == {"run": OLD_HEADER}  # its seed kept
    with pytest.raises(batch.ResumeMismatch) as e:
        batch.grade_class(str(cls), ["ex01"], dataclasses.replace(config, memory_mb=1024), journal_path=str(journal),
                          resume=True, check_first=False)
    assert e.value.fields == ["memory_mb"]
