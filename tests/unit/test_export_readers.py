"""The export as researchers read it: pandas gets every cell back exactly, offsets slice the stored text."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import list_documents
from annotator.services.project import open_project

pd = pytest.importorskip("pandas")

TRICKY = (
    "=HYPERLINK(\"x\") « Le ministre » a dit,\r\nselon l’AFP 😮, que « tout va bien ».\n"
    "Ligne avec\u00a0NBSP, e\u0301 combinant, عربي, and a \"quoted\" word; -42 +7 @user\n"
)


@pytest.fixture
def exported(tmp_path):
    source = tmp_path / "tricky.txt"
    source.write_bytes(TRICKY.encode("utf-8"))
    path = tmp_path / "p.annotator"
    assert main(["import", "-p", str(path), str(source)]) == 0
    project = open_project(path)
    (doc,) = list_documents(project)
    text = TRICKY.replace("\r\n", "\n")
    for label, phrase, note in [
        ("claim", "=HYPERLINK(\"x\")", "starts with ="),
        ("source", "l’AFP 😮", "emoji\nand a newline, a \"quote\""),
        ("framing", "e\u0301 combinant, عربي", ""),
        ("claim", "-42 +7 @user", ""),
        ("source", "« Le ministre » a dit,\nselon", "spans a line break"),
    ]:
        start = text.index(phrase)
        add_annotation(project, doc.id, label, "ana", start, start + len(phrase), note)
    project.close()
    documents = tmp_path / "texts"
    assert main(["documents", "-p", str(path), "--out", str(documents)]) == 0
    return path, documents


def test_pandas_reads_the_csv_as_is_and_offsets_slice_the_stored_text(exported, tmp_path):
    path, documents = exported
    out = tmp_path / "a.csv"
    assert main(["export", "-p", str(path), "--out", str(out)]) == 0
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert list(df.columns)[:3] == ["annotation_id", "document_id", "document_title"]
    assert len(df) == 5
    for row in df.itertuples():
        stored = (documents / f"{row.document_id}.txt").read_bytes().decode("utf-8")
        assert stored[int(row.start) : int(row.end)] == row.text
    notes = set(df.note)
    assert "emoji\nand a newline, a \"quote\"" in notes
    assert "=HYPERLINK(\"x\")" in set(df.text)  # byte-faithful: no quote prefix by default


def test_pandas_reads_the_spreadsheet_variant_with_formulas_defused(exported, tmp_path):
    path, _ = exported
    out = tmp_path / "s.csv"
    assert main(["export", "-p", str(path), "--out", str(out), "--spreadsheet"]) == 0
    df = pd.read_csv(out, keep_default_na=False, dtype=str, encoding="utf-8-sig")
    texts = set(df.text)
    assert "'=HYPERLINK(\"x\")" in texts and "'-42 +7 @user" in texts


def test_pandas_reads_json_lines(exported, tmp_path):
    path, documents = exported
    out = tmp_path / "a.jsonl"
    assert main(["export", "-p", str(path), "--out", str(out), "--format", "jsonl"]) == 0
    df = pd.read_json(out, lines=True, dtype=False)
    assert len(df) == 5
    for record in map(json.loads, out.read_text(encoding="utf-8").splitlines()):
        stored = (documents / f"{record['document_id']}.txt").read_bytes().decode("utf-8")
        assert stored[record["start"] : record["end"]] == record["text"]


def test_the_spreadsheet_variant_differs_only_by_one_quote_before_formula_like_cells(exported,
                                                                                   tmp_path):
    path, _ = exported
    plain, sheet = tmp_path / "plain.csv", tmp_path / "sheet.csv"
    assert main(["export", "-p", str(path), "--out", str(plain)]) == 0
    assert main(["export", "-p", str(path), "--out", str(sheet), "--spreadsheet"]) == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    ours = pd.read_csv(plain, keep_default_na=False, dtype=str)
    theirs = pd.read_csv(sheet, keep_default_na=False, dtype=str, encoding="utf-8-sig")
    assert list(theirs.columns) == list(ours.columns)
    guarded = 0
    for column in ours.columns:
        for mine, shown in zip(ours[column], theirs[column], strict=True):
            if mine[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert shown == "'" + mine
                guarded += 1
            else:
                assert shown == mine
    assert guarded == 7  # two texts, and the title (its first line) in each of the five rows
