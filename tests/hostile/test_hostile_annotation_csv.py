"""Annotation CSVs from outside (what `annotator merge` reads): numbers too long to be offsets,
control characters in names and notes, UUID columns that hold no UUID. Each is refused naming the
file and the row, and the project is left as it was."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from tests.helpers import files_state, imported

from annotator.cli import main
from annotator.services.documents import import_texts, list_documents
from annotator.services.project import open_project

TEXT = "Selon le ministre, tout va bien.\n"
COLUMNS = ("label", "start", "end", "annotator", "document_sha256", "document_id",
           "annotation_id", "note", "review_status", "reviewer", "reviewed_at", "review_comment")


@pytest.fixture
def project(tmp_path) -> tuple[Path, str, str]:
    path = tmp_path / "p.annotator"
    store = open_project(path)
    import_texts(store, [imported(TEXT, "a.txt", "A")])
    (doc,) = list_documents(store)
    store.close()
    return path, doc.sha256, doc.uuid


def _csv(tmp_path: Path, rows: list[dict[str, str]], name: str = "in.csv") -> Path:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in COLUMNS})
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode("utf-8"))
    return path


def _row(sha: str, **values: str) -> dict[str, str]:
    return {"label": "claim", "start": "6", "end": "17", "annotator": "ana",
            "document_sha256": sha, **values}


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM annotations").fetchone()[0]


def _refused(capsys, tmp_path: Path, project: Path, csv_path: Path) -> str:
    before = files_state(tmp_path)
    count = _count(project)
    code = main(["merge", "-p", str(project), str(csv_path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert f"{csv_path}: not merged, nothing was changed" in err
    assert "Traceback" not in err
    assert files_state(tmp_path) == before
    assert _count(project) == count
    return err


@pytest.mark.parametrize("column", ["start", "end"])
@pytest.mark.parametrize("number", ["9" * 5000, "0" * 4999 + "7", "1" * 19, "-" + "9" * 4400])
def test_a_number_too_long_for_an_offset_is_refused(capsys, tmp_path, project, column, number):
    path, sha, _ = project
    csv_path = _csv(tmp_path, [_row(sha), _row(sha, **{column: number})])
    err = _refused(capsys, tmp_path, path, csv_path)
    assert f"in.csv, row 3: {column} is not a valid offset" in err
    assert number[:30] not in err  # the digits are counted, not printed
    assert len(err) < 400


def test_an_offset_of_eighteen_digits_is_only_out_of_range(capsys, tmp_path, project):
    path, sha, _ = project
    csv_path = _csv(tmp_path, [_row(sha, end="9" * 18)])
    err = _refused(capsys, tmp_path, path, csv_path)
    assert "in.csv, row 2:" in err and "not a valid offset" not in err


@pytest.mark.parametrize("column", ["annotator", "label", "reviewer"])
@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\t", "\n"])
def test_a_control_character_in_a_name_is_refused(capsys, tmp_path, project, column, control):
    path, sha, _ = project
    bad = f"an{control}[31ma"
    extra = {"review_status": "accepted", "reviewer": "ben",
             "reviewed_at": "2024-01-01T00:00:00Z"}
    csv_path = _csv(tmp_path, [_row(sha, **{**extra, column: bad})])
    err = _refused(capsys, tmp_path, path, csv_path)
    assert f"in.csv, row 2: {column} {bad!r} contains the control character U+{ord(control):04X}" in err
    assert control not in err.replace("\n", "") or control == "\n"


@pytest.mark.parametrize("column", ["note", "review_comment"])
@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x0b", "\x0c", "\x9b"])
def test_a_control_character_in_a_note_is_refused(capsys, tmp_path, project, column, control):
    path, sha, _ = project
    extra = {"review_status": "accepted", "reviewer": "ben",
             "reviewed_at": "2024-01-01T00:00:00Z"}
    csv_path = _csv(tmp_path, [_row(sha, **{**extra, column: f"a{control}b"})])
    err = _refused(capsys, tmp_path, path, csv_path)
    assert f"in.csv, row 2: {column} contains the control character U+{ord(control):04X}" in err


def test_tabs_and_line_breaks_in_notes_are_text(capsys, tmp_path, project):
    path, sha, _ = project
    note = "first\tcolumn\nsecond line\r\nthird"
    csv_path = _csv(tmp_path, [_row(sha, note=note)])
    assert main(["merge", "-p", str(path), str(csv_path)]) == 0, capsys.readouterr().err
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT note FROM annotations").fetchone()[0] == note


@pytest.mark.parametrize("column", ["annotation_id", "document_id"])
@pytest.mark.parametrize("value", ["not-a-uuid", "12345", "x" * 5000,
                                   "6f1c2a9e-0000-0000-0000-00000000000g"])
def test_a_uuid_column_without_a_uuid_is_refused(capsys, tmp_path, project, column, value):
    path, sha, _ = project
    csv_path = _csv(tmp_path, [_row(sha, **{column: value})])
    err = _refused(capsys, tmp_path, path, csv_path)
    assert f"in.csv, row 2: {column} " in err and "is not a UUID" in err
    assert len(err) < 400


def test_uuids_in_other_spellings_are_stored_in_the_usual_form(capsys, tmp_path, project):
    path, _, doc_uuid = project
    spelled = "{6F1C2A9E-5B7D-4C3E-8A1B-2C3D4E5F6A7B}"
    csv_path = _csv(tmp_path, [{"label": "claim", "start": "6", "end": "17", "annotator": "ana",
                                "document_id": doc_uuid.upper(), "annotation_id": spelled}])
    code = main(["merge", "-p", str(path), str(csv_path)])
    assert code == 0, capsys.readouterr().err
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT uuid FROM annotations").fetchone()[0]
    assert stored == "6f1c2a9e-5b7d-4c3e-8a1b-2c3d4e5f6a7b"


def test_every_problem_of_a_hostile_file_is_listed_by_row(capsys, tmp_path, project):
    path, sha, _ = project
    csv_path = _csv(tmp_path, [
        _row(sha),
        _row(sha, start="9" * 5000),
        _row(sha, annotator="an\x00a"),
        _row(sha, label="cl\x1baim"),
        _row(sha, document_id="nope"),
    ])
    err = _refused(capsys, tmp_path, path, csv_path)
    assert "(4 problems)" in err
    for row in (3, 4, 5, 6):
        assert f"in.csv, row {row}:" in err
