"""`annotator stats`: annotation statistics across the corpus, as aligned tables or long CSV.

CSV is in long form, one figure per row, with the columns
table, by, group, label, annotator, source, measure, value (keys a table lacks are left empty).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from annotator.cli import printable
from annotator.commands.common import opened_project
from annotator.domain.errors import InvalidInput
from annotator.domain.stats import StatTable, Value, column_heading, counted_line, table_title
from annotator.domain.wording import ntext
from annotator.i18n import _, decimal, number
from annotator.io.stats_csv import write_long_csv
from annotator.operations import output_file
from annotator.services.stats import corpus_stats

#: In table form, the sources listed per group (CSV lists them all).
TOP_SOURCES = 10


def format_value(value: Value) -> str:
    """A figure as the table shows it in the reader's language: whole numbers as counts, others
    with three decimals (`0,125` in French)."""
    if isinstance(value, float):
        return decimal(value, 3)
    return number(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


def render_table(table: StatTable, out: TextIO, top_sources: int | None = TOP_SOURCES) -> None:
    """One table with aligned columns (numbers right-aligned) under its title."""
    rows = list(table.rows)
    left_out = 0
    if table.name == "source_claims" and top_sources is not None:
        shown: Counter[Value] = Counter()
        kept = []
        for row in rows:
            shown[row[0]] += 1
            if shown[row[0]] <= top_sources:
                kept.append(row)
        left_out = len(rows) - len(kept)
        rows = kept
    cells = [[printable(format_value(v)) for v in row] for row in rows]
    header = [printable(column_heading(column)) for column in table.columns]
    widths = [max([len(header[i])] + [len(r[i]) for r in cells]) for i in range(len(header))]
    numeric = [i >= len(table.keys) for i in range(len(header))]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    print(f"{table_title(table)} [{table.name}]", file=out)
    print(line(header), file=out)
    for row in cells:
        print(line(row), file=out)
    if not cells:
        print(_("(nothing to count)"), file=out)
    if left_out:
        print(ntext(left_out, "({count} more sources; --format csv lists them all)",
                    "({count} more sources; --format csv lists them all)"), file=out)
    print(file=out)


def run_stats(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator stats --project P [--by document|outlet|month|annotator] [--format table|csv]
    [--include-rejected]`.

    `--spreadsheet` (CSV only) writes the CSV as the annotation export's `--spreadsheet` does.
    Rejected annotations (latest accept/reject verdict a reject) are left out unless
    `--include-rejected`.
    """
    by = getattr(args, "by", None)
    include_rejected = bool(getattr(args, "include_rejected", False))
    csv_format = getattr(args, "format", "table") == "csv"
    spreadsheet = bool(getattr(args, "spreadsheet", False))
    if spreadsheet and not csv_format:
        raise InvalidInput(_("--spreadsheet goes with --format csv"))
    with opened_project(project_path) as project:
        tables = corpus_stats(project, by, include_rejected=include_rejected)
    if csv_format:
        with output_file("-", project_path) as out:  # CRLF as written, on every platform
            write_long_csv(tables, by, out, spreadsheet=spreadsheet)
    else:
        print(counted_line(include_rejected), file=sys.stdout)
        print(file=sys.stdout)
        for table in tables:
            render_table(table, sys.stdout)
    return 0
