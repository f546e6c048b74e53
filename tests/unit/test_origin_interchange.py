"""Whether an annotation was labelled by hand or accepted from a suggestion (its origin) travels
with it: the export's last column, a CSV read back, a colleague's project merged; a colleague's
suggestions stay in their project."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported
from tests.pg_cluster import committed_rows, project_place

from annotator.domain.merge import MergeRefused
from annotator.domain.records import IncomingAnnotation, IncomingBatch
from annotator.operations import export_annotations
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts, list_documents
from annotator.services.merge import merge_batch, merge_file
from annotator.services.project import open_project

STAMP = "2024-03-05T09:14:26.512Z"
LATER = "2024-04-01T08:00:00.000Z"
HEADER = ["document_title", "label", "start", "end", "annotator"]


pytestmark = pytest.mark.usefixtures("backend")


def rows_of(path: Path | str, sql: str) -> list[tuple]:
    return committed_rows(path, sql)


def origins(path: Path | str) -> dict[str, str]:
    return dict(rows_of(path, "SELECT uuid, origin FROM annotations"))


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def with_a_suggested_annotation(path: Path) -> tuple[str, str]:
    """A closed project holding ARTICLE with one annotation by eve of each origin, and one open
    suggestion: (uuid of the manual one, uuid of the suggested one)."""
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    doc = outcome.document
    manual = add_annotation(project, doc.id, "source", "eve", 32, 43)
    suggested = "3c8e4c55-1d7b-4f3a-9b0e-2a6f7d1c5e90"
    merge_batch(project, IncomingBatch("setup", annotations=(IncomingAnnotation(
        "setup", "claim", 47, 90, "eve", doc.sha256, uuid=suggested, origin="suggested"),)))
    project.close()
    conn = sqlite3.connect(path)
    conn.execute('INSERT INTO suggestions (uuid, document_id, kind, start, "end", state, created_at) '
                 "VALUES ('8a1e0c2b-5d4f-4e6a-9c7b-1f2e3d4c5b6a', ?, 'claim', 100, 120, 'open', ?) "
                 'ON CONFLICT (document_id, kind, start, "end") DO NOTHING', (doc.id, STAMP))
    conn.commit()
    conn.close()
    return manual.uuid, suggested


@pytest.fixture
def ours(backend, tmp_path):
    """Our project: the same article, nothing annotated."""
    project = open_project(project_place(tmp_path / "ours.annotator"))
    import_texts(project, [imported(ARTICLE)])
    yield project
    project.close()


def test_merge_carries_origin_and_leaves_the_colleagues_suggestions_behind(ours, tmp_path):
    manual, suggested = with_a_suggested_annotation(tmp_path / "eve.annotator")
    theirs = {row[0] for row in rows_of(tmp_path / "eve.annotator", "SELECT uuid FROM suggestions")}
    ours_before = {row[0] for row in rows_of(ours.target, "SELECT uuid FROM suggestions")}
    report = merge_file(ours, tmp_path / "eve.annotator")
    assert report.annotations_added == 2
    stored = origins(ours.target)
    assert (stored[manual], stored[suggested]) == ("manual", "suggested")
    assert {row[0] for row in rows_of(ours.target, "SELECT uuid FROM suggestions")} == ours_before
    assert not theirs & ours_before


def test_the_export_ends_with_origin_and_a_csv_round_trip_keeps_it(tmp_path):
    path = tmp_path / "eve.annotator"
    manual, suggested = with_a_suggested_annotation(path)
    source = open_project(path)
    exported = tmp_path / "eve.csv"
    export_annotations(source, str(exported))
    source.close()
    with exported.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-1] == "origin"
    assert {row[0]: row[-1] for row in rows[1:]} == {manual: "manual", suggested: "suggested"}
    fresh = open_project(project_place(tmp_path / "fresh.annotator"))
    import_texts(fresh, [imported(ARTICLE)])
    assert merge_file(fresh, exported).annotations_added == 2
    fresh.close()
    assert origins(fresh.target) == {manual: "manual", suggested: "suggested"}


def test_a_csv_without_origin_makes_manual_annotations_and_keeps_a_stored_origin(ours, tmp_path):
    sheet = write_csv(tmp_path / "plain.csv", HEADER, [["Article", "source", 32, 43, "ana"]])
    merge_file(ours, sheet)
    assert set(origins(ours.target).values()) == {"manual"}
    (doc,) = list_documents(ours)
    suggested = "5e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"
    merge_batch(ours, IncomingBatch("setup", annotations=(IncomingAnnotation(
        "setup", "framing", 0, 5, "ana", doc.sha256, uuid=suggested, origin="suggested",
        updated_at=STAMP),)))
    later = write_csv(tmp_path / "later.csv", ["annotation_id", *HEADER, "note", "updated_at"],
                      [[suggested, "Article", "framing", 0, 5, "ana", "checked", LATER]])
    assert merge_file(ours, later).annotations_updated == 1
    assert origins(ours.target)[suggested] == "suggested"


@pytest.mark.parametrize("value", ["auto", "Suggested by AI"])
def test_an_unknown_origin_is_refused_naming_the_file_and_row(ours, tmp_path, value):
    sheet = write_csv(tmp_path / "odd.csv", [*HEADER, "origin"],
                      [["Article", "source", 32, 43, "ana", "Manual"],
                       ["Article", "claim", 0, 5, "ana", value]])
    before = rows_of(ours.target, "SELECT * FROM annotations")
    with pytest.raises(MergeRefused) as refused:
        merge_file(ours, sheet)
    assert f"odd.csv, row 3: origin {value!r} is not one of manual, suggested" in str(refused.value)
    assert rows_of(ours.target, "SELECT * FROM annotations") == before


def test_an_older_colleague_project_merges_as_manual(ours, tmp_path):
    fixture = Path(__file__).parents[1] / "fixtures" / "project_schema_0006.sql"
    old = tmp_path / "old.annotator"
    conn = sqlite3.connect(old)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.close()
    conn = sqlite3.connect(old)
    doc = imported(ARTICLE)
    conn.execute("INSERT INTO documents (uuid, title, date, source_name, sha256, text, length, imported_at) "
                 "VALUES ('11111111-2222-4333-8444-555555555555', 'Article', NULL, 'a.txt', ?, ?, ?, ?)",
                 (doc.sha256, doc.text, len(doc.text), STAMP))
    conn.execute("INSERT INTO labels (uuid, name, color, shortcut, definition, position, kind) "
                 "VALUES ('21111111-2222-4333-8444-555555555555', 'claim', '#ff0000', NULL, '', 0, 'span')")
    conn.execute("INSERT INTO annotations (uuid, document_id, label_id, annotator, start, \"end\", note, "
                 "created_at, updated_at) VALUES ('31111111-2222-4333-8444-555555555555', 1, 1, 'old', "
                 "47, 90, '', ?, ?)", (STAMP, STAMP))
    conn.commit()
    conn.close()
    assert merge_file(ours, old).annotations_added == 1
    assert origins(ours.target) == {"31111111-2222-4333-8444-555555555555": "manual"}
