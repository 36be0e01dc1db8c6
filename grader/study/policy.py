"""Self-study policy, shared by the CLI and the notebook API: which hint comes next, what an
exercise's status is, recording a check. No printing: callers render what these return."""
import os
from dataclasses import dataclass

from dlgrade.study import progress


def is_bundled(folder):
    """The package's own stubs or solutions: never written to (no progress, no backups)."""
    from dlgrade.study import workspace as ws

    real = os.path.realpath(folder)
    return real in (os.path.realpath(ws.bundled_exercises()), os.path.realpath(ws.bundled_solutions()))


def last_statuses(entry):
    """function -> list of (status, misconception) from the last recorded check."""
    out = {}
    for c in (entry.get("last") or {}).get("checks", {}).values():
        out.setdefault(c["function"], []).append((c["status"], c.get("misconception")))
    return out


def hint_function(ex, statuses):
    """The function a hint is for when none is named: the last check's named mistake first, then a
    failing function, then an unfinished one, else the first."""
    def first(wanted):
        return next((x for x in ex.functions if any(wanted(x, s, m) for s, m in statuses.get(x.name, []))), None)

    return (first(lambda x, s, m: s == "failed" and m and x.mistake(m))
            or first(lambda x, s, m: s in ("failed", "error", "timeout"))
            or first(lambda x, s, m: s not in ("passed", "skipped")) or ex.functions[0])


class HintLocked(Exception):
    """A level asked for before the ones below it were opened."""

    def __init__(self, level, next_level):
        super().__init__(level)
        self.level, self.next_level = level, next_level


@dataclass
class HintStep:
    function: object  # model.Function
    level: int  # levels 1..level are shown
    mistake: object = None  # the model.Mistake the last check found in this function, if any
    all_open: bool = False  # every level was already open before this call


def next_hint(ex, folder, function=None, level=None):
    """Open the next hint level (or `level`) of `function` (or the one `hint_function` picks),
    remembered in the workspace unless it is the bundled one. Raises HintLocked."""
    remember = not is_bundled(folder)
    entry = progress.load(folder)["exercises"].get(ex.id, {}) if remember else {}
    statuses = last_statuses(entry)
    f = function or hint_function(ex, statuses)
    opened = progress.hint_level(folder, ex.id, f.name) if remember else len(f.hints.levels)
    all_open = level is None and remember and opened >= len(f.hints.levels)
    if level is None:
        level = min(opened + 1, len(f.hints.levels)) if remember else 1
    elif remember and level > opened + 1:
        raise HintLocked(level, opened + 1)
    mistake = next((f.mistake(m) for s, m in statuses.get(f.name, []) if s == "failed" and m and f.mistake(m)), None)
    if remember:
        try:
            progress.unlock_hint(folder, ex.id, f.name, level)
        except OSError:  # a read-only workspace still shows the hint
            pass
    return HintStep(f, level, mistake, all_open)


def exercise_status(entry, present):
    if not present:
        return "missing"
    last = entry.get("last")
    if not last:
        return "not_started"
    statuses = {c["status"] for c in last["checks"].values()}
    if statuses <= {"passed", "skipped"}:
        return "passed"
    if statuses == {"not_implemented"}:
        return "not_implemented"
    return "failing"


def has_file(folder, ex):
    return any(os.path.isfile(os.path.join(folder, name)) for name in ex.filenames)


def progress_rows(folder, lang):
    """One row per exercise: status, best score, quiz score (what `dlgrade list` shows)."""
    from dlgrade import catalog

    done = progress.load(folder)["exercises"]
    rows = []
    for ex in catalog.all_exercises():
        entry = done.get(ex.id, {})
        present = has_file(folder, ex)
        quiz = entry.get("quiz") or {}
        rows.append({"exercise": ex.id, "slug": ex.slug, "title": ex.title.get(lang), "file": present,
                     "status": exercise_status(entry, present), "best": float(entry.get("best", 0.0)),
                     "max_score": float(ex.max_score()), "quiz_best": quiz.get("best"), "quiz_max": quiz.get("max"),
                     "functions": [f.name for f in ex.functions]})
    return rows


def check_and_record(ex, folder):
    """Grade an exercise of a workspace and record it in the workspace's progress. Raises the
    engine's MissingFile."""
    from dlgrade.pipeline import engine

    report = engine.check(ex.id, folder)
    if not is_bundled(folder):
        progress.record_check(folder, report)
    return report
