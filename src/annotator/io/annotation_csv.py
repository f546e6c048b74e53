"""Reading an annotation CSV (our export, or any file with the needed columns) as incoming work.

Rows are read one at a time; structural problems (missing columns, wrong types, impossible
spans) are collected as "FILE, row N: reason" and refuse the whole file (the merge adds the
problems only the project can show: spans past a document's end, unknown documents). Row numbers count the
header as row 1, as a spreadsheet shows them (a quoted cell may span several lines).
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InvalidInput
from annotator.domain.merge import MergeRefused, is_timestamp
from annotator.domain.records import IncomingAnnotation, IncomingBatch, IncomingReview
from annotator.domain.review import VERDICTS
from annotator.domain.validation import clean_annotator, clean_label_name
from annotator.io.export import plain_cell

REQUIRED_COLUMNS = ("label", "start", "end", "annotator")
#: At least one of these finds the document: its SHA-256, its id (UUID) or a unique title.
DOCUMENT_COLUMNS = ("document_sha256", "document_id", "document_title")
#: Namespace of the review UUIDs derived from a row, so that reading a file twice gives the same.
REVIEW_NAMESPACE = uuid.UUID("5d0f7c36-1a8e-4f0b-9a51-3c2b6e1d7a90")
UTF8_BOM = b"\xef\xbb\xbf"
_WHOLE_NUMBER = re.compile(r"\s*[+-]?([0-9]+)\s*")
#: Offsets have at most this many digits (a document is far shorter; SQLite holds 64 bits).
OFFSET_DIGITS = 18
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: C0 and C1 control characters: none may be in a name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: In a note or a comment, tab and line breaks are text; other control characters are not.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: How much of a bad value a message quotes.
SHOWN_CHARS = 40


@dataclass(frozen=True, slots=True)
class CsvReading:
    """An annotation CSV read: the rows that read well, and the problems of the others."""

    batch: IncomingBatch
    #: "FILE, row N: reason" for every row that cannot be read, in row order.
    problems: tuple[str, ...]
    #: UUIDs made up for rows without an annotation_id (messages name those rows by row only).
    made_up_uuids: frozenset[str]


def read_annotation_csv_rows(path: Path) -> CsvReading:
    """Every row of an annotation CSV that reads well, and the problems of the others.

    Problems of the file as a whole (unreadable, no header, missing columns) refuse it at once
    with MergeRefused. A file that starts with a UTF-8 BOM was written for spreadsheets: the `'`
    put before a formula-like cell (so a spreadsheet does not evaluate it) is taken off again
    (`io.export.plain_cell`), giving back exactly the text that was exported.
    """
    path = Path(path)
    try:
        with path.open("rb") as raw:
            spreadsheet = raw.read(len(UTF8_BOM)) == UTF8_BOM
    except OSError as exc:
        raise MergeRefused(str(path), [f"cannot read the file ({exc.strerror or exc})"]) from None
    annotations: list[IncomingAnnotation] = []
    reviews: list[IncomingReview] = []
    problems: list[str] = []
    made_up: set[str] = set()
    row_number = 1
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            columns = _columns(path, header)
            for row_number, cells in enumerate(reader, start=2):
                if not cells:
                    continue
                if spreadsheet:
                    cells = [plain_cell(cell) for cell in cells]
                where = f"{path.name}, row {row_number}"
                row_problems: list[str] = []
                if len(cells) != len(columns):
                    row_problems.append(
                        f"has {len(cells)} cells, the header has {len(columns)} columns"
                    )
                else:
                    record = dict(zip(columns, cells, strict=True))
                    ann, review = _read_row(where, record, row_problems)
                    if ann is not None:
                        annotations.append(ann)
                        if not record.get("annotation_id", "").strip():
                            made_up.add(ann.uuid or "")
                    if review is not None:
                        reviews.append(review)
                problems.extend(f"{where}: {problem}" for problem in row_problems)
    except OSError as exc:
        raise MergeRefused(str(path), [f"cannot read the file ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError:
        problems.append(f"{path.name}, row {row_number + 1}: the file is not UTF-8 text")
    except csv.Error as exc:
        problems.append(f"{path.name}, row {row_number + 1}: not a readable CSV record ({exc})")
    batch = IncomingBatch(source=str(path), annotations=tuple(annotations), reviews=tuple(reviews))
    return CsvReading(batch, tuple(problems), frozenset(made_up))


def _columns(path: Path, header: list[str] | None) -> list[str]:
    if not header:
        raise MergeRefused(str(path), [f"{path.name}, row 1: the file is empty (no header row)"])
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not any(name in columns for name in DOCUMENT_COLUMNS):
        missing.append(" or ".join(DOCUMENT_COLUMNS))
    if missing and len(header) == 1:
        separator = next((sep for sep in (";", "\t", "|") if sep in header[0]), None)
        if separator is not None:
            shown = "tab" if separator == "\t" else repr(separator)
            raise MergeRefused(str(path), [
                f"{path.name}, row 1 (header): the columns are separated by {shown}, not by "
                "commas; save the file again as CSV with commas "
                "(e.g. \"CSV UTF-8 (comma delimited)\")"])
    if missing:
        raise MergeRefused(
            str(path), [f"{path.name}, row 1 (header): missing column {', '.join(missing)}"]
        )
    return columns


def _shown(value: str) -> str:
    """`value` quoted for a message: control characters escaped, a long value cut."""
    if len(value) > SHOWN_CHARS:
        return repr(value[: SHOWN_CHARS - 1]) + "\u2026"
    return repr(value)


def _whole_number(record: dict[str, str], column: str, problems: list[str]) -> int | None:
    value = record[column]
    found = _WHOLE_NUMBER.fullmatch(value)
    if not found:
        problems.append(f"{column} {_shown(value)} is not a whole number")
        return None
    digits = len(found.group(1))
    if digits > OFFSET_DIGITS:
        problems.append(f"{column} is not a valid offset (a number of {digits:,} digits)")
        return None
    return int(value)


def _name(record: dict[str, str], column: str, clean: Callable[[str], str],
          problems: list[str]) -> str | None:
    """A label, annotator or reviewer name as `clean` gives it; None (a problem noted) when refused.

    A control character (C0 or C1: NUL, ESC, tab, line breaks...) refuses the name.
    """
    value = record.get(column, "")
    control = _CONTROL.search(value)
    if control is not None:
        problems.append(f"{column} {_shown(value)} contains the control character "
                        f"U+{ord(control.group()):04X}")
        return None
    try:
        return clean(value)
    except InvalidInput as exc:
        problems.append(str(exc))
        return None


def _text(record: dict[str, str], column: str, problems: list[str]) -> str:
    """A note or a review comment: any text but control characters other than tab and line breaks."""
    value = record.get(column, "")
    control = _CONTROL_IN_TEXT.search(value)
    if control is not None:
        problems.append(f"{column} contains the control character U+{ord(control.group()):04X}")
    return value


def _uuid(record: dict[str, str], column: str, problems: list[str]) -> str | None:
    """A UUID column's value in canonical form (lower case, with hyphens), or None when empty."""
    value = record.get(column, "").strip()
    if not value:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        problems.append(f"{column} {_shown(value)} is not a UUID")
        return None


def _timestamp(record: dict[str, str], column: str, problems: list[str]) -> str | None:
    value = record.get(column, "").strip()
    if not value:
        return None
    if not is_timestamp(value):
        problems.append(f"{column} {_shown(value)} is not an ISO 8601 date and time")
    return value


def _read_row(
    where: str, record: dict[str, str], problems: list[str]
) -> tuple[IncomingAnnotation | None, IncomingReview | None]:
    start = _whole_number(record, "start", problems)
    end = _whole_number(record, "end", problems)
    if start is not None and end is not None and not 0 <= start < end:
        problems.append(f"span [{start}, {end}) is out of range (need 0 <= start < end)")
    label = _name(record, "label", clean_label_name, problems) or ""
    annotator = _name(record, "annotator", clean_annotator, problems) or ""
    sha = record.get("document_sha256", "").strip().lower() or None
    if sha is not None and not _SHA256.fullmatch(sha):
        problems.append(f"document_sha256 {_shown(sha)} is not a SHA-256 (64 hex digits)")
    document_uuid = _uuid(record, "document_id", problems)
    title = record.get("document_title", "").strip() or None
    if sha is None and not record.get("document_id", "").strip() and title is None:
        problems.append("no document_sha256, document_id or document_title")
    annotation_uuid = _uuid(record, "annotation_id", problems) or ""
    note = _text(record, "note", problems)
    created_at = _timestamp(record, "created_at", problems)
    updated_at = _timestamp(record, "updated_at", problems)
    review = _review(record, problems)
    if problems:
        return None, None
    ann = IncomingAnnotation(
        where=where,
        label=label,
        start=start,  # type: ignore[arg-type]
        end=end,  # type: ignore[arg-type]
        annotator=annotator,
        document_sha256=sha,
        document_title=title,
        document_uuid=document_uuid,
        uuid=annotation_uuid or str(uuid.uuid4()),
        note=note,
        text=record.get("text") or None,
        created_at=created_at,
        updated_at=updated_at,
    )
    if review is None:
        return ann, None
    verdict, reviewer, comment, reviewed_at = review
    # Derived from the row, so merging the file again finds the review already there.
    origin = annotation_uuid or "|".join(
        (sha or document_uuid or title or "", label, annotator, str(start), str(end))
    )
    review_uuid = uuid.uuid5(REVIEW_NAMESPACE, f"{origin}|{reviewed_at}|{verdict}")
    return ann, IncomingReview(
        where=where,
        uuid=str(review_uuid),
        annotation_uuid=ann.uuid or "",
        reviewer=reviewer,
        verdict=verdict,
        comment=comment,
        created_at=reviewed_at,
    )


def _review(record: dict[str, str], problems: list[str]) -> tuple[str, str, str, str] | None:
    verdict = record.get("review_status", "").strip().lower()
    if not verdict:
        return None
    if verdict not in VERDICTS:
        problems.append(f"review_status {_shown(verdict)} is not one of {', '.join(VERDICTS)}")
        return None
    reviewer = _name(record, "reviewer", str.strip, problems)
    comment = _text(record, "review_comment", problems)
    reviewed_at = _timestamp(record, "reviewed_at", problems)
    if reviewer == "":
        problems.append("review_status is given without a reviewer")
    if reviewed_at is None:
        problems.append("review_status is given without reviewed_at")
    if not reviewer or reviewed_at is None:
        return None
    return verdict, reviewer, comment, reviewed_at
