"""Read article files from disk: size and type checks, decoding, title and date.

Plain text (.txt, .md) is read here; HTML, DOCX and PDF go to html_reader, docx_reader and
pdf_reader (imported only when such a file is read, so starting the program stays fast).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from annotator.domain.errors import ImportProblem
from annotator.domain.records import ImportedText
from annotator.domain.text import normalise_text, parse_seed_header, text_sha256, title_from_text
from annotator.i18n import Size
from annotator.io.read_problems import ReadProblem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest file accepted for import (20 MB); larger files are refused with a message."""

MAX_HTML_BYTES = 5 * 1024 * 1024
"""Largest saved web page accepted (5 MB): the article extractor takes seconds per megabyte,
and minutes on pages past this; saved news pages are rarely over 2 MB."""

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
"""File name endings that are imported (compared case-insensitively)."""

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)

# Non-ASCII characters of Western European (mostly French) text as cp1252 decodes them. Text in
# another legacy encoding read as cp1252 shows other characters (Polish "³", Turkish "þ").
_WESTERN_CHARS = frozenset(
    "àâäçéèêëîïôöùûüÿœæáíóúñãõìòß"
    "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆÁÍÓÚÑÃÕÌÒ"
    "«»‘’‚“”„–—…•·€£°ºª§©®™½¼"
    "\u00a0"  # no-break space
)
# Share of non-ASCII characters that must be Western for a cp1252 / Latin-1 reading to be kept.
_WESTERN_SHARE = 0.9
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def _supported_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def megabytes(size: int, round_up: bool = False) -> str:
    """A size for people: "20 MB", "3.5 MB" (tenths), "12 KB" below a tenth of a megabyte; a
    reason naming it words it in the reader's language ("3,5 Mo")."""
    return Size(size, round_up)


def read_document_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> ImportedText:
    """Read, decode and normalise one article file; raise ImportProblem if it cannot be used."""
    path = Path(path)
    check_file_name(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        from annotator.io.html_reader import read_html_file

        return read_html_file(path, min(max_bytes, MAX_HTML_BYTES))
    if suffix == ".docx":
        from annotator.io.docx_reader import read_docx_file

        return read_docx_file(path, max_bytes)
    if suffix == ".pdf":
        from annotator.io.pdf_reader import read_pdf_file

        return read_pdf_file(path, max_bytes)
    raw = read_file_bytes(path, max_bytes)
    text = normalise_text(decode_text(raw, str(path)))
    if "\x00" in text:
        raise ImportProblem(str(path), code=ReadProblem.BINARY)
    if not text.strip():
        raise ImportProblem(str(path), code=ReadProblem.ONLY_WHITESPACE)
    return plain_text_record(path.name, text)


def shown_path(path: Path | str) -> str:
    """A path as text that can be printed and stored: bytes of a name that is not valid UTF-8
    are written as `\\xff` escapes (the name itself is left alone)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def check_file_name(path: Path) -> None:
    """Refuse a file whose name is not valid UTF-8 (it could not be stored as the document's
    file name); the problem shows the name with its odd bytes escaped."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportProblem(shown_path(path), code=ReadProblem.NAME_NOT_UTF8) from None


def plain_text_record(source_name: str, text: str) -> ImportedText:
    """A stored plain text as a record: date and title from its seed header, else its first line."""
    date, header_title = parse_seed_header(text)
    title = title_from_text(header_title if header_title is not None else text)
    return ImportedText(
        source_name=source_name, title=title, date=date, text=text, sha256=text_sha256(text)
    )


def read_file_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES, kind: str = "") -> bytes:
    """The file's bytes, after checking it exists, is a regular file and is within the limit
    (`kind` names what the limit is for, e.g. "a saved web page")."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportProblem(name, code=ReadProblem.NOT_FOUND) from None
    except PermissionError:
        raise ImportProblem(name, code=ReadProblem.PERMISSION_DENIED) from None
    except OSError as err:
        raise ImportProblem(name, code=ReadProblem.CANNOT_READ, detail=str(err.strerror or err)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportProblem(name, code=ReadProblem.IS_FOLDER)
    if not stat.S_ISREG(info.st_mode):
        raise ImportProblem(name, code=ReadProblem.NOT_REGULAR)
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes, kind)
    try:
        with path.open("rb") as handle:
            raw = handle.read(min(info.st_size, max_bytes) + 1)  # no 20 MB buffer for 2 KB
            if len(raw) > info.st_size:  # it grew since: read on, up to the limit
                raw += handle.read(max_bytes + 1 - len(raw))
    except PermissionError:
        raise ImportProblem(name, code=ReadProblem.PERMISSION_DENIED) from None
    except OSError as err:
        raise ImportProblem(name, code=ReadProblem.CANNOT_READ, detail=str(err.strerror or err)) from None
    if len(raw) > max_bytes:
        raise _too_large(name, len(raw), max_bytes, kind)
    if not raw:
        raise ImportProblem(name, code=ReadProblem.EMPTY)
    return raw


def _too_large(name: str, size: int, max_bytes: int, kind: str = "") -> ImportProblem:
    code = ReadProblem.TOO_LARGE_PAGE if kind == "a saved web page" else ReadProblem.TOO_LARGE
    return ImportProblem(name, code=code, actual=megabytes(size, round_up=True), limit=megabytes(max_bytes))


def decode_text(raw: bytes, name: str) -> str:
    """Decode file bytes: byte-order mark, then strict UTF-8, then a guessed legacy encoding.

    A byte-order mark is decoded as U+FEFF and left for normalise_text to drop.
    """
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as err:
                if label == "UTF-32":
                    continue  # FF FE 00 00 may also be a UTF-16 LE file; try that next
                raise _undecodable(name, raw, err, codec, label) from None
    if b"\x00" in raw:
        raise ImportProblem(name, code=ReadProblem.BINARY)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        if _mostly_utf8(raw):
            raise _undecodable(name, raw, err, "utf-8", "UTF-8") from None
    decoded = _decode_legacy(raw)
    if decoded is None:
        raise ImportProblem(name, code=ReadProblem.BINARY)
    return decoded


def _undecodable(name: str, raw: bytes, err: UnicodeDecodeError, codec: str, label: str) -> ImportProblem:
    """The problem naming the line of the first bad byte."""
    prefix = raw[: err.start].decode(codec, errors="replace")
    line = normalise_text(prefix).count("\n") + 1
    return ImportProblem(name, code=ReadProblem.UNDECODABLE, line=line, encoding=label)


def _mostly_utf8(raw: bytes) -> bool:
    """True when the bytes look like UTF-8 with a few damaged bytes rather than a legacy encoding.

    Legacy (cp1252, Latin-1) French text almost never forms valid UTF-8 sequences, so at least as
    many well-formed non-ASCII characters as malformed byte runs means damaged UTF-8.
    """
    lenient = raw.decode("utf-8", errors="replace")
    malformed = lenient.count("\ufffd") - raw.count("\ufffd".encode())  # not the file's own U+FFFD
    non_ascii = len(lenient) - len(lenient.encode("ascii", errors="ignore"))
    well_formed = non_ascii - malformed
    return well_formed > 0 and well_formed >= malformed


def _decode_legacy(raw: bytes) -> str | None:
    """Decode non-UTF-8 bytes; None when nothing fits (binary data).

    cp1252 (then Latin-1) wins when it reads as Western European text: for short French text
    charset-normalizer often ranks cp1250 or cp1257 first. Otherwise its best guess is used.
    """
    for codec in ("cp1252", "latin-1"):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _reads_as_western(decoded):
            return decoded
    from charset_normalizer import from_bytes  # rarely needed: loaded then, not at start-up

    # Without a byte-order mark and without NUL bytes, a UTF-16/32 guess is never right.
    for match in from_bytes(raw):
        if match.encoding.startswith(("utf_16", "utf_32")):
            continue
        try:
            return raw.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _reads_as_western(decoded: str) -> bool:
    """True when nearly all non-ASCII characters are ones Western European text uses."""
    non_ascii = _ASCII_RUNS.sub("", decoded)
    western = sum(non_ascii.count(char) for char in _WESTERN_CHARS)
    return bool(non_ascii) and western >= _WESTERN_SHARE * len(non_ascii)


def discover_files(paths: Iterable[Path]) -> tuple[list[Path], list[ImportProblem]]:
    """Expand files and folders into supported files (sorted, no duplicates) and problems met."""
    found: list[Path] = []
    seen: set[Path] = set()
    problems: list[ImportProblem] = []

    def add(file: Path) -> None:
        resolved = file.resolve()
        if resolved not in seen:
            seen.add(resolved)
            found.append(resolved)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            errors_before = len(problems)
            files = _walk_folder(path, problems)
            if not files and len(problems) == errors_before:
                problems.append(ImportProblem(str(path), code=ReadProblem.NO_SUPPORTED_FILES,
                                              supported=_supported_list()))
            for file in files:
                add(file)
        elif path.is_file():
            if _is_supported(path):
                add(path)
            else:
                problems.append(
                    ImportProblem(str(path), code=ReadProblem.UNSUPPORTED_TYPE, suffix=path.suffix,
                                  supported=_supported_list()) if path.suffix else
                    ImportProblem(str(path), code=ReadProblem.UNSUPPORTED_NO_EXTENSION,
                                  supported=_supported_list()))
        elif path.exists():
            problems.append(ImportProblem(str(path), code=ReadProblem.NOT_FILE_OR_FOLDER))
        else:
            problems.append(ImportProblem(str(path), code=ReadProblem.PATH_NOT_FOUND))
    return found, problems


def _walk_folder(folder: Path, problems: list[ImportProblem]) -> list[Path]:
    """Supported files under `folder`, depth first in sorted order, hidden entries skipped."""

    def on_error(err: OSError) -> None:
        where = str(err.filename or folder)
        problems.append(ImportProblem(where, code=ReadProblem.CANNOT_OPEN_FOLDER,
                                      detail=str(err.strerror or err)))

    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = sorted(
            name for name in dirnames
            if not name.startswith(".") and not _is_saved_page_assets(name, filenames)
        )
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if not name.startswith(".") and _is_supported(file) and file.is_file():
                files.append(file)
    return files


def _is_saved_page_assets(folder_name: str, filenames: list[str]) -> bool:
    """True for the "<page>_files" folder a browser saves beside "<page>.html" (images, scripts,
    ad frames): it holds no article of its own."""
    if not folder_name.endswith("_files"):
        return False
    page = folder_name.removesuffix("_files")
    lowered = {name.lower() for name in filenames}
    return any(f"{page}{suffix}".lower() in lowered for suffix in (".html", ".htm"))


def unsupported_in_folders(paths: Iterable[Path]) -> list[Path]:
    """Files a folder among `paths` holds that an import passes over for their type (hidden
    entries and a saved page's asset folder aside, as `discover_files` walks), sorted."""
    skipped: list[Path] = []
    for given in paths:
        folder = Path(given)
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(
                name for name in dirnames
                if not name.startswith(".") and not _is_saved_page_assets(name, filenames)
            )
            for name in sorted(filenames):
                file = Path(dirpath) / name
                if not name.startswith(".") and not _is_supported(file) and file.is_file():
                    skipped.append(file)
    return skipped
