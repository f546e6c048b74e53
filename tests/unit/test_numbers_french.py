"""Figures that are not counts — agreement values and their intervals, percentages, statistics,
file sizes — read as the reader writes them: unchanged in English, with a decimal comma, grouped
thousands and French units in French. Files for programs stay as they were."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from annotator import i18n
from annotator.commands.stats import format_value
from annotator.domain.errors import ImportProblem, describe
from annotator.io.readers import read_document_file

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def test_figures_read_as_before_in_english():
    assert i18n.decimal(0.81234, 4) == "0.8123"
    assert i18n.decimal(1234.5, 1) == "1234.5"
    assert i18n.percent(0.95) == "95%"
    assert i18n.interval(0.1, 0.52345) == "[0.1000, 0.5234]"
    sizes = (i18n.size(5 * 1024 * 1024), i18n.size(3_670_016), i18n.size(12_000))
    assert sizes == ("5 MB", "3.5 MB", "12 KB")
    assert format_value(0.125) == "0.125" and format_value(12345) == "12345"


def test_figures_take_the_decimal_comma_and_grouping_in_french(french):
    assert i18n.decimal(0.81234, 4) == "0,8123"
    assert i18n.decimal(1234.5, 1) == f"1{NNBSP}234,5"
    assert i18n.decimal(-0.5, 2) == "-0,50"
    assert i18n.percent(0.95) == f"95{NNBSP}%"
    assert i18n.interval(0.1, 0.52345) == f"[0,1000{NNBSP}; 0,5234]"  # no comma is ambiguous
    assert format_value(0.125) == "0,125" and format_value(12345) == f"12{NNBSP}345"


def test_sizes_read_in_french_units_with_a_decimal_comma(french):
    assert i18n.size(5 * 1024 * 1024) == f"5{NBSP}Mo"
    assert i18n.size(3_670_016) == f"3,5{NBSP}Mo"
    assert i18n.size(12_000) == f"12{NBSP}Ko"


def too_large(tmp_path: Path) -> ImportProblem:
    big = tmp_path / "long.txt"
    big.write_text("mot " * 900_000, encoding="utf-8")  # 3.4 MB
    with pytest.raises(ImportProblem) as caught:
        read_document_file(big, max_bytes=2 * 1024 * 1024)
    return caught.value


def test_a_file_too_large_names_its_size_and_limit_in_french(tmp_path, french):
    problem = too_large(tmp_path)
    assert f"fichier trop volumineux (3,5{NBSP}Mo" in describe(problem)
    assert f"la limite est de 2{NBSP}Mo)" in describe(problem)
    assert str(problem).endswith("file is too large (3.5 MB; the limit is 2 MB)")  # the record


def test_a_file_too_large_reads_as_before_in_english_and_survives_pickling(tmp_path):
    problem = too_large(tmp_path)
    assert describe(problem) == str(problem)
    assert str(problem).endswith("file is too large (3.5 MB; the limit is 2 MB)")
    again = pickle.loads(pickle.dumps(problem))
    assert again.values == problem.values and describe(again) == describe(problem)
