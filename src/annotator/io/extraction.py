"""What the HTML, DOCX and PDF readers share: paragraphs to stored text, metadata, quiet libraries."""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from annotator.domain.error_wording import Plural
from annotator.domain.errors import ImportProblem, register_wording
from annotator.domain.records import ImportedText
from annotator.domain.text import normalise_text, text_sha256, title_from_text
from annotator.i18n import N_

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MAX_FIELD = 500  # metadata longer than this is cut (a title, an author list)
_DISCARD = logging.NullHandler()


class ExtractProblem(StrEnum):
    """Why a saved web page, a Word document or a PDF could not be read (a reason code)."""

    NOT_HTML = "extract_not_html"
    NO_ARTICLE = "extract_no_article"
    DOCX_PASSWORD = "extract_docx_password"
    OLD_WORD = "extract_old_word"
    NOT_ZIP = "extract_not_zip"
    NOT_READ = "extract_not_read"  # values: refusal (a refusal of the archive's limits)
    DAMAGED_ZIP = "extract_damaged_zip"
    DAMAGED_DOCX = "extract_damaged_docx"  # values: detail (the library's words)
    DOCX_PART_MISSING = "extract_docx_part_missing"  # values: part
    NOT_WORD = "extract_not_word"
    TEXT_TOO_LARGE = "extract_text_too_large"  # values: limit (as `megabytes` writes it)
    NO_TEXT = "extract_no_text"
    NOT_PDF = "extract_not_pdf"
    PDF_PASSWORD = "extract_pdf_password"
    PDF_ENCRYPTION = "extract_pdf_encryption"
    DAMAGED_PDF = "extract_damaged_pdf"  # values: detail
    DAMAGED_PDF_PAGE = "extract_damaged_pdf_page"  # values: page, detail
    NO_TEXT_LAYER = "extract_no_text_layer"


#: How each reason is worded (English, the catalogue's msgid; `describe` translates).
EXTRACT_WORDING: dict[str, str | Plural] = {
    ExtractProblem.NOT_HTML: N_("not an HTML page (nothing could be parsed)"),
    ExtractProblem.NO_ARTICLE: N_("no article text found in the page (is it a saved news article?)"),
    ExtractProblem.DOCX_PASSWORD: N_(
        "password-protected Word document: save a copy without a password and import that"),
    ExtractProblem.OLD_WORD: N_(
        "an old Word (.doc) file, not .docx: save it as .docx in Word and import that"),
    ExtractProblem.NOT_ZIP: N_("not a Word document (.docx files are zip archives; this is not one)"),
    ExtractProblem.NOT_READ: N_("not read: {refusal}"),
    ExtractProblem.DAMAGED_ZIP: N_("damaged Word document (the zip archive cannot be read)"),
    ExtractProblem.DAMAGED_DOCX: N_("damaged Word document ({detail})"),
    ExtractProblem.DOCX_PART_MISSING: N_("damaged Word document ({part} is missing)"),
    ExtractProblem.NOT_WORD: N_("not a Word document (a template or another Office file?)"),
    ExtractProblem.TEXT_TOO_LARGE: N_("the text is larger than {limit} (the limit for one document)"),
    ExtractProblem.NO_TEXT: N_("the document has no text"),
    ExtractProblem.NOT_PDF: N_("not a PDF file (no %PDF header)"),
    ExtractProblem.PDF_PASSWORD: N_("password-protected PDF: save a copy without a password and import that"),
    ExtractProblem.PDF_ENCRYPTION: N_(
        "encrypted PDF that cannot be opened here (AES encryption): save or print a copy without protection "
        "and import that"),
    ExtractProblem.DAMAGED_PDF: N_("damaged PDF ({detail})"),
    ExtractProblem.DAMAGED_PDF_PAGE: N_("damaged PDF (page {page}: {detail})"),
    ExtractProblem.NO_TEXT_LAYER: N_("no text layer (a scanned PDF?): run it through OCR first"),
}
register_wording(EXTRACT_WORDING)


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


def refuse(path: Path, code: str, **values: Any) -> ImportProblem:
    """The problem to raise for a file that cannot be imported: why (a reason code, an
    `ExtractProblem` or a `ReadProblem`) and the values its wording names."""
    return ImportProblem(str(path), code=code, **values)


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
