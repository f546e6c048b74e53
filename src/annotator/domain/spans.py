"""Labelled spans over a text: overlap flattening for display, and word snapping of selections."""

from __future__ import annotations

import heapq
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress, islice, pairwise
from operator import attrgetter, eq, ge, itemgetter, le, lt
from typing import NamedTuple

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import DuplicateAnnotation

APOSTROPHES = frozenset("'\u2019")


class Span(NamedTuple):
    """One annotation as drawn: code-point range [start, end) with its label and annotation id.

    A tuple of four ints: ten thousand of them cost the garbage collector nothing once it has
    seen them (it stops tracking tuples that hold only numbers).
    """

    start: int
    end: int
    label_id: int
    annotation_id: int


_start_of = itemgetter(0)
_end_of = itemgetter(1)


class Segment(NamedTuple):
    """A maximal range [start, end) covered by the same spans (outer first, then inner)."""

    start: int
    end: int
    spans: tuple[Span, ...]


def _stack_key(span: Span) -> tuple[int, int, int]:
    return (span.start, -span.end, span.annotation_id)


def _in_stack_order(spans: Iterable[Span]) -> list[Span]:
    """Non-empty spans sorted by start, then longer first, then annotation id."""
    spans = list(spans)
    if _is_stack_ordered(spans):  # as a document's rows are read: nothing to sort
        return spans
    ordered = sorted((s for s in spans if s.end > s.start), key=attrgetter("annotation_id"))
    ordered.sort(key=attrgetter("end"), reverse=True)  # stable sorts: last key wins first
    ordered.sort(key=attrgetter("start"))
    return ordered


def _is_stack_ordered(spans: list[Span]) -> bool:
    """True if every span is non-empty and they come in stack order (checked without a Python
    call per span: only spans sharing a start are compared one by one)."""
    starts = list(map(_start_of, spans))
    ends = list(map(_end_of, spans))
    if not all(map(lt, starts, ends)):
        return False
    if not all(map(le, starts, islice(starts, 1, None))):
        return False
    return all(_stack_key(spans[k - 1]) < _stack_key(spans[k])
               for k in compress(range(1, len(spans)), map(eq, starts, islice(starts, 1, None))))


class SpanIndex:
    """Spans flattened into sorted, non-overlapping segments for fast range look-ups.

    The spans are kept in islands: runs of spans overlapping one another, apart from the next
    run. An island is flattened into segments the first time a look-up reaches it, so that a
    document's thousands of spans cost little until they are painted, and a span added or
    removed re-flattens only its island.
    """

    __slots__ = ("_islands", "_lows", "_highs", "_segments", "_count")

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        ordered = _in_stack_order(spans)
        self._count = len(ordered)
        self._islands: list[Sequence[Span]]
        self._lows: list[int]  # where each island starts
        self._highs: list[int]  # where each island ends
        self._islands, self._lows, self._highs = _islands(ordered)
        # Segments of each island once flattened: (starts, ends, covers), or None.
        self._segments: list[_Columns | None] = [None] * len(self._islands)

    def __len__(self) -> int:
        return self._count

    @property
    def spans(self) -> tuple[Span, ...]:
        """Every non-empty span, ordered by start, then longer first."""
        return tuple(chain.from_iterable(self._islands))

    def add(self, span: Span) -> None:
        """Insert one span; the islands it overlaps become one, flattened anew when next needed."""
        if span.end <= span.start:
            return
        i = bisect_right(self._highs, span.start)  # first island ending after the span starts
        j = bisect_left(self._lows, span.end, lo=i)  # first island starting where it ends
        merged = list(chain.from_iterable(self._islands[i:j]))
        merged.insert(bisect_left(merged, _stack_key(span), key=_stack_key), span)
        self._replace(i, j, merged)
        self._count += 1

    def remove(self, span: Span) -> bool:
        """Take one span out (False if it is not there); its island may fall apart in several."""
        k = bisect_right(self._lows, span.start) - 1
        if k < 0 or span.start >= self._highs[k]:
            return False
        island = self._islands[k]
        i = bisect_left(island, _stack_key(span), key=_stack_key)
        if i >= len(island) or island[i] != span:
            return False
        self._replace(k, k + 1, [*island[:i], *island[i + 1 :]])
        self._count -= 1
        return True

    def _replace(self, i: int, j: int, ordered: list[Span]) -> None:
        """Put the islands of `ordered` (in stack order) in place of islands i to j."""
        islands, lows, highs = _islands(ordered)
        self._islands[i:j] = islands
        self._lows[i:j] = lows
        self._highs[i:j] = highs
        self._segments[i:j] = [None] * len(islands)

    def _flat(self, k: int) -> _Columns:
        """The segments of island `k` (flattened now if they were not yet)."""
        columns = self._segments[k]
        if columns is None:
            island = self._islands[k]
            if len(island) == 1:
                span = island[0]
                columns = ([span.start], [span.end], [(span,)])
            else:
                columns = ([], [], [])
                _sweep_overlapping(island, list(map(_start_of, island)), list(map(_end_of, island)),
                                   *columns)
            self._segments[k] = columns
        return columns

    def segments_between(self, a: int, b: int) -> _Columns:
        """Segments overlapping [a, b), unclipped, in text order: their starts, ends and
        covering spans as parallel lists (for painting)."""
        i = bisect_right(self._highs, a)  # first island ending after a
        j = bisect_left(self._lows, b, lo=i)  # first island starting at or after b
        if j == i + 1:  # one island (the usual case for a line): its lists, sliced
            starts, ends, covers = self._flat(i)
            first = bisect_right(ends, a)
            last = bisect_left(starts, b, lo=first)
            return starts[first:last], ends[first:last], covers[first:last]
        seg_starts: list[int] = []
        seg_ends: list[int] = []
        seg_covers: list[tuple[Span, ...]] = []
        for k in range(i, j):
            starts, ends, covers = self._flat(k)
            first = bisect_right(ends, a)
            last = bisect_left(starts, b, lo=first)
            seg_starts += starts[first:last]
            seg_ends += ends[first:last]
            seg_covers += covers[first:last]
        return seg_starts, seg_ends, seg_covers

    @property
    def segment_columns(self) -> _Columns:
        """Every segment's start, end and covering spans as parallel lists."""
        if not self._islands:
            return [], [], []
        return self.segments_between(self._lows[0], self._highs[-1])

    @property
    def segments(self) -> list[Segment]:
        """All segments, in text order."""
        return list(map(Segment, *self.segment_columns))

    def segments_in(self, a: int, b: int) -> list[Segment]:
        """Segments overlapping [a, b), unclipped, in text order."""
        return list(map(Segment, *self.segments_between(a, b)))

    def spans_at(self, offset: int) -> tuple[Span, ...]:
        """Spans covering the character at `offset`, outer first (the last one is on top)."""
        k = bisect_right(self._highs, offset)
        if k >= len(self._lows) or self._lows[k] > offset:
            return ()
        starts, ends, covers = self._flat(k)
        i = bisect_right(ends, offset)
        if i < len(starts) and starts[i] <= offset:
            return covers[i]
        return ()

    def max_depth_in(self, a: int, b: int) -> int:
        """Largest number of spans stacked on one character in [a, b)."""
        return max(map(len, self.segments_between(a, b)[2]), default=0)


_Columns = tuple[list[int], list[int], list[tuple[Span, ...]]]


def _islands(ordered: list[Span]) -> tuple[list[Sequence[Span]], list[int], list[int]]:
    """Spans in stack order cut into islands, with where each starts and ends: a span starts a
    new island when every span before it has ended (spans that only touch are apart)."""
    n = len(ordered)
    if not n:
        return [], [], []
    starts = list(map(_start_of, ordered))
    ends = list(map(_end_of, ordered))
    reach = list(accumulate(ends, max))
    breaks = [0, *compress(range(1, n), map(ge, islice(starts, 1, None), reach)), n]
    if len(breaks) == n + 1:  # every span apart (the usual case)
        return list(zip(ordered)), starts, ends
    firsts = breaks[:-1]
    return ([ordered[a:b] for a, b in pairwise(breaks)], [starts[a] for a in firsts],
            [reach[b - 1] for b in breaks[1:]])


def _sweep_overlapping(
    ordered: list[Span], starts: list[int], ends: list[int],
    seg_starts: list[int], seg_ends: list[int], covers: list[tuple[Span, ...]],
) -> None:
    """Sweep over span boundaries, appending the segments; `ordered` is in stack order."""
    n = len(ordered)
    by_end = sorted(range(n), key=ends.__getitem__)
    sorted_ends = [ends[k] for k in by_end]
    active: dict[int, Span] = {}  # insertion order is stacking order
    add_start, add_end, add_cover = seg_starts.append, seg_ends.append, covers.append
    si = ei = 0
    prev = None
    for pos in sorted(starts + sorted_ends):  # two sorted runs: merged, not sorted anew
        if pos == prev:
            continue
        if active:
            add_start(prev)
            add_end(pos)
            add_cover(tuple(active.values()))
        while ei < n and sorted_ends[ei] == pos:
            del active[by_end[ei]]
            ei += 1
        while si < n and starts[si] == pos:
            active[si] = ordered[si]
            si += 1
        prev = pos


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


class SpanKey(NamedTuple):
    """What makes an annotation one of a kind: an annotator gives a label to a span of a document
    once. Two annotations with the same key are the same annotation twice; the project's UNIQUE
    constraint on these columns is the last defence, `TakenSpans` the rule the services apply.

    A plain tuple of the same five values in this order is an equal key (same hash).
    """

    document_id: int
    label_id: int
    annotator: str
    start: int
    end: int


def duplicate_span(label_name: str, annotator: str) -> DuplicateAnnotation:
    """The refusal of a span that already has this label from this annotator."""
    return DuplicateAnnotation(code=ErrorCode.DUPLICATE_SPAN, label=label_name, annotator=annotator)


class TakenSpans:
    """The spans already labelled, by SpanKey, each with the UUID of the annotation holding it
    ("" when it is not known), and the one decision: may an annotation have this key?

    An annotation may have a key that nobody holds, or that it holds itself; a second claim on a
    held key, by another annotation or by one without a UUID yet, is a duplicate (the caller
    skips it or refuses it).
    """

    __slots__ = ("_holders",)

    def __init__(self, keys: Iterable[tuple] = ()) -> None:
        self._holders: dict[tuple, str] = dict.fromkeys(keys, "")

    def hold(self, held: Iterable[tuple[tuple, str]]) -> None:
        """Record stored annotations as (key, UUID) pairs."""
        self._holders.update(held)

    def __contains__(self, key: object) -> bool:
        return key in self._holders

    def claim(self, key: tuple, claimant: str = "", instead_of: tuple | None = None) -> str | None:
        """Give `key` to the annotation `claimant` (its UUID; "" for a new one), which gives up
        `instead_of` (its key until now), and return None; or, when another annotation holds
        `key`, change nothing and return that one's UUID ("" when not known)."""
        held = self._holders.get(key)
        if held is not None and (held != claimant or not claimant):
            return held
        if instead_of is not None:
            del self._holders[instead_of]
        self._holders[key] = claimant
        return None

    def forget(self, count: int) -> bool:
        """Forget up to `count` spans (a large set is let go of a part at a time); True while
        some are left."""
        holders = self._holders
        for _ in range(min(count, len(holders))):
            holders.popitem()
        return bool(holders)
