"""CoNLL-style tokens: one tab-separated line per token with a B/I/O column per label."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from annotator.domain.token_tags import SpannedDocument, bio_tags

#: The token's columns, first on every line; a column per label follows.
CONLL_TOKEN_COLUMNS: tuple[str, ...] = ("document_id", "token", "text", "start", "end")
#: Characters a label name must not hold to be a column (they separate columns and lines).
CONLL_UNFIT = ("\t", "\n", "\r")


def tag_column(label: str) -> str:
    """The column holding each token's B-/I-/O tag for `label`."""
    return f"bio:{label}"


def unfit_labels(labels: Sequence[str]) -> list[str]:
    """Labels whose names would break the tab-separated lines."""
    return [label for label in labels if any(char in label for char in CONLL_UNFIT)]


def write_conll(
    documents: Iterable[SpannedDocument], labels: Sequence[str], out: TextIO
) -> tuple[int, int]:
    """A header line, then each document's tokens, one line each, and a blank line after them.

    Columns are separated by tabs, lines end with `\\n`, nothing is quoted (a token never holds
    white space). A document without tokens (empty, or white space only) has no lines. Returns
    (documents written, tokens written). `labels` must pass `unfit_labels`.
    """
    write = out.write
    write("\t".join([*CONLL_TOKEN_COLUMNS, *map(tag_column, labels)]) + "\n")
    n_documents = n_tokens = 0
    for doc in documents:
        tokens, columns = bio_tags(doc.text, doc.spans, labels)
        if not tokens:
            continue
        text, uuid = doc.text, doc.uuid
        for i, (start, end) in enumerate(tokens):
            tags = "".join(f"\t{column[i]}" for column in columns)
            write(f"{uuid}\t{i}\t{text[start:end]}\t{start}\t{end}{tags}\n")
        write("\n")
        n_documents += 1
        n_tokens += len(tokens)
    return n_documents, n_tokens
