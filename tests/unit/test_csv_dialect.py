"""The CSV the project writes, byte for byte: RFC 4180 as the README documents it (CRLF record
ends, fields quoted only when they hold a comma, a quote or a line break), and the spreadsheet
variant's formula guard, which `annotator merge` undoes exactly."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from tests.helpers import imported

from annotator.cli import main
from annotator.io.export import FORMULA_TRIGGERS, plain_cell, spreadsheet_cell, write_records
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts, list_documents
from annotator.services.links import add_link
from annotator.services.project import open_project

BOM = b"\xef\xbb\xbf"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# The guard itself


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_guarded_with_one_quote(trigger):
    assert spreadsheet_cell(f"{trigger}SUM(A1)") == f"'{trigger}SUM(A1)"
    assert spreadsheet_cell(trigger) == f"'{trigger}"
    assert spreadsheet_cell(f"'{trigger}x") == f"''{trigger}x"  # a quote the text really has
    assert spreadsheet_cell(f"a{trigger}b") == f"a{trigger}b"  # only the first character counts


def test_the_guarded_characters_are_exactly_the_documented_ones():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}
    for code_point in range(0x250):
        char = chr(code_point)
        guarded = spreadsheet_cell(char + "x") != char + "x"
        assert guarded == (char in "=+-@\t\r"), repr(char)


@pytest.mark.parametrize("cell", ["", "plain", "'quoted", "''", "a=b", " =x", "\n=x", 5, 0.25,
                                  None])
def test_cells_that_a_spreadsheet_takes_as_text_are_left_alone(cell):
    assert spreadsheet_cell(cell) == cell


def test_the_guard_is_undone_exactly_for_every_text():
    alphabet = ["'", "=", "+", "-", "@", "\t", "\r", "a", "\n"]
    for length in range(5):
        for chars in itertools.product(alphabet, repeat=length):
            text = "".join(chars)
            assert plain_cell(spreadsheet_cell(text)) == text, repr(text)


# Minimal quoting, CRLF record ends


def test_records_are_quoted_only_where_needed_and_end_in_crlf():
    out = io.StringIO(newline="")
    n = write_records(
        ("a", "b", "c", "d", "e", "f", "g", "h"),
        [("plain", "with, comma", 'a "quoted" word', "two\nlines", "cr\rhere", "", 42, "é 😮 ;|\t")],
        out,
    )
    assert n == 1
    assert out.getvalue() == (
        "a,b,c,d,e,f,g,h\r\n"
        'plain,"with, comma","a ""quoted"" word","two\nlines","cr\rhere",,42,é 😮 ;|\t\r\n'
    )


def test_the_spreadsheet_variant_adds_a_bom_and_guards_without_other_change():
    out = io.StringIO(newline="")
    write_records(("x", "y"), [("=1+1", "-2"), ("'=3", "a,b"), (7, "@me")], out, spreadsheet=True)
    assert out.getvalue() == "\ufeffx,y\r\n'=1+1,'-2\r\n''=3,\"a,b\"\r\n7,'@me\r\n"


TEXT = (
    "'=A1 quote and equals\n"
    "''=B2 two quotes\n"
    "=C3 formula\n"
    "+D4 plus\n"
    "-E5 minus\n"
    "@F6 at\n"
    "\tG7 tab\n"
    "'H8 a quote alone, \"and quotes\"\n"
)
NOTES = ["'=note", "''=note", "=note", "+note", "-note", "@note", "\tnote", "\rnote",
         "line\r\nbreak, \"quoted\""]


@pytest.fixture
def tricky(tmp_path) -> tuple[Path, list]:
    """A project whose spans and notes start with every guarded character and with quotes."""
    path = tmp_path / "p.annotator"
    project = open_project(path)
    import_texts(project, [imported(TEXT, "t.txt", "Titre, \"cité\"", "2023-04")])
    (doc,) = list_documents(project)
    lines = TEXT.splitlines(keepends=True)
    made = []
    start = 0
    for number, (line, note) in enumerate(zip(lines, NOTES, strict=False)):
        label = "claim" if number % 2 else "source"
        made.append(add_annotation(project, doc.id, label, "ana", start, start + len(line) - 1,
                                   note))
        start += len(line)
    project.close()
    return path, made


def _rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding=encoding, newline="")))


def test_the_annotation_export_is_rfc_4180_byte_for_byte(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    project = open_project(path)
    text = "Le maire, dit-on, a \"menti\".\nFin.\n"
    import_texts(project, [imported(text, "a.txt", "Maire", "2024-01-02")])
    (doc,) = list_documents(project)
    ann = add_annotation(project, doc.id, "claim", "ana", 0, 16, "a note, with \"quotes\"\nand a line")
    plain = add_annotation(project, doc.id, "source", "ben", 29, 32)
    project.close()
    out = tmp_path / "out.csv"
    assert run(capsys, "export", "-p", str(path), "--out", str(out))[0] == 0
    assert out.read_bytes().decode("utf-8") == (
        "annotation_id,document_id,document_title,document_date,document_sha256,annotator,label,"
        "start,end,text,note,created_at,updated_at,review_status,reviewer,review_comment,"
        "reviewed_at,document_outlet,document_url,origin\r\n"
        f"{ann.uuid},{doc.uuid},Maire,2024-01-02,{doc.sha256},ana,claim,0,16,"
        f'"Le maire, dit-on","a note, with ""quotes""\nand a line",{ann.created_at},'
        f"{ann.updated_at},,,,,,,manual\r\n"
        f"{plain.uuid},{doc.uuid},Maire,2024-01-02,{doc.sha256},ben,source,29,32,Fin,,"
        f"{plain.created_at},{plain.updated_at},,,,,,,manual\r\n"
    )


def test_the_spreadsheet_export_guards_each_trigger_once(tricky, tmp_path, capsys):
    path, made = tricky
    out = tmp_path / "sheet.csv"
    assert run(capsys, "export", "-p", str(path), "--out", str(out), "--spreadsheet")[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    rows = _rows(out, "utf-8-sig")
    assert [row["text"] for row in rows] == [
        "''=A1 quote and equals", "'''=B2 two quotes", "'=C3 formula", "'+D4 plus", "'-E5 minus",
        "'@F6 at", "'\tG7 tab", "'H8 a quote alone, \"and quotes\"",
    ]
    assert [row["note"] for row in rows] == [
        "''=note", "'''=note", "'=note", "'+note", "'-note", "'@note", "'\tnote", "'\rnote",
    ]
    assert rows[0]["document_title"] == 'Titre, "cité"'
    assert rows[0]["start"] == "0" and rows[0]["document_date"] == "2023-04"


def test_a_spreadsheet_export_merges_back_to_exactly_the_texts_and_notes(tricky, tmp_path, capsys):
    path, _ = tricky
    sheet = tmp_path / "sheet.csv"
    assert run(capsys, "export", "-p", str(path), "--out", str(sheet), "--spreadsheet")[0] == 0
    fresh = tmp_path / "fresh.annotator"
    project = open_project(fresh)
    import_texts(project, [imported(TEXT, "t.txt", "Titre, \"cité\"", "2023-04")])
    project.close()
    code, out, err = run(capsys, "merge", "-p", str(fresh), str(sheet))
    assert code == 0, err
    assert "annotations added: 8" in out and "skipped: 0" in out
    first, again = tmp_path / "first.csv", tmp_path / "again.csv"
    assert run(capsys, "export", "-p", str(path), "--out", str(first))[0] == 0
    assert run(capsys, "export", "-p", str(fresh), "--out", str(again))[0] == 0
    keep = ("annotation_id", "annotator", "label", "start", "end", "text", "note", "created_at",
            "updated_at")
    original = [{k: row[k] for k in keep} for row in _rows(first)]
    assert [{k: row[k] for k in keep} for row in _rows(again)] == original
    assert {row["note"] for row in original} >= {"'=note", "''=note", "\rnote"}


# Links and statistics: the same dialect, and --spreadsheet


def _linked(tmp_path) -> tuple[Path, object, object, object]:
    path = tmp_path / "l.annotator"
    project = open_project(path)
    text = "=Le ministre, « dit-il », ment.\n"
    import_texts(project, [imported(text, "a.txt", "A")])
    (doc,) = list_documents(project)
    source = add_annotation(project, doc.id, "source", "ana", 0, 12)
    claim = add_annotation(project, doc.id, "claim", "ana", 14, 30)
    link = add_link(project, claim.id, source.id, "ana")
    project.close()
    return path, doc, source, claim, link


def test_the_links_csv_is_rfc_4180_and_has_a_spreadsheet_variant(tmp_path, capsys):
    path, doc, source, claim, link = _linked(tmp_path)
    out = tmp_path / "links.csv"
    assert run(capsys, "export", "-p", str(path), "--links", "--out", str(out))[0] == 0
    row = (f"{link.uuid},attributed_to,{claim.uuid},{source.uuid},claim,source,"
           "\"« dit-il », ment\",{source_text},{doc},ana,{created}\r\n")
    header = ("link_id,relation,from_annotation_id,to_annotation_id,from_label,to_label,"
              "from_text,to_text,document_id,annotator,created_at\r\n")
    assert out.read_bytes().decode("utf-8") == header + row.format(
        source_text="=Le ministre", doc=doc.uuid, created=link.created_at)
    sheet = tmp_path / "links-sheet.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "--links", "--spreadsheet",
                       "--out", str(sheet))
    assert code == 0, err
    assert sheet.read_bytes().decode("utf-8") == "\ufeff" + header + row.format(
        source_text="'=Le ministre", doc=doc.uuid, created=link.created_at)


def test_stats_csv_has_a_spreadsheet_variant(tmp_path, capsysbinary):
    path, *_ = _linked(tmp_path)
    capsysbinary.readouterr()
    assert main(["stats", "-p", str(path), "--format", "csv"]) == 0
    plain = capsysbinary.readouterr().out
    assert main(["stats", "-p", str(path), "--format", "csv", "--spreadsheet"]) == 0
    sheet = capsysbinary.readouterr().out
    assert plain.startswith(b"table,by,group,label,annotator,source,measure,value\r\n")
    assert b"source_claims,corpus,corpus,,,=Le ministre,claims,1\r\n" in plain
    assert sheet == BOM + plain.replace(b",=Le ministre,", b",'=Le ministre,")


def test_stats_spreadsheet_needs_csv(tmp_path, capsys):
    path, *_ = _linked(tmp_path)
    code, out, err = run(capsys, "stats", "-p", str(path), "--spreadsheet")
    assert code == 1 and out == ""
    assert err == "annotator: error: --spreadsheet goes with --format csv\n"
