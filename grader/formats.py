"""Batch results as JSON (the contract), CSV (one row per student), or Gradescope's results.json."""
import csv
import io
import json

HIDDEN_OUTPUT = "hidden check: details are not shown / 숨겨진 검사: 자세한 내용은 표시하지 않습니다"


def to_json(result):
    return json.dumps(result, ensure_ascii=False, indent=1)


def to_csv(result):
    buf = io.StringIO()
    students = result["students"]
    exercises = [ex["exercise"] for ex in students[0]["exercises"]] if students else []
    writer = csv.writer(buf)
    writer.writerow(["student", *exercises, "total", *(f"{e} mistake" for e in exercises)])
    for st in students:
        writer.writerow([st["student"], *(f"{ex['score']:g}" for ex in st["exercises"]), f"{st['total']:g}",
                         *(first_explanation(ex) for ex in st["exercises"])])
    return buf.getvalue()


def first_explanation(exercise):
    """The first named mistake of an exercise's visible failed checks ('' when none)."""
    return next((c["explanation"] for c in exercise["checks"] if c.get("explanation") and not c.get("hidden")), "")


def gradescope_results(student):
    """One student's Gradescope results.json: a test per check; hidden checks only after publishing,
    with a generic output (their inputs and expected values never reach the student)."""
    tests = []
    for ex in student["exercises"]:
        for c in ex["checks"]:
            hidden = c.get("hidden", False)
            tests.append({"name": c["id"], "score": c["score"], "max_score": c["max_score"],
                          "output": HIDDEN_OUTPUT if hidden else "\n".join(
                              t for t in (c["message"] or c["status"], c.get("explanation")) if t),
                          "visibility": "after_published" if hidden else "visible"})
    return {"score": student["total"], "tests": tests}


def to_gradescope(result):
    """A single student: exactly Gradescope's results.json. Several: {student_id: results.json}."""
    students = result["students"]
    if len(students) == 1:
        return json.dumps(gradescope_results(students[0]), ensure_ascii=False, indent=1)
    return json.dumps({st["student"]: gradescope_results(st) for st in students}, ensure_ascii=False, indent=1)


FORMATS = {"json": to_json, "csv": to_csv, "gradescope": to_gradescope}
