"""The document-code export: one CSV row per document, code and annotator."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from annotator.domain.records import DOCUMENT_CODE_COLUMNS
from annotator.io.export import write_records


def write_document_codes_csv(
    rows: Iterable[Sequence[object]], out: TextIO, *, spreadsheet: bool = False
) -> int:
    """The rows under the `DOCUMENT_CODE_COLUMNS` header, as RFC 4180 records (CRLF, minimal
    quoting); with `spreadsheet`, a BOM and formula-like cells guarded as in the annotation
    export. Streams; returns the row count."""
    return write_records(DOCUMENT_CODE_COLUMNS, rows, out, spreadsheet=spreadsheet)
