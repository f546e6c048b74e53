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
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from annotator.domain.error_wording import Plural
from annotator.domain.errors import InvalidInput, register_wording
from annotator.i18n import N_

#: Files SQLite keeps beside a project while it is open (write-ahead log, shared memory, journal).
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")



class WriteProblem(StrEnum):
    """Why a file or folder could not be written (a reason code); values name the path."""

    IS_PROJECT = "write_is_project"  # values: path, project
    IS_PROJECT_SIDE_FILE = "write_is_project_side_file"  # values: path, suffix, project
    STDOUT_IS_PROJECT = "write_stdout_is_project"  # values: path
    CANNOT_WRITE_THERE = "write_cannot_write_there"  # values: path, detail
    NO_SUCH_FOLDER = "write_no_such_folder"  # values: path, folder
    CANNOT_WRITE_FILE = "write_cannot_write_file"  # values: path, detail
    CANNOT_WRITE = "write_cannot_write"  # values: path, detail
    IS_FOLDER = "write_is_folder"  # values: path
    IS_SOCKET = "write_is_socket"  # values: path
    IS_BLOCK_DEVICE = "write_is_block_device"  # values: path
    IS_SYMLINK = "write_is_symlink"  # values: path
    NOT_REGULAR = "write_not_regular"  # values: path
    NOT_A_FOLDER = "write_not_a_folder"  # values: path
    CANNOT_WRITE_FILES = "write_cannot_write_files"  # values: path, detail
    WOULD_REPLACE_FOLDER = "write_would_replace_folder"  # values: path
    FOLDER_EXISTS = "write_folder_exists"  # values: path


#: How each reason is worded (English, the catalogue's msgid; `describe` translates).
WRITE_WORDING: dict[str, str | Plural] = {
    WriteProblem.IS_PROJECT: N_("{path}: is the project file ({project}); choose another file to write"),
    WriteProblem.IS_PROJECT_SIDE_FILE: N_(
        "{path}: is the project's {suffix} file ({project}); choose another file to write"),
    WriteProblem.STDOUT_IS_PROJECT: N_(
        "{path}: is the project file; standard output must not be written into it"),
    WriteProblem.CANNOT_WRITE_THERE: N_("{path}: cannot write there ({detail})"),
    WriteProblem.NO_SUCH_FOLDER: N_("{path}: the folder {folder} does not exist"),
    WriteProblem.CANNOT_WRITE_FILE: N_("{path}: cannot write the file ({detail})"),
    WriteProblem.CANNOT_WRITE: N_("{path}: cannot write ({detail})"),
    WriteProblem.IS_FOLDER: N_("{path}: is a folder; give a file name"),
    WriteProblem.IS_SOCKET: N_("{path}: is a socket, not a regular file; give a file name"),
    WriteProblem.IS_BLOCK_DEVICE: N_("{path}: is a block device, not a regular file; give a file name"),
    WriteProblem.IS_SYMLINK: N_("{path}: is a symbolic link, not a regular file; give a file name"),
    WriteProblem.NOT_REGULAR: N_("{path}: is not a regular file, not a regular file; give a file name"),
    WriteProblem.NOT_A_FOLDER: N_("{path}: exists and is not a folder"),
    WriteProblem.CANNOT_WRITE_FILES: N_("{path}: cannot write the files ({detail})"),
    WriteProblem.WOULD_REPLACE_FOLDER: N_("{path}: is a folder; move it away or choose another folder"),
    WriteProblem.FOLDER_EXISTS: N_("{path}: exists; choose a new or empty folder"),
}
register_wording(WRITE_WORDING)

_KINDS = (
    (stat.S_ISDIR, WriteProblem.IS_FOLDER),
    (stat.S_ISSOCK, WriteProblem.IS_SOCKET),
    (stat.S_ISBLK, WriteProblem.IS_BLOCK_DEVICE),
    (stat.S_ISLNK, WriteProblem.IS_SYMLINK),
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
            if not suffix:
                raise InvalidInput(code=WriteProblem.IS_PROJECT, path=out, project=project)
            raise InvalidInput(code=WriteProblem.IS_PROJECT_SIDE_FILE, path=out, suffix=suffix,
                               project=project)


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
            raise InvalidInput(code=WriteProblem.STDOUT_IS_PROJECT, path=protected)


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
        raise _failed(WriteProblem.CANNOT_WRITE_THERE, out, exc) from None
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)
                             or _names_open_descriptor(out)):
        with _written_directly(out, encoding) as stream:
            yield stream
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise _not_a_file(out, info.st_mode)
    target = Path(os.path.realpath(out)) if out.is_symlink() else out
    if not target.parent.is_dir():
        raise InvalidInput(code=WriteProblem.NO_SUCH_FOLDER, path=out, folder=target.parent)
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise InvalidInput(code=WriteProblem.CANNOT_WRITE_THERE, path=out, detail=exc.strerror) from None
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
        raise _failed(WriteProblem.CANNOT_WRITE_FILE, out, exc) from None
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
        raise _failed(WriteProblem.CANNOT_WRITE_THERE, out, exc) from None
    try:
        with stream as fh:
            yield fh
    except OSError as exc:
        raise _failed(WriteProblem.CANNOT_WRITE, out, exc) from None


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


def _failed(code: WriteProblem, path: Path, exc: OSError) -> InvalidInput:
    """Writing `path` failed: why, in the system's words."""
    return InvalidInput(code=code, path=path, detail=exc.strerror or exc)


def _not_a_file(path: Path, mode: int) -> InvalidInput:
    code = next((code for test, code in _KINDS if test(mode)), WriteProblem.NOT_REGULAR)
    return InvalidInput(code=code, path=path)


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
        raise InvalidInput(code=WriteProblem.NOT_A_FOLDER, path=folder)
    exists = folder.is_dir()
    parent = folder if exists else folder.parent
    if not parent.is_dir():
        raise InvalidInput(code=WriteProblem.NO_SUCH_FOLDER, path=folder, folder=folder.parent)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=parent))
    except OSError as exc:
        raise _failed(WriteProblem.CANNOT_WRITE_THERE, folder, exc) from None
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
        raise _failed(WriteProblem.CANNOT_WRITE_FILES, folder, exc) from None
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
            raise InvalidInput(code=WriteProblem.WOULD_REPLACE_FOLDER, path=target)
        if entry.is_dir():
            raise InvalidInput(code=WriteProblem.FOLDER_EXISTS, path=target)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
            raise _not_a_file(target, info.st_mode)
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
