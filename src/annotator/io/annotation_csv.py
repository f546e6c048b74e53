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
from enum import StrEnum
from pathlib import Path

from annotator.domain.error_wording import Plural, Worded
from annotator.domain.errors import InvalidInput, register_wording
from annotator.domain.merge import MergeRefused, is_timestamp
from annotator.domain.records import IncomingAnnotation, IncomingBatch, IncomingReview
from annotator.domain.review import VERDICTS
from annotator.domain.validation import clean_annotator, clean_label_name
from annotator.i18n import N_
from annotator.io.export import plain_cell
from annotator.io.read_problems import Problem, ReadProblem

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
#: The values of the origin column: labelled by hand, or a suggestion accepted.
ORIGINS = ("manual", "suggested")


class CsvProblem(StrEnum):
    """Why a row (or the whole file) of an annotation CSV cannot be read (a reason code). Values
    name the file, the row, the column and the value as quoted (`repr`, cut when long)."""

    ROW = "csv_row"  # values: file, row, problem (a phrase or an error)
    AT_ROW = "csv_at_row"  # values: file, row (where a row's item is, in a merge's summary)
    EMPTY = "csv_empty"  # values: file
    TAB_SEPARATED = "csv_tab_separated"  # values: file
    SEPARATED_BY = "csv_separated_by"  # values: file, separator
    MISSING_COLUMNS = "csv_missing_columns"  # values: file, columns (phrases)
    MISSING_COLUMNS_AND_EITHER = "csv_missing_columns_and_either"  # values: file, columns, either
    MISSING_EITHER = "csv_missing_either"  # values: file, either (columns, one of which is enough)
    EITHER_COLUMN = "csv_either_column"  # values: first, rest (columns, one of which is enough)
    NOT_UTF8 = "csv_not_utf8"  # values: file, row
    NOT_CSV = "csv_not_csv"  # values: file, row, detail
    CELL_COUNT = "csv_cell_count"  # values: cells, columns
    NOT_WHOLE_NUMBER = "csv_not_whole_number"  # values: column, value
    OFFSET_DIGITS = "csv_offset_digits"  # values: column, digits
    CONTROL_CHARACTER = "csv_control_character"  # values: column, value, character (U+XXXX)
    CONTROL_IN_TEXT = "csv_control_in_text"  # values: column, character
    NOT_UUID = "csv_not_uuid"  # values: column, value
    NOT_TIMESTAMP = "csv_not_timestamp"  # values: column, value
    SPAN_OUT_OF_RANGE = "csv_span_out_of_range"  # values: start, end
    NOT_SHA256 = "csv_not_sha256"  # values: value
    NO_DOCUMENT = "csv_no_document"
    NOT_A_VERDICT = "csv_not_a_verdict"  # values: value, verdicts
    NO_REVIEWER = "csv_no_reviewer"
    NO_REVIEWED_AT = "csv_no_reviewed_at"
    NOT_AN_ORIGIN = "csv_not_an_origin"  # values: value, origins


#: How each problem is worded (English, the catalogue's msgid; `describe` translates).
CSV_WORDING: dict[str, str | Plural] = {
    CsvProblem.ROW: N_("{file}, row {row}: {problem}"),
    CsvProblem.AT_ROW: N_("{file}, row {row}"),
    CsvProblem.EMPTY: N_("{file}, row 1: the file is empty (no header row)"),
    CsvProblem.TAB_SEPARATED: N_(
        "{file}, row 1 (header): the columns are separated by tab, not by commas; save the file again as CSV "
        "with commas (e.g. \"CSV UTF-8 (comma delimited)\")"),
    CsvProblem.SEPARATED_BY: N_(
        "{file}, row 1 (header): the columns are separated by {separator!r}, not by commas; save the file "
        "again as CSV with commas (e.g. \"CSV UTF-8 (comma delimited)\")"),
    CsvProblem.MISSING_COLUMNS: N_("{file}, row 1 (header): missing column {columns}"),
    CsvProblem.MISSING_COLUMNS_AND_EITHER: N_("{file}, row 1 (header): missing column {columns}, {either}"),
    CsvProblem.MISSING_EITHER: N_("{file}, row 1 (header): missing column {either}"),
    CsvProblem.EITHER_COLUMN: N_("{first} or {rest}"),
    CsvProblem.NOT_UTF8: N_("{file}, row {row}: the file is not UTF-8 text"),
    CsvProblem.NOT_CSV: N_("{file}, row {row}: not a readable CSV record ({detail})"),
    CsvProblem.CELL_COUNT: N_("has {cells} cells, the header has {columns} columns"),
    CsvProblem.NOT_WHOLE_NUMBER: N_("{column} {value} is not a whole number"),
    CsvProblem.OFFSET_DIGITS: N_("{column} is not a valid offset (a number of {digits:,} digits)"),
    CsvProblem.CONTROL_CHARACTER: N_("{column} {value} contains the control character {character}"),
    CsvProblem.CONTROL_IN_TEXT: N_("{column} contains the control character {character}"),
    CsvProblem.NOT_UUID: N_("{column} {value} is not a UUID"),
    CsvProblem.NOT_TIMESTAMP: N_("{column} {value} is not an ISO 8601 date and time"),
    CsvProblem.SPAN_OUT_OF_RANGE: N_("span [{start}, {end}) is out of range (need 0 <= start < end)"),
    CsvProblem.NOT_SHA256: N_("document_sha256 {value} is not a SHA-256 (64 hex digits)"),
    CsvProblem.NO_DOCUMENT: N_("no document_sha256, document_id or document_title"),
    CsvProblem.NOT_A_VERDICT: N_("review_status {value} is not one of {verdicts}"),
    CsvProblem.NO_REVIEWER: N_("review_status is given without a reviewer"),
    CsvProblem.NO_REVIEWED_AT: N_("review_status is given without reviewed_at"),
    CsvProblem.NOT_AN_ORIGIN: N_("origin {value} is not one of {origins}"),
}
register_wording(CSV_WORDING)
#: A row's problem: a phrase worded from the table, or a refusal of a name (an error).
RowProblem = Worded | InvalidInput


def _said(code: str, **values: object) -> Worded:
    return Worded(code, values)


def _unreadable(exc: OSError) -> Problem:
    return Problem(ReadProblem.CANNOT_READ, detail=exc.strerror or exc)


def _character(found: re.Match[str]) -> str:
    return f"U+{ord(found.group()):04X}"


@dataclass(frozen=True, slots=True)
class CsvReading:
    """An annotation CSV read: the rows that read well, and the problems of the others."""

    batch: IncomingBatch
    #: "FILE, row N: reason" for every row that cannot be read, in row order (each a `Problem`).
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
        raise MergeRefused(str(path), [_unreadable(exc)]) from None
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
                where = Problem(CsvProblem.AT_ROW, file=path.name, row=row_number)
                row_problems: list[RowProblem] = []
                if len(cells) != len(columns):
                    row_problems.append(_said(CsvProblem.CELL_COUNT, cells=len(cells), columns=len(columns)))
                else:
                    record = dict(zip(columns, cells, strict=True))
                    ann, review = _read_row(where, record, row_problems)
                    if ann is not None:
                        annotations.append(ann)
                        if not record.get("annotation_id", "").strip():
                            made_up.add(ann.uuid or "")
                    if review is not None:
                        reviews.append(review)
                problems.extend(Problem(CsvProblem.ROW, file=path.name, row=row_number, problem=problem)
                                for problem in row_problems)
    except OSError as exc:
        raise MergeRefused(str(path), [_unreadable(exc)]) from None
    except UnicodeDecodeError:
        problems.append(Problem(CsvProblem.NOT_UTF8, file=path.name, row=row_number + 1))
    except csv.Error as exc:
        problems.append(Problem(CsvProblem.NOT_CSV, file=path.name, row=row_number + 1, detail=str(exc)))
    batch = IncomingBatch(source=str(path), annotations=tuple(annotations), reviews=tuple(reviews))
    return CsvReading(batch, tuple(problems), frozenset(made_up))


def _columns(path: Path, header: list[str] | None) -> list[str]:
    if not header:
        raise MergeRefused(str(path), [Problem(CsvProblem.EMPTY, file=path.name)])
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    either: str | Worded | None = None
    if not any(name in columns for name in DOCUMENT_COLUMNS):
        *head, either = DOCUMENT_COLUMNS
        for name in reversed(head):
            either = Worded(CsvProblem.EITHER_COLUMN, {"first": name, "rest": either})
    if (missing or either) and len(header) == 1:
        separator = next((sep for sep in (";", "\t", "|") if sep in header[0]), None)
        if separator is not None:
            refusal = (Problem(CsvProblem.TAB_SEPARATED, file=path.name) if separator == "\t"
                       else Problem(CsvProblem.SEPARATED_BY, file=path.name, separator=separator))
            raise MergeRefused(str(path), [refusal])
    if missing and either:
        raise MergeRefused(str(path), [Problem(CsvProblem.MISSING_COLUMNS_AND_EITHER, file=path.name,
                                               columns=", ".join(missing), either=either)])
    if either:
        raise MergeRefused(str(path), [Problem(CsvProblem.MISSING_EITHER, file=path.name, either=either)])
    if missing:
        raise MergeRefused(
            str(path), [Problem(CsvProblem.MISSING_COLUMNS, file=path.name, columns=", ".join(missing))]
        )
    return columns


def _shown(value: str) -> str:
    """`value` quoted for a message: control characters escaped, a long value cut."""
    if len(value) > SHOWN_CHARS:
        return repr(value[: SHOWN_CHARS - 1]) + "\u2026"
    return repr(value)


def _whole_number(record: dict[str, str], column: str, problems: list[RowProblem]) -> int | None:
    value = record[column]
    found = _WHOLE_NUMBER.fullmatch(value)
    if not found:
        problems.append(_said(CsvProblem.NOT_WHOLE_NUMBER, column=column, value=_shown(value)))
        return None
    digits = len(found.group(1))
    if digits > OFFSET_DIGITS:
        problems.append(_said(CsvProblem.OFFSET_DIGITS, column=column, digits=digits))
        return None
    return int(value)


def _name(record: dict[str, str], column: str, clean: Callable[[str], str],
          problems: list[RowProblem]) -> str | None:
    """A label, annotator or reviewer name as `clean` gives it; None (a problem noted) when refused.

    A control character (C0 or C1: NUL, ESC, tab, line breaks...) refuses the name.
    """
    value = record.get(column, "")
    control = _CONTROL.search(value)
    if control is not None:
        problems.append(_said(CsvProblem.CONTROL_CHARACTER, column=column, value=_shown(value),
                              character=_character(control)))
        return None
    try:
        return clean(value)
    except InvalidInput as exc:
        problems.append(exc)
        return None


def _text(record: dict[str, str], column: str, problems: list[RowProblem]) -> str:
    """A note or a review comment: any text but control characters other than tab and line breaks."""
    value = record.get(column, "")
    control = _CONTROL_IN_TEXT.search(value)
    if control is not None:
        problems.append(_said(CsvProblem.CONTROL_IN_TEXT, column=column, character=_character(control)))
    return value


def _uuid(record: dict[str, str], column: str, problems: list[RowProblem]) -> str | None:
    """A UUID column's value in canonical form (lower case, with hyphens), or None when empty."""
    value = record.get(column, "").strip()
    if not value:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        problems.append(_said(CsvProblem.NOT_UUID, column=column, value=_shown(value)))
        return None


def _timestamp(record: dict[str, str], column: str, problems: list[RowProblem]) -> str | None:
    value = record.get(column, "").strip()
    if not value:
        return None
    if not is_timestamp(value):
        problems.append(_said(CsvProblem.NOT_TIMESTAMP, column=column, value=_shown(value)))
    return value


def _read_row(
    where: str, record: dict[str, str], problems: list[RowProblem]
) -> tuple[IncomingAnnotation | None, IncomingReview | None]:
    start = _whole_number(record, "start", problems)
    end = _whole_number(record, "end", problems)
    if start is not None and end is not None and not 0 <= start < end:
        problems.append(_said(CsvProblem.SPAN_OUT_OF_RANGE, start=start, end=end))
    label = _name(record, "label", clean_label_name, problems) or ""
    annotator = _name(record, "annotator", clean_annotator, problems) or ""
    sha = record.get("document_sha256", "").strip().lower() or None
    if sha is not None and not _SHA256.fullmatch(sha):
        problems.append(_said(CsvProblem.NOT_SHA256, value=_shown(sha)))
    document_uuid = _uuid(record, "document_id", problems)
    title = record.get("document_title", "").strip() or None
    if sha is None and not record.get("document_id", "").strip() and title is None:
        problems.append(_said(CsvProblem.NO_DOCUMENT))
    annotation_uuid = _uuid(record, "annotation_id", problems) or ""
    note = _text(record, "note", problems)
    created_at = _timestamp(record, "created_at", problems)
    updated_at = _timestamp(record, "updated_at", problems)
    review = _review(record, problems)
    origin = _origin(record, problems)
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
        origin=origin,
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


def _origin(record: dict[str, str], problems: list[RowProblem]) -> str | None:
    """The origin column's value ("manual" or "suggested"); None when the file has no such
    column or leaves it empty (a new annotation is then manual, an updated one keeps its own)."""
    given = record.get("origin", "").strip()
    value = given.lower()
    if not value:
        return None
    if value not in ORIGINS:
        problems.append(_said(CsvProblem.NOT_AN_ORIGIN, value=_shown(given), origins=", ".join(ORIGINS)))
        return None
    return value


def _review(record: dict[str, str], problems: list[RowProblem]) -> tuple[str, str, str, str] | None:
    verdict = record.get("review_status", "").strip().lower()
    if not verdict:
        return None
    if verdict not in VERDICTS:
        problems.append(_said(CsvProblem.NOT_A_VERDICT, value=_shown(verdict), verdicts=", ".join(VERDICTS)))
        return None
    reviewer = _name(record, "reviewer", str.strip, problems)
    comment = _text(record, "review_comment", problems)
    reviewed_at = _timestamp(record, "reviewed_at", problems)
    if reviewer == "":
        problems.append(_said(CsvProblem.NO_REVIEWER))
    if reviewed_at is None:
        problems.append(_said(CsvProblem.NO_REVIEWED_AT))
    if not reviewer or reviewed_at is None:
        return None
    return verdict, reviewer, comment, reviewed_at
