"""Editing a document's metadata: the rules for each field and the before/after record for undo."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.domain.records import DocumentInfo

#: The metadata fields that can be edited, in the order the window shows them.
METADATA_FIELDS = ("title", "date", "author", "outlet", "url", "language")
MAX_FIELD_LENGTH = 2000

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
#: Why a field is refused (more than one line, too long), a code per field so that each is worded
#: whole; a field not listed (a variable of an imported project) is named in the wording.
_FIELD_CODES = {
    "title": (ErrorCode.TITLE_NOT_ONE_LINE, ErrorCode.TITLE_TOO_LONG),
    "author": (ErrorCode.AUTHOR_NOT_ONE_LINE, ErrorCode.AUTHOR_TOO_LONG),
    "outlet": (ErrorCode.OUTLET_NOT_ONE_LINE, ErrorCode.OUTLET_TOO_LONG),
    "url": (ErrorCode.URL_NOT_ONE_LINE, ErrorCode.URL_TOO_LONG),
    "language": (ErrorCode.LANGUAGE_NOT_ONE_LINE, ErrorCode.LANGUAGE_TOO_LONG),
}


@dataclass(frozen=True, slots=True)
class DocumentEdit:
    """A document's record before and after its metadata was edited."""

    before: DocumentInfo
    after: DocumentInfo


def clean_title(title: str) -> str:
    """A title, trimmed; refuse an empty one or one with line breaks."""
    cleaned = (title or "").strip()
    if not cleaned:
        raise InvalidInput(code=ErrorCode.DOCUMENT_NEEDS_TITLE)
    return _one_line("title", cleaned)


def clean_date(date: str | None) -> str | None:
    """A date as "YYYY-MM-DD" (or "YYYY-MM", the precision a dated text header gives), trimmed;
    empty means no date (None). Refuse anything else, or a day that does not exist."""
    cleaned = (date or "").strip()
    if not cleaned:
        return None
    day = _DAY.fullmatch(cleaned)
    month = _MONTH.fullmatch(cleaned)
    try:
        if day is not None:
            dt.date(*(int(part) for part in day.groups()))
            return cleaned
        if month is not None:
            dt.date(int(month.group(1)), int(month.group(2)), 1)
            return cleaned
    except ValueError:
        raise InvalidInput(code=ErrorCode.DATE_DOES_NOT_EXIST, date=cleaned) from None
    raise InvalidInput(code=ErrorCode.DATE_NOT_WRITTEN_RIGHT, date=cleaned)


def clean_field(name: str, value: str | None) -> str:
    """An optional one-line field (author, outlet, URL, language), trimmed; "" when empty."""
    return _one_line(name, (value or "").strip())


def _one_line(name: str, value: str) -> str:
    one_line, too_long = _FIELD_CODES.get(name, (ErrorCode.FIELD_NOT_ONE_LINE, ErrorCode.FIELD_TOO_LONG))
    if "\n" in value or "\r" in value:
        raise InvalidInput(code=one_line, field=name)
    if len(value) > MAX_FIELD_LENGTH:
        raise InvalidInput(code=too_long, field=name, most=MAX_FIELD_LENGTH)
    return value
