"""Reviewing document codes like spans: verdicts, the status rule, undo and redo, the reviewer's
own code on accept, merges, the export's review columns, and refusals that change nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported, project_with_article
from tests.pg_cluster import committed_rows, files_only

from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.domain.merge import MergeRefused
from annotator.domain.records import IncomingBatch, IncomingDocumentCodeReview
from annotator.services.document_code_reviews import (
    DocumentCodeReviewRefused,
    document_code_review_history,
    document_code_review_states,
    restore_document_code_review,
    review_document_code,
    undo_document_code_review,
)
from annotator.services.document_codes import (
    iter_document_code_rows,
    list_document_codes,
    remove_document_code,
    restore_document_code,
    set_document_code,
)
from annotator.services.documents import import_texts
from annotator.services.labels import add_label
from annotator.services.merge import merge_batch, merge_file
from annotator.services.project import open_project

FIXTURES = Path(__file__).parent.parent / "fixtures"

pytestmark = pytest.mark.usefixtures("backend")


def _coded(tmp_path, annotator="ben", colleague=False):
    """A project with one article, a document label and `annotator`'s code of it; with `colleague`,
    a colleague's project file in tmp_path, wherever the test's own project lives."""
    if colleague:
        project = open_project(tmp_path / "theirs.annotator")
        (outcome,) = import_texts(project, [imported(ARTICLE)])
        doc = outcome.document
    else:
        project, doc = project_with_article(tmp_path)
    add_label(project, "stance: pro", "#cc79a7", "4", "", kind="document")
    code = set_document_code(project, doc.id, "stance: pro", annotator, "clear from the lead")
    return project, doc, code


def _table(target: Path | str, table: str) -> list[tuple]:
    return committed_rows(target, f"SELECT * FROM {table} ORDER BY id")


def _execute(target: Path | str, sql: str) -> None:
    """Run `sql` on a connection of its own and commit it, as another program would."""
    if isinstance(target, str):
        import psycopg

        with psycopg.connect(target) as conn:
            conn.execute(sql)
        return
    conn = sqlite3.connect(target)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def _refused(target: Path | str, sql: str) -> bool:
    """Whether the project's schema refuses `sql` as breaking its rules."""
    integrity = (sqlite3.IntegrityError,)
    if isinstance(target, str):
        import psycopg

        integrity = (psycopg.IntegrityError,)
    try:
        _execute(target, sql)
    except integrity:
        return True
    return False


# ----- store -----------------------------------------------------------------------------------


def test_a_project_at_revision_0005_upgrades_with_a_backup_and_keeps_its_codes(tmp_path):
    files_only("a project file made by an older version")
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from annotator.store.engine import make_engine
    from annotator.store.models import Base

    path = tmp_path / "p0005.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "project_schema_0005.sql").read_text(encoding="utf-8"))
    conn.executescript(
        "INSERT INTO documents (uuid, title, date, source_name, sha256, text, length, imported_at) "
        "VALUES ('5b1e0000-0000-4000-8000-000000000001', 'Article', NULL, 'a.txt', 'abc', "
        "'A whole article.', 16, '2026-01-01T00:00:00Z');"
        "INSERT INTO labels (uuid, name, color, shortcut, definition, position, kind) "
        "VALUES ('5b1e0000-0000-4000-8000-000000000002', 'stance: pro', '#cc79a7', '4', '', 0, "
        "'document');"
        "INSERT INTO document_codes (uuid, document_id, label_id, annotator, note, created_at, "
        "updated_at) VALUES ('5b1e0000-0000-4000-8000-000000000003', 1, 1, 'ben', '', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
    )
    conn.commit()
    conn.close()
    before = list(sqlite3.connect(path).iterdump())
    project = open_project(path)
    try:
        assert project.backup_path is not None and project.backup_path.name.endswith(".bak-0005")
        assert list(sqlite3.connect(project.backup_path).iterdump()) == before
        (code,) = list_document_codes(project, 1)
        outcome = review_document_code(project, code.uuid, "ana", "accepted")
        assert document_code_review_states(project, 1)[code.id].status == "accepted"
        assert outcome.review.document_code_id == code.id
    finally:
        project.close()
    engine = make_engine(path)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_the_schema_refuses_an_unknown_verdict_and_removing_a_code_removes_its_reviews(tmp_path):
    project, doc, code = _coded(tmp_path)
    review_document_code(project, code.uuid, "ana", "rejected", "off topic")
    path = project.target
    assert _refused(path, "UPDATE document_code_reviews SET verdict = 'maybe'")
    remove_document_code(project, code)
    assert _table(path, "document_code_reviews") == []
    project.close()


# ----- review and status -----------------------------------------------------------------------


def test_a_verdict_is_stored_and_the_latest_accept_or_reject_is_the_status(tmp_path):
    project, doc, code = _coded(tmp_path)
    assert list(document_code_review_states(project, doc.id)) == [code.id]
    assert document_code_review_states(project, doc.id)[code.id].status == ""
    review_document_code(project, code.uuid, "ana", "commented", "  stance is implicit  ")
    state = document_code_review_states(project, doc.id)[code.id]
    assert (state.status, state.comment, state.decided) == ("commented", "stance is implicit", False)
    review_document_code(project, code.uuid, "ana", "rejected")
    review_document_code(project, code.uuid, "cleo", "commented", "I would accept it")
    state = document_code_review_states(project, doc.id)[code.id]
    assert (state.status, state.reviewer, state.comment, state.reviews) == (
        "rejected", "cleo", "I would accept it", 3)
    review_document_code(project, code.uuid, "ana", "accepted")
    assert document_code_review_states(project, doc.id)[code.id].status == "accepted"
    history = document_code_review_history(project, code.uuid)
    assert [(r.reviewer, r.verdict) for r in history] == [
        ("ana", "commented"), ("ana", "rejected"), ("cleo", "commented"), ("ana", "accepted")]
    project.close()


def test_removing_a_reviewed_code_and_undoing_it_brings_its_reviews_back(tmp_path):
    project, doc, code = _coded(tmp_path)
    review_document_code(project, code.uuid, "ana", "rejected")
    review_document_code(project, code.uuid, "cleo", "commented", "I would accept it")
    removed = remove_document_code(project, code)
    assert list_document_codes(project, doc.id) == []
    restore_document_code(project, removed)
    [back] = list_document_codes(project, doc.id)
    state = document_code_review_states(project, doc.id)[back.id]
    assert (state.status, state.reviewer, state.reviews) == ("rejected", "cleo", 2)
    history = document_code_review_history(project, code.uuid)
    assert [(r.reviewer, r.verdict, r.comment) for r in history] == [
        ("ana", "rejected", ""), ("cleo", "commented", "I would accept it")]
    project.close()


def test_bad_reviews_are_refused_and_change_nothing(tmp_path):
    project, doc, code = _coded(tmp_path)
    path = project.target
    before = _table(path, "document_code_reviews"), _table(path, "document_codes")
    with pytest.raises(DocumentCodeReviewRefused, match="ben's own") as own:
        review_document_code(project, code.uuid, " ben ", "accepted")
    assert own.value.reason == "own_code"
    with pytest.raises(DocumentCodeReviewRefused, match="needs some text") as empty:
        review_document_code(project, code.uuid, "ana", "commented", "   ")
    assert empty.value.reason == "empty_comment"
    with pytest.raises(InvalidInput, match="unknown verdict 'approve'"):
        review_document_code(project, code.uuid, "ana", "approve")
    with pytest.raises(InvalidInput, match="name is empty"):
        review_document_code(project, code.uuid, "  ", "accepted")
    with pytest.raises(NotFound, match="no longer in the project"):
        review_document_code(project, "5b1e0000-0000-4000-8000-00000000dead", "ana", "accepted")
    assert (_table(path, "document_code_reviews"), _table(path, "document_codes")) == before
    project.close()


# ----- accept into one's own codes, undo and redo ----------------------------------------------


def test_accepting_into_own_codes_sets_the_code_for_the_reviewer_and_undo_takes_both_back(tmp_path):
    project, doc, code = _coded(tmp_path)
    outcome = review_document_code(project, code.uuid, "ana", "accepted", copy_to_own=True)
    assert outcome.copy_created and outcome.copy is not None
    codes = list_document_codes(project, doc.id)
    assert sorted((c.annotator, c.label, c.note) for c in codes) == [
        ("ana", "stance: pro", "clear from the lead"), ("ben", "stance: pro", "clear from the lead")]
    removed = undo_document_code_review(project, outcome)
    assert removed is not None and removed.uuid == outcome.copy.uuid
    assert [c.annotator for c in list_document_codes(project, doc.id)] == ["ben"]
    assert document_code_review_states(project, doc.id)[code.id].status == ""
    again = restore_document_code_review(project, outcome)
    assert (again.review.uuid, again.copy.uuid, again.copy_created) == (
        outcome.review.uuid, outcome.copy.uuid, True)
    assert [c.annotator for c in list_document_codes(project, doc.id)] == ["ana", "ben"]
    assert document_code_review_states(project, doc.id)[code.id].status == "accepted"
    project.close()


def test_accepting_a_code_the_reviewer_set_already_leaves_theirs_on_undo(tmp_path):
    project, doc, code = _coded(tmp_path)
    mine = set_document_code(project, doc.id, "stance: pro", "ana", "my own reading")
    outcome = review_document_code(project, code.uuid, "ana", "accepted", copy_to_own=True)
    assert (outcome.copy, outcome.copy_created) == (mine, False)
    assert undo_document_code_review(project, outcome) is None
    assert list_document_codes(project, doc.id) == [mine, code]
    plain = review_document_code(project, code.uuid, "cleo", "accepted")
    assert plain.copy is None and len(list_document_codes(project, doc.id)) == 2
    project.close()


def test_undo_keeps_a_reviewers_code_someone_reviewed_since_and_redo_refuses_a_changed_code(tmp_path):
    project, doc, code = _coded(tmp_path)
    outcome = review_document_code(project, code.uuid, "ana", "accepted", copy_to_own=True)
    review_document_code(project, outcome.copy.uuid, "ben", "accepted")
    assert undo_document_code_review(project, outcome) is None
    assert sorted(c.annotator for c in list_document_codes(project, doc.id)) == ["ana", "ben"]
    with pytest.raises(NotFound, match="no longer exists"):
        undo_document_code_review(project, outcome)
    remove_document_code(project, code)
    with pytest.raises(NotFound, match="no longer in the project"):
        restore_document_code_review(project, outcome)
    project.close()


def test_redo_refuses_when_the_code_was_changed_since(tmp_path):
    project, doc, code = _coded(tmp_path)
    outcome = review_document_code(project, code.uuid, "ana", "rejected")
    undo_document_code_review(project, outcome)
    _execute(project.target,
             "UPDATE document_codes SET note = 'rewritten', updated_at = '2999-01-01T00:00:00Z'")
    with pytest.raises(ChangedSince, match="changed since"):
        restore_document_code_review(project, outcome)
    assert document_code_review_states(project, doc.id)[code.id].status == ""
    project.close()


# ----- merge -----------------------------------------------------------------------------------


def test_merging_brings_reviews_of_document_codes_by_uuid_and_twice_changes_nothing(tmp_path):
    theirs, doc, code = _coded(tmp_path, colleague=True)
    reviewed = review_document_code(theirs, code.uuid, "ana", "rejected", "the lead is neutral")
    review_document_code(theirs, code.uuid, "cleo", "commented", "see paragraph 2")
    their_path = theirs.path
    theirs.close()
    project, ours = project_with_article(tmp_path)
    report = merge_file(project, their_path)
    assert (report.document_codes_added, report.document_code_reviews_added) == (1, 2)
    assert "document code reviews added: 2" in report.summary_lines()
    (merged,) = list_document_codes(project, ours.id)
    assert merged.uuid == code.uuid
    state = document_code_review_states(project, ours.id)[merged.id]
    assert (state.status, state.reviewer, state.comment) == ("rejected", "cleo", "see paragraph 2")
    assert reviewed.review.uuid in {r.uuid for r in document_code_review_history(project, code.uuid)}
    again = merge_file(project, their_path)
    assert (again.document_code_reviews_added, again.changed) == (0, False)
    assert "  2 × document code review already in the project (same UUID)" in again.summary_lines()
    project.close()


def test_a_review_of_a_duplicate_code_goes_to_ours_and_one_of_an_unknown_code_is_skipped(tmp_path):
    project, doc, code = _coded(tmp_path)
    twin_uuid = "3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e01"
    from annotator.domain.records import IncomingDocumentCode

    twin = IncomingDocumentCode("theirs, code", "stance: pro", "ben", doc.sha256, uuid=twin_uuid)
    on_twin = IncomingDocumentCodeReview("theirs, review 1", "3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e02",
                                         twin_uuid, "ana", "accepted", "", "2026-05-01T10:00:00Z")
    lost = IncomingDocumentCodeReview("theirs, review 2", "3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e03",
                                      "3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e04", "ana", "accepted", "",
                                      "2026-05-01T10:00:00Z")
    report = merge_batch(project, IncomingBatch("theirs", document_codes=(twin,),
                                                document_code_reviews=(on_twin, lost)))
    assert report.document_code_reviews_added == 1
    assert ("theirs, review 2", "document code review of a code in neither project: "
            "3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e04") in report.skipped
    assert document_code_review_states(project, doc.id)[code.id].status == "accepted"
    project.close()


def test_bad_incoming_reviews_refuse_the_whole_merge_naming_each_row(tmp_path):
    project, doc, code = _coded(tmp_path)
    path = project.target
    before = _table(path, "document_code_reviews"), _table(path, "document_codes")

    def review(row, **changes):
        values = {"uuid": f"3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e1{row}", "document_code_uuid": code.uuid,
                  "reviewer": "ana", "verdict": "accepted", "comment": "",
                  "created_at": "2026-05-01T10:00:00Z"} | changes
        return IncomingDocumentCodeReview(f"reviews.csv, row {row}", **values)

    batch = IncomingBatch("reviews.csv", document_code_reviews=(
        review(2),
        review(3, verdict="approve"),
        review(4, created_at="yesterday"),
        review(5, uuid="not-a-uuid"),
        review(6, document_code_uuid="12"),
        review(7, reviewer="  "),
    ))
    with pytest.raises(MergeRefused) as refused:
        merge_batch(project, batch)
    message = str(refused.value)
    assert message.startswith("reviews.csv: not merged, nothing was changed (5 problems):")
    for row, what in ((3, "verdict 'approve' is not one of accepted, rejected, commented"),
                      (4, "'yesterday' is not an ISO 8601 date and time"),
                      (5, "its id 'not-a-uuid' is not a UUID"),
                      (6, "the id of its document code '12' is not a UUID"),
                      (7, "the reviewer's name is empty")):
        assert f"reviews.csv, row {row}: {what}" in message
    assert "row 2" not in message
    assert (_table(path, "document_code_reviews"), _table(path, "document_codes")) == before
    project.close()


# ----- export ----------------------------------------------------------------------------------


def test_the_export_carries_each_codes_latest_review_at_the_end(tmp_path, capsys):
    import pandas as pd

    from annotator.cli import main

    project, doc, code = _coded(tmp_path)
    mine = set_document_code(project, doc.id, "stance: pro", "ana")
    review_document_code(project, code.uuid, "ana", "accepted")
    last = review_document_code(project, code.uuid, "cleo", "commented", "=agreed, mostly")
    rows = {row[3]: row for row in iter_document_code_rows(project)}
    assert rows["ben"][8:] == ("accepted", "cleo", "=agreed, mostly", last.review.created_at)
    assert rows["ana"][8:] == ("", "", "", "")
    path = project.target
    project.close()
    out = tmp_path / "codes.csv"
    assert main(["export", "-p", str(path), "--document-codes", "--out", str(out)]) == 0
    assert out.read_bytes().splitlines()[0].endswith(
        b",document_code_id,review_status,reviewer,review_comment,reviewed_at")
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert df[["document_code_id", "review_status", "reviewer", "review_comment"]].values.tolist() == [
        [mine.uuid, "", "", ""], [code.uuid, "accepted", "cleo", "=agreed, mostly"]]
    guarded = tmp_path / "guarded.csv"
    assert main(["export", "-p", str(path), "--document-codes", "--spreadsheet", "--out",
                 str(guarded)]) == 0
    assert "'=agreed, mostly" in guarded.read_text(encoding="utf-8")
