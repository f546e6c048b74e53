"""REFI-QDA (.qdpx) projects in and out, as an analyst exchanging work with QualCoder sees it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xmlschema
from tests.helpers import ARTICLE, imported, span_of
from tests.pg_cluster import committed_dump as dump
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.io.qdpx import QdpxProblems, read_qdpx
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import get_document_text, import_texts, list_documents
from annotator.services.labels import list_labels
from annotator.services.links import add_link, list_links
from annotator.services.project import open_project
from annotator.services.qdpx_export import export_qdpx, import_qdpx, import_summary

SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[1] / "fixtures/refi-qda/Project-mrt2019.xsd")
NS = {"q": "urn:QDA-XML:project:1.0"}
#: Attributes of project.qde that differ between two exports of the same work.
VOLATILE = ("name", "creationDateTime")  # of <Project>: the project file's name, the export time


pytestmark = pytest.mark.usefixtures("backend")




def qde(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read("project.qde"))


def _annotated(place: Path | str):
    """A project with an article (metadata set), two annotators' spans, a note and a link."""
    project = open_project(place)
    document = imported(ARTICLE, "ministre.txt", "Le ministre défend la réforme", "2023-04",
                        outlet="Le Quotidien", url="https://example.org/reforme")
    second = imported("Un autre texte, sans annotation.\n", "autre.txt", "Autre")
    import_texts(project, [document, second])
    doc = list_documents(project)[0]
    claim_text = "la réforme « sauvera » 12 000 emplois d’ici 2025"
    start = ARTICLE.index(claim_text)
    claim = add_annotation(project, doc.id, "claim", "alice", start, start + len(claim_text),
                           note="chiffre à vérifier & <source> ?")
    who = ARTICLE.index("le ministre")
    source = add_annotation(project, doc.id, "source", "alice", who, who + len("le ministre"))
    emoji = ARTICLE.index("😮")
    add_annotation(project, doc.id, "framing", "bob", emoji - len("« désastre annoncé » "),
                   emoji + 1)
    add_link(project, claim.id, source.id, "alice")
    return project


@pytest.fixture
def annotated(backend, tmp_path):
    """`_annotated` in the test's own project (a file, or the server's database)."""
    project = _annotated(project_place(tmp_path / "work.annotator"))
    yield project
    project.close()


@pytest.fixture
def annotated_file(tmp_path):
    """`_annotated` in a project file, as a colleague would send it."""
    project = _annotated(tmp_path / "work.annotator")
    yield project
    project.close()


def test_export_is_valid_refi_qda_with_texts_selections_notes_and_links(annotated, tmp_path):
    out = tmp_path / "work.qdpx"
    result = export_qdpx(annotated, out)
    assert (result.documents, result.annotations, result.links) == (2, 3, 1)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde").decode("utf-8")
        SCHEMA.validate(xml)
        root = ET.fromstring(xml)
        for source in root.iterfind(".//q:TextSource", NS):
            document = next(d for d in list_documents(annotated) if d.uuid == source.get("guid"))
            stored = get_document_text(annotated, document.id)
            assert source.get("plainTextPath") == f"internal://{document.uuid}.txt"
            assert archive.read(f"sources/{document.uuid}.txt").decode("utf-8") == stored
            assert source.get("name") == document.title
            for selection in source.iterfind("q:PlainTextSelection", NS):
                covered = stored[int(selection.get("startPosition")):
                                 int(selection.get("endPosition"))]
                assert covered.startswith(selection.get("name").rstrip("…"))
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    assert sorted(users.values()) == ["alice", "bob"]
    codes = {c.get("name"): c for c in root.iterfind(".//q:Code", NS)}
    for label in list_labels(annotated):
        assert codes[label.name].get("color") == label.color
        assert codes[label.name].findtext("q:Description", "", NS) == label.definition
    selections = root.iterfind(".//q:PlainTextSelection", NS)
    notes = [selection.findtext("q:Description", None, NS) for selection in selections]
    assert "chiffre à vérifier & <source> ?" in notes
    (link,) = root.iterfind(".//q:Link", NS)
    doc = list_documents(annotated)[0]
    by_uuid = {a.uuid: a for a in list_annotations(annotated, doc.id)}
    assert link.get("name") == "attributed_to" and link.get("direction") == "OneWay"
    assert (by_uuid[link.get("originGUID")].label, by_uuid[link.get("targetGUID")].label) == (
        "claim", "source")
    values = [v.findtext("q:TextValue", "", NS) for v in root.iterfind(".//q:VariableValue", NS)]
    assert {"2023-04", "Le Quotidien", "https://example.org/reforme"} <= set(values)
    assert not list(tmp_path.glob(".*.part"))


def test_own_export_imports_into_a_new_project_and_again_changes_nothing(annotated_file, tmp_path):
    out = tmp_path / "work.qdpx"
    export_qdpx(annotated_file, out)
    fresh = open_project(project_place(tmp_path / "fresh.annotator"))
    reading, report = import_qdpx(fresh, out)
    assert (report.documents_added, report.annotations_added, report.links_added) == (2, 3, 1)
    before = {d.uuid: d for d in list_documents(annotated_file)}
    for document in list_documents(fresh):
        original = before[document.uuid]
        assert (document.title, document.date, document.outlet, document.url,
                document.source_name, document.sha256) == (
            original.title, original.date, original.outlet, original.url,
            original.source_name, original.sha256)
        theirs = list_annotations(annotated_file, original.id)
        ours = list_annotations(fresh, document.id)
        keep = ("uuid", "label", "annotator", "start", "end", "note", "created_at", "updated_at")
        assert [[getattr(a, k) for k in keep] for a in ours] == [
            [getattr(a, k) for k in keep] for a in theirs]
    doc = list_documents(fresh)[0]
    (link,) = list_links(fresh, doc.id)
    assert (link.relation, link.annotator) == ("attributed_to", "alice")

    state = dump(fresh.target)
    _, again = import_qdpx(fresh, out)
    assert not again.changed
    assert dump(fresh.target) == state
    fresh.close()


def test_round_trip_gives_the_same_project_qde_up_to_name_and_time(annotated_file, tmp_path):
    export_qdpx(annotated_file, tmp_path / "first.qdpx")
    fresh = open_project(project_place(tmp_path / "fresh.annotator"))
    import_qdpx(fresh, tmp_path / "first.qdpx")
    export_qdpx(fresh, tmp_path / "second.qdpx")
    fresh.close()
    first, second = qde(tmp_path / "first.qdpx"), qde(tmp_path / "second.qdpx")
    for root in (first, second):
        for attribute in VOLATILE:
            root.attrib.pop(attribute)
    assert ET.tostring(first) == ET.tostring(second)
    with zipfile.ZipFile(tmp_path / "first.qdpx") as a, \
            zipfile.ZipFile(tmp_path / "second.qdpx") as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        sources = [name for name in a.namelist() if name.startswith("sources/")]
        assert len(sources) == 2 and all(a.read(name) == b.read(name) for name in sources)


# ----- a project written by another program ------------------------------------------------------

RAW = "Interview with the mayor.\r\nWe will build the bridge,\r\nsaid the mayor on Monday.\r\n"
INLINE = "Second interview, typed in.\nNo bridge this year."
SOURCE_A = "0A1B2C3D-0000-4000-8000-00000000000A"
SOURCE_B = "0A1B2C3D-0000-4000-8000-00000000000B"
CODE = "C0DE0000-0000-4000-8000-00000000000"  # + one hex digit


def qualcoder_qde(end_override: int | None = None, code_ref: str = f"{CODE}1",
                  path_ref: str = "relative://interview.txt") -> str:
    bridge = span_of(RAW, "the bridge")
    across = span_of(RAW, "bridge,\r\nsaid")
    end = end_override if end_override is not None else bridge[1]
    inline = span_of(INLINE, "No bridge")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="town" origin="QualCoder-3.5"
    creationDateTime="2024-05-02T09:00:00Z">
<Users><User guid="AAAA0000-0000-4000-8000-000000000001" name="Maria Lopez"/>
<User guid="AAAA0000-0000-4000-8000-000000000002" name="Tom"/></Users>
<CodeBook><Codes>
<Code guid="C0DE0000-0000-4000-8000-0000000000FF" name="Places" isCodable="false">
  <Code guid="{CODE}1" name="infrastructure" isCodable="true" color="#0a8">
    <Description>Roads, bridges, pipes.</Description></Code>
  <Code guid="{CODE}2" name="promise" isCodable="true" color="#AA3355"/>
</Code>
<Code guid="{CODE}3" name="unused code" isCodable="true" color="#123456"/>
</Codes></CodeBook>
<Variables><Variable guid="7A7A0000-0000-4000-8000-000000000001" name="date" typeOfVariable="Text"/>
<Variable guid="7A7A0000-0000-4000-8000-000000000002" name="Outlet" typeOfVariable="Text"/>
</Variables>
<Sources>
<TextSource guid="{SOURCE_A}" name="interview.txt" plainTextPath="{path_ref}"
    creatingUser="AAAA0000-0000-4000-8000-000000000001" creationDateTime="2024-05-01T08:00:00Z">
  <PlainTextSelection guid="{{5E1E0000-0000-4000-8000-000000000001}}" name="the bridge"
      startPosition="{bridge[0]}" endPosition="{end}"
      creatingUser="AAAA0000-0000-4000-8000-000000000001" creationDateTime="2024-05-01T10:00:00Z">
    <Description>Check the budget.</Description>
    <Coding guid="C0D10000-0000-4000-8000-000000000001"
        creatingUser="AAAA0000-0000-4000-8000-000000000001">
      <CodeRef targetGUID="{code_ref}"/></Coding>
    <Coding guid="C0D10000-0000-4000-8000-000000000002"
        creatingUser="AAAA0000-0000-4000-8000-000000000002">
      <CodeRef targetGUID="{CODE}2"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="5E1E0000-0000-4000-8000-000000000002" name="bridge, said"
      startPosition="{across[0]}" endPosition="{across[1]}"
      creatingUser="AAAA0000-0000-4000-8000-000000000002" creationDateTime="2024-05-01T11:00:00Z">
    <Coding guid="C0D10000-0000-4000-8000-000000000003">
      <CodeRef targetGUID="{CODE}2"/>
      <NoteRef targetGUID="0E0E0000-0000-4000-8000-000000000001"/></Coding>
  </PlainTextSelection>
  <VariableValue><VariableRef targetGUID="7A7A0000-0000-4000-8000-000000000001"/>
    <TextValue>May 2024</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="7A7A0000-0000-4000-8000-000000000002"/>
    <TextValue>Town Gazette</TextValue></VariableValue>
</TextSource>
<TextSource guid="{SOURCE_B}" name="second">
  <PlainTextContent>{INLINE}</PlainTextContent>
  <PlainTextSelection guid="5E1E0000-0000-4000-8000-000000000003" startPosition="{inline[0]}"
      endPosition="{inline[1]}" creatingUser="AAAA0000-0000-4000-8000-000000000002">
    <Coding guid="C0D10000-0000-4000-8000-000000000004">
      <CodeRef targetGUID="{CODE}2"/></Coding>
  </PlainTextSelection>
</TextSource>
<PictureSource guid="0A1B2C3D-0000-4000-8000-00000000000C" name="map.png"
    path="internal://map.png"/>
</Sources>
<Notes><Note guid="0E0E0000-0000-4000-8000-000000000001" name="memo">
  <PlainTextContent>Said twice in the interview.</PlainTextContent></Note></Notes>
<Links><Link guid="11110000-0000-4000-8000-000000000001" name="said by" direction="Associative"
    originGUID="5E1E0000-0000-4000-8000-000000000002"
    targetGUID="5E1E0000-0000-4000-8000-000000000001"/></Links>
</Project>
"""


def write_qualcoder(folder: Path, xml: str | None = None, name: str = "town.qdpx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "interview.txt").write_bytes(RAW.encode("utf-8"))
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qualcoder_qde() if xml is None else xml)
    return path


def test_a_qualcoder_project_lands_on_the_stored_text(tmp_path):
    path = write_qualcoder(tmp_path / "in")
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_qdpx(project, path, sources_folder=path.parent)
    assert report.documents_added == 2 and report.annotations_added == 4
    assert report.links_added == 1
    assert "unused code" in [label.name for label in list_labels(project)]
    assert "Places" not in [label.name for label in list_labels(project)]
    colors = {label.name: label.color for label in list_labels(project)}
    assert colors["infrastructure"] == "#00aa88" and colors["promise"] == "#aa3355"
    assert any("PictureSource" in item for item in reading.skipped)

    by_title = {d.title: d for d in list_documents(project)}
    interview = by_title["interview.txt"]
    assert (interview.outlet, interview.date) == ("Town Gazette", None)
    assert any("variable 'Date' left out" in item for item in reading.skipped)
    stored = get_document_text(project, interview.id)
    assert stored == RAW.replace("\r\n", "\n")
    spans = {(stored[a.start:a.end], a.label, a.annotator, a.note)
             for a in list_annotations(project, interview.id)}
    assert spans == {
        ("the bridge", "infrastructure", "Maria Lopez", "Check the budget."),
        ("the bridge", "promise", "Tom", "Check the budget."),
        ("bridge,\nsaid", "promise", "Tom", "Said twice in the interview."),
    }
    first = next(a for a in list_annotations(project, interview.id) if a.label == "infrastructure")
    assert first.uuid == "5e1e0000-0000-4000-8000-000000000001"
    (link,) = list_links(project, interview.id)
    assert link.relation == "said_by"
    inline = by_title["second"]
    (ann,) = list_annotations(project, inline.id)
    assert get_document_text(project, inline.id)[ann.start:ann.end] == "No bridge"
    project.close()


# ----- bad input -------------------------------------------------------------------------------


def refused(tmp_path: Path, path: Path) -> str:
    """Import `path` into a project holding one article; the message, checking nothing changed."""
    project = open_project(project_place(tmp_path / "target.annotator"))
    import_texts(project, [imported(ARTICLE, "a.txt", "A")])
    state = dump(project.target)
    with pytest.raises(QdpxProblems) as caught:
        import_qdpx(project, path, sources_folder=path.parent)
    assert dump(project.target) == state
    project.close()
    assert str(path) in str(caught.value)
    return str(caught.value)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_text("just some text")
    assert "not a zip archive" in refused(tmp_path, path)


def test_a_zip_without_project_qde_is_refused(tmp_path):
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/a.txt", "text")
    assert "no project.qde" in refused(tmp_path, path)


def test_malformed_xml_names_the_line(tmp_path):
    path = write_qualcoder(tmp_path / "in", qualcoder_qde().replace("</Users>", "</Userz>"))
    message = refused(tmp_path, path)
    assert "project.qde: malformed XML" in message and "line 5" in message


@pytest.mark.parametrize("reference, expected", [
    ("relative://gone.txt", "gone.txt is not there"),
    ("internal://gone.txt", "sources/gone.txt, which is not in the archive"),
])
def test_a_missing_source_is_named(tmp_path, reference, expected):
    path = write_qualcoder(tmp_path / "in", qualcoder_qde(path_ref=reference))
    message = refused(tmp_path, path)
    assert f"project.qde: TextSource {SOURCE_A.lower()} ('interview.txt')" in message
    assert expected in message


def test_a_selection_past_the_end_is_refused_with_source_and_length(tmp_path):
    path = write_qualcoder(tmp_path / "in", qualcoder_qde(end_override=900))
    message = refused(tmp_path, path)
    assert ("project.qde: PlainTextSelection 5e1e0000-0000-4000-8000-000000000001: endPosition 900 "
            f"is past the end of source 'interview.txt' ({len(RAW)} characters)") in message


def test_a_coding_of_an_unknown_code_is_refused(tmp_path):
    unknown = "C0DE0000-0000-4000-8000-00000000BEEF"
    path = write_qualcoder(tmp_path / "in", qualcoder_qde(code_ref=unknown))
    message = refused(tmp_path, path)
    assert "PlainTextSelection 5e1e0000-0000-4000-8000-000000000001: Coding" in message
    assert "is not a code of the CodeBook" in message


def test_reading_alone_builds_the_batch_without_a_project(tmp_path):
    reading = read_qdpx(write_qualcoder(tmp_path / "in"), default_annotator="me",
                        sources_folder=tmp_path / "in")
    assert reading.sources == 2 and reading.selections == 3
    assert {a.annotator for a in reading.batch.annotations} == {"Maria Lopez", "Tom"}
    assert reading.batch.annotations[0].where == (
        "project.qde: PlainTextSelection 5e1e0000-0000-4000-8000-000000000001")


# ----- command line ----------------------------------------------------------------------------


def test_cli_export_then_import_and_a_refusal(annotated, tmp_path, capsys):
    out = tmp_path / "cli.qdpx"
    code = main(["export", "--project", str(annotated.target), "--format", "qdpx", "--out", str(out)])
    assert code == 0 and "2 documents, 3 selections, 1 link," in capsys.readouterr().out
    SCHEMA.validate(qde(out))
    target = tmp_path / "cli-new.annotator"
    assert main(["import", "--project", str(target), "--qdpx", str(out)]) == 0
    assert "annotations added: 3" in capsys.readouterr().out

    bad = tmp_path / "bad.qdpx"
    bad.write_text("no zip")
    other = tmp_path / "never.annotator"
    assert main(["import", "--project", str(other), "--qdpx", str(bad)]) == 1
    assert "not a zip archive" in capsys.readouterr().err
    assert not other.exists()
    assert main(["export", "-p", str(annotated.target), "--format", "qdpx", "--out", "-"]) == 1
    assert "give --out FILE.qdpx" in capsys.readouterr().err


def test_a_doctype_is_refused_before_any_entity_expands(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n' + qualcoder_qde().split("\n", 1)[1])
    message = refused(tmp_path, write_qualcoder(tmp_path / "in", bomb))
    assert "project.qde: has a DOCTYPE declaration" in message


@pytest.mark.parametrize("reference, expected", [
    ("relative://../outside.txt", "points outside the sources folder"),
    ("absolute://{root}/in/interview.txt", None),
    ("absolute://{root}/elsewhere/interview.txt", None),  # read from the sources folder
    ("absolute://{root}/in/secret.key", "only .txt files outside the archive are read"),
])
def test_sources_outside_the_project_folder_are_not_read(tmp_path, reference, expected):
    (tmp_path / "outside.txt").write_bytes(RAW.encode("utf-8"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "secret.key").write_bytes(RAW.encode("utf-8"))
    path = write_qualcoder(tmp_path / "in", qualcoder_qde(path_ref=reference.format(root=tmp_path)))
    if expected is None:  # an absolute path to a text file is how some programs link sources
        assert read_qdpx(path, sources_folder=tmp_path / "in").sources == 2
    else:
        assert expected in refused(tmp_path, path)


def test_qdpx_export_keeps_only_the_chosen_labels_and_the_links_between_them(annotated, tmp_path):
    both = export_qdpx(annotated, tmp_path / "both.qdpx", labels=["CLAIM", "Source"])
    assert (both.documents, both.annotations, both.links) == (1, 2, 1)
    claims = export_qdpx(annotated, tmp_path / "claims.qdpx", labels=["claim"])
    assert (claims.documents, claims.annotations, claims.links) == (1, 1, 0)
    named = export_qdpx(annotated, tmp_path / "autre.qdpx", documents=["autre.txt"])
    assert (named.documents, named.annotations) == (1, 0)


def test_selections_without_a_user_are_reported_with_the_name_they_got(tmp_path):
    xml = qualcoder_qde().replace('creatingUser="AAAA0000-0000-4000-8000-000000000002"', "")
    path = write_qualcoder(tmp_path / "in", xml)
    for annotator, expected in (
        (None, "2 selections name no user: stored as 'unknown'; import with --annotator NAME "
               "to choose"),
        ("Tom", "2 selections name no user: stored as 'Tom'"),
    ):
        place = tmp_path / f"{annotator}.annotator"
        project = open_project(project_place(place) if annotator is None else place)
        reading, report = import_qdpx(project, path, annotator, sources_folder=path.parent)
        assert expected in import_summary(reading, report)
        assert {a.annotator for a in list_annotations(project, list_documents(project)[1].id)
                } == {annotator or "unknown"}
        project.close()
    named = read_qdpx(write_qualcoder(tmp_path / "all", name="all.qdpx"),
                      sources_folder=tmp_path / "all")
    assert not any("no user" in line for line in import_summary(named, report))
