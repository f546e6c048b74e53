"""CSV and JSON Lines writers for annotation rows; they stream and never hold all rows."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

from annotator.domain.records import EXPORT_COLUMNS

#: Leading characters that make a spreadsheet evaluate a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def _defuse(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def write_csv(
    rows: Iterable[Sequence[object]], out: TextIO, *, spreadsheet: bool = False
) -> int:
    """Write a header and one RFC 4180 record per row (CRLF, minimal quoting); returns the count.

    `out` must be opened with `newline=""` and UTF-8. With `spreadsheet`, a BOM goes first and
    cells a spreadsheet would evaluate are prefixed with `'`; without it the text is byte-faithful.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    if spreadsheet:
        out.write(UTF8_BOM)
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    if spreadsheet:
        for row in rows:
            writer.writerow([_defuse(c) for c in row])
            n += 1
    else:
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def write_jsonl(rows: Iterable[Sequence[object]], out: TextIO) -> int:
    """Write one JSON object per line with the export columns as keys; returns the count."""
    n = 0
    dumps = json.dumps
    for row in rows:
        out.write(dumps(dict(zip(EXPORT_COLUMNS, row, strict=True)), ensure_ascii=False))
        out.write("\n")
        n += 1
    return n
