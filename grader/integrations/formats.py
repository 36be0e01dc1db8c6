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
    writer.writerow(["student", *exercises, "total", *(f"{e} {k}" for e in exercises for k in ("status", "reason")),
                     *(f"{e} mistake" for e in exercises)])
    for st in students:
        writer.writerow([csv_cell(st["student"]), *(f"{ex['score']:g}" for ex in st["exercises"]), f"{st['total']:g}",
                         *(csv_cell(v) for ex in st["exercises"] for v in (ex.get("status", "graded"), reason(ex))),
                         *(csv_cell(first_explanation(ex)) for ex in st["exercises"])])
    return buf.getvalue()


def reason(ex):
    """Why an exercise scored what it did, where a score alone cannot say (missing, not graded)."""
    if ex.get("status") == "graded":
        return ""
    return ex.get("error") or next((c["message"] for c in ex.get("checks", []) if c.get("message")), "")


def first_explanation(exercise):
    """The first named mistake of an exercise's visible failed checks ('' when none)."""
    return next((c["explanation"] for c in exercise.get("checks", [])
                 if c.get("explanation") and not c.get("hidden")), "")


def gradescope_results(student):
    """One student's Gradescope results.json (see dlgrade.integrations.gradescope)."""
    from dlgrade.integrations.gradescope import results

    return results(student)


def to_gradescope(result):
    """A single student: exactly Gradescope's results.json. Several: `dlgrade grade --out FOLDER`
    writes one per student (dlgrade.integrations.gradescope.write_class)."""
    students = result["students"]
    if len(students) != 1:
        raise ValueError("several students: use gradescope.write_class(result, folder)")
    return escaped(json.dumps(gradescope_results(students[0]), ensure_ascii=False, indent=1))


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
