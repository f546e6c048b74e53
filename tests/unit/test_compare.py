"""Comparing two annotators' spans: every kind of difference, the matching count, overlaps."""

from __future__ import annotations

from annotator.domain.compare import (
    BOUNDARY_DIFFERS,
    LABEL_DIFFERS,
    ONLY_A,
    ONLY_B,
    CompareSpan,
    compare_spans,
)


def spans(*items: tuple[int, int, str], first_id: int = 1) -> list[CompareSpan]:
    return [CompareSpan(s, e, label, first_id + n) for n, (s, e, label) in enumerate(items)]


def kinds(result) -> list[tuple[str, int, int]]:
    return [(d.kind, d.start, d.end) for d in result.differences]


def test_nothing_on_either_side_is_no_difference_and_no_match():
    result = compare_spans([], [])
    assert result.differences == ()
    assert result.matching == 0


def test_identical_spans_are_counted_as_matching_not_listed():
    a = spans((0, 5, "source"), (10, 20, "claim"))
    b = spans((0, 5, "source"), (10, 20, "claim"), first_id=10)
    result = compare_spans(a, b)
    assert result.differences == ()
    assert result.matching == 2


def test_one_side_empty_lists_every_span_of_the_other():
    a = spans((10, 20, "claim"), (0, 5, "source"))
    assert kinds(compare_spans(a, [])) == [(ONLY_A, 0, 5), (ONLY_A, 10, 20)]
    assert kinds(compare_spans([], a)) == [(ONLY_B, 0, 5), (ONLY_B, 10, 20)]


def test_every_kind_in_text_order_with_the_matching_count():
    a = spans((0, 5, "source"), (10, 20, "claim"), (30, 40, "claim"), (50, 55, "framing"))
    b = spans((0, 5, "source"), (10, 20, "framing"), (32, 45, "claim"), (60, 65, "source"), first_id=9)
    result = compare_spans(a, b)
    assert result.matching == 1
    assert kinds(result) == [
        (LABEL_DIFFERS, 10, 20),
        (BOUNDARY_DIFFERS, 30, 45),
        (ONLY_A, 50, 55),
        (ONLY_B, 60, 65),
    ]
    relabel, moved, only_a, only_b = result.differences
    assert (relabel.a.label, relabel.b.label) == ("claim", "framing")
    assert (moved.a.start, moved.a.end, moved.b.start, moved.b.end) == (30, 40, 32, 45)
    assert moved.same_label
    assert only_a.b is None and only_a.a.id == 4
    assert only_b.a is None and only_b.b.id == 12
    assert result.count(ONLY_A) == result.count(ONLY_B) == 1


def test_a_longer_span_pairs_with_the_same_label_not_with_a_nested_one():
    # A marked a claim and a source inside it; B only the claim, a word longer.
    a = spans((10, 40, "claim"), (12, 18, "source"))
    b = spans((10, 46, "claim"), first_id=5)
    result = compare_spans(a, b)
    assert kinds(result) == [(BOUNDARY_DIFFERS, 10, 46), (ONLY_A, 12, 18)]
    assert result.differences[0].a.label == "claim"


def test_overlapping_spans_with_other_labels_pair_when_nothing_better_is_left():
    a = spans((10, 30, "claim"))
    b = spans((15, 35, "framing"), first_id=5)
    (diff,) = compare_spans(a, b).differences
    assert diff.kind == BOUNDARY_DIFFERS
    assert not diff.same_label
    assert (diff.start, diff.end) == (10, 35)


def test_the_largest_shared_stretch_wins_and_the_rest_stays_one_sided():
    # B's one span overlaps two of A's: it pairs with the one it shares more with.
    a = spans((0, 10, "claim"), (12, 30, "claim"))
    b = spans((8, 25, "claim"), first_id=5)
    result = compare_spans(a, b)
    assert kinds(result) == [(ONLY_A, 0, 10), (BOUNDARY_DIFFERS, 8, 30)]
    assert result.differences[1].a.start == 12


def test_touching_spans_do_not_overlap():
    a = spans((0, 10, "claim"))
    b = spans((10, 20, "claim"), first_id=5)
    assert kinds(compare_spans(a, b)) == [(ONLY_A, 0, 10), (ONLY_B, 10, 20)]


def test_same_range_twice_with_labels_pairs_exact_first():
    # A labelled one stretch twice (claim and framing); B once as framing: that one matches.
    a = spans((5, 15, "claim"), (5, 15, "framing"))
    b = spans((5, 15, "framing"), first_id=5)
    result = compare_spans(a, b)
    assert result.matching == 1
    assert kinds(result) == [(ONLY_A, 5, 15)]
    assert result.differences[0].a.label == "claim"


def test_empty_ranges_are_ignored():
    a = spans((5, 5, "claim"))
    result = compare_spans(a, [])
    assert result.differences == () and result.matching == 0


def test_a_span_ending_where_the_other_side_starts_does_not_overlap_either():
    # B's span comes first and ends where A's starts; with another label too.
    a = spans((10, 20, "claim"), (30, 40, "claim"))
    b = spans((0, 10, "claim"), (25, 30, "source"), first_id=5)
    assert kinds(compare_spans(a, b)) == [
        (ONLY_B, 0, 10), (ONLY_A, 10, 20), (ONLY_B, 25, 30), (ONLY_A, 30, 40)]


def test_spans_sharing_one_character_differ_in_extent_in_either_order():
    a = spans((0, 10, "claim"), (29, 40, "claim"))
    b = spans((9, 20, "claim"), (25, 30, "source"), first_id=5)
    result = compare_spans(a, b)
    assert kinds(result) == [(BOUNDARY_DIFFERS, 0, 20), (BOUNDARY_DIFFERS, 25, 40)]
    assert [d.same_label for d in result.differences] == [True, False]
    assert result.matching == 0
