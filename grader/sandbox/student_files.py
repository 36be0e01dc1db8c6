"""Reading a student's file without following it out of the student's folder.

Archives unpacked by `tar` or `unzip` keep symbolic links, so `ex02_activations.ipynb ->
../victim/ex02_activations.ipynb` is an ordinary upload: a file whose real path leaves the
student's folder is refused (it would grade a classmate's work, or the course's solutions), and
the grader opens the file itself with O_NOFOLLOW, so a link swapped in after the check is not
followed either.
"""
import os
import shutil
import stat

from dlgrade.text import Msg

MAX_BYTES = 32 * 1024 * 1024  # a notebook or module larger than this is not read into the grader
COPY_LIMIT = 64 * 1024 * 1024  # bytes of a student's folder copied into a sandbox
COPY_FILES = 2000  # files and folders of it (a dataset of small files is not copied for every student whole)
COPY_DEPTH = 64  # folders of it one in another (deeper ones are not copied)


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
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused(Msg("files.not_regular", {"file": name}))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Refused(Msg("files.too_large", {"file": name, "mb": limit // (1024 * 1024)}))
    return data


def copy_folder(src, dest):
    """Copy a student's folder for a sandbox (the fork server's stage, the rlimit mode's private
    folder): regular files, and links whose target stays inside the folder as that target's content
    (a link out is left out; the grader refuses such a file); nothing past COPY_LIMIT bytes or
    COPY_FILES files and folders in all, nor deeper than COPY_DEPTH folders (a sandbox stages the
    graded file itself whatever its place)."""
    top, total, count = os.path.realpath(src), 0, 0
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        try:
            os.makedirs(os.path.join(dest, rel), exist_ok=True)
        except OSError:  # a path too long in the stage
            dirs[:] = files[:] = []
        if rel.count(os.sep) + 1 >= COPY_DEPTH:  # (os.walk and shutil.rmtree recurse)
            dirs[:] = []
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))][:max(0, COPY_FILES - count)]
        count += len(dirs)  # a folder costs as much as a file (a million empty ones, else unbounded)
        for name in files:
            if count >= COPY_FILES:  # full: the rest is not opened one by one (the folders counted still made)
                break
            path = os.path.join(root, name)
            real = os.path.realpath(path)
            if not (real == top or real.startswith(top + os.sep)):
                continue
            try:  # never blocks: a named pipe is not opened for reading (O_NONBLOCK), then not copied
                fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue
            with open(fd, "rb") as fh:
                st = os.fstat(fh.fileno())
                if not stat.S_ISREG(st.st_mode) or total + st.st_size > COPY_LIMIT or count >= COPY_FILES:
                    continue
                total, count = total + st.st_size, count + 1
                try:
                    with open(os.path.join(dest, rel, name), "wb") as out:
                        shutil.copyfileobj(fh, out)
                except OSError:
                    continue
