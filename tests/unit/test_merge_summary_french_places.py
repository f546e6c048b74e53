"""A French reader reads where a skipped CSV row is (« carla.csv, ligne 2 ») and how long the
program waited for a project in use (« 0,3 s »), in the window, on the command line and in
`describe`; English reads exactly as before."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import imported, project_with_article

from annotator import i18n
from annotator.domain.errors import ProjectError, describe
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts
from annotator.services.merge import merge_file
from annotator.services.project import open_project

NNBSP = "\u202f"
NBSP = "\u00a0"
ROWS = "document_title,label,start,end,annotator\nArticle,framing,4,12,carla\n"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def merged_twice(tmp_path: Path) -> list[str]:
    """The summary of merging the same CSV (rows without an id) a second time: its row is a
    duplicate of the annotation the first merge added, named by file and row."""
    project, _doc = project_with_article(tmp_path)
    csv = tmp_path / "carla.csv"
    csv.write_text(ROWS, encoding="utf-8")
    merge_file(project, csv)
    report = merge_file(project, csv)
    project.close()
    return report.summary_lines()


def test_a_skipped_row_is_named_by_file_and_row_in_english_as_before(tmp_path):
    lines = merged_twice(tmp_path)
    assert "    carla.csv, row 2" in lines


def test_a_skipped_row_is_named_by_file_and_line_in_french(tmp_path, french):
    lines = merged_twice(tmp_path)
    assert "    carla.csv, ligne 2" in lines
    assert not any("row 2" in line for line in lines)


def test_the_merge_command_names_a_skipped_row_in_french_under_a_french_locale(tmp_path):
    project, _doc = project_with_article(tmp_path)
    project.close()
    csv = tmp_path / "carla.csv"
    csv.write_text(ROWS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    env.update(HOME=str(tmp_path), LANG="fr_FR.UTF-8")
    command = [sys.executable, "-m", "annotator", "merge", "--project", str(tmp_path / "test.annotator"),
               str(csv)]
    subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=60)
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=60)
    assert "carla.csv, ligne 2" in again.stdout
    assert "row 2" not in again.stdout


def waiting_refusal(tmp_path: Path) -> ProjectError:
    """What adding a span says while another program holds the project past the wait."""
    path = tmp_path / "busy.annotator"
    project = open_project(path, busy_timeout=0.3)
    (outcome,) = import_texts(project, [imported("Un texte court.")])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ProjectError) as caught:
            add_annotation(project, outcome.document.id, "claim", "ana", 0, 2)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert list_annotations(project, outcome.document.id) == []
    project.close()
    return caught.value


def test_the_wait_for_a_project_in_use_reads_with_a_decimal_point_in_english(tmp_path):
    refusal = waiting_refusal(tmp_path)
    assert "in use by another program (waited 0.3 s); close it there and try again" in str(refusal)
    assert describe(refusal) == str(refusal)


def test_the_wait_for_a_project_in_use_reads_with_a_decimal_comma_in_french(tmp_path, french):
    refusal = waiting_refusal(tmp_path)
    assert (f"le projet est utilisé par un autre programme (attente de 0,3 s){NNBSP}; "
            "fermez-le là-bas et réessayez") in describe(refusal)
    assert "(waited 0.3 s)" in str(refusal)  # the record stays English


def test_a_whole_number_of_seconds_reads_without_decimals_in_both_languages(french):
    figure = i18n.Figure(3.0)
    assert (str(figure), figure.shown()) == ("3", "3")
    i18n.set_language("en")
    assert i18n.Figure(3.5).shown() == "3.5"
