"""Two annotators' spans on one text, compared: what matches and every difference, in text order.

Pairing, in this order (a span takes part in at most one pair):

1. Matching: same start, end and label. Counted, not listed.
2. ``label_differs``: same start and end, another label.
3. ``boundary_differs``: the spans share at least one character but start or end elsewhere.
   Pairs with the same label are made first, then pairs with different labels; within each
   round the largest shared stretch wins, ties going to the earlier span. So a colleague's
   longer "claim" pairs with your "claim" it overlaps, not with a "source" nested inside it.
4. ``only_a`` / ``only_b``: whatever is left unpaired on either side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

ONLY_A = "only_a"
ONLY_B = "only_b"
LABEL_DIFFERS = "label_differs"
BOUNDARY_DIFFERS = "boundary_differs"
KINDS: tuple[str, ...] = (ONLY_A, ONLY_B, LABEL_DIFFERS, BOUNDARY_DIFFERS)

_KIND_ORDER = {LABEL_DIFFERS: 0, BOUNDARY_DIFFERS: 1, ONLY_A: 2, ONLY_B: 3}


@dataclass(frozen=True, slots=True)
class CompareSpan:
    """One annotation as compared: code-point range [start, end), label name, annotation id."""

    start: int
    end: int
    label: str
    id: int


@dataclass(frozen=True, slots=True)
class Difference:
    """One disagreement: `a` and/or `b` is set (only_a has no `b`, only_b has no `a`)."""

    kind: str
    a: CompareSpan | None
    b: CompareSpan | None

    @property
    def start(self) -> int:
        """Where the first of the two spans starts."""
        return min(s.start for s in (self.a, self.b) if s is not None)

    @property
    def end(self) -> int:
        """Where the last of the two spans ends."""
        return max(s.end for s in (self.a, self.b) if s is not None)

    @property
    def same_label(self) -> bool:
        """True when both sides carry the same label (always False for one-sided kinds)."""
        return self.a is not None and self.b is not None and self.a.label == self.b.label


@dataclass(frozen=True, slots=True)
class Comparison:
    """The differences in text order and how many spans both annotators made identically."""

    differences: tuple[Difference, ...]
    matching: int

    def count(self, kind: str) -> int:
        """How many differences are of `kind`."""
        return sum(1 for d in self.differences if d.kind == kind)


def _order_key(span: CompareSpan) -> tuple[int, int, str, int]:
    return (span.start, span.end, span.label, span.id)


def _pair_exact(
    left: list[CompareSpan], right: list[CompareSpan], key
) -> tuple[list[tuple[CompareSpan, CompareSpan]], list[CompareSpan], list[CompareSpan]]:
    """Pair spans with equal `key` one to one, in text order; return pairs and both leftovers."""
    waiting: dict[object, list[CompareSpan]] = defaultdict(list)
    for span in sorted(right, key=_order_key, reverse=True):
        waiting[key(span)].append(span)
    pairs = []
    rest_left = []
    for span in sorted(left, key=_order_key):
        bucket = waiting.get(key(span))
        if bucket:
            pairs.append((span, bucket.pop()))
        else:
            rest_left.append(span)
    paired_right = {id(b) for _, b in pairs}
    rest_right = [s for s in right if id(s) not in paired_right]
    return pairs, rest_left, rest_right


def _overlapping_pairs(
    left: list[CompareSpan], right: list[CompareSpan]
) -> list[tuple[int, int, int, int]]:
    """(shared length, earlier start, index in left, index in right) of every overlapping pair."""
    by_start = sorted(range(len(right)), key=lambda j: right[j].start)
    found = []
    for i, a in enumerate(left):
        for j in by_start:
            b = right[j]
            if b.start >= a.end:
                break
            shared = min(a.end, b.end) - max(a.start, b.start)
            if shared > 0:
                found.append((shared, min(a.start, b.start), i, j))
    return found


def _pair_overlaps(
    left: list[CompareSpan], right: list[CompareSpan], same_label: bool
) -> tuple[list[tuple[CompareSpan, CompareSpan]], list[CompareSpan], list[CompareSpan]]:
    """Greedy pairing of overlapping spans (largest shared stretch first)."""
    candidates = [
        c for c in _overlapping_pairs(left, right)
        if (left[c[2]].label == right[c[3]].label) == same_label
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], _order_key(left[c[2]]), _order_key(right[c[3]])))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for _shared, _start, i, j in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        pairs.append((left[i], right[j]))
    rest_left = [s for i, s in enumerate(left) if i not in used_left]
    rest_right = [s for j, s in enumerate(right) if j not in used_right]
    return pairs, rest_left, rest_right


def _difference_key(d: Difference) -> tuple:
    return (
        d.start,
        d.end,
        _KIND_ORDER[d.kind],
        _order_key(d.a) if d.a else (),
        _order_key(d.b) if d.b else (),
    )


def compare_spans(a_spans: Iterable[CompareSpan], b_spans: Iterable[CompareSpan]) -> Comparison:
    """Compare annotator A's spans with B's (see the module notes for how spans pair up)."""
    a_rest = [s for s in a_spans if s.end > s.start]
    b_rest = [s for s in b_spans if s.end > s.start]
    matched, a_rest, b_rest = _pair_exact(a_rest, b_rest, lambda s: (s.start, s.end, s.label))
    relabelled, a_rest, b_rest = _pair_exact(a_rest, b_rest, lambda s: (s.start, s.end))
    moved_same, a_rest, b_rest = _pair_overlaps(a_rest, b_rest, same_label=True)
    moved_other, a_rest, b_rest = _pair_overlaps(a_rest, b_rest, same_label=False)
    differences = [Difference(LABEL_DIFFERS, a, b) for a, b in relabelled]
    differences += [Difference(BOUNDARY_DIFFERS, a, b) for a, b in (*moved_same, *moved_other)]
    differences += [Difference(ONLY_A, a, None) for a in a_rest]
    differences += [Difference(ONLY_B, None, b) for b in b_rest]
    differences.sort(key=_difference_key)
    return Comparison(tuple(differences), len(matched))
