"""Batch results as JSON (the contract), CSV (one row per student), or Gradescope's results.json.

Any text may hold lone surrogates: a folder name that is not UTF-8 (os.listdir's surrogateescape)
or a message a student's exception carried. JSON keeps them as `\\udcXX` escapes (lossless, valid
JSON); CSV cells get the same escape, and a cell that a spreadsheet would run as a formula gets a
leading quote. Files are written whole or not at all (a temporary file, then a rename).
"""
import csv
import io
import json
import os
import tempfile

HIDDEN_OUTPUT = "hidden check: details are not shown / 숨겨진 검사: 자세한 내용은 표시하지 않습니다"


def escaped(text):
    """`text` with lone surrogates as backslash escapes: encodable as UTF-8, and inside a JSON
    string exactly the JSON escape of the same character."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text):
    """A text cell: escaped, and never a spreadsheet formula."""
    text = escaped(str(text))
    return "'" + text if text.startswith(FORMULA_START) else text


def to_json(result):
    return escaped(json.dumps(result, ensure_ascii=False, indent=1))


def to_csv(result):
    buf = io.StringIO()
    students = result["students"]
    exercises = [ex["exercise"] for ex in students[0]["exercises"]] if students else []
    writer = csv.writer(buf)
    writer.writerow(["student", *exercises, "total"])
    for st in students:
        writer.writerow([csv_cell(st["student"]), *(f"{ex['score']:g}" for ex in st["exercises"]), f"{st['total']:g}"])
    return buf.getvalue()


def gradescope_results(student):
    """One student's Gradescope results.json: a test per check; hidden checks only after publishing,
    with a generic output (their inputs and expected values never reach the student)."""
    tests = []
    for ex in student["exercises"]:
        for c in ex["checks"]:
            hidden = c.get("hidden", False)
            tests.append({"name": c["id"], "score": c["score"], "max_score": c["max_score"],
                          "output": HIDDEN_OUTPUT if hidden else (c["message"] or c["status"]),
                          "visibility": "after_published" if hidden else "visible"})
    return {"score": student["total"], "tests": tests}


def to_gradescope(result):
    """A single student: exactly Gradescope's results.json. Several: {student_id: results.json}."""
    students = result["students"]
    if len(students) == 1:
        return escaped(json.dumps(gradescope_results(students[0]), ensure_ascii=False, indent=1))
    return escaped(json.dumps({st["student"]: gradescope_results(st) for st in students}, ensure_ascii=False,
                              indent=1))


def write_atomic(path, text):
    """Write `text` to `path` whole or not at all: an earlier file stays until the new one is
    complete on disk (a temporary file in the same folder, fsynced, then renamed over it)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


FORMATS = {"json": to_json, "csv": to_csv, "gradescope": to_gradescope}
