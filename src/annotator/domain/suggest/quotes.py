"""Direct quotations: the outermost pairs of quotation marks, across paragraphs when the next one reopens.

Recognised pairs: « », “ ”, " " and '' '' (straight, told apart by what surrounds them), `` '', ‘ ’
(only where ‘ opens after a blank or an opening mark, so apostrophes never close anything) and ‹ ›. A
quotation nested in another stays inside the outer one. A paragraph that ends inside a quotation and whose
successor opens with a quotation mark continues the quotation (the French and English convention);
otherwise the quotation ends with its paragraph and is marked as unclosed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKS = re.compile(r"''|``|[«»“”\"‘’‹›]|\n")
_OPENERS = "«“\"‘‹"
_PAIRS = {"«": "»", "“": "”", "‹": "›", "‘": "’", '"': '"', "''": "''", "``": "''"}
_SYMMETRIC = ('"', "''")  # the same mark opens and closes: told apart by what surrounds it
_OPEN_CONTEXT = " \t\n\u00a0\u202f([{—–-/«“‘‹:;,"


class Quote(NamedTuple):
    """A quotation: its opening mark at `open_at`, `after` just past its closing mark (or where an unclosed
    one stops); `start`/`end` are the inside, without marks and outer blanks."""

    open_at: int
    after: int
    start: int
    end: int
    closed: bool


def find_quotes(text: str) -> list[Quote]:
    """Outermost quotations of `text` in reading order."""
    quotes: list[Quote] = []
    stack: list[str] = []  # expected closing marks, innermost last
    opened = -1
    inside_from = 0
    skip = -1  # position of a reopening mark at a continued paragraph's start
    n = len(text)
    for m in _MARKS.finditer(text):
        i, c = m.start(), m.group()
        if c == "\n":
            if not stack:
                continue
            j = i + 1
            while j < n and text[j] in " \t\n\u00a0\u202f":
                j += 1
            if j < n and (text[j] in _OPENERS or text.startswith(("''", "``"), j)):
                skip = j  # the quotation goes on in the next paragraph
                continue
            _emit(text, quotes, opened, inside_from, i, i, False)
            stack.clear()
            continue
        if i == skip:
            continue
        before = text[i - 1] if i else "\n"
        after = text[m.end()] if m.end() < n else "\n"
        if c == '"' and stack and stack[-1] == "”" and not before.isspace() and not after.isalnum():
            c, opening = "”", False  # a curly quotation closed by a straight mark
        elif c == "”" and stack and stack[-1] == '"':
            c, opening = '"', False  # and the other way round
        elif c in _SYMMETRIC:
            if stack and stack[-1] == c:
                opening = False
            elif c == '"' and after in " \u00a0" and before in " \n\u00a0" and c not in stack:
                opening = True  # '" Je pense …': a straight mark set off by a space, French style
            elif not after.isspace() and (before in _OPEN_CONTEXT or not stack):
                if before.isalnum():
                    continue  # a stray mark glued to a word: an inch sign or a lost closer
                opening = True
            elif c in stack:
                opening = False
            else:
                continue
        elif c == "‘":
            if before not in _OPEN_CONTEXT or after.isspace():
                continue  # an apostrophe
            opening = True
        elif c in _PAIRS:
            opening = True
        elif c in stack:
            if c == "’" and after.isalpha():
                continue  # an apostrophe inside a word
            opening = False
        else:
            continue
        if opening:
            if not stack:
                opened, inside_from = i, m.end()
            stack.append(_PAIRS[c])
            continue
        while stack:
            if stack.pop() == c:
                break
        if not stack:
            _emit(text, quotes, opened, inside_from, i, m.end(), True)
    if stack:
        _emit(text, quotes, opened, inside_from, n, n, False)
    return quotes


def _emit(text: str, quotes: list[Quote], opened: int, start: int, end: int, after: int, closed: bool
          ) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        quotes.append(Quote(opened, after, start, end, closed))
