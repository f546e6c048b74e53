"""The suggestions CSV of `annotator suggest --out`: one row per open suggestion, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from annotator.io.export import write_records

#: Its columns, in order: `start` and `end` are code points into the stored text, and `text` is
#: `stored_text[start:end]`, as in the annotation export; `source_suggestion_id` names the
#: suggestion of a quotation's speaker (empty for none).
SUGGESTION_COLUMNS: tuple[str, ...] = (
    "suggestion_id",
    "document_id",
    "document_sha256",
    "label",
    "start",
    "end",
    "text",
    "source_suggestion_id",
)


def write_suggestions(rows: Iterable[Sequence[object]], out: TextIO, *, spreadsheet: bool = False) -> int:
    """The suggestion rows under the SUGGESTION_COLUMNS header (RFC 4180, see `write_records`);
    returns how many."""
    return write_records(SUGGESTION_COLUMNS, rows, out, spreadsheet=spreadsheet)
