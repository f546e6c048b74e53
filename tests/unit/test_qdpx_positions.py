"""REFI-QDA positions as other programs count them: a byte-order mark, CRLF line breaks, UTF-16
code units; each source is read the way that puts every selection on the text it names."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, files_state, imported, span_of
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.domain.offsets import Utf16Map
from annotator.io.qdpx import STANDARD, PositionCounting, QdpxProblems, read_qdpx
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import get_document_text, import_texts, list_documents
from annotator.services.project import open_project
from annotator.services.qdpx_export import export_qdpx, import_qdpx, import_summary

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "qualcoder"
BOM = "\ufeff"
CODE = "c0de0000-0000-4000-8000-000000000001"
USER = "aaaa0000-0000-4000-8000-000000000001"

pytestmark = pytest.mark.usefixtures("backend")


# ----- QualCoder's own exports -------------------------------------------------------------------

def expected_codings() -> set[tuple[str, str, str, int, int, str]]:
    with open(FIXTURES / "expected.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 46
    return {(row["document_title"], row["label"].lower(), row["annotator"], int(row["start"]),
             int(row["end"]), row["text"]) for row in rows}


def codings_of(project) -> set[tuple[str, str, str, int, int, str]]:
    found = set()
    for document in list_documents(project):
        text = get_document_text(project, document.id)
        for ann in list_annotations(project, document.id):
            found.add((document.title, ann.label.lower(), ann.annotator, ann.start, ann.end,
                       text[ann.start:ann.end]))
    return found


@pytest.mark.parametrize("name, crlf_as_one", [
    ("qualcoder-default.qdpx", False),
    ("qualcoder-maxqda.qdpx", True),
])
def test_qualcoder_exports_import_with_every_coding_in_place(tmp_path, name, crlf_as_one):
    if not FIXTURES.is_dir():
        pytest.skip(f"the QualCoder fixtures are not at {FIXTURES}")
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_qdpx(project, FIXTURES / name)
    assert (report.documents_added, report.annotations_added) == (5, 46)
    assert codings_of(project) == expected_codings()
    with open(FIXTURES / "expected.csv", newline="", encoding="utf-8") as handle:
        digests = {row["document_title"]: row["document_sha256"] for row in csv.DictReader(handle)}
    assert {d.title: d.sha256 for d in list_documents(project)} == digests
    project.close()
    # The byte-order mark QualCoder writes and leaves out of its count is the standard way; its
    # "MAXQDA line endings" count each CRLF as one character, and the summary says so.
    countings = {item.counting for item in reading.countings}
    assert countings == {PositionCounting(crlf_as_one=crlf_as_one)}
    assert all(item.checked for item in reading.countings)
    summary = "\n".join(import_summary(reading, report))
    if crlf_as_one:
        assert "positions counted otherwise than the standard says in 5 text sources" in summary
        assert summary.count("each CRLF line break counted as one character") == 5
    else:
        assert "counted otherwise" not in summary


def test_the_maxqda_flavoured_export_imports_from_the_command_line(tmp_path, capsys):
    if not FIXTURES.is_dir():
        pytest.skip(f"the QualCoder fixtures are not at {FIXTURES}")
    target = project_place(tmp_path / "cli.annotator")
    assert main(["import", "--project", str(target), "--qdpx",
                 str(FIXTURES / "qualcoder-maxqda.qdpx")]) == 0
    out = capsys.readouterr().out
    assert "annotations added: 46" in out and "each CRLF line break counted as one" in out
    project = open_project(target)
    assert codings_of(project) == expected_codings()
    project.close()


# ----- synthetic projects ------------------------------------------------------------------------

def selection(guid: int, start: int, end: int, name: str | None) -> str:
    named = "" if name is None else f' name="{escape(name)}"'
    return (f'<PlainTextSelection guid="5e1e0000-0000-4000-8000-{guid:012d}"{named} '
            f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}">'
            f'<Coding guid="c0d10000-0000-4000-8000-{guid:012d}"><CodeRef targetGUID="{CODE}"/>'
            "</Coding></PlainTextSelection>")


def escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace("\n", "&#10;").replace("\r", "&#13;"))


def project_xml(sources: list[tuple[str, str, list[str]]]) -> str:
    """project.qde with one TextSource per (guid, name, selections), text in sources/<guid>.txt."""
    parts = [f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">'
             + "".join(selections) + "</TextSource>" for guid, name, selections in sources]
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="elsewhere">'
            f'<Users><User guid="{USER}" name="ana"/></Users>'
            f'<CodeBook><Codes><Code guid="{CODE}" name="claim" isCodable="true"/></Codes>'
            "</CodeBook><Sources>" + "".join(parts) + "</Sources></Project>")


def archive(path: Path, sources: list[tuple[str, str, bytes, list[str]]]) -> Path:
    """A .qdpx of (guid, name, file bytes, selections) sources."""
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("project.qde", project_xml([(g, n, s) for g, n, _, s in sources]))
        for guid, _, data, _ in sources:
            out.writestr(f"sources/{guid}.txt", data)
    return path


SOURCE = "0a1b2c3d-0000-4000-8000-00000000000{}"
TEXT = "Le maire l’a dit 😮 hier.\nLa ville 🏙️ construira le pont, dit-il.\n\nFin 🙄 de l’article.\n"
PARTS = ("maire", "hier", "construira le pont", "pont, dit-il.\n\nFin", "🙄")


def position(text: str, at: int, counting: PositionCounting) -> int:
    """Where code point `at` of `text` (LF) is for a program counting its CRLF file `counting`."""
    count = Utf16Map(text).to_utf16(at) if counting.utf16 else at
    if not counting.crlf_as_one:  # every earlier line break is two characters in the file
        count += text[:at].count("\n")
    return count + counting.bom


def positions(text: str, counting: PositionCounting) -> list[tuple[int, int, str]]:
    """(start, end, part) of each of PARTS as a program counting `counting` writes them."""
    return [(position(text, start, counting), position(text, end, counting), part)
            for part in PARTS for start, end in [span_of(text, part)]]


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("utf16", [False, True])
@pytest.mark.parametrize("crlf_as_one", [False, True])
def test_every_way_of_counting_lands_on_the_same_spans(tmp_path, bom, utf16, crlf_as_one):
    counting = PositionCounting(bom, utf16, crlf_as_one)
    data = ((BOM if bom else "") + TEXT.replace("\n", "\r\n")).encode("utf-8")
    selections = [selection(n, start, end, part) for n, (start, end, part)
                  in enumerate(positions(TEXT, counting))]
    path = archive(tmp_path / "p.qdpx", [(SOURCE.format(1), "article", data, selections)])
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_qdpx(project, path)
    (document,) = list_documents(project)
    stored = get_document_text(project, document.id)
    assert stored == TEXT
    assert sorted(stored[a.start:a.end] for a in list_annotations(project, document.id)) == sorted(
        PARTS)
    assert [item.counting for item in reading.countings] == [counting]
    summary = "\n".join(import_summary(reading, report))
    assert ("'article': " + counting.words() in summary) == (not counting.standard)
    assert ("counted otherwise" in summary) == (not counting.standard)
    project.close()


def test_a_bom_counted_as_a_character_is_found_and_reported(tmp_path):
    text = BOM + "Un texte court sans rien de spécial.\n"
    start, end = span_of(text, "texte court")
    path = archive(tmp_path / "p.qdpx", [(SOURCE.format(1), "court", text.encode("utf-8"),
                                          [selection(1, start, end, "texte court")])])
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_qdpx(project, path)
    (ann,) = list_annotations(project, list_documents(project)[0].id)
    assert text[1:][ann.start:ann.end] == "texte court"
    summary = import_summary(reading, report)
    assert "  'court': the byte-order mark counted as a character (1 selection checked against " \
           "the text named)" in summary
    project.close()


def test_selections_without_names_take_the_standard_way(tmp_path):
    """Nothing to check them against: code points, no BOM, CRLF as two, as the standard says."""
    text = BOM + "Première ligne 😮.\r\nDeuxième ligne, le pont.\r\n"
    body = text[1:]
    start, end = span_of(body, "le pont")
    path = archive(tmp_path / "p.qdpx", [(SOURCE.format(1), "sans noms", text.encode("utf-8"),
                                          [selection(1, start, end, None),
                                           selection(2, start, end, "")])])
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_qdpx(project, path)
    stored = get_document_text(project, list_documents(project)[0].id)
    spans = {stored[a.start:a.end] for a in list_annotations(project, list_documents(project)[0].id)}
    assert spans == {"le pont"}
    assert [(item.counting, item.checked) for item in reading.countings] == [(STANDARD, 0)]
    assert not any("counted otherwise" in line for line in import_summary(reading, report))
    project.close()


def test_unnamed_selections_follow_the_named_ones_of_their_source(tmp_path):
    """One named selection past the first line settles the count for the unnamed ones too."""
    text = "Ligne un.\r\nLigne deux, le pont.\r\nLigne trois, la route.\r\n"
    lf = text.replace("\r\n", "\n")
    named, unnamed = span_of(lf, "le pont"), span_of(lf, "la route")
    path = archive(tmp_path / "p.qdpx", [(SOURCE.format(1), "lignes", text.encode("utf-8"),
                                          [selection(1, *named, "le pont"),
                                           selection(2, *unnamed, None)])])
    project = open_project(project_place(tmp_path / "p.annotator"))
    import_qdpx(project, path)
    document = list_documents(project)[0]
    stored = get_document_text(project, document.id)
    assert sorted(stored[a.start:a.end] for a in list_annotations(project, document.id)) == [
        "la route", "le pont"]
    project.close()


def test_names_cut_short_or_spread_over_lines_still_match(tmp_path):
    text = BOM + "Le ministre a parlé longuement de la réforme des retraites hier soir.\n\nFin.\n"
    body = text[1:]
    long_start, long_end = span_of(body, "longuement de la réforme des retraites")
    across = span_of(body, "soir.\n\nFin")
    selections = [selection(1, long_start, long_end, "longuement de la réf…"),
                  selection(2, *across, "soir.\n\nFin"),
                  selection(3, *across, "soir.  Fin")]
    path = archive(tmp_path / "p.qdpx", [(SOURCE.format(1), "court", text.encode("utf-8"),
                                          selections)])
    reading = read_qdpx(path)
    assert [item.counting for item in reading.countings] == [STANDARD]
    assert reading.countings[0].checked == 3


def test_a_source_whose_names_fit_no_count_is_refused_naming_it(tmp_path):
    good = "Un bon texte, rien à redire.\n"
    bad = BOM + "Le maire a parlé du pont.\r\nPuis de la route.\r\n"
    folder = tmp_path / "in"
    folder.mkdir()
    selections = [selection(3, 10, 15, "maire"),  # under no way of counting
                  selection(4, 0, 8, "la route"),
                  selection(5, 0, 2, "Le")]  # only without the byte-order mark
    path = archive(folder / "mixed.qdpx", [
        (SOURCE.format(1), "bon", good.encode("utf-8"),
         [selection(1, *span_of(good, "bon texte"), "bon texte")]),
        (SOURCE.format(2), "mauvais", bad.encode("utf-8"), selections)])
    project = open_project(project_place(tmp_path / "target.annotator"))
    import_texts(project, [imported(ARTICLE, "a.txt", "A")])
    project.close()
    before = files_state(tmp_path)
    project = open_project(project_place(tmp_path / "target.annotator"))
    with pytest.raises(QdpxProblems) as caught:
        import_qdpx(project, path)
    project.close()
    assert files_state(tmp_path) == before
    message = str(caught.value)
    assert message.startswith(f"{path}: not imported, nothing was changed (1 problem):")
    assert f"TextSource {SOURCE.format(2)} ('mauvais')" in message
    assert "nothing from this source is imported" in message
    assert "tried the byte-order mark counted or not, a CRLF as one character or two" in message
    assert "2 of 3 differ" in message
    assert ("PlainTextSelection 5e1e0000-0000-4000-8000-000000000004 " in message
            and "name 'la route', text there 'Le maire'" in message)
    assert "'bon'" not in message


def test_the_command_line_refuses_it_and_makes_no_project(tmp_path, capsys):
    text = "Le maire a parlé du pont.\n"
    path = archive(tmp_path / "p.qdpx", [(SOURCE.format(1), "faux", text.encode("utf-8"),
                                          [selection(1, 3, 8, "le pont")])])
    target = tmp_path / "never.annotator"
    assert main(["import", "--project", str(target), "--qdpx", str(path)]) == 1
    err = capsys.readouterr().err
    assert "('faux')" in err and "name 'le pont', text there 'maire'" in err
    assert not target.exists()


# ----- what we write -------------------------------------------------------------------------------

def test_an_article_with_emoji_round_trips_through_a_reader_that_follows_the_standard(tmp_path):
    """Our positions are code points of the source file we write (UTF-8, no BOM, LF)."""
    project = open_project(tmp_path / "work.annotator")
    import_texts(project, [imported(ARTICLE, "a.txt", "A")])
    doc = list_documents(project)[0]
    after = ARTICLE.index("😮")
    spans = {"source": span_of(ARTICLE, "L’opposition"), "framing": (after - 2, after + 1),
             "claim": span_of(ARTICLE, "et cite l’INSEE")}
    for label, (start, end) in spans.items():
        add_annotation(project, doc.id, label, "ana", start, end)
    out = tmp_path / "work.qdpx"
    export_qdpx(project, out)
    project.close()
    import xml.etree.ElementTree as ET
    ns = {"q": "urn:QDA-XML:project:1.0"}
    with zipfile.ZipFile(out) as zipped:
        root = ET.fromstring(zipped.read("project.qde"))
        (source,) = root.iterfind(".//q:TextSource", ns)
        data = zipped.read("sources/" + source.get("plainTextPath").split("://")[1])
    assert not data.startswith(BOM.encode("utf-8")) and b"\r" not in data
    text = data.decode("utf-8")
    read = {text[int(s.get("startPosition")):int(s.get("endPosition"))]
            for s in source.iterfind("q:PlainTextSelection", ns)}
    assert read == {ARTICLE[start:end] for start, end in spans.values()}
    fresh = open_project(project_place(tmp_path / "fresh.annotator"))
    reading, _ = import_qdpx(fresh, out)
    assert [item.counting for item in reading.countings] == [STANDARD]
    (document,) = list_documents(fresh)
    assert {(a.label, a.start, a.end) for a in list_annotations(fresh, document.id)} == {
        (label, start, end) for label, (start, end) in spans.items()}
    fresh.close()


def test_our_export_rewritten_in_utf16_units_imports_to_the_same_spans(tmp_path):
    """A program on UTF-16 strings writes the same project with an emoji counted two."""
    import re

    project = open_project(tmp_path / "work.annotator")
    import_texts(project, [imported(ARTICLE, "a.txt", "A")])
    doc = list_documents(project)[0]
    long_span = span_of(ARTICLE, "L’opposition parle d’un « désastre annoncé » 😮 et cite l’INSEE")
    add_annotation(project, doc.id, "claim", "ana", *long_span)  # its name is cut at 60
    add_annotation(project, doc.id, "source", "ana", *span_of(ARTICLE, "l’INSEE"))
    export_qdpx(project, tmp_path / "ours.qdpx")
    project.close()
    units = Utf16Map(ARTICLE)
    with zipfile.ZipFile(tmp_path / "ours.qdpx") as ours, \
            zipfile.ZipFile(tmp_path / "utf16.qdpx", "w") as theirs:
        for name in ours.namelist():
            data = ours.read(name)
            if name == "project.qde":
                data = re.sub(rb'(startPosition|endPosition)="(\d+)"', lambda m: b'%s="%d"' % (
                    m.group(1), units.to_utf16(int(m.group(2)))), data)
            theirs.writestr(name, data)
    for name in ("ours.qdpx", "utf16.qdpx"):
        place = tmp_path / f"{name}.annotator"
        fresh = open_project(project_place(place) if name == "utf16.qdpx" else place)
        reading, report = import_qdpx(fresh, tmp_path / name)
        (document,) = list_documents(fresh)
        stored = get_document_text(fresh, document.id)
        assert {stored[a.start:a.end] for a in list_annotations(fresh, document.id)} == {
            ARTICLE[slice(*long_span)], "l’INSEE"}
        utf16 = name == "utf16.qdpx"
        assert [item.counting for item in reading.countings] == [PositionCounting(utf16=utf16)]
        assert ("'A': UTF-16 code units (an emoji counts two) (2 selections checked against "
                "the text named)" in "\n".join(import_summary(reading, report))) == utf16
        fresh.close()
