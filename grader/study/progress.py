"""Self-study progress kept in the workspace (``<workspace>/.dlgrade/progress.json``): best check
score, last run's per-check statuses and detected mistakes, quiz scores, hint levels unlocked.

Writes are atomic (temp file + rename); a damaged file is treated as empty, never a crash.
"""
import json
import os
import tempfile
import time

FOLDER = ".dlgrade"
FILE = "progress.json"


def path(workspace):
    return os.path.join(workspace, FOLDER, FILE)


def load(workspace):
    try:
        with open(path(workspace), encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) and isinstance(data.get("exercises"), dict) else {"exercises": {}}
    except (OSError, ValueError):
        return {"exercises": {}}


def save(workspace, data):
    folder = os.path.join(workspace, FOLDER)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".progress-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, path(workspace))


def entry(data, exercise_id):
    return data["exercises"].setdefault(exercise_id, {})


def record_check(workspace, report):
    """Remember a `dlgrade check` report: best score and the last run's outcome per check."""
    data = load(workspace)
    e = entry(data, report.exercise)
    e["max"] = report.max_score
    e["best"] = max(float(e.get("best", 0.0)), report.score)
    e["last"] = {"score": report.score, "time": time.time(),
                 "checks": {c.id: {"status": c.status, "function": c.function,
                                   "misconception": c.misconception} for c in report.checks}}
    save(workspace, data)
    return e


def record_quiz(workspace, exercise_id, score, max_score):
    data = load(workspace)
    q = entry(data, exercise_id).setdefault("quiz", {})
    q["max"] = float(max_score)
    q["best"] = max(float(q.get("best", 0.0)), float(score))
    q["last"] = float(score)
    save(workspace, data)
    return q


def hint_level(workspace, exercise_id, function):
    return int(load(workspace)["exercises"].get(exercise_id, {}).get("hints", {}).get(function, 0))


def unlock_hint(workspace, exercise_id, function, level):
    data = load(workspace)
    hints = entry(data, exercise_id).setdefault("hints", {})
    hints[function] = max(int(hints.get(function, 0)), int(level))
    save(workspace, data)
    return hints[function]
