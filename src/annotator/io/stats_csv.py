"""Corpus statistics as one long CSV, one figure per row (see `domain.stats.long_rows`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO

from annotator.domain.stats import LONG_COLUMNS, StatTable, Value, long_rows
from annotator.io.export import write_records


def _csv_value(value: Value) -> Value:
    return round(value, 6) if isinstance(value, float) else value


def long_csv_rows(tables: Sequence[StatTable], by: str | None) -> Iterator[tuple[Value, ...]]:
    """The rows of the long CSV under LONG_COLUMNS, 6 decimals max."""
    return (tuple(_csv_value(v) for v in row) for row in long_rows(tables, by))


def write_long_csv(
    tables: Sequence[StatTable], by: str | None, out: TextIO, *, spreadsheet: bool = False
) -> int:
    """Every figure as one long RFC 4180 CSV (CRLF; open `out` with newline=""), 6 decimals max;
    `spreadsheet` as in `io.export.write_records`. Returns the number of rows."""
    return write_records(LONG_COLUMNS, long_csv_rows(tables, by), out, spreadsheet=spreadsheet)
