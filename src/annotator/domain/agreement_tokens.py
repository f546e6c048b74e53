"""Tokens for agreement: word runs and single other characters, found fast in many texts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

import numpy as np

from annotator.domain.tokens import TOKEN_PATTERN

_WORD_CHAR = re.compile(TOKEN_PATTERN.pattern.split("+|", 1)[0])
_SPACE_CHAR = re.compile(r"\s")
_SPACE, _WORD, _MARK = 0, 1, 2


class TokenIndex:
    """Which token each character position falls in, for a batch of texts (vectorised).

    Tokens are the maximal runs of word characters and each other non-space character, exactly
    the matches of TOKEN_PATTERN; `tokens.tokenize` is the readable reference the tests
    compare with.
    The texts are classified in one pass, each followed by a newline (no token crosses it).
    """

    def __init__(self, texts: Sequence[str], classes: np.ndarray, seen: set[str]) -> None:
        joined = "".join(f"{text}\n" for text in texts)
        for char in set(joined) - seen:
            seen.add(char)
            kind = _WORD if _WORD_CHAR.match(char) else _SPACE if _SPACE_CHAR.match(char) else _MARK
            classes[ord(char)] = kind
        kinds = classes[np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)]
        self.word = kinds == _WORD
        begins = kinds == _MARK
        begins[1:] |= self.word[1:] & ~self.word[:-1]
        begins[:1] |= self.word[:1]
        self.before = np.zeros(len(joined) + 1, dtype=np.int64)  # tokens begun before a position
        np.cumsum(begins, out=self.before[1:])
        self.offsets = np.fromiter(
            accumulate((len(text) + 1 for text in texts), initial=0), np.int64, len(texts) + 1
        )
        self.count = len(texts)
        firsts = self.before[self.offsets]  # tokens before each text (and after the last)
        self.total = int(firsts[-1])
        self.tokens_per_text = np.diff(firsts)  # the joining newline makes no token

    def covered(
        self, numbers: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """For spans [start, end) of texts `numbers`: batch-wide indices [first, stop) of the
        tokens sharing at least one character with each span."""
        start_at = starts + self.offsets[numbers]
        first = self.before[start_at]
        inside = starts > 0  # a word begun before the span runs into it
        at = start_at[inside]
        first[inside] -= self.word[at] & self.word[at - 1]
        return first, self.before[ends + self.offsets[numbers]]


def token_indices(texts: Iterable[str], batch_chars: int = 8_000_000) -> Iterator[TokenIndex]:
    """Token indices over batches of about `batch_chars` characters (bounded memory)."""
    classes = np.zeros(0x110000, dtype=np.uint8)  # code point -> _SPACE/_WORD/_MARK
    seen: set[str] = set()
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text) + 1
        if size >= batch_chars:
            yield TokenIndex(batch, classes, seen)
            batch, size = [], 0
    if batch:
        yield TokenIndex(batch, classes, seen)
