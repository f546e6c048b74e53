"""Hostile names: ids that are paths (a REFI-QDA GUID `../../x`, a colleague's project whose
document id is `/tmp/x`). No file is written outside the folder asked for."""

from __future__ import annotations

import sqlite3
import uuid
import zipfile
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, files_state, imported

from annotator.cli import main
from annotator.io.qdpx import QDPX_NAMESPACE
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.links import list_links
from annotator.services.project import open_project

QDA = 'xmlns="urn:QDA-XML:project:1.0"'
CODE = "c0de0000-0000-4000-8000-000000000001"


def is_uuid(value: str) -> bool:
    return str(uuid.UUID(value)) == value


def qdpx_with_guids(path: Path, source: str, selections: tuple[str, str], link: str) -> Path:
    """A REFI-QDA project whose source, two selections and link have the given GUIDs."""
    text = "Le maire a parlé. Le préfet répond.\n"
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {QDA} name="p"><CodeBook><Codes><Code guid="{CODE}" name="source" isCodable="true"/>
</Codes></CodeBook><Sources><TextSource guid="{source}" name="hostile">
<PlainTextContent>{text}</PlainTextContent>
<PlainTextSelection guid="{selections[0]}" startPosition="0" endPosition="8">
<Coding guid="c0d10000-0000-4000-8000-000000000001"><CodeRef targetGUID="{CODE}"/></Coding>
</PlainTextSelection>
<PlainTextSelection guid="{selections[1]}" startPosition="18" endPosition="27">
<Coding guid="c0d10000-0000-4000-8000-000000000002"><CodeRef targetGUID="{CODE}"/></Coding>
</PlainTextSelection></TextSource></Sources>
<Links><Link guid="{link}" name="said by" originGUID="{selections[0]}"
 targetGUID="{selections[1]}"/></Links></Project>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
    return path


# ----- ids that are paths ----------------------------------------------------------------------


@pytest.mark.parametrize("guid", ["../../x", "/tmp/x", "..\\..\\x", "x/../../y"])
def test_a_qdpx_guid_that_is_a_path_never_names_a_file(tmp_path, capsys, guid):
    work = tmp_path / "work"
    work.mkdir()
    path = qdpx_with_guids(work / "p.qdpx", guid, ("../sel", "/tmp/sel"), "../../link")
    project_path = work / "p.annotator"
    assert main(["import", "--project", str(project_path), "--qdpx", str(path)]) == 0
    project = open_project(project_path)
    (doc,) = list_documents(project)
    annotations = list_annotations(project, doc.id)
    (link,) = list_links(project, doc.id)
    project.close()
    assert is_uuid(doc.uuid) and all(is_uuid(a.uuid) for a in annotations) and is_uuid(link.uuid)
    assert doc.uuid == str(uuid.uuid5(QDPX_NAMESPACE, f"source:{guid.lower()}"))  # every import

    outside = files_state(tmp_path)
    out = work / "texts"
    assert main(["documents", "--project", str(project_path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{doc.uuid}.txt"]
    after = files_state(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith(str(out))} == outside

    exported = work / "again.qdpx"
    assert main(["export", "--project", str(project_path), "--format", "qdpx", "--out",
                 str(exported)]) == 0
    with zipfile.ZipFile(exported) as archive:
        assert sorted(archive.namelist()) == ["project.qde", f"sources/{doc.uuid}.txt"]
    capsys.readouterr()


def colleague(path: Path, document_id: str | None = None, annotation_id: str | None = None) -> Path:
    """A colleague's project with one annotated article, its ids overwritten as given."""
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "source", "bob", 0, 5)
    project.close()
    with sqlite3.connect(path) as conn:
        if document_id is not None:
            conn.execute("UPDATE documents SET uuid = ?", (document_id,))
        if annotation_id is not None:
            conn.execute("UPDATE annotations SET uuid = ?", (annotation_id,))
    return path


def test_a_colleagues_document_id_that_is_a_path_is_replaced_by_a_uuid(tmp_path, capsys):
    theirs = colleague(tmp_path / "theirs.annotator", document_id="../../../tmp/evil")
    mine = tmp_path / "mine.annotator"
    open_project(mine).close()
    assert main(["merge", "--project", str(mine), str(theirs)]) == 0
    project = open_project(mine)
    (doc,) = list_documents(project)
    project.close()
    assert is_uuid(doc.uuid)
    out = tmp_path / "texts"
    assert main(["documents", "--project", str(mine), "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == [f"{doc.uuid}.txt"]
    capsys.readouterr()


def test_a_colleagues_annotation_id_that_is_not_a_uuid_refuses_the_merge(tmp_path, capsys):
    theirs = colleague(tmp_path / "theirs.annotator", annotation_id="../not-a-uuid")
    mine = tmp_path / "mine.annotator"
    open_project(mine).close()
    before = files_state(tmp_path)
    assert main(["merge", "--project", str(mine), str(theirs)]) == 1
    err = capsys.readouterr().err
    assert "theirs.annotator: annotation ../not-a-uuid: its id '../not-a-uuid' is not a UUID" in err
    assert "Traceback" not in err
    assert files_state(tmp_path) == before


def test_a_project_holding_a_document_id_that_is_a_path_writes_no_file(tmp_path, capsys):
    poisoned = colleague(tmp_path / "poisoned.annotator", document_id="../../x")
    out = tmp_path / "texts"
    exported = tmp_path / "out.qdpx"
    before = files_state(tmp_path)
    assert main(["documents", "--project", str(poisoned), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "document id '../../x' is not a UUID; no file is named after it" in err
    assert main(["export", "--project", str(poisoned), "--format", "qdpx", "--out",
                 str(exported)]) == 1
    assert "document id '../../x' is not a UUID" in capsys.readouterr().err
    assert not out.exists() and not exported.exists()
    assert {k: v for k, v in files_state(tmp_path).items() if not k.startswith(str(poisoned))
            } == {k: v for k, v in before.items() if not k.startswith(str(poisoned))}
