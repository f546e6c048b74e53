"""The wide table: one CSV row per document, a span count and the spans' texts per label."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from annotator.domain.token_tags import SpannedDocument
from annotator.io.export import write_records

#: The document's columns, first in every row.
WIDE_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "document_id",
    "document_title",
    "document_date",
    "document_outlet",
    "document_url",
    "document_author",
    "document_language",
    "document_source_name",
    "document_sha256",
    "document_length",
)
#: Between two span texts in a `texts:` cell. A `|` inside a text is written `\|`, so the
#: separator never occurs inside a text.
TEXTS_SEPARATOR = " | "


def count_column(label: str) -> str:
    """The column holding how many spans of `label` a document has."""
    return f"count:{label}"


def texts_column(label: str) -> str:
    """The column holding the texts of a document's spans of `label`."""
    return f"texts:{label}"


def wide_columns(labels: Sequence[str]) -> list[str]:
    """The header: the document's columns, then `count:<label>`, `texts:<label>` per label."""
    columns = list(WIDE_DOCUMENT_COLUMNS)
    for label in labels:
        columns += [count_column(label), texts_column(label)]
    return columns


def join_texts(texts: Iterable[str]) -> str:
    """Span texts in one cell: `|` escaped as `\\|`, joined with `TEXTS_SEPARATOR`."""
    return TEXTS_SEPARATOR.join(text.replace("|", "\\|") for text in texts)


def split_texts(cell: str) -> list[str]:
    """The span texts `join_texts` put in `cell`, exactly (an empty cell: none)."""
    if not cell:
        return []
    return [part.replace("\\|", "|") for part in cell.split(TEXTS_SEPARATOR)]


def _rows(documents: Iterable[SpannedDocument], labels: Sequence[str]) -> Iterator[list[object]]:
    for doc in documents:
        texts: dict[str, list[str]] = {label: [] for label in labels}
        text = doc.text
        for label, start, end in doc.spans:
            if label in texts:
                texts[label].append(text[start:end])
        row: list[object] = [
            doc.uuid, doc.title, doc.date, doc.outlet, doc.url, doc.author, doc.language,
            doc.source_name, doc.sha256, len(text),
        ]
        for label in labels:
            row += [len(texts[label]), join_texts(texts[label])]
        yield row


def write_wide(
    documents: Iterable[SpannedDocument], labels: Sequence[str], out: TextIO, *,
    spreadsheet: bool = False,
) -> int:
    """One RFC 4180 record per document under the `wide_columns` header; returns the row count.

    Span texts are in text order. As the long export: `out` opened with `newline=""`, UTF-8;
    `spreadsheet` adds a BOM and guards formula-like cells.
    """
    return write_records(wide_columns(labels), _rows(documents, labels), out, spreadsheet=spreadsheet)
