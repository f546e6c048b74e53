"""Writing exports so that nothing is lost or left half-written.

A file appears only once complete: it is written as a temp file beside it and renamed at the end,
and only over a regular file (or a new name). A character device or a FIFO (`/dev/null`, a named
pipe, `/dev/stdout`) is written to directly; other kinds of file (sockets, block devices, folders)
are refused. A folder of files appears only once every file is written. The project file and the
files SQLite keeps beside it are never written over, whatever name (symlink, hard link) points at
them.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import InvalidInput

#: Files SQLite keeps beside a project while it is open (write-ahead log, shared memory, journal).
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISLNK, "a symbolic link"),
)


def refuse_project_files(out: Path | str, project: Path | str | None) -> None:
    """Refuse `out` when it is the project file or one of its SQLite side files.

    Names are compared after resolving symbolic links; a file that exists is also compared by
    device and inode, so a hard link to the project is refused too.
    """
    if project is None:
        return
    out = Path(out).expanduser().absolute()
    project = Path(project).expanduser().absolute()
    out_real = os.path.realpath(out)
    out_stat = _stat(out)
    for suffix in ("", *SQLITE_SIDE_FILES):
        protected = project.with_name(project.name + suffix)
        protected_stat = _stat(protected)
        same = out_real == os.path.realpath(protected) or (
            out_stat is not None and protected_stat is not None
            and os.path.samestat(out_stat, protected_stat)
        )
        if same:
            what = "the project file" if not suffix else f"the project's {suffix} file"
            raise InvalidInput(f"{out}: is {what} ({project}); choose another file to write")


def refuse_project_stream(stream: IO[Any], project: Path | str | None) -> None:
    """Refuse writing to `stream` (standard output) when it is the project file."""
    if project is None:
        return
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError):  # not a file descriptor (a test's capture, say)
        return
    for suffix in ("", *SQLITE_SIDE_FILES):
        protected = Path(project).with_name(Path(project).name + suffix)
        protected_stat = _stat(protected)
        if protected_stat is not None and os.path.samestat(info, protected_stat):
            raise InvalidInput(f"{protected}: is the project file; standard output must not be "
                               "written into it")


def is_stream_file(path: Path | str, stream: IO[Any]) -> bool:
    """Whether `path` is the file `stream` writes to (`--out /dev/stdout`, say)."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(stream.fileno()))
    except (OSError, ValueError):
        return False


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


@contextmanager
def replaced_when_done(
    out: Path, encoding: str | None = None, *, project: Path | str | None = None
) -> Iterator[IO[Any]]:
    """A stream for `out` (text in `encoding`, else bytes) that never leaves a partial file.

    A new name or a regular file (also through a symbolic link, which stays a link): a temp file
    beside it, renamed onto it on success; a file written over keeps its permissions. A
    character device or a FIFO: written directly. Anything else, and `project` or its side
    files, are refused before anything is written.
    """
    out = out.expanduser().absolute()
    refuse_project_files(out, project)
    try:
        info: os.stat_result | None = os.stat(out)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write there ({exc.strerror or exc})") from None
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)
                             or _names_open_descriptor(out)):
        with _written_directly(out, encoding) as stream:
            yield stream
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InvalidInput(_not_a_file(out, info.st_mode))
    target = Path(os.path.realpath(out)) if out.is_symlink() else out
    if not target.parent.is_dir():
        raise InvalidInput(f"{out}: the folder {target.parent} does not exist")
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write there ({exc.strerror})") from None
    try:
        if encoding is None:
            stream: IO[Any] = os.fdopen(fd, "wb")
        else:
            stream = os.fdopen(fd, "w", encoding=encoding, newline="")
        with stream as fh:
            yield fh
        os.chmod(tmp, mode)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"{out}: cannot write the file ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _written_directly(out: Path, encoding: str | None) -> Iterator[IO[Any]]:
    """A device, a FIFO or an open descriptor's name: opened and written as it is, front to back."""
    try:
        raw = _Forward(out, "wb")
        buffered = io.BufferedWriter(raw)
        stream: IO[Any] = (buffered if encoding is None
                           else io.TextIOWrapper(buffered, encoding=encoding, newline=""))
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write there ({exc.strerror or exc})") from None
    try:
        with stream as fh:
            yield fh
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write ({exc.strerror or exc})") from None


class _Forward(io.FileIO):
    """A file written front to back only: a device such as /dev/null would accept a seek and say
    it is at 0, which misleads writers that go back (zip archives)."""

    def seekable(self) -> bool:
        return False

    def seek(self, pos: int, whence: int = 0, /) -> int:
        raise io.UnsupportedOperation("seek")

    def tell(self) -> int:
        raise io.UnsupportedOperation("tell")


def _names_open_descriptor(path: Path) -> bool:
    """Whether `path` leads to an open descriptor (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`).

    Such a name is written through, never renamed over: the descriptor's file is what it names.
    """
    current = path
    for _hop in range(40):
        parent = Path(os.path.realpath(current.parent))
        if parent.parts[:2] == ("/", "proc") and parent.name == "fd":
            return True
        if not current.is_symlink():
            return False
        link = Path(os.readlink(current))
        current = link if link.is_absolute() else current.parent / link
    return False


def _not_a_file(path: Path, mode: int) -> str:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if kind == "a folder":
        return f"{path}: is a folder; give a file name"
    return f"{path}: is {kind}, not a regular file; give a file name"


@contextmanager
def folder_filled_when_done(folder: Path, *, project: Path | str | None = None) -> Iterator[Path]:
    """A hidden work folder whose files appear in `folder` only once every one is written.

    A new `folder`: the work folder is made beside it and renamed to it at the end. An existing
    folder: the work folder is made inside it; at the end every entry is moved in (replacing a
    regular file of the same name; other files of the folder stay). An entry that would replace a
    folder, a special file or the project is refused before anything is moved. On any error the
    work folder is removed and `folder` is as it was.
    """
    folder = folder.expanduser().absolute()
    refuse_project_files(folder, project)
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder}: exists and is not a folder")
    exists = folder.is_dir()
    parent = folder if exists else folder.parent
    if not parent.is_dir():
        raise InvalidInput(f"{folder}: the folder {folder.parent} does not exist")
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=parent))
    except OSError as exc:
        raise InvalidInput(f"{folder}: cannot write there ({exc.strerror or exc})") from None
    try:
        yield work
        if exists:
            _move_entries(work, folder, project)
            work.rmdir()
        else:
            os.chmod(work, 0o777 & ~_umask())
            os.rename(work, folder)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise InvalidInput(f"{folder}: cannot write the files ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _move_entries(work: Path, folder: Path, project: Path | str | None) -> None:
    """Move every entry of `work` into `folder`, after checking that none replaces what it must not."""
    entries = sorted(work.iterdir())
    for entry in entries:
        target = folder / entry.name
        refuse_project_files(target, project)
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{target}: is a folder; move it away or choose another folder")
        if entry.is_dir() or not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
            raise InvalidInput(f"{target}: exists; choose a new or empty folder"
                               if entry.is_dir() else _not_a_file(target, info.st_mode))
    for entry in entries:  # renames inside one file system: no disk space needed
        os.replace(entry, folder / entry.name)


def close_source(source: object) -> None:
    """Close a generator a writer read from (its database read ends now, not when collected)."""
    close = getattr(source, "close", None)
    if callable(close):
        close()


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set back)."""
    current = os.umask(0)
    os.umask(current)
    return current
