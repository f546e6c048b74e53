"""PDF articles (.pdf): the text layer of every page, with pypdf.

What is kept: each page's text in pypdf's reading order, line by line as the page sets it (a line
of the page is a line of the stored text; trailing spaces dropped); pages are separated by a
blank line. A word hyphenated at the end of a line ("infor-" / "mation") is joined ("information")
when the next line starts with a lowercase letter; a soft hyphen at a line end is always joined.
Running headers, footers and page numbers are part of the page text and are kept.
What is dropped: images, annotations, form fields, bookmarks.
Refused: a password-protected PDF, a damaged one, one without a text layer (a scan).
Metadata: the document information's title, author, creation date (YYYY-MM-DD) and the catalog's
language.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from annotator.domain.errors import ImportProblem
from annotator.domain.records import ImportedText
from annotator.domain.text import normalise_text
from annotator.io.extraction import (
    ExtractProblem,
    article_record,
    iso_day,
    join_blocks,
    quiet_libraries,
    refuse,
)
from annotator.io.readers import MAX_FILE_BYTES, read_file_bytes

# A letter, a hyphen (or soft hyphen) ending the line, then the next line's first letter.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])([-\u00ad])[ \t]*\n[ \t]*(?=[^\W\d_])")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.M)
# Titles some programs write on their own: a file name, "Microsoft Word - x.docx", "Untitled".
_MEANINGLESS_TITLE = re.compile(
    r"^(?:untitled|sans titre|document\d*|microsoft word - .*|.*\.(?:docx?|odt|rtf|pdf|indd|txt))$",
    re.I,
)



def read_pdf_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> ImportedText:
    """Read a PDF article's text layer; raise ImportProblem for a protected, damaged or scanned
    PDF."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    path = Path(path)
    raw = read_file_bytes(path, max_bytes)
    if b"%PDF-" not in raw[:1024]:
        raise refuse(path, ExtractProblem.NOT_PDF)
    with quiet_libraries("pypdf"):
        try:
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:
                    raise refuse(path, ExtractProblem.PDF_ENCRYPTION) from None
                if opened == PasswordType.NOT_DECRYPTED:
                    raise refuse(path, ExtractProblem.PDF_PASSWORD)
            pages = _page_texts(path, reader)
            metadata = _metadata(reader)
        except ImportProblem:
            raise
        except FileNotDecryptedError:
            raise refuse(path, ExtractProblem.PDF_PASSWORD) from None
        except DependencyError:
            raise refuse(path, ExtractProblem.PDF_ENCRYPTION) from None
        except Exception as err:  # a damaged file may fail in many ways
            raise refuse(path, ExtractProblem.DAMAGED_PDF, detail=_first_line(err)) from None
    text = join_blocks(clean_page_text(page) for page in pages)
    if not text:
        raise refuse(path, ExtractProblem.NO_TEXT_LAYER)
    return article_record(path, text, **metadata)


def _page_texts(path: Path, reader: Any) -> list[str]:
    """The raw text of each page; a page that cannot be read is named in the refusal."""
    texts = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as err:
            raise refuse(path, ExtractProblem.DAMAGED_PDF_PAGE, page=number,
                         detail=_first_line(err)) from None
    return texts


def clean_page_text(text: str) -> str:
    """One page's extracted text: LF line ends, trailing spaces off, line-end hyphens joined."""
    text = _TRAILING_SPACE.sub("", normalise_text(text))
    return _LINE_END_HYPHEN.sub(_join_hyphen, text)


def _join_hyphen(match: re.Match[str]) -> str:
    """Drop the hyphen and line break before a lowercase letter; keep them otherwise."""
    following = match.string[match.end()]
    if match.group(1) == "\u00ad" or following.islower():
        return ""
    return match.group(0)


def _metadata(reader: Any) -> dict[str, Any]:
    """Title, author, creation date and language from the document information and catalog."""
    info = reader.metadata
    title = author = date = None
    if info is not None:
        title = _text_value(info.get("/Title"))
        author = _text_value(info.get("/Author"))
        try:
            date = iso_day(info.creation_date)
        except (ValueError, TypeError):
            date = None
    if title is not None and _MEANINGLESS_TITLE.match(title.strip()):
        title = None
    language = None
    try:
        language = _text_value(reader.root_object.get("/Lang"))
    except Exception:  # a broken catalog only costs the language
        language = None
    return {"title": title, "author": author, "date": date, "language": language}


def _text_value(value: Any) -> str | None:
    """A PDF string (or indirect object holding one) as str, else None."""
    if value is None:
        return None
    if hasattr(value, "get_object"):
        value = value.get_object()
    return str(value) if isinstance(value, str) else None


def _first_line(err: Exception) -> str:
    return str(err).split("\n")[0] or type(err).__name__
