"""Keyword-in-context rows of annotations and corpus search hits, and the matching they rest on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.domain.search import _is_boundary, find_matches

#: Characters of context on each side of a span unless the user asks for another width.
DEFAULT_CONTEXT = 40
#: Accepted shapes of a date bound: a year, a month or a day.
_DATE_BOUND = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")


class KwicRow(NamedTuple):
    """One annotation with `context` characters of its document's text on each side.

    An immutable named tuple rather than a frozen dataclass: the Retrieve window builds 100,000
    of them at once, and a frozen dataclass is several times slower to build.
    """

    annotation_id: int
    document_id: int
    document_title: str
    document_date: str | None
    document_outlet: str
    label: str
    annotator: str
    left: str
    text: str
    right: str
    start: int
    end: int
    note: str


@dataclass(frozen=True, slots=True)
class CorpusHit:
    """One occurrence of a searched pattern in a document, with its context."""

    document_id: int
    document_title: str
    document_date: str | None
    document_outlet: str
    start: int
    end: int
    left: str
    text: str
    right: str


def in_context(text: str, start: int, end: int, context: int) -> tuple[str, str, str]:
    """(left, span, right): the span of `text` with up to `context` code points on each side."""
    return text[max(0, start - context) : start], text[start:end], text[end : end + context]


def check_context(context: int) -> int:
    """A context width: a whole number from 0 to 1000."""
    if not isinstance(context, int) or isinstance(context, bool) or not 0 <= context <= 1000:
        raise InvalidInput(code=ErrorCode.BAD_CONTEXT_WIDTH, context=context)
    return context


def check_date_bound(value: str | None, which: str) -> str | None:
    """A date bound YYYY, YYYY-MM or YYYY-MM-DD (None or empty: no bound); `which` is "from" or
    "to"."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip()
    if not _DATE_BOUND.match(cleaned):
        raise InvalidInput(code=ErrorCode.BAD_FROM_DATE if which == "from" else ErrorCode.BAD_TO_DATE,
                           date=value)
    return cleaned


def check_date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """Both bounds checked, and the first not after the second."""
    low = check_date_bound(date_from, "from")
    high = check_date_bound(date_to, "to")
    if low is not None and high is not None and low[: len(high)] > high:
        raise InvalidInput(code=ErrorCode.EMPTY_DATE_RANGE, low=low, high=high)
    return low, high


def compile_pattern(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    """A user's regular expression, or InvalidInput naming what is wrong with it."""
    try:
        return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise InvalidInput(code=ErrorCode.BAD_REGEX, pattern=pattern, detail=str(exc)) from None


def find_pattern(
    text: str,
    pattern: str | re.Pattern[str],
    *,
    case_sensitive: bool = False,
    whole_words: bool = False,
) -> list[tuple[int, int]]:
    """Occurrences of a literal string (as the find bar finds it) or a compiled regular expression.

    Empty regex matches are skipped: an empty span cannot be labelled.
    """
    if isinstance(pattern, str):
        return find_matches(text, pattern, case_sensitive=case_sensitive, whole_words=whole_words)
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        if whole_words and not (_is_boundary(text, start) and _is_boundary(text, end)):
            continue
        found.append((start, end))
    return found
