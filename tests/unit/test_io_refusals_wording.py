"""Why a merge, an annotation CSV, a brat folder or a zip archive was refused reads in French when
the reader speaks French (through `describe`), and exactly as before in English."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import pytest
from tests.helpers import project_with_article

from annotator import i18n
from annotator.domain.errors import describe
from annotator.domain.merge import MergeRefused
from annotator.io.annotation_csv import read_annotation_csv_rows
from annotator.io.brat import BratProblems, read_brat_folder
from annotator.io.qdpx import QdpxProblems, read_qdpx
from annotator.io.read_problems import Problem
from annotator.io.zip_limits import ZipBudget, ZipLimits, ZipTooLarge
from annotator.services.merge import merge_file

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def merge_refusal(tmp_path: Path) -> MergeRefused:
    project = project_with_article(tmp_path)
    folder = tmp_path / "colleague"
    folder.mkdir()
    with pytest.raises(MergeRefused) as caught:
        merge_file(project, folder)
    return caught.value


def test_a_folder_given_to_merge_is_refused_in_english_as_before(tmp_path):
    refusal = merge_refusal(tmp_path)
    assert str(refusal).endswith(
        "nothing was changed (1 problem):\n  is a folder; give a project file or a CSV file")
    assert describe(refusal) == str(refusal)


def test_a_folder_given_to_merge_is_refused_in_french(tmp_path, french):
    refusal = merge_refusal(tmp_path)
    shown = describe(refusal)
    assert f"est un dossier{NNBSP}; donnez un fichier de projet ou un fichier CSV" in shown
    assert "is a folder" not in shown
    assert "is a folder; give a project file or a CSV file" in str(refusal)  # the record stays English


def write_csv(tmp_path: Path) -> Path:
    path = tmp_path / "work.csv"
    path.write_text("document_title,label,start,end,annotator\nArticle,framing,ten,20,ana\n",
                    encoding="utf-8")
    return path


def test_a_csv_row_problem_names_the_file_and_row_in_english(tmp_path):
    reading = read_annotation_csv_rows(write_csv(tmp_path))
    assert reading.problems == ("work.csv, row 2: start 'ten' is not a whole number",)
    assert reading.problems[0].values["row"] == 2  # data, not text to parse


def test_a_csv_row_problem_reads_in_french_where_the_refusal_is_shown(tmp_path, french):
    reading = read_annotation_csv_rows(write_csv(tmp_path))
    refusal = MergeRefused(reading.batch.source, reading.problems)
    assert f"work.csv, ligne 2{NBSP}: start 'ten' n’est pas un nombre entier" in describe(refusal)


def brat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("The minister said the plan works.\n", encoding="utf-8")
    (folder / "doc.ann").write_text("T1\tClaim 4 12\tminister\nX1 nonsense\n", encoding="utf-8")
    return folder


def test_a_brat_line_problem_says_file_and_line_in_english_as_before(tmp_path):
    with pytest.raises(BratProblems) as caught:
        read_brat_folder(brat_folder(tmp_path), annotator="ana")
    assert str(caught.value) == "nothing was imported: doc.ann, line 2: not a brat record: 'X1 nonsense'"


def test_a_brat_line_problem_reads_in_french(tmp_path, french):
    with pytest.raises(BratProblems) as caught:
        read_brat_folder(brat_folder(tmp_path), annotator="ana")
    assert describe(caught.value) == (
        f"rien n’a été importé{NBSP}: doc.ann, ligne 2{NBSP}: "
        f"pas un enregistrement brat{NBSP}: 'X1 nonsense'")


def bomb() -> zipfile.ZipFile:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 3_000_000)
    return zipfile.ZipFile(data)


def test_a_zip_member_past_its_limit_is_refused_in_english_as_before():
    with pytest.raises(ZipTooLarge) as caught:
        ZipBudget(bomb(), ZipLimits(member=1024 * 1024, total=8 * 1024 * 1024)).check_all()
    assert str(caught.value) == ("word/document.xml expands to 2.9 MB (the limit is 1 MB for one file in the "
                                 "archive)")


def test_a_zip_member_past_its_limit_is_refused_in_french(french):
    with pytest.raises(ZipTooLarge) as caught:
        ZipBudget(bomb(), ZipLimits(member=1024 * 1024, total=8 * 1024 * 1024)).check_all()
    assert describe(caught.value).startswith("word/document.xml occupe ")
    assert "pour un fichier de l’archive" in describe(caught.value)


def test_a_problem_keeps_its_code_and_values_through_pickling():
    problem = Problem("csv_no_reviewer")
    again = pickle.loads(pickle.dumps(problem))
    assert (again, again.code, again.values) == (problem, "csv_no_reviewer", {})


QDPX_CODE = "c0de0000-0000-4000-8000-000000000001"
QDPX_SOURCE = "0a1b2c3d-0000-4000-8000-000000000002"


def qdpx_with(path: Path, text: str, selections: list[tuple[int, int, int, str]]) -> Path:
    """A .qdpx with one text source and its named selections (number, start, end, name)."""
    marked = "".join(
        f'<PlainTextSelection guid="5e1e0000-0000-4000-8000-{n:012d}" name="{name}" startPosition="{start}" '
        f'endPosition="{end}"><Coding guid="c0d10000-0000-4000-8000-{n:012d}">'
        f'<CodeRef targetGUID="{QDPX_CODE}"/></Coding></PlainTextSelection>'
        for n, start, end, name in selections)
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("project.qde", (
            '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="p">'
            f'<CodeBook><Codes><Code guid="{QDPX_CODE}" name="claim" isCodable="true"/></Codes></CodeBook>'
            f'<Sources><TextSource guid="{QDPX_SOURCE}" name="src" plainTextPath="internal://{QDPX_SOURCE}.txt">'
            f"{marked}</TextSource></Sources></Project>"))
        out.writestr(f"sources/{QDPX_SOURCE}.txt", text.encode("utf-8"))
    return path


def qdpx_refusal(tmp_path: Path) -> BaseException:
    path = qdpx_with(tmp_path / "p.qdpx", "\ufeffLe maire a parlé.\r\nPuis la route.\r\n",
                     [(1, 10, 15, "maire"), (2, 0, 8, "la route")])
    with pytest.raises(QdpxProblems) as caught:
        read_qdpx(path)
    return caught.value


def test_selections_off_their_text_are_refused_in_english_as_before(tmp_path):
    message = str(qdpx_refusal(tmp_path))
    assert ("the texts its selections name are not at their positions, however they are counted (tried "
            "the byte-order mark counted or not, a CRLF as one character or two); nothing from this source "
            "is imported. Closest, counting code points, no byte-order mark, CRLF as two characters: "
            "2 of 2 differ: PlainTextSelection 5e1e0000-0000-4000-8000-000000000001 (10-15): name 'maire', "
            "text there ") in message
    assert "; PlainTextSelection 5e1e0000-0000-4000-8000-000000000002 (0-8): name 'la route'" in message


def test_selections_off_their_text_are_refused_in_french(tmp_path, french):
    refusal = qdpx_refusal(tmp_path)
    shown = describe(refusal)
    assert "non importé" in shown or "importé" in shown
    assert "ne sont pas à leurs positions, quelle que soit la façon de les compter (essayé " in shown
    assert "l’indicateur d’ordre des octets compté ou non, un CRLF comme un caractère ou deux" in shown
    assert (f"Le plus proche, en comptant points de code, sans indicateur d’ordre des octets, CRLF comme "
            f"deux caractères{NBSP}: 2 sur 2 diffèrent{NBSP}: PlainTextSelection") in shown
    assert (f"{NNBSP}; PlainTextSelection 5e1e0000-0000-4000-8000-000000000002 (0-8){NBSP}: "
            "nom 'la route'") in shown
    assert "Closest" not in shown and "text there" not in shown
    assert "Closest, counting code points" in str(refusal)  # the record stays English


def test_a_csv_without_a_document_column_names_the_alternatives_in_french(tmp_path, french):
    path = tmp_path / "a.csv"
    path.write_text("label,start,end,annotator\nclaim,0,4,ana\n", encoding="utf-8")
    with pytest.raises(MergeRefused) as caught:
        read_annotation_csv_rows(path)
    assert "missing column document_sha256 or document_id or document_title" in str(caught.value)
    shown = describe(caught.value)
    assert "colonne manquante document_sha256 ou document_id ou document_title" in shown
    assert " or " not in shown


def test_a_merge_refusal_reads_english_in_str_even_when_made_in_french(tmp_path, french):
    refusal = merge_refusal(tmp_path)
    assert ": not merged, nothing was changed (1 problem):" in str(refusal)
    assert "non fusionné" in describe(refusal) or "fusionn" in describe(refusal)
    assert "nothing was changed" not in describe(refusal)
