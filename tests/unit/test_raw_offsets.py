"""Offsets an external tool counted on the raw file land on the same words in the stored text."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InvalidInput
from annotator.domain.raw_offsets import RawOffsets, remap_spans
from annotator.io.readers import read_document_file

WORDS = ("maire", "ville", "budget", "2025")


def raw_spans(raw: str) -> list[tuple[int, int]]:
    """Where each word sits in the raw text, as a tool reading the raw file would count."""
    return [(raw.index(word), raw.index(word) + len(word)) for word in WORDS]


@pytest.mark.parametrize(
    "raw",
    [
        "Le maire\r\nde la ville\r\nvote le budget\r\n2025.\r\n",
        "\ufeffLe maire\nde la ville\nvote le budget\n2025.\n",
        "\ufeffLe maire\r\nde la ville\r\nvote le budget\r\n2025.\r\n",
        "Le maire\rde la ville\rvote le budget\r2025.\r",
        "\ufeffLe maire\r\nde la ville\rvote le budget\n\r\n2025.",
    ],
    ids=["crlf", "bom", "bom+crlf", "cr", "mixed"],
)
def test_remapped_spans_slice_the_same_words(raw: str) -> None:
    stored, spans = remap_spans(raw, raw_spans(raw))
    assert "\r" not in stored and not stored.startswith("\ufeff")
    assert [stored[start:end] for start, end in spans] == list(WORDS)


@pytest.mark.parametrize("encoded", [
    b"Le maire\r\nde la ville\r\nvote le budget\r\n2025.\r\n",
    b"\xef\xbb\xbf" + b"Le maire de la ville\r\nvote le budget 2025.\r\n",
], ids=["crlf-file", "bom-crlf-file"])
def test_offsets_on_the_original_file_match_the_imported_text(tmp_path, encoded: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(encoded)
    with path.open(encoding="utf-8", newline="") as handle:  # how the external tool read it
        raw = handle.read()
    stored = read_document_file(path).text
    mapping = RawOffsets(raw)
    assert mapping.stored_text == stored
    for word, (start, end) in zip(WORDS, raw_spans(raw), strict=True):
        assert raw[start:end] == word
        mapped_start, mapped_end = mapping.span(start, end)
        assert stored[mapped_start:mapped_end] == word


def test_a_span_across_a_crlf_keeps_one_line_break() -> None:
    raw = "one\r\ntwo"
    mapping = RawOffsets(raw)
    assert mapping.span(0, len(raw)) == (0, 7)
    assert mapping.stored_text[0:7] == "one\ntwo"
    assert mapping.to_stored(3) == 3  # before the CR: the line break itself
    assert mapping.to_stored(5) == 4  # after the LF


def test_a_text_without_bom_or_crlf_maps_to_itself() -> None:
    mapping = RawOffsets("plain\ntext")
    assert mapping.is_identity
    assert mapping.span(0, 5) == (0, 5)


def test_offset_between_cr_and_lf_is_refused() -> None:
    with pytest.raises(InvalidInput, match="between the CR and the LF"):
        RawOffsets("one\r\ntwo").to_stored(4)


@pytest.mark.parametrize("offset", [-1, 9])
def test_offsets_out_of_range_are_refused(offset: int) -> None:
    with pytest.raises(InvalidInput, match="outside the text"):
        RawOffsets("one\r\ntwo").to_stored(offset)


def test_span_covering_only_the_bom_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no text"):
        RawOffsets("\ufeffabc").span(0, 1)


def test_reversed_span_is_refused() -> None:
    with pytest.raises(InvalidInput, match="empty or reversed"):
        RawOffsets("abc").span(2, 1)


def test_utf16_offsets_of_java_tools_map_to_code_points() -> None:
    raw = "Un 😮 maire\r\ndit 😮😮 oui"
    mapping = RawOffsets(raw)
    for word in ("maire", "dit", "oui"):
        start = len(raw[: raw.index(word)].encode("utf-16-le")) // 2
        end = start + len(word)
        stored_start, stored_end = mapping.span(mapping.utf16_to_raw(start),
                                                mapping.utf16_to_raw(end))
        assert mapping.stored_text[stored_start:stored_end] == word
    with pytest.raises(InvalidInput, match="inside a character outside the BMP"):
        mapping.utf16_to_raw(4)  # between the two halves of the first emoji
