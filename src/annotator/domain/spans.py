"""Labelled spans over a text: overlap flattening for display, and word snapping of selections."""

from __future__ import annotations

import heapq
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

APOSTROPHES = frozenset("'\u2019")


@dataclass(frozen=True, slots=True)
class Span:
    """One annotation as drawn: code-point range [start, end) with its label and annotation id."""

    start: int
    end: int
    label_id: int
    annotation_id: int


class Segment(NamedTuple):
    """A maximal range [start, end) covered by the same spans (outer first, then inner)."""

    start: int
    end: int
    spans: tuple[Span, ...]


def _stack_key(span: Span) -> tuple[int, int, int]:
    return (span.start, -span.end, span.annotation_id)


def _in_stack_order(spans: Iterable[Span]) -> list[Span]:
    """Non-empty spans sorted by start, then longer first, then annotation id."""
    ordered = sorted((s for s in spans if s.end > s.start), key=attrgetter("annotation_id"))
    ordered.sort(key=attrgetter("end"), reverse=True)  # stable sorts: last key wins first
    ordered.sort(key=attrgetter("start"))
    return ordered


class SpanIndex:
    """Spans flattened into sorted, non-overlapping segments for fast range look-ups."""

    __slots__ = ("_spans", "_starts", "_ends", "_covers")

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        ordered = _in_stack_order(spans)
        self._spans: list[Span] = ordered
        self._starts, self._ends, self._covers = _sweep(ordered)

    def __len__(self) -> int:
        return len(self._spans)

    @property
    def spans(self) -> tuple[Span, ...]:
        """Every non-empty span, ordered by start, then longer first."""
        return tuple(self._spans)

    def add(self, span: Span) -> None:
        """Insert one span, re-flattening only the segments it touches."""
        if span.end <= span.start:
            return
        i = bisect_left(self._spans, _stack_key(span), key=_stack_key)
        self._spans.insert(i, span)
        self._reflatten(span.start, span.end, extra=span)

    def remove(self, span: Span) -> bool:
        """Take one span out (False if it is not there), re-flattening only where it lay."""
        i = bisect_left(self._spans, _stack_key(span), key=_stack_key)
        if i >= len(self._spans) or self._spans[i] != span:
            return False
        del self._spans[i]
        self._reflatten(span.start, span.end, drop=span)
        return True

    def _reflatten(self, a: int, b: int, extra: Span | None = None, drop: Span | None = None) -> None:
        """Recompute the segments overlapping or touching [a, b) from the spans that cover them."""
        i = bisect_left(self._ends, a)  # touching segments too: a boundary at a or b may vanish
        j = bisect_right(self._starts, b, lo=i)
        lo = min(a, self._starts[i]) if i < j else a
        hi = max(b, self._ends[j - 1]) if i < j else b
        involved = {sp for cover in self._covers[i:j] for sp in cover}
        if extra is not None:
            involved.add(extra)
        involved.discard(drop)  # type: ignore[arg-type]
        starts, ends, covers = _sweep(_in_stack_order(involved))
        # Keep the part of the local sweep inside [lo, hi): outside it nothing changed.
        new_starts, new_ends, new_covers = [], [], []
        for s, e, c in zip(starts, ends, covers, strict=True):
            s, e = max(s, lo), min(e, hi)
            if s < e:
                new_starts.append(s)
                new_ends.append(e)
                new_covers.append(c)
        self._starts[i:j] = new_starts
        self._ends[i:j] = new_ends
        self._covers[i:j] = new_covers

    @property
    def segment_columns(self) -> tuple[list[int], list[int], list[tuple[Span, ...]]]:
        """Segment starts, ends and covering spans as parallel lists (read only; for painting)."""
        return self._starts, self._ends, self._covers

    @property
    def segments(self) -> list[Segment]:
        """All segments, in text order."""
        return list(map(Segment, self._starts, self._ends, self._covers))

    def segments_in(self, a: int, b: int) -> list[Segment]:
        """Segments overlapping [a, b), unclipped, in text order."""
        i = bisect_right(self._ends, a)  # first segment ending after a
        j = bisect_left(self._starts, b, lo=i)  # first segment starting at or after b
        return list(map(Segment, self._starts[i:j], self._ends[i:j], self._covers[i:j]))

    def spans_at(self, offset: int) -> tuple[Span, ...]:
        """Spans covering the character at `offset`, outer first (the last one is on top)."""
        i = bisect_right(self._ends, offset)
        if i < len(self._starts) and self._starts[i] <= offset:
            return self._covers[i]
        return ()

    def max_depth_in(self, a: int, b: int) -> int:
        """Largest number of spans stacked on one character in [a, b)."""
        i = bisect_right(self._ends, a)
        j = bisect_left(self._starts, b, lo=i)
        return max(map(len, self._covers[i:j]), default=0)


def _sweep(ordered: list[Span]) -> tuple[list[int], list[int], list[tuple[Span, ...]]]:
    """Sweep over span boundaries; `ordered` is sorted by start, then longer first."""
    seg_starts: list[int] = []
    seg_ends: list[int] = []
    covers: list[tuple[Span, ...]] = []
    n = len(ordered)
    starts = [s.start for s in ordered]
    ends = [s.end for s in ordered]
    by_end = sorted(range(n), key=ends.__getitem__)
    active: dict[int, Span] = {}  # insertion order is stacking order
    si = ei = 0
    prev = 0
    for pos in sorted(set(starts).union(ends)):
        if active:
            seg_starts.append(prev)
            seg_ends.append(pos)
            covers.append(tuple(active.values()))
        while ei < n and ends[by_end[ei]] == pos:
            del active[by_end[ei]]
            ei += 1
        while si < n and starts[si] == pos:
            active[si] = ordered[si]
            si += 1
        prev = pos
    return seg_starts, seg_ends, covers


def assign_lanes(spans: Iterable[Span]) -> dict[int, int]:
    """Give each annotation the lowest lane (column) not used by a span it overlaps."""
    lanes: dict[int, int] = {}
    busy: list[tuple[int, int]] = []  # heap of (end, lane)
    free: list[int] = []  # heap of free lanes
    used = 0
    for span in _in_stack_order(spans):
        while busy and busy[0][0] <= span.start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane = used
            used += 1
        lanes[span.annotation_id] = lane
        heapq.heappush(busy, (span.end, lane))
    return lanes


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _is_word_char(text: str, i: int) -> bool:
    """Letters, digits, combining marks, and apostrophes between two word characters."""
    ch = text[i]
    if ch.isalnum() or _is_mark(ch):
        return True
    if ch in APOSTROPHES and 0 < i < len(text) - 1:
        before, after = text[i - 1], text[i + 1]
        return (before.isalnum() or _is_mark(before)) and after.isalnum()
    return False


def _is_trimmable(ch: str) -> bool:
    """Whitespace, punctuation, separators and invisible format characters."""
    if ch.isspace():
        return True
    return unicodedata.category(ch)[0] in "PZC"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow [start, end) to whole words, then trim outer whitespace and punctuation.

    Returns None when only whitespace or punctuation was selected.
    """
    n = len(text)
    start = max(0, min(start, n))
    end = max(0, min(end, n))
    if start > end:
        start, end = end, start
    if start == end:
        return None
    # Grow outwards only when the selection edge cuts through a word.
    if _is_word_char(text, start):
        while start > 0 and _is_word_char(text, start - 1):
            start -= 1
    if _is_word_char(text, end - 1):
        while end < n and _is_word_char(text, end):
            end += 1
    # Trim what surrounds the words; the inside is kept as is.
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    # Never separate a base character from the marks that follow it.
    while start > 0 and start < n and _is_mark(text[start]):
        start -= 1
    while end < n and _is_mark(text[end]):
        end += 1
    if start >= end:
        return None
    return start, end
