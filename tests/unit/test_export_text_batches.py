"""Exported spans read their documents' texts a few documents at a time on a server, and the
export is the same, byte for byte, as from the same project in a file."""

from __future__ import annotations

import pytest
from tests.helpers import imported
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.export import iter_export_rows
from annotator.services.merge import merge_file
from annotator.services.project import open_project
from annotator.store.queries import TEXT_BATCH

pytestmark = pytest.mark.usefixtures("backend")

#: More documents than one batch holds, and not a whole number of batches.
DOCUMENTS = 2 * TEXT_BATCH + 3


def _text(n: int) -> str:
    return f"Article {n}: « le ministre n°{n} » 😮 défend la réforme, dit l’AFP.\n" * (n + 1)


def _annotate(project) -> dict[int, str]:
    """Every document but each fifth gets spans of two annotators; the texts by document id (and
    by document UUID)."""
    outcomes = import_texts(project, [imported(_text(n), f"{n}.txt", f"Article {n}")
                                      for n in range(DOCUMENTS)])
    texts = {}
    for n, outcome in enumerate(outcomes):
        doc = outcome.document
        texts[doc.id] = texts[doc.uuid] = _text(n)
        if n % 5 == 4:
            continue  # no spans: the export never asks for this text
        quoted = _text(n).index("«")
        add_annotation(project, doc.id, "claim", "ana", quoted, quoted + 20)
        add_annotation(project, doc.id, "source", "ben", 0, 10)
        add_annotation(project, doc.id, "claim", "ben", quoted + 2, quoted + 9)
    return texts


def test_every_exported_span_is_its_own_documents_text_with_or_without_filters(tmp_path):
    project = open_project(project_place(tmp_path / "test.annotator"))
    try:
        texts = _annotate(project)
        rows = list(iter_export_rows(project))
        assert len(rows) == 3 * len([n for n in range(DOCUMENTS) if n % 5 != 4])
        for row in rows:
            document_uuid, start, end, text = row[1], row[7], row[8], row[9]
            assert text and text == texts[document_uuid][start:end]
        only = list(iter_export_rows(project, annotators=["ben"], labels=["claim"]))
        assert only == [row for row in rows if row[5] == "ben" and row[6] == "claim"]
        assert [row[9] for row in only] == [texts[row[1]][row[7]:row[8]] for row in only]
    finally:
        project.close()


def test_the_csv_export_is_byte_for_byte_the_project_files(tmp_path):
    colleague = tmp_path / "colleague.annotator"
    source = open_project(colleague)
    try:
        _annotate(source)
    finally:
        source.close()
    project = open_project(project_place(tmp_path / "test.annotator"))
    try:
        merge_file(project, colleague)
        target = project.target
    finally:
        project.close()
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    assert main(["export", "-p", str(target), "--out", str(ours)]) == 0
    assert main(["export", "-p", str(colleague), "--out", str(theirs)]) == 0
    assert ours.read_bytes() == theirs.read_bytes()
    assert ours.read_bytes().count(b"\n") == 1 + 3 * len([n for n in range(DOCUMENTS) if n % 5 != 4])


def test_on_a_server_one_query_reads_the_texts_of_a_batch_of_documents(tmp_path, backend):
    from sqlalchemy import event

    from annotator.store.engine import make_server_engine
    from annotator.store.queries import ordered_document_text_reader

    if backend.name == "sqlite":
        pytest.skip("a project file reads one document per query: no round trip to save")
    project = open_project(backend.target())
    try:
        texts = _annotate(project)
    finally:
        project.close()
    engine = make_server_engine(backend.target())
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_rest: statements.append(sql))
    try:
        with engine.connect() as conn:
            ids = sorted(i for i in texts if isinstance(i, int))
            text_of = ordered_document_text_reader(conn, lambda: ids)
            asked = [i for i in ids if i % 3]  # some documents are never asked for
            got = [text_of(i) for i in asked]
            assert got == [texts[i] for i in asked]
            assert text_of(ids[1]) == texts[ids[1]]  # asked again, out of order: read on its own
    finally:
        engine.dispose()
    reads = [sql for sql in statements if "FROM documents" in sql]
    batched = [sql for sql in reads if "WHERE id IN" in sql]
    assert len(batched) == -(-len(ids) // TEXT_BATCH)
    assert len(reads) == len(batched) + 1
