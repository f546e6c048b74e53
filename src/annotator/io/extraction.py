"""What the HTML, DOCX and PDF readers share: paragraphs to stored text, metadata, quiet libraries."""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.domain.errors import ImportProblem
from annotator.domain.records import ImportedText
from annotator.domain.text import normalise_text, text_sha256, title_from_text

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MAX_FIELD = 500  # metadata longer than this is cut (a title, an author list)
_DISCARD = logging.NullHandler()


def join_blocks(blocks: Iterable[str]) -> str:
    """Paragraphs as stored text: each block stripped, empty ones dropped, a blank line between
    them and one newline at the end ("" when nothing is left)."""
    kept = [block.strip() for block in blocks]
    text = "\n\n".join(block for block in kept if block)
    return normalise_text(text) + "\n" if text else ""


def iso_day(value: object) -> str | None:
    """A date or datetime (or a string starting with YYYY-MM-DD) as "YYYY-MM-DD", else None."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        match = _ISO_DAY.match(value.strip())
        if match is not None:
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
            return match.group(0)
    return None


def clean_field(value: object) -> str:
    """A metadata value as one trimmed line ("" for None); runs of whitespace become one space."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text[:_MAX_FIELD]


def article_record(
    path: Path,
    text: str,
    *,
    title: object = None,
    date: str | None = None,
    author: object = None,
    outlet: object = None,
    url: object = None,
    language: object = None,
) -> ImportedText:
    """The ImportedText of an extracted article; the title falls back to the first line."""
    return ImportedText(
        source_name=path.name,
        title=title_from_text(clean_field(title)) or title_from_text(text),
        date=date,
        text=text,
        sha256=text_sha256(text),
        author=clean_field(author),
        outlet=clean_field(outlet),
        url=clean_field(url),
        language=clean_field(language),
    )


def refuse(path: Path, reason: str) -> ImportProblem:
    """The problem to raise for a file that cannot be imported."""
    return ImportProblem(str(path), reason)


@contextmanager
def quiet_libraries(*logger_names: str) -> Iterator[None]:
    """Keep a library's log records and warnings off the terminal while it reads one file.

    Records stop at the library's top logger (a do-nothing handler, no propagation) instead of
    reaching Python's last-resort handler on stderr; levels are left alone (changing them is slow).
    """
    loggers = [logging.getLogger(name) for name in logger_names]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(_DISCARD)
        logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, propagate in zip(loggers, saved, strict=True):
            logger.removeHandler(_DISCARD)
            logger.propagate = propagate
