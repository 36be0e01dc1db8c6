"""The course's hidden-check seed: a secret kept on the grading machine, never in a notebook.

`dlgrade nbgrader build` writes it once to `<course>/.dlgrade/hidden_seed` (mode 0600), beside
nbgrader_config.py and outside source/, release/ and every notebook: nbgrader's feedback HTML,
formgrader and the students' own outputs show notebooks, and a seed in a notebook would be shown
with them. Both autograders read it from there: the fast path by the course directory, the
autograder cells of stock nbgrader (run in autograded/<student>/<assignment>/) by walking up from
their working folder to the course, or from DLGRADE_COURSE_DIR.
"""
import os
import secrets

FOLDER = ".dlgrade"
NAME = "hidden_seed"


class MissingSecret(RuntimeError):
    """No course secret was found from here (the notebook runs outside its course)."""


def path_in(course_dir):
    return os.path.join(os.path.abspath(course_dir), FOLDER, NAME)


def read(course_dir):
    """The course's seed, or None when it has none."""
    try:
        with open(path_in(course_dir), encoding="ascii") as fh:
            return int(fh.read().strip())
    except (OSError, ValueError):
        return None


def ensure(course_dir, seed=None):
    """The course's seed, written first when it has none (a rebuild keeps it; `seed` forces one)."""
    current = read(course_dir)
    if seed is None and current is not None:
        return current
    seed = secrets.randbits(31) if seed is None else int(seed)
    os.makedirs(os.path.dirname(path_in(course_dir)), mode=0o700, exist_ok=True)
    fd = os.open(path_in(course_dir), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(f"{seed}\n")
    return seed


def find(start=None):
    """The seed of the course this working folder belongs to: DLGRADE_COURSE_DIR, else the nearest
    folder above `start` (default: the working folder) that holds nbgrader_config.py and the secret."""
    env = os.environ.get("DLGRADE_COURSE_DIR")
    if env:
        seed = read(env)
        if seed is not None:
            return seed
    folder = os.path.abspath(start or os.getcwd())
    while True:
        if os.path.isfile(os.path.join(folder, "nbgrader_config.py")) and read(folder) is not None:
            return read(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            raise MissingSecret(start or os.getcwd())
        folder = parent
