"""`annotator copy`: a whole project between a file and a server, either way, all or nothing."""

from __future__ import annotations

import sqlite3

from tests.helpers import imported, project_with_article, span_of
from tests.pg_cluster import committed_rows

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.document_codes import set_document_code
from annotator.services.documents import get_document_text, import_texts
from annotator.services.labels import add_label
from annotator.services.links import add_link
from annotator.services.reviews import review_annotation
from annotator.services.suggestions import suggest_documents
from annotator.store.models import Base


def _rich_project(tmp_path):
    """A project file with every kind of row: documents, labels, annotations, reviews, links,
    document codes, suggestions, project settings."""
    project, doc = project_with_article(tmp_path)
    text = get_document_text(project, doc.id)
    (second,) = import_texts(project, [imported("« Nous tiendrons », a dit la ministre.\n", "b.txt", "B")])
    suggest_documents(project, [doc.id, second.document.id])
    source = add_annotation(project, doc.id, "source", "ana", *span_of(text, "le ministre"), "cited")
    claim = add_annotation(project, doc.id, "claim", "ana", *span_of(text, "sauvera"))
    theirs = add_annotation(project, doc.id, "claim", "ben", *span_of(text, "12 000 emplois"))
    add_link(project, claim.id, source.id, "ana")
    review_annotation(project, theirs.id, "ana", "accepted", "yes")
    add_label(project, "stance", "#336699", kind="document")
    set_document_code(project, doc.id, "stance", "ben", "pro")
    project.close()
    return tmp_path / "test.annotator"


def _contents(target) -> dict[str, list[tuple]]:
    found = {}
    for table in Base.metadata.sorted_tables:
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        cols = ", ".join(f'"{c.name}"' for c in table.columns)
        found[table.name] = committed_rows(target, f'SELECT {cols} FROM "{table.name}" ORDER BY {order}')
    found["alembic_version"] = committed_rows(target, "SELECT version_num FROM alembic_version")
    return found


def _export(target, out) -> bytes:
    assert main(["export", "--project", str(target), "--out", str(out)]) == 0
    assert main(["export", "--project", str(target), "--links", "--out", f"{out}.links"]) == 0
    assert main(["export", "--project", str(target), "--document-codes", "--out", f"{out}.codes"]) == 0
    return b"".join(open(name, "rb").read() for name in (out, f"{out}.links", f"{out}.codes"))


def test_file_to_server_to_file_keeps_every_row_and_the_exports_byte_for_byte(tmp_path, pg_url, capsys):
    original = _rich_project(tmp_path)
    back = tmp_path / "back.annotator"
    assert main(["copy", "--from", str(original), "--to", pg_url]) == 0
    assert "copied" in capsys.readouterr().out
    assert main(["copy", "--from", pg_url, "--to", str(back)]) == 0
    out = capsys.readouterr().out
    assert "2 documents, 3 annotations" in out

    before = _contents(original)
    assert all(before[name] for name in ("documents", "annotations", "reviews", "links",
                                         "document_codes", "suggestions", "project_meta"))
    assert _contents(pg_url) == before
    assert _contents(back) == before
    assert _export(back, tmp_path / "b.csv") == _export(original, tmp_path / "a.csv")
    assert _export(pg_url, tmp_path / "s.csv") == _export(original, tmp_path / "a.csv")
    # the file copy is a project of its own: one file, no log beside it, opens and is checked
    assert not (tmp_path / "back.annotator-wal").exists()
    assert main(["info", "--project", str(back)]) == 0


def test_a_server_project_pushed_from_a_file_is_a_team_project_that_takes_new_work(tmp_path, pg_url):
    original = _rich_project(tmp_path)
    assert main(["copy", "--from", str(original), "--to", pg_url]) == 0
    from annotator.services.project import open_project

    project = open_project(pg_url)
    try:
        doc_id = committed_rows(pg_url, "SELECT id FROM documents ORDER BY id")[0][0]
        added = add_annotation(project, doc_id, "framing", "carla", 1, 5)
    finally:
        project.close()
    ids = [row[0] for row in committed_rows(pg_url, "SELECT id FROM annotations ORDER BY id")]
    assert added.id == max(ids) and len(ids) == 4


def test_file_to_file_copies_too(tmp_path):
    original = _rich_project(tmp_path)
    copy = tmp_path / "copy.annotator"
    assert main(["copy", "--from", str(original), "--to", str(copy)]) == 0
    assert _contents(copy) == _contents(original)


def test_a_destination_that_is_not_empty_is_refused_and_left_alone(tmp_path, pg_url, capsys):
    original = _rich_project(tmp_path)
    taken = tmp_path / "taken.annotator"
    taken.write_bytes(b"mine")
    assert main(["copy", "--from", str(original), "--to", str(taken)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert taken.read_bytes() == b"mine"
    assert main(["copy", "--from", str(original), "--to", str(original)]) == 1
    # a server database with tables in it
    committed_rows_sql(pg_url, "CREATE TABLE theirs (x int)")
    assert main(["copy", "--from", str(original), "--to", pg_url]) == 1
    assert "not empty" in capsys.readouterr().err
    assert committed_rows(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [
        ("theirs",)]


def test_a_copy_that_fails_half_way_leaves_nothing_on_the_server(tmp_path, pg_url, capsys):
    original = _rich_project(tmp_path)
    conn = sqlite3.connect(original)
    # a row the server refuses (a NUL character in a text), after many good ones
    conn.execute("UPDATE annotations SET note = 'a' || char(0) || 'b' WHERE annotator = 'ben'")
    conn.commit()
    conn.close()
    assert main(["copy", "--from", str(original), "--to", pg_url]) == 1
    capsys.readouterr()
    assert committed_rows(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == []


def test_a_copy_to_a_file_that_fails_leaves_no_file(tmp_path, pg_url):
    original = _rich_project(tmp_path)
    assert main(["copy", "--from", str(original), "--to", pg_url]) == 0
    out = tmp_path / "sub" / "x.annotator"
    assert main(["copy", "--from", pg_url, "--to", str(out)]) == 1
    assert not out.parent.exists()
    before = sorted(p.name for p in tmp_path.iterdir())
    missing, fresh = tmp_path / "missing.annotator", tmp_path / "y.annotator"
    assert main(["copy", "--from", str(missing), "--to", str(fresh)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def committed_rows_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(sql)
