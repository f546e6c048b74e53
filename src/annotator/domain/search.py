"""Finding a typed string in a stored text: code-point offsets, optionally case-blind or whole-word."""

from __future__ import annotations

import re
import unicodedata

#: Spaces a typed space also finds: news sites put no-break spaces in figures and before « ».
SPACE_VARIANTS = " \u00a0\u2007\u202f"


def _is_word_char(char: str) -> bool:
    """Letters and digits, plus combining marks, which belong to the letter before them."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _is_boundary(text: str, index: int) -> bool:
    """True unless `index` falls between two word characters (it would cut a word in two)."""
    if index <= 0 or index >= len(text):
        return True
    return not (_is_word_char(text[index - 1]) and _is_word_char(text[index]))


def _pattern(query: str, case_sensitive: bool) -> re.Pattern[str]:
    """One character of the query matches exactly one character of the text, so offsets stay exact."""
    space_class = "[" + SPACE_VARIANTS + "]"
    parts = [space_class if char == " " else re.escape(char) for char in query]
    return re.compile("".join(parts), 0 if case_sensitive else re.IGNORECASE)


def find_matches(
    text: str, query: str, *, case_sensitive: bool = False, whole_words: bool = False
) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence of `query` in `text` as (start, end) code-point offsets.

    Matching is literal; case-blind matching compares characters one by one, so offsets stay those
    of the text even where case folding would change its length ("ß", "İ"). A space in the query
    also finds a no-break space. Accents and Unicode normalisation are not folded.
    """
    if not query:
        return []
    pattern = _pattern(query, case_sensitive)
    matches: list[tuple[int, int]] = []
    pos = 0
    while True:
        found = pattern.search(text, pos)
        if found is None:
            return matches
        start, end = found.span()
        if whole_words and not (_is_boundary(text, start) and _is_boundary(text, end)):
            pos = start + 1  # a later overlapping occurrence may still be a whole word
            continue
        matches.append((start, end))
        pos = end
