"""Offset conversion, span flattening and word snapping: the maths behind the article view."""

from __future__ import annotations

import random
import time

import pytest

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import Segment, Span, SpanIndex, assign_lanes, snap_to_words

MIXED = "Caf\u00e9\u0301 \U0001f600 \u0645\u0631\u062d\u0628\u0627 \U0001f468\u200d\U0001f469 fin"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ----- Utf16Map --------------------------------------------------------------------------------


def test_utf16_positions_match_what_qt_counts_for_every_offset():
    m = Utf16Map(MIXED)
    for cp in range(len(MIXED) + 1):
        assert m.to_utf16(cp) == utf16_len(MIXED[:cp])
        assert m.to_codepoint(m.to_utf16(cp)) == cp
    assert m.utf16_length == utf16_len(MIXED)
    assert m.length == len(MIXED)


def test_position_inside_a_surrogate_pair_snaps_to_the_emoji_start():
    text = "a\U0001f600b"
    m = Utf16Map(text)
    assert m.to_utf16(1) == 1 and m.to_utf16(2) == 3
    assert m.to_codepoint(2) == 1  # between the two halves of the emoji
    assert m.to_codepoint(3) == 2
    assert text[m.to_codepoint(1) : m.to_codepoint(3)] == "\U0001f600"


def test_combining_accents_and_arabic_need_no_conversion():
    text = "e\u0301te\u0301 \u0627\u0644\u0633\u0644\u0627\u0645 \u00a0\u2028x"
    m = Utf16Map(text)
    assert m.is_identity
    assert all(m.to_utf16(i) == i and m.to_codepoint(i) == i for i in range(len(text) + 1))


def test_consecutive_emoji_and_emoji_at_both_ends():
    text = "\U0001f600\U0001f601x\U0001f602"
    m = Utf16Map(text)
    assert [m.to_utf16(i) for i in range(5)] == [0, 2, 4, 5, 7]
    assert [m.to_codepoint(u) for u in range(8)] == [0, 0, 1, 1, 2, 3, 3, 4]


def test_map_of_a_megabyte_builds_quickly():
    text = ("Le secr\u00e9taire g\u00e9n\u00e9ral de l\u2019OTAN a d\u00e9clar\u00e9. " * 25_000)[
        :1_000_000
    ]
    started = time.perf_counter()
    m = Utf16Map(text)
    assert time.perf_counter() - started < 0.05
    assert m.is_identity


# ----- SpanIndex -------------------------------------------------------------------------------


def test_nested_and_crossing_spans_flatten_into_ordered_segments():
    outer = Span(0, 20, 1, 100)
    inner = Span(5, 10, 2, 101)
    crossing = Span(8, 25, 3, 102)
    index = SpanIndex([crossing, inner, outer])
    assert index.segments == [
        Segment(0, 5, (outer,)),
        Segment(5, 8, (outer, inner)),
        Segment(8, 10, (outer, inner, crossing)),
        Segment(10, 20, (outer, crossing)),
        Segment(20, 25, (crossing,)),
    ]
    assert index.spans_at(9) == (outer, inner, crossing)
    assert index.spans_at(25) == ()
    assert index.max_depth_in(0, 8) == 2
    assert index.max_depth_in(0, 30) == 3
    assert index.max_depth_in(26, 30) == 0


def test_same_start_puts_the_longer_span_first_and_gaps_have_no_segment():
    short = Span(10, 12, 1, 1)
    long = Span(10, 30, 2, 2)
    later = Span(40, 45, 1, 3)
    index = SpanIndex([short, later, long])
    assert index.spans_at(10) == (long, short)
    assert index.spans_at(35) == ()
    assert [s.start for s in index.segments_in(11, 41)] == [10, 12, 40]
    assert index.segments_in(31, 40) == []


def test_identical_ranges_from_two_annotators_both_show():
    a = Span(3, 9, 1, 7)
    b = Span(3, 9, 1, 8)
    index = SpanIndex([b, a])
    assert index.spans_at(3) == (a, b)
    assert len(index.segments) == 1


def test_empty_spans_are_ignored():
    index = SpanIndex([Span(4, 4, 1, 1), Span(6, 2, 1, 2)])
    assert len(index) == 0
    assert index.segments_in(0, 100) == [] and index.spans_at(4) == ()


def test_segments_in_returns_segments_touching_the_range_only():
    index = SpanIndex([Span(0, 5, 1, 1), Span(5, 9, 2, 2), Span(12, 20, 1, 3)])
    assert [(s.start, s.end) for s in index.segments_in(5, 12)] == [(5, 9)]
    assert [(s.start, s.end) for s in index.segments_in(4, 13)] == [(0, 5), (5, 9), (12, 20)]


def test_index_agrees_with_a_naive_count_on_random_spans():
    rng = random.Random(7)
    spans = []
    for k in range(400):
        start = rng.randrange(1000)
        spans.append(Span(start, start + rng.randint(1, 80), k % 5, k))
    index = SpanIndex(spans)
    for offset in range(0, 1100, 3):
        expected = sorted(
            (s for s in spans if s.start <= offset < s.end),
            key=lambda s: (s.start, -s.end, s.annotation_id),
        )
        assert list(index.spans_at(offset)) == expected


def test_ten_thousand_spans_index_quickly():
    rng = random.Random(1)
    spans = []
    for k in range(10_000):
        start = rng.randrange(1_000_000)
        spans.append(Span(start, start + rng.randint(1, 400), k % 7, k))
    best = min(_timed(lambda: SpanIndex(spans)) for _ in range(3))
    assert best < 0.2  # typically 10-30 ms; loose so a busy test machine does not fail it


def _timed(build) -> float:
    started = time.perf_counter()
    build()
    return time.perf_counter() - started


def test_a_span_bridging_two_apart_spans_stacks_on_both_and_leaves_them_apart_when_removed():
    left, right = Span(0, 10, 1, 1), Span(20, 30, 2, 2)
    touching = Span(30, 35, 3, 3)  # starts where `right` ends: apart from it
    index = SpanIndex([left, right, touching])
    bridge = Span(5, 25, 3, 4)
    index.add(bridge)
    assert index.spans_at(7) == (left, bridge) and index.spans_at(22) == (bridge, right)
    assert index.spans_at(30) == (touching,)
    assert [(s.start, s.end) for s in index.segments_in(0, 40)] == [
        (0, 5), (5, 10), (10, 20), (20, 25), (25, 30), (30, 35)]
    assert index.remove(bridge)
    assert index.segments == SpanIndex([left, right, touching]).segments
    assert not index.remove(bridge) and len(index) == 3


def test_a_dense_article_of_overlapping_clusters_indexes_quickly():
    rng = random.Random(3)
    spans = [Span(base + depth * 6, base + depth * 6 + rng.randint(30, 160), depth % 3, base + depth)
             for base in range(0, 1_000_000, 500) for depth in range(5)]
    best = min(_timed(lambda: SpanIndex(spans)) for _ in range(3))
    assert best < 0.2  # typically under 10 ms: overlapping runs are flattened when first looked at


def test_lanes_keep_overlapping_spans_apart_and_reuse_free_lanes():
    spans = [Span(0, 10, 1, 1), Span(2, 8, 1, 2), Span(4, 6, 1, 3), Span(12, 14, 1, 4)]
    lanes = assign_lanes(spans)
    assert lanes == {1: 0, 2: 1, 3: 2, 4: 0}


# ----- snap_to_words ---------------------------------------------------------------------------

SENTENCE = "Le secrétaire général de l’OTAN, Jens Stoltenberg, a déclaré."


def snapped(text: str, start: int, end: int) -> str | None:
    result = snap_to_words(text, start, end)
    return None if result is None else text[result[0] : result[1]]


def test_partial_words_grow_to_whole_words():
    i = SENTENCE.index("cr\u00e9t")
    assert snapped(SENTENCE, i, i + 3) == "secr\u00e9taire"
    j = SENTENCE.index("ns Stolt")
    assert snapped(SENTENCE, j, j + 8) == "Jens Stoltenberg"


def test_surrounding_spaces_and_punctuation_are_dropped_inner_kept():
    i = SENTENCE.index(", Jens")
    j = SENTENCE.index(", a d")
    assert snapped(SENTENCE, i, j + 2) == "Jens Stoltenberg"
    k = SENTENCE.index("de l")
    assert snapped(SENTENCE, k - 1, j + 1) == "de l\u2019OTAN, Jens Stoltenberg"


def test_apostrophe_inside_a_word_joins_it():
    i = SENTENCE.index("OTAN")
    assert snapped(SENTENCE, i + 1, i + 2) == "l\u2019OTAN"
    text = "the analysts' view and don't"
    assert snapped(text, 5, 13) == "analysts"  # trailing apostrophe is not inside a word
    assert snapped(text, text.index("n't"), len(text)) == "don't"


def test_only_whitespace_or_punctuation_gives_none():
    assert snap_to_words("a  ,  b", 1, 6) is None
    assert snap_to_words("\u201c\u00a0\u201d", 0, 3) is None
    assert snap_to_words("abc", 2, 2) is None


def test_combining_marks_stay_with_their_base_letter():
    text = "cafe\u0301 noir"  # e + combining acute
    assert snapped(text, 0, 4) == "cafe\u0301"
    assert snapped(text, 4, 5) == "cafe\u0301"
    assert snapped("x \u0301a", 2, 4) == " \u0301a"  # a mark is never cut from what precedes it


def test_arabic_and_digits_are_word_characters():
    text = "قال الرئيس 19 مليار"
    i = text.index("رئ")
    assert snapped(text, i, i + 1) == "الرئيس"
    j = text.index("19")
    assert snapped(text, j + 1, j + 2) == "19"


def test_emoji_selected_alone_is_kept_and_offsets_are_clamped():
    text = "voir \U0001f600 ici"
    assert snapped(text, 5, 6) == "\U0001f600"
    assert snap_to_words(text, -5, 100) == (0, len(text))
    assert snap_to_words(text, 8, 3) == snap_to_words(text, 3, 8)


@pytest.mark.parametrize("start,end", [(0, 1), (3, 9), (10, 30)])
def test_snapping_is_stable(start, end):
    first = snap_to_words(SENTENCE, start, end)
    assert first is not None
    assert snap_to_words(SENTENCE, *first) == first


def test_incremental_add_and_remove_match_a_full_rebuild():
    import random

    from annotator.domain.spans import Span, SpanIndex

    rng = random.Random(7)
    live: dict[int, Span] = {}
    index = SpanIndex()
    for step in range(600):
        if live and rng.random() < 0.4:
            span = live.pop(rng.choice(list(live)))
            assert index.remove(span)
        else:
            start = rng.randrange(0, 300)
            span = Span(start, start + rng.randrange(1, 40), rng.randrange(1, 4), step)
            live[step] = span
            index.add(span)
        full = SpanIndex(live.values())
        assert index.segments == full.segments, step
        assert index.spans == full.spans
    assert not index.remove(Span(0, 1, 1, 99999))
