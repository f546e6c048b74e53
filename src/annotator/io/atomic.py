"""Writing a file so that it appears only once complete: a temp file beside it, renamed at the end."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import InvalidInput


@contextmanager
def replaced_when_done(out: Path, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A temp file beside `out` (text in `encoding`, else bytes), renamed onto it on success."""
    out = out.expanduser().absolute()
    if not out.parent.is_dir():
        raise InvalidInput(f"{out}: the folder {out.parent} does not exist")
    if out.is_dir():
        raise InvalidInput(f"{out}: is a folder; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write there ({exc.strerror})") from None
    try:
        if encoding is None:
            stream: IO[Any] = os.fdopen(fd, "wb")
        else:
            stream = os.fdopen(fd, "w", encoding=encoding, newline="")
        with stream as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"{out}: cannot write the file ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set back)."""
    current = os.umask(0)
    os.umask(current)
    return current
