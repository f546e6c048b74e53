"""The token units of agreement figures: word runs and single other characters."""

from __future__ import annotations

import re

#: A token: a run of word characters (Unicode letters, digits, underscore, plus combining marks),
#: or one character that is neither a word character nor white space (punctuation, symbol, emoji).
TOKEN_PATTERN = re.compile(
    r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+|[^\w\s]"
)


def tokenize(text: str) -> list[tuple[int, int]]:
    """The tokens of `text` as [start, end) code-point offsets."""
    return [match.span() for match in TOKEN_PATTERN.finditer(text)]
