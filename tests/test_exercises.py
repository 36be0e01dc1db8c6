"""Every exercise, generically: solutions full marks, stubs zero with not_implemented, every
known mistake (as a wrong solution) loses points on its function and is named."""
import pytest

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.study.workspace import bundled_exercises, bundled_solutions
from tests.helpers import all_mistakes, grade_source, mutant

SLUGS = catalog.slugs()


@pytest.mark.parametrize("slug", SLUGS)
def test_solution_scores_full_marks(slug):
    report = engine.check(slug, bundled_solutions(), RunConfig(hidden=True))
    failed = [(c.id, c.status, c.message.render() if c.message else "") for c in report.checks
              if c.status != "passed"]
    assert failed == []
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_stub_scores_zero_not_implemented(slug):
    report = engine.check(slug, bundled_exercises())
    assert report.problem is None
    assert report.score == 0
    assert {c.status for c in report.checks} == {"not_implemented"}


@pytest.mark.parametrize("slug,function,mistake", all_mistakes(),
                         ids=[m.id for _, _, m in all_mistakes()])
def test_known_mistake_loses_points_and_is_named(slug, function, mistake, tmp_path):
    report = grade_source(slug, mutant(slug, function, mistake), tmp_path, functions=[function], hidden=True)
    assert report.problem is None
    assert report.score < report.max_score, f"{mistake.id} passed every check of {function}"
    named = {c.misconception for c in report.checks if c.status == "failed"}
    assert mistake.id in named, f"{mistake.id} not named; got {named}"
