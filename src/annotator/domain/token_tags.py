"""A document with its labelled spans, and its tokens tagged B, I or O per label."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.domain.tokens import tokenize

#: The tag of a token no span of the label touches.
OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class SpannedDocument:
    """One document's metadata, its stored text and its labelled spans in text order."""

    uuid: str
    title: str
    date: str
    outlet: str
    url: str
    author: str
    language: str
    source_name: str
    sha256: str
    text: str
    #: (label, start, end) in code points of `text`, by start, end, codebook order.
    spans: tuple[tuple[str, int, int], ...]


def bio_tags(
    text: str, spans: Iterable[tuple[str, int, int]], labels: Sequence[str]
) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """The tokens of `text` as [start, end) (`tokens.tokenize`) and one tag column per label.

    A token belongs to a span when they share at least one character (a span starting or ending
    inside a word takes the whole word). In a label's column the first token of each span is
    `B-<label>`, the span's other tokens `I-<label>`, every other token `O`: spans of one label
    that overlap or touch show as one run with a `B-` wherever one of them begins. A span of
    white space only covers no token and leaves no tag. Spans of labels not in `labels` are
    left out.
    """
    tokens = tokenize(text)
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    columns = {label: [OUTSIDE] * len(tokens) for label in labels}
    for label, start, end in spans:
        column = columns.get(label)
        if column is None:
            continue
        first = bisect_right(ends, start)  # the first token ending after the span's start
        stop = bisect_left(starts, end)  # the tokens starting before the span's end
        if first >= stop:
            continue
        inside = f"I-{label}"
        for i in range(first + 1, stop):
            if column[i] == OUTSIDE:
                column[i] = inside
        column[first] = f"B-{label}"
    return tokens, [columns[label] for label in labels]
