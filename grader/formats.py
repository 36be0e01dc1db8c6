"""Batch results as JSON (the contract), CSV (one row per student), or Gradescope's results.json."""
import csv
import io
import json

def to_json(result):
    return json.dumps(result, ensure_ascii=False, indent=1)


def to_csv(result):
    buf = io.StringIO()
    students = result["students"]
    exercises = [ex["exercise"] for ex in students[0]["exercises"]] if students else []
    writer = csv.writer(buf)
    writer.writerow(["student", *exercises, "total", *(f"{e} {k}" for e in exercises for k in ("status", "reason"))])
    for st in students:
        writer.writerow([st["student"], *(f"{ex['score']:g}" for ex in st["exercises"]), f"{st['total']:g}",
                         *(v for ex in st["exercises"] for v in (ex.get("status", "graded"), reason(ex)))])
    return buf.getvalue()


def reason(ex):
    """Why an exercise scored what it did, where a score alone cannot say (missing, not graded)."""
    if ex.get("status") == "graded":
        return ""
    return ex.get("error") or next((c["message"] for c in ex.get("checks", []) if c.get("message")), "")


def gradescope_results(student):
    """One student's Gradescope results.json (see grader.gradescope)."""
    from dlgrade.gradescope import results

    return results(student)


def to_gradescope(result):
    """A single student: exactly Gradescope's results.json. Several: `dlgrade grade --out FOLDER`
    writes one per student (grader.gradescope.write_class)."""
    students = result["students"]
    if len(students) != 1:
        raise ValueError("several students: use gradescope.write_class(result, folder)")
    return json.dumps(gradescope_results(students[0]), ensure_ascii=False, indent=1)


FORMATS = {"json": to_json, "csv": to_csv, "gradescope": to_gradescope}
