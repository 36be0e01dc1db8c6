"""Reading a student's file without following it out of the student's folder.

Archives unpacked by `tar` or `unzip` keep symbolic links, so `ex02_activations.ipynb ->
../victim/ex02_activations.ipynb` is an ordinary upload: a file whose real path leaves the
student's folder is refused (it would grade a classmate's work, or the course's solutions), and
the grader opens the file itself with O_NOFOLLOW, so a link swapped in after the check is not
followed either.
"""
import os

from dlgrade.text import Msg

MAX_BYTES = 32 * 1024 * 1024  # a notebook or module larger than this is not read into the grader


class Refused(ValueError):
    """The student's file may not be read; `msg` says why (a Msg)."""

    def __init__(self, msg):
        super().__init__(msg.id)
        self.msg = msg


def inside(path, folder):
    """Whether `path`, links resolved, is `folder` itself or below it (links resolved too)."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def check_inside(path, folder):
    """Raise Refused when the file at `path` is a link that leads out of `folder`."""
    if not inside(path, folder):
        raise Refused(Msg("files.outside", {"file": os.path.basename(path)}))


def read_bytes(path, folder=None, limit=MAX_BYTES):
    """The file's bytes, checked to lie in `folder` (default: the file's own folder) links resolved,
    then opened by its real path without following a link (one swapped in after the check);
    Refused for a link out of the folder, a non-regular file or one larger than `limit`."""
    name = os.path.basename(path)
    check_inside(path, folder if folder is not None else os.path.dirname(os.path.abspath(path)))
    try:
        fd = os.open(os.path.realpath(path), os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if os.path.islink(os.path.realpath(path)):
            raise Refused(Msg("files.link", {"file": name})) from None
        raise Refused(Msg("files.unreadable", {"file": name, "detail": e.strerror or ""})) from None
    with os.fdopen(fd, "rb") as fh:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused(Msg("files.not_regular", {"file": name}))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Refused(Msg("files.too_large", {"file": name, "mb": limit // (1024 * 1024)}))
    return data
