"""`python -m dlgrade.integrations.inline_run`: grade a module written from a notebook's kernel, in a fresh
interpreter, so that nothing in the kernel (a patched numpy, `np.seterr`, warning filters, a
replaced grader function) touches the judging; the student's functions run one step further, in
the engine's sandboxed child. Reads one JSON job on stdin, writes one JSON report on stdout: the
report's messages travel as ids and parameters (no pickle), so the kernel renders them in any
language.
"""
import json
import os
import signal
import sys


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # the kernel was interrupted: close the child first
    job = json.loads(sys.stdin.read())
    from dlgrade.pipeline import engine
    from dlgrade.sandbox import isolation
    from dlgrade.pipeline.config import RunConfig

    wrap = isolation.choose(job["isolation"], os.path.dirname(job["path"]))
    config = RunConfig(functions=job["functions"], call_timeout=job["timeout"], timeout=job["total_timeout"])
    report = engine.check(job["exercise"], os.path.dirname(job["path"]), config, path=job["path"], wrap=wrap)
    sys.stdout.write(json.dumps({"isolation": wrap.name, "report": encode_report(report)}))


def encode(value):
    """Msg and T as tagged objects, numbers and text as they are, anything else as its text."""
    from dlgrade.text import Msg, T

    if isinstance(value, Msg):
        return {"msg": value.id, "params": {k: encode(v) for k, v in value.params.items()}}
    if isinstance(value, T):
        return {"t": [value.en, value.ko]}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return str(value)


def decode(value):
    from dlgrade.text import Msg, T

    if isinstance(value, dict) and "msg" in value:
        return Msg(str(value["msg"]), {str(k): decode(v) for k, v in value.get("params", {}).items()})
    if isinstance(value, dict) and "t" in value:
        return T(*map(str, value["t"]))
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


FIELDS = ("id", "function", "kind", "status", "score", "max_score", "message", "misconception", "hint", "hidden")


def encode_report(report):
    return {"exercise": report.exercise, "hidden_not_run": report.hidden_not_run, "problem": encode(report.problem),
            "checks": [{f: encode(getattr(c, f)) for f in FIELDS} for c in report.checks]}


def decode_report(data, exercise):
    from dlgrade.pipeline.report import CheckResult, Report

    report = Report(exercise.id, exercise.slug, exercise.title, "", hidden_not_run=int(data["hidden_not_run"]),
                    problem=decode(data["problem"]))
    for c in data["checks"]:
        c = {f: decode(c.get(f)) for f in FIELDS}
        if c["message"] is not None and report.problem is not None and c["message"] == report.problem:
            c["message"] = report.problem  # the same object: shown once, above the table
        report.checks.append(CheckResult(**c))
    return report


if __name__ == "__main__":
    main()
