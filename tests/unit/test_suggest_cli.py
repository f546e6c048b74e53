"""`annotator suggest`: suggestions stored in the project, a CSV whose offsets slice the stored
text exactly, a summary in the reader's language, and bad input refused without a trace."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from tests.helpers import files_state, imported

from annotator import i18n
from annotator.cli import main
from annotator.domain.suggest import propose
from annotator.services.annotations import add_annotation
from annotator.services.documents import get_document_text, import_texts, list_documents
from annotator.services.project import open_project

QUOTED = (
    "Le ministre a déclaré : « La réforme sauvera des emplois. » "
    "La syndicaliste Marie Dupont a répondu : « Nous ne céderons pas. »\n"
)
OTHER = "He said: “We will not give in,” according to the union leader Mary Smith.\n"
NOTHING = "Un texte sans citation.\n"
COLUMNS = ["suggestion_id", "document_id", "document_sha256", "label", "start", "end", "text",
           "source_suggestion_id"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project_path(tmp_path):
    """A closed project with three articles imported without suggestions."""
    path = tmp_path / "p.annotator"
    project = open_project(path)
    import_texts(project, [imported(QUOTED, "a.txt", "A"), imported(OTHER, "b.txt", "B"),
                           imported(NOTHING, "c.txt", "C")], suggest=False)
    project.close()
    return path


def suggestion_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM suggestions ORDER BY id").fetchall()


def expected_count(*texts: str) -> int:
    return sum(len(propose(text)) for text in texts)


def test_suggest_stores_suggestions_and_writes_a_csv_that_slices_the_text(project_path, tmp_path, capsys):
    out = tmp_path / "suggestions.csv"
    code, said, err = run(capsys, "suggest", "-p", str(project_path), "--out", str(out))
    assert code == 0 and err == ""
    n = expected_count(QUOTED, OTHER, NOTHING)
    assert len(suggestion_rows(project_path)) == n
    assert f"{n} open suggestions in 3 documents, {n} of them new" in said
    assert f"{n} suggestions written to {out}" in said
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == n + 1
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == COLUMNS
    project = open_project(project_path, read_only=True)
    try:
        docs = {d.uuid: d for d in list_documents(project)}
        texts = {uuid: get_document_text(project, d.id) for uuid, d in docs.items()}
    finally:
        project.close()
    ids = {row["suggestion_id"] for row in rows}
    for row in rows:
        assert row["text"] == texts[row["document_id"]][int(row["start"]):int(row["end"])]
        assert row["document_sha256"] == docs[row["document_id"]].sha256
        assert row["label"] in ("claim", "source")
        assert row["source_suggestion_id"] in ids | {""}
    # again: nothing new, the same suggestions
    code, said, _ = run(capsys, "suggest", "-p", str(project_path))
    assert code == 0 and "0 of them new" in said
    assert len(suggestion_rows(project_path)) == n


def test_only_the_documents_named(project_path, tmp_path, capsys):
    code, said, _ = run(capsys, "suggest", "-p", str(project_path), "--document", "a.txt",
                        "--out", "-")
    assert code == 0
    lines = said.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 1 + expected_count(QUOTED)
    assert {row[2] for row in suggestion_rows(project_path)} == {1}


def test_spreadsheet_output_starts_with_a_bom_and_reads_back_the_same(project_path, tmp_path, capsys):
    plain, sheet = tmp_path / "plain.csv", tmp_path / "sheet.csv"
    assert run(capsys, "suggest", "-p", str(project_path), "--out", str(plain))[0] == 0
    assert run(capsys, "suggest", "-p", str(project_path), "--out", str(sheet), "--spreadsheet")[0] == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sheet.read_text(encoding="utf-8-sig") == plain.read_text(encoding="utf-8")


def test_a_document_in_neither_language_is_named_in_the_summary(project_path, capsys):
    code, said, _ = run(capsys, "suggest", "-p", str(project_path), "--document", "c.txt")
    assert code == 0
    assert "1 document is in neither French nor English: nothing proposed in it" in said


@pytest.mark.parametrize("argv, expected", [
    (["--document", "nowhere.txt"], "no document matches 'nowhere.txt' (give its id, SHA-256 or file name)"),
    (["--out", "missing/s.csv"], "does not exist"),
])
def test_bad_input_is_one_line_and_changes_nothing(project_path, tmp_path, capsys, argv, expected):
    argv = [arg.replace("missing/", str(tmp_path / "missing") + "/") for arg in argv]
    before = files_state(tmp_path)
    code, said, err = run(capsys, "suggest", "-p", str(project_path), *argv)
    assert code == 1 and said == ""
    assert err.startswith("annotator: error: ") and expected in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert files_state(tmp_path) == before


def test_a_missing_project_is_refused_not_created(tmp_path, capsys):
    code, _, err = run(capsys, "suggest", "-p", str(tmp_path / "none.annotator"))
    assert code == 1 and "no such project file" in err
    assert not (tmp_path / "none.annotator").exists()


def test_import_proposes_unless_told_not_to(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(QUOTED, encoding="utf-8")
    with_suggestions, without = tmp_path / "with.annotator", tmp_path / "without.annotator"
    assert run(capsys, "import", "-p", str(with_suggestions), str(article))[0] == 0
    assert run(capsys, "import", "-p", str(without), "--no-suggest", str(article))[0] == 0
    assert len(suggestion_rows(with_suggestions)) == expected_count(QUOTED)
    assert suggestion_rows(without) == []


def test_suggestions_change_no_export_statistic_or_agreement(project_path, tmp_path, capsys):
    project = open_project(project_path)
    doc = next(d for d in list_documents(project) if d.source_name == "a.txt")
    for who in ("ana", "bo"):
        add_annotation(project, doc.id, "claim", who, 26, 57)
    add_annotation(project, doc.id, "source", "bo", 60, 88)
    project.close()
    reports = [
        ("stats", "--format", "csv"),
        ("agreement", "--annotators", "ana", "bo", "--format", "csv"),
        ("export", "--out", "-"),
        ("info",),
    ]
    before = [run(capsys, *report, "-p", str(project_path))[1] for report in reports]
    assert run(capsys, "suggest", "-p", str(project_path))[0] == 0
    assert suggestion_rows(project_path)
    assert [run(capsys, *report, "-p", str(project_path))[1] for report in reports] == before


@pytest.fixture
def french(monkeypatch):
    """A French system: the command line follows it."""
    monkeypatch.setenv("LANGUAGE", "fr")
    yield
    i18n.set_language("en")


def test_the_summary_speaks_french(project_path, capsys, french):
    code, said, _ = run(capsys, "suggest", "-p", str(project_path), "--document", "c.txt")
    assert code == 0
    assert "0 suggestion ouverte dans 1 document, dont 0 nouvelle" in said
    assert "1 document n’est ni en français ni en anglais\u00a0: rien n’y est proposé" in said
