"""Hostile names: ids that are paths (a REFI-QDA GUID `../../x`, a colleague's project whose
document id is `/tmp/x`), terminal escape sequences in file names, titles, labels and annotator
names, and file names that are not UTF-8. No file is written outside the folder asked for, nothing
read from a file reaches the terminal raw, and a bad name refuses only its own file."""

from __future__ import annotations

import os
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
from annotator.services.labels import add_label
from annotator.services.links import list_links
from annotator.services.project import open_project

QDA = 'xmlns="urn:QDA-XML:project:1.0"'
CODE = "c0de0000-0000-4000-8000-000000000001"
ESC = "\x1b"


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


# ----- terminal escape sequences ----------------------------------------------------------------


def test_escape_sequences_in_names_titles_labels_and_annotators_are_printed_escaped(
        tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    name = f"{ESC}]0;owned{chr(7)}news.txt"
    (folder / name).write_text(f"{ESC}[2J{ESC}[31mLe titre\x9b31m rouge\nLe texte.\n",
                               encoding="utf-8")
    project_path = tmp_path / "p.annotator"
    assert main(["import", "--project", str(project_path), str(folder)]) == 0
    out, err = capsys.readouterr()
    assert ESC not in out + err and "\x07" not in out and "\x9b" not in out
    assert "imported: \\x1b]0;owned\\x07news.txt (\\x1b[2J\\x1b[31mLe titre\\x9b31m rouge)" in out

    project = open_project(project_path)
    add_label(project, f"evil{ESC}[8m", "#123456", definition=f"one{ESC}c\ntwo")
    (doc,) = list_documents(project)
    add_annotation(project, doc.id, f"evil{ESC}[8m", f"mallory{ESC}[1A", 0, 5)
    project.close()
    for command in (["info"], ["labels"], ["stats"]):
        assert main([command[0], "--project", str(project_path), *command[1:]]) == 0
        out, err = capsys.readouterr()
        assert ESC not in out + err, command
        assert "\\x1b" in out, command
    assert main(["info", "--project", str(project_path)]) == 0
    out = capsys.readouterr().out
    assert "mallory\\x1b[1A" in out and "evil\\x1b[8m" in out
    assert main(["labels", "--project", str(project_path)]) == 0
    assert "    one\\x1bc\n    two\n" in capsys.readouterr().out  # lines stay lines

    missing = tmp_path / f"gone{ESC}[2J.txt"
    assert main(["import", "--project", str(project_path), str(missing)]) == 1
    out, err = capsys.readouterr()
    assert ESC not in err and "gone\\x1b[2J.txt: file or folder not found" in err
    assert main(["merge", "--project", str(project_path), str(missing)]) == 1
    err = capsys.readouterr().err
    assert ESC not in err and "gone\\x1b[2J.txt" in err


# ----- file names that are not UTF-8 ----------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_listed_escaped_and_the_others_imported(
        tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"caf\xe9.txt")  # Latin-1 bytes in a UTF-8 system
    with open(bad, "wb") as handle:
        handle.write("Un café, un article.\n".encode())
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    before = files_state(folder)
    project_path = tmp_path / "p.annotator"
    assert main(["import", "--project", str(project_path), str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "1 imported, 0 already in project, 1 not imported" in out
    assert (f"skipped {folder}/caf\\xe9.txt: the file name is not valid UTF-8: rename the file "
            "to import it") in err
    assert "Traceback" not in err
    project = open_project(project_path)
    assert [doc.source_name for doc in list_documents(project)] == ["good.txt"]
    project.close()
    assert files_state(folder) == before


def test_a_brat_file_name_that_is_not_utf8_refuses_the_folder(tmp_path, capsys):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("Le maire parle.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"doc_\xe9ric.ann"), "wb") as handle:
        handle.write(b"T1\tSource 3 8\tmaire\n")
    target = tmp_path / "p.annotator"
    before = files_state(tmp_path)
    assert main(["import", "--project", str(target), "--brat", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "doc_\\xe9ric.ann: the file or folder name is not valid UTF-8" in err
    assert "Traceback" not in err
    assert files_state(tmp_path) == before and not target.exists()
