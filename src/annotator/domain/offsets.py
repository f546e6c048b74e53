"""Code-point offsets (Python str indices) versus UTF-16 units (Qt text positions)."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left

_NON_BMP = re.compile("[\U00010000-\U0010ffff]")


def _may_have_non_bmp(text: str) -> bool:
    """False when `text` surely has no character outside the BMP, found without reading it all
    where possible: an ASCII text, or (CPython) a text stored with fewer than four bytes per
    character, which only a text with such a character needs."""
    if text.isascii():
        return False
    if sys.implementation.name == "cpython" and sys.getsizeof(text) < 4 * len(text):
        return False
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


class Utf16Map:
    """Converts offsets in one text between code points and UTF-16 units.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK and historic scripts)
    take two UTF-16 units, so the map stores just their positions and answers with a bisect.
    """

    __slots__ = ("_cp_starts", "_u16_starts", "_length")

    def __init__(self, text: str) -> None:
        # Code-point index of every non-BMP character, and where it starts in UTF-16 units;
        # texts without any such character (most articles) skip the scan.
        cp_starts = [m.start() for m in _NON_BMP.finditer(text)] if _may_have_non_bmp(text) else []
        self._cp_starts = cp_starts
        self._u16_starts = [cp + k for k, cp in enumerate(cp_starts)]
        self._length = len(text)

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 units."""
        return self._length + len(self._cp_starts)

    @property
    def is_identity(self) -> bool:
        """True when the text has no non-BMP character, so both units agree."""
        return not self._cp_starts

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point offset `cp`."""
        if not self._cp_starts:
            return cp
        return cp + bisect_left(self._cp_starts, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 position `u16` (inside a surrogate pair: its start)."""
        starts = self._u16_starts
        if not starts:
            return u16
        before = bisect_left(starts, u16)  # non-BMP characters starting strictly before u16
        if before and starts[before - 1] == u16 - 1:
            return self._cp_starts[before - 1]
        return u16 - before
