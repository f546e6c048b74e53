"""Finding text in a document: offsets are code points of the stored text, whatever the script."""

from __future__ import annotations

import pytest

from annotator.domain.search import find_matches


def texts_at(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_empty_query_finds_nothing() -> None:
    assert find_matches("anything at all", "") == []


def test_matches_are_in_order_and_do_not_overlap() -> None:
    assert find_matches("aaaa", "aa") == [(0, 2), (2, 4)]
    assert find_matches("abcabc", "bc") == [(1, 3), (4, 6)]


def test_case_blind_by_default_and_exact_when_asked() -> None:
    text = "OTAN, Otan et otan"
    assert texts_at(text, find_matches(text, "otan")) == ["OTAN", "Otan", "otan"]
    assert texts_at(text, find_matches(text, "Otan", case_sensitive=True)) == ["Otan"]


def test_query_is_literal_not_a_pattern() -> None:
    text = "prix (en $) : 3.5 ou 345 ?"
    assert find_matches(text, "(en $)") == [(5, 11)]
    assert texts_at(text, find_matches(text, "3.5")) == ["3.5"]
    assert find_matches(text, "?") == [(25, 26)]


def test_accented_letters_are_matched_case_blind_but_not_accent_blind() -> None:
    text = "Café CAFÉ cafe"
    assert texts_at(text, find_matches(text, "café")) == ["Café", "CAFÉ"]
    assert texts_at(text, find_matches(text, "cafe")) == ["cafe"]


def test_decomposed_accents_are_not_normalised() -> None:
    text = "cafe\u0301 café"
    assert find_matches(text, "café") == [(6, 10)]
    assert find_matches(text, "cafe\u0301") == [(0, 5)]


def test_sharp_s_keeps_offsets_of_the_text() -> None:
    # Lower-casing or case-folding the text first would turn "ß" into "ss" and shift every offset.
    text = "Straße, STRAẞE, strasse: groß"
    assert find_matches(text, "straße") == [(0, 6), (8, 14)]
    assert find_matches(text, "groß") == [(25, 29)]
    assert texts_at(text, find_matches(text, "strasse")) == ["strasse"]


def test_dotted_capital_i_keeps_offsets_of_the_text() -> None:
    # "İ".lower() is two code points; a match after it must still start at the right place.
    text = "İstanbul ve İzmir"
    spans = find_matches(text, "izmir")
    assert spans == [(12, 17)]
    assert texts_at(text, spans) == ["İzmir"]
    assert find_matches(text, "ve") == [(9, 11)]


def test_emoji_count_as_code_points() -> None:
    text = "👍🏽 bravo 👨‍👩‍👧 bravo"
    assert find_matches(text, "bravo") == [(3, 8), (15, 20)]
    assert find_matches(text, "👍🏽") == [(0, 2)]


def test_typed_space_also_finds_no_break_spaces() -> None:
    text = "10\u00a0km, 10 km, 10\u202fkm"
    spans = find_matches(text, "10 km")
    assert spans == [(0, 5), (7, 12), (14, 19)]
    assert texts_at(text, spans)[0] == "10\u00a0km"  # the stored text is not changed


def test_no_break_space_in_the_query_matches_only_itself() -> None:
    text = "10\u00a0km, 10 km"
    assert find_matches(text, "10\u00a0km") == [(0, 5)]


def test_right_to_left_text() -> None:
    text = "قال الوزير إن الوزيرة وصلت"
    spans = find_matches(text, "الوزير")
    assert texts_at(text, spans) == ["الوزير", "الوزير"]
    assert find_matches(text, "الوزير", whole_words=True) == [(4, 10)]
    hebrew = "שלום עולם, שלום"
    assert find_matches(hebrew, "שלום") == [(0, 4), (11, 15)]


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("le chat, les chats, chat.", "chat", ["chat", "chat"]),
        ("art, partie, Art", "art", ["art", "Art"]),
        ("10\u00a0km et 100\u00a0km", "10", ["10"]),
        ("l’OTAN et OTAN-2", "OTAN", ["OTAN", "OTAN"]),
        ("«source» sources", "source", ["source"]),
    ],
)
def test_whole_words(text: str, query: str, expected: list[str]) -> None:
    assert texts_at(text, find_matches(text, query, whole_words=True)) == expected


def test_whole_words_do_not_stop_inside_an_accented_letter() -> None:
    text = "cafe\u0301 cafe"  # the first "cafe" is followed by a combining accent
    assert find_matches(text, "cafe", whole_words=True) == [(6, 10)]


def test_whole_words_find_a_later_overlapping_occurrence() -> None:
    text = "xab ab ab"
    assert find_matches(text, "ab ab", whole_words=True) == [(4, 9)]


def test_accented_word_is_a_whole_word() -> None:
    text = "été, étés, Été"
    assert texts_at(text, find_matches(text, "été", whole_words=True)) == ["été", "Été"]
