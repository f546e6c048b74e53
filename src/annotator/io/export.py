"""CSV and JSON Lines writers for annotation rows; they stream and never hold all rows."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from typing import TextIO

from annotator.domain.records import EXPORT_COLUMNS

#: Leading characters that make a spreadsheet evaluate a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
_TRIGGER = "[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
#: Cells the guard prefixes with `'`: those starting with a trigger after any number of `'`.
_GUARDED = re.compile(f"'*{_TRIGGER}")
#: Cells a guard was put before: one `'` or more, then a trigger.
_UNGUARD = re.compile(f"'+{_TRIGGER}")


def spreadsheet_cell(cell: object) -> object:
    """`cell` as a spreadsheet takes it as text: `'` put before a formula-like text.

    Texts starting with a trigger, or with `'`s and then a trigger, get one more `'` in front;
    `plain_cell` takes it off again, so the round trip is exact for every text.
    """
    if isinstance(cell, str) and _GUARDED.match(cell):
        return "'" + cell
    return cell


def plain_cell(cell: str) -> str:
    """The text `spreadsheet_cell` guarded: one leading `'` taken off where a guard was put."""
    return cell[1:] if _UNGUARD.match(cell) else cell


def write_records(
    columns: Sequence[str], rows: Iterable[Sequence[object]], out: TextIO, *,
    spreadsheet: bool = False,
) -> int:
    """Write a header and one RFC 4180 record per row (CRLF, minimal quoting); returns the count.

    `out` must be opened with `newline=""` and UTF-8. With `spreadsheet`, a BOM goes first and
    cells a spreadsheet would evaluate are guarded (`spreadsheet_cell`); without it the text is
    byte-faithful.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    if spreadsheet:
        out.write(UTF8_BOM)
    writer.writerow(columns)
    n = 0
    if spreadsheet:
        for row in rows:
            writer.writerow([spreadsheet_cell(c) for c in row])
            n += 1
    else:
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def write_csv(
    rows: Iterable[Sequence[object]], out: TextIO, *, spreadsheet: bool = False
) -> int:
    """The annotation rows under the `EXPORT_COLUMNS` header (see `write_records`)."""
    return write_records(EXPORT_COLUMNS, rows, out, spreadsheet=spreadsheet)


def write_jsonl(rows: Iterable[Sequence[object]], out: TextIO) -> int:
    """Write one JSON object per line with the export columns as keys; returns the count."""
    n = 0
    dumps = json.dumps
    for row in rows:
        out.write(dumps(dict(zip(EXPORT_COLUMNS, row, strict=True)), ensure_ascii=False))
        out.write("\n")
        n += 1
    return n
