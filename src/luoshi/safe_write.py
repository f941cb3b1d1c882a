"""Writing a file the user names (``-o``, ``export OUT``) the way they expect.

- A regular file, or a name where nothing is yet, is replaced whole or not
  at all: the content goes to a temporary file in the same folder, which is
  then renamed over it. A reader never sees half a file, and a failure
  leaves the old one.
- A symbolic link is followed: the file it points to is replaced, and the
  link stays a link.
- A FIFO, a terminal, ``/dev/null``, or a link under ``/dev`` or ``/proc``
  naming an open file (``/dev/stdout``) is opened and written through, as
  ``>`` in a shell would; nothing there is ever replaced by a regular file.
- A folder, a block device or a socket is refused with a one-line error.

The new file's permissions are the replaced file's, or for a new file those
the process's umask gives (the kernel applies it when the temporary file is
created with 0o666); nothing process-wide is read or changed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from luoshi.errors import InputError


@contextmanager
def written_text(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream whose content becomes ``path`` (see the module's rules)."""
    if _writes_through(path):
        with _opened(path, "w", encoding) as fh:
            yield fh
        return
    with written_path(path) as tmp, tmp.open("w", encoding=encoding, newline="") as fh:
        yield fh


@contextmanager
def written_path(path: Path) -> Iterator[Path]:
    """A path for a writer that takes a file name (openpyxl, DuckDB's COPY):
    its content becomes ``path`` once the block ends without error."""
    if _writes_through(path):
        with tempfile.TemporaryDirectory(prefix="luoshi-") as folder:
            tmp = Path(folder) / path.name
            yield tmp
            with tmp.open("rb") as src, _opened(path, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        return
    real = Path(os.path.realpath(path))  # through symlinks, so the link itself is kept
    existing = _regular_stat(real)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        tmp = _new_file_beside(real)
    except PermissionError:
        if existing is None or not os.access(real, os.W_OK):
            raise InputError(str(path), "没有权限在此写入") from None
        # The folder is closed to us but the file is writable: write it in place.
        with tempfile.TemporaryDirectory(prefix="luoshi-") as folder:
            scratch = Path(folder) / real.name
            yield scratch
            with scratch.open("rb") as src, _opened(real, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        return
    except OSError as exc:
        raise InputError(str(path), f"无法写入（{exc.strerror or exc}）") from None
    try:
        yield tmp
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                with suppress(OSError):  # only root may give a file away; others keep their own
                    os.chown(tmp, existing.st_uid, existing.st_gid)
        _sync(tmp)
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _writes_through(path: Path) -> bool:
    """Whether ``path`` is a stream to open and write rather than a file to
    replace; a folder, block device or socket is an error."""
    absolute = os.path.abspath(path)
    if absolute.startswith("/proc/") or (absolute.startswith("/dev/") and os.path.islink(absolute)):
        # /dev/stdout and /dev/fd/1 name whatever fd 1 is, even a regular file
        # the shell opened: replacing that file would cut the stream off.
        return True
    try:
        mode = os.stat(path).st_mode  # follows symlinks: a link to a FIFO is a FIFO
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise InputError(str(path), f"无法写入（{exc.strerror or exc}）") from None
    if stat.S_ISREG(mode):
        return False
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return True
    if stat.S_ISDIR(mode):
        raise InputError(str(path), "是文件夹，不能写入；请给出文件名")
    raise InputError(str(path), "不是普通文件、管道或字符设备，不能写入")


def _regular_stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _new_file_beside(path: Path) -> Path:
    """An empty file in ``path``'s folder, created with 0o666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp


def _sync(path: Path) -> None:
    """The content on disk before the rename, so a crash leaves the old file or the new one."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _opened(path: Path, mode: str, encoding: str | None = None) -> Iterator[IO[Any]]:
    try:
        fh = open(path, mode, encoding=encoding, newline="" if encoding else None)  # noqa: SIM115
    except OSError as exc:
        raise InputError(str(path), f"无法写入（{exc.strerror or exc}）") from None
    with fh:
        yield fh
