"""`python -m dlgrade.integrations.inline_run`: grade a module written from a notebook's kernel, in a fresh
interpreter, so that nothing in the kernel (a patched numpy, `np.seterr`, warning filters, a
replaced grader function) touches the judging; the student's functions run one step further, in
the engine's sandboxed child. Reads one JSON job on stdin, writes the report's record on stdout
(Report.to_record: messages as ids and parameters, no pickle), so the kernel renders it in any
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
    sys.stdout.write(json.dumps({"isolation": wrap.name, "report": report.to_record()}))


if __name__ == "__main__":
    main()
