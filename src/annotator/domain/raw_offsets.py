"""Offsets counted on a file's raw decoded text (BOM and CRs kept) mapped to the stored text.

External tools often count offsets on the file as they read it: the CR of each CRLF pair and a
leading byte-order mark are characters for them. The stored text drops both (see
`normalise_text`), so such offsets must be shifted before they slice the stored text.
"""

from __future__ import annotations

from bisect import bisect_left

from annotator.domain.errors import InvalidInput
from annotator.domain.offsets import Utf16Map
from annotator.domain.text import BOM, normalise_text


class RawOffsets:
    """Maps offsets into `raw` (decoded file, BOM and CRs kept) to offsets into the stored text."""

    __slots__ = ("_dropped", "_crlf_cr", "_raw", "_raw_length", "_utf16", "stored_text")

    def __init__(self, raw: str) -> None:
        # Raw positions of the characters normalise_text drops: the BOM and the CR of each CRLF.
        # A lone CR becomes LF in place, so it shifts nothing.
        dropped: list[int] = [0] if raw.startswith(BOM) else []
        crlf_cr: list[int] = []
        if "\r" in raw:
            find = raw.find
            at = find("\r\n")
            while at != -1:
                crlf_cr.append(at)
                at = find("\r\n", at + 2)
        dropped.extend(crlf_cr)
        self._dropped = dropped
        self._crlf_cr = frozenset(crlf_cr)
        self._raw = raw
        self._raw_length = len(raw)
        self._utf16: Utf16Map | None = None
        self.stored_text: str = normalise_text(raw)
        """The text as stored in the project."""

    @property
    def is_identity(self) -> bool:
        """True when raw and stored offsets agree (no BOM, no CRLF)."""
        return not self._dropped

    @property
    def raw_length(self) -> int:
        """Length of the raw text in code points."""
        return self._raw_length

    def to_stored(self, raw_offset: int) -> int:
        """The stored offset of `raw_offset`; refuse one out of range or between CR and LF."""
        if not 0 <= raw_offset <= self._raw_length:
            raise InvalidInput(
                f"offset {raw_offset} is outside the text (0 to {self._raw_length} characters)"
            )
        if not self._dropped:
            return raw_offset
        if raw_offset - 1 in self._crlf_cr:
            raise InvalidInput(
                f"offset {raw_offset} falls between the CR and the LF of a line break"
            )
        return raw_offset - bisect_left(self._dropped, raw_offset)

    @property
    def has_astral(self) -> bool:
        """True when the text holds characters outside the BMP (two UTF-16 units each)."""
        return not self._utf16_map().is_identity

    def _utf16_map(self) -> Utf16Map:
        """The raw text's UTF-16 map, built once when first needed."""
        if self._utf16 is None:
            self._utf16 = Utf16Map(self._raw)
        return self._utf16

    def utf16_to_raw(self, unit: int) -> int:
        """The raw offset of a UTF-16 offset (as Java or .NET tools count); refuse one that
        splits a surrogate pair."""
        utf16 = self._utf16_map()
        raw_offset = utf16.to_codepoint(unit)
        if utf16.to_utf16(raw_offset) != unit:
            raise InvalidInput(f"UTF-16 offset {unit} falls inside a character outside the BMP")
        return raw_offset

    def span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """The stored (start, end) of a raw span; refuse one that is reversed or becomes empty."""
        if raw_start >= raw_end:
            raise InvalidInput(f"span {raw_start}-{raw_end} is empty or reversed")
        start, end = self.to_stored(raw_start), self.to_stored(raw_end)
        if start >= end:
            raise InvalidInput(
                f"span {raw_start}-{raw_end} covers only a byte-order mark or a CR, no text"
            )
        return start, end


def remap_spans(raw: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The stored text of `raw` and `spans` (raw offsets) moved onto it."""
    mapping = RawOffsets(raw)
    return mapping.stored_text, [mapping.span(start, end) for start, end in spans]
