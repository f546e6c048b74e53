"""Rules for stored text: line breaks, hashing, seed header and titles."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from annotator.domain.text import (
    normalise_text,
    parse_seed_header,
    text_sha256,
    title_from_text,
)


def test_crlf_and_lone_cr_become_lf() -> None:
    assert normalise_text("un\r\ndeux\rtrois\nquatre") == "un\ndeux\ntrois\nquatre"


def test_cr_before_crlf_is_two_line_breaks() -> None:
    assert normalise_text("a\r\r\nb") == "a\n\nb"


def test_only_one_leading_bom_is_dropped() -> None:
    assert normalise_text("\ufeffTitre") == "Titre"
    assert normalise_text("\ufeff\ufeffTitre") == "\ufeffTitre"
    assert normalise_text("Ti\ufefftre") == "Ti\ufefftre"


def test_nothing_else_changes() -> None:
    decoded = "caf\u00e9 cafe\u0301\u00a0: \t fin  \u2028\u05e9\u05dc\u05d5\u05dd \U0001f600 \n"
    assert normalise_text(decoded) == decoded


def test_combining_accent_stays_two_code_points() -> None:
    text = normalise_text("cafe\u0301")
    assert len(text) == 5
    assert text != unicodedata.normalize("NFC", text)


def test_sha256_is_of_utf8_bytes() -> None:
    text = "L\u2019\u00e9t\u00e9 \u20ac \U0001f600"
    assert text_sha256(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text_sha256("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_sha256_tells_composed_and_decomposed_apart() -> None:
    assert text_sha256("caf\u00e9") != text_sha256("cafe\u0301")


def test_seed_header_gives_date_and_title() -> None:
    text = " date 2022-11 Le ministre annonce un plan\n\nCorps de l\u2019article."
    assert parse_seed_header(text) == ("2022-11", "Le ministre annonce un plan")


def test_seed_header_without_leading_space() -> None:
    assert parse_seed_header("date 1999-01 Titre\ncorps") == ("1999-01", "Titre")


def test_seed_header_title_is_stripped() -> None:
    assert parse_seed_header(" date 2023-12   Titre  \ncorps") == ("2023-12", "Titre")


@pytest.mark.parametrize(
    "first_line",
    [
        " date 2022-13 Titre",
        " date 2022-00 Titre",
        " date 22-11 Titre",
        " date 2022-1 Titre",
        " date 2022-11",
        " date 2022-11   ",
        " date 2022-11-05 Titre",
        " Date 2022-11 Titre",
        " update 2022-11 Titre",
        "Le ministre annonce un plan",
        "",
    ],
)
def test_not_a_seed_header(first_line: str) -> None:
    assert parse_seed_header(first_line + "\ncorps") == (None, None)


def test_seed_header_must_be_the_first_line() -> None:
    assert parse_seed_header("Titre\n date 2022-11 Autre titre") == (None, None)


def test_title_is_first_non_blank_line_stripped() -> None:
    assert title_from_text("\n  \n\u00a0 Premier titre \t\nsuite") == "Premier titre"


def test_title_of_blank_text_is_empty() -> None:
    assert title_from_text(" \n\t\n") == ""


def test_short_title_is_kept_whole() -> None:
    line = "x" * 200
    assert title_from_text(line) == line


def test_long_title_is_cut_on_a_word_boundary() -> None:
    line = "Le secr\u00e9taire g\u00e9n\u00e9ral a d\u00e9clar\u00e9 que l\u2019alliance " * 10
    title = title_from_text(line, max_len=50)
    assert len(title) <= 50
    assert title.endswith("\u2026")
    kept = title[:-1]
    assert line.startswith(kept)
    assert line[len(kept)].isspace()
    assert len(kept) > 25


def test_long_word_is_cut_hard() -> None:
    title = title_from_text("a" * 300, max_len=20)
    assert title == "a" * 19 + "\u2026"


def test_cut_never_separates_a_combining_accent() -> None:
    line = "e\u0301" * 20
    title = title_from_text(line, max_len=10)
    assert len(title) <= 10
    kept = title[:-1]
    assert kept == "e\u0301" * (len(kept) // 2)
    assert not unicodedata.combining(kept[0])


def test_title_keeps_right_to_left_text() -> None:
    assert title_from_text("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\n") == (
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"
    )


def test_title_length_must_be_positive() -> None:
    with pytest.raises(ValueError):
        title_from_text("Titre", max_len=0)
