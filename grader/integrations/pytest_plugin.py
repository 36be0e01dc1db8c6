"""pytest plugin (entry point `pytest11`): dlgrade's checks as pytest items, so editors' test
explorers (VS Code, PyCharm) list and run them.

Active only in a dlgrade workspace (a folder `dlgrade init` made: it holds `.dlgrade/` and exercise
files) or with `--dlgrade DIR`; anywhere else it adds one option and does nothing, so other
projects' test suites (this repository's included) are untouched.

One item per visible check of each exercise file present, named `<file>::<function>.<check>`, so
`-k "ex02 and sigmoid"` selects. Items of a file are graded together, by the same engine and the
same sandboxed child as `dlgrade check`, once, for the selected functions only. A failed check
shows its message and the explanation of the detected mistake; a function still raising
NotImplementedError is skipped with that reason, not reported as a crash.
"""
import os
import re

import pytest

SLUG = re.compile(r"^(ex\d\d_[a-z0-9_]+)\.(py|ipynb)$")


def pytest_addoption(parser):
    group = parser.getgroup("dlgrade", "dlgrade exercise checks")
    group.addoption("--dlgrade", metavar="DIR", default=None,
                    help="run dlgrade's checks of the exercise files in DIR (automatic inside a workspace "
                         "made by `dlgrade init`)")
    group.addoption("--dlgrade-lang", choices=("en", "ko"), default="en", help="language of dlgrade's messages")
    group.addoption("--dlgrade-timeout", type=float, default=10.0, help="seconds per check case (dlgrade)")


WORKSPACE = pytest.StashKey()


def is_workspace(folder):
    from dlgrade.study import progress
    from dlgrade.study import workspace

    return os.path.isdir(os.path.join(folder, progress.FOLDER)) and workspace.has_exercise_files(folder)


def pytest_configure(config):
    chosen = config.getoption("dlgrade")
    if chosen:
        folder = os.path.abspath(chosen)
        if not os.path.isdir(folder):
            raise pytest.UsageError(f"--dlgrade {chosen}: no such folder")
        sources = getattr(pytest.Config, "ArgsSource", None)
        given = sources is not None and getattr(config, "args_source", None) == sources.ARGS
        if not given:  # no paths given: only the workspace
            config.args[:] = [folder]
        elif folder not in config.args:
            config.args.append(folder)
    else:  # the rootdir, or where pytest was started (a workspace inside a project with its own ini)
        here = (str(config.rootpath), str(config.invocation_params.dir))
        folder = next((d for d in here if is_workspace(d)), None)
    config.stash[WORKSPACE] = folder
    if folder:
        config.addinivalue_line("markers", "dlgrade: a dlgrade exercise check")


def pytest_collect_file(file_path, parent):
    folder = parent.config.stash.get(WORKSPACE, None)
    if folder is None or str(file_path.parent) != folder:
        return None
    m = SLUG.match(file_path.name)
    if not m:
        return None
    from dlgrade import catalog

    try:
        exercise = catalog.load(m.group(1)[:4])
    except catalog.UnknownExercise:
        return None
    if exercise.slug != m.group(1):
        return None
    if m.group(2) == "ipynb" and os.path.isfile(file_path.with_suffix(".py")):
        return None  # the .py is graded, as `dlgrade check` does (and says)
    return ExerciseFile.from_parent(parent, path=file_path, exercise=exercise)


class ExerciseFile(pytest.File):
    def __init__(self, *, exercise, **kw):
        super().__init__(**kw)
        self.exercise = exercise
        self.report = None

    def collect(self):
        for function, chk in self.exercise.checks(hidden=False):
            check_id = chk.check_id(self.exercise, function)
            name = check_id[len(self.exercise.id) + 1:]
            item = CheckItem.from_parent(self, name=name, function=function.name, check_id=check_id)
            item.add_marker("dlgrade")
            yield item

    def grade(self):
        """Grade the selected functions once (the first item asks; the others read the report)."""
        if self.report is None:
            from dlgrade.pipeline import engine
            from dlgrade.pipeline.config import RunConfig

            selected = {i.func_name for i in self.session.items if isinstance(i, CheckItem) and i.parent is self}
            timeout = self.config.getoption("dlgrade_timeout")
            config = RunConfig(functions=sorted(selected) or None, call_timeout=timeout,
                               import_timeout=max(10.0, timeout), lang=self.config.getoption("dlgrade_lang"))
            self.report = engine.check(self.exercise.id, str(self.path.parent), config, path=str(self.path))
        return self.report


class CheckFailed(Exception):
    """A failed dlgrade check (its text is the failure report)."""


class CheckItem(pytest.Item):
    def __init__(self, *, function, check_id, **kw):
        super().__init__(**kw)
        self.func_name, self.check_id = function, check_id

    def runtest(self):
        from dlgrade.text import render

        lang = self.config.getoption("dlgrade_lang")
        report = self.parent.grade()
        result = next((c for c in report.checks if c.id == self.check_id), None)
        if result is None:  # not graded (an import problem stopped the file before this check)
            raise CheckFailed(report.problem.render(lang) if report.problem else render("status.error", lang))
        if result.status == "passed":
            return
        message = result.message.render(lang) if result.message is not None else ""
        if result.status == "not_implemented":
            pytest.skip(render("plugin.not_implemented", lang, function=self.func_name))
        if result.status == "skipped":
            pytest.skip(message)
        lines = [f"{render('status.' + result.status, lang)}: {message}"]
        if report.problem is not None and report.problem.render(lang) not in message:
            lines.append(report.problem.render(lang))
        if result.hint is not None:
            lines.append(render("cli.misconception", lang, hint=result.hint.get(lang)))
        lines.append(render("cli.hint_more", lang, exercise=self.parent.exercise.id, function=self.func_name))
        raise CheckFailed("\n".join(lines))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.parent.exercise.id} {self.name}"
