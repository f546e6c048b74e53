"""Review services: verdicts, their history, gold copies, undo, and the export's review columns."""

from __future__ import annotations

import csv

import pytest
from tests.helpers import ARTICLE, project_with_article, span_of

from annotator.domain.errors import InvalidInput, NotFound
from annotator.domain.records import EXPORT_COLUMNS
from annotator.domain.review import ReviewState
from annotator.operations import export_annotations
from annotator.services.annotations import add_annotation, delete_annotation, list_annotations
from annotator.services.reviews import (
    annotation_counts_by_annotator,
    annotations_to_review,
    documents_annotated_by,
    restore_review,
    review_annotation,
    review_history,
    review_states,
    undo_review,
)

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def colleague_work(tmp_path):
    """A project where "alice" labelled two spans; the reviewer is "ana"."""
    project, doc = project_with_article(tmp_path)
    claim = add_annotation(project, doc.id, "claim", "alice", *span_of(ARTICLE, "12 000 emplois"),
                           note="chiffre")
    source = add_annotation(project, doc.id, "source", "alice", *span_of(ARTICLE, "l’INSEE"))
    yield project, doc, claim, source
    project.close()


def _export(project, tmp_path) -> dict[str, dict[str, str]]:
    target = tmp_path / "out.csv"
    export_annotations(project, str(target))
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    return {(row["annotator"], row["text"]): row for row in rows}


def test_verdicts_are_stored_and_the_latest_decision_counts(colleague_work):
    project, doc, claim, source = colleague_work
    review_annotation(project, claim.id, "ana", "rejected", "trop large")
    review_annotation(project, claim.id, " ana ", "accepted")
    review_annotation(project, claim.id, "bob", "commented", "d'accord")
    history = review_history(project, claim.id)
    assert [(r.reviewer, r.verdict, r.comment) for r in history] == [
        ("ana", "rejected", "trop large"),
        ("ana", "accepted", ""),
        ("bob", "commented", "d'accord"),
    ]
    states = review_states(project, doc.id)
    assert states[claim.id].status == "accepted"  # a later comment does not undo the decision
    assert (states[claim.id].reviewer, states[claim.id].comment) == ("bob", "d'accord")
    assert states[claim.id].reviewed_at == history[-1].created_at
    assert states[claim.id].reviews == 3
    assert states[source.id] == ReviewState()


def test_only_comments_give_the_status_commented(colleague_work):
    project, doc, claim, _ = colleague_work
    review_annotation(project, claim.id, "ana", "commented", "à vérifier")
    assert review_states(project, doc.id)[claim.id].status == "commented"


def test_accepting_with_copy_gives_the_reviewer_the_same_annotation(colleague_work):
    project, doc, claim, _ = colleague_work
    outcome = review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    assert outcome.copy_created and outcome.copy is not None
    mine = [a for a in list_annotations(project, doc.id) if a.annotator == "ana"]
    assert [(a.label, a.start, a.end, a.note) for a in mine] == [
        ("claim", claim.start, claim.end, "chiffre")
    ]
    assert outcome.review.copy_annotation_id == mine[0].id
    again = review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    assert not again.copy_created and again.copy == outcome.copy  # linked, not duplicated
    assert len([a for a in list_annotations(project, doc.id) if a.annotator == "ana"]) == 1


def test_rejecting_never_copies(colleague_work):
    project, doc, claim, _ = colleague_work
    outcome = review_annotation(project, claim.id, "ana", "rejected", copy_to_own=True)
    assert outcome.copy is None
    assert {a.annotator for a in list_annotations(project, doc.id)} == {"alice"}


def test_undo_removes_the_review_and_the_copy_it_made_and_redo_puts_them_back(colleague_work):
    project, doc, claim, _ = colleague_work
    first = review_annotation(project, claim.id, "ana", "rejected")
    outcome = review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    removed = undo_review(project, outcome)
    assert removed == outcome.copy
    assert {a.annotator for a in list_annotations(project, doc.id)} == {"alice"}
    assert review_history(project, claim.id) == [first.review]
    assert review_states(project, doc.id)[claim.id].status == "rejected"
    redone = restore_review(project, outcome)
    assert redone.review == outcome.review and redone.copy == outcome.copy
    assert review_states(project, doc.id)[claim.id].status == "accepted"
    assert undo_review(project, first) is None
    with pytest.raises(NotFound, match="no longer exists"):
        undo_review(project, first)  # already taken back


def test_undo_keeps_a_copy_the_reviewer_already_had(colleague_work):
    project, doc, claim, _ = colleague_work
    own = add_annotation(project, doc.id, "claim", "ana", claim.start, claim.end)
    outcome = review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    assert outcome.copy == own and not outcome.copy_created
    assert undo_review(project, outcome) is None
    assert own in list_annotations(project, doc.id)


def test_bad_reviews_are_refused_with_a_reason(colleague_work):
    project, doc, claim, _ = colleague_work
    with pytest.raises(NotFound, match="no longer exists"):
        review_annotation(project, 9999, "ana", "accepted")
    with pytest.raises(InvalidInput, match="unknown verdict 'maybe'"):
        review_annotation(project, claim.id, "ana", "maybe")
    with pytest.raises(InvalidInput, match="colleague"):
        review_annotation(project, claim.id, "alice", "accepted")
    with pytest.raises(InvalidInput, match="comment needs some text"):
        review_annotation(project, claim.id, "ana", "commented", "  ")
    with pytest.raises(InvalidInput, match="name is empty"):
        review_annotation(project, claim.id, " ", "accepted")
    assert review_history(project, claim.id) == []


def test_deleting_a_copy_keeps_the_review(colleague_work):
    project, doc, claim, _ = colleague_work
    outcome = review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    assert outcome.copy is not None
    delete_annotation(project, outcome.copy.id)
    (kept,) = review_history(project, claim.id)
    assert kept.verdict == "accepted" and kept.copy_annotation_id is None
    assert undo_review(project, outcome) is None  # nothing left to remove but the review


def test_the_walk_lists_a_colleague_s_annotations_in_text_order(colleague_work):
    project, doc, claim, source = colleague_work
    add_annotation(project, doc.id, "claim", "ana", *span_of(ARTICLE, "désastre"))
    assert annotations_to_review(project, doc.id, "alice") == [claim, source]
    assert documents_annotated_by(project, "alice") == [doc.id]
    assert documents_annotated_by(project, "nobody") == []
    assert annotation_counts_by_annotator(project) == {"alice": 2, "ana": 1}


def test_export_shows_review_columns_on_reviewed_rows_and_blanks_elsewhere(colleague_work, tmp_path):
    project, doc, claim, source = colleague_work
    review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    review_annotation(project, claim.id, "ana", "commented", "bien vu")
    review_annotation(project, source.id, "bob", "rejected", "pas une source")
    states = review_states(project, doc.id)
    rows = _export(project, tmp_path)
    claim_row = rows[("alice", "12 000 emplois")]
    assert (claim_row["review_status"], claim_row["reviewer"], claim_row["review_comment"]) == (
        "accepted", "ana", "bien vu"
    )
    assert claim_row["reviewed_at"] == states[claim.id].reviewed_at
    source_row = rows[("alice", "l’INSEE")]
    assert (source_row["review_status"], source_row["reviewer"], source_row["review_comment"]) == (
        "rejected", "bob", "pas une source"
    )
    copy_row = rows[("ana", "12 000 emplois")]  # the gold copy is an annotation of its own
    assert [copy_row[c] for c in ("review_status", "reviewer", "review_comment", "reviewed_at")] == [
        "", "", "", ""
    ]


def test_undo_keeps_a_copy_the_reviewer_edited_since_and_redo_points_to_it(colleague_work):
    from annotator.services.annotations import set_annotation_note

    project, doc, claim, _ = colleague_work
    outcome = review_annotation(project, claim.id, "ana", "accepted", copy_to_own=True)
    set_annotation_note(project, outcome.copy.id, "vérifié à la source")
    assert undo_review(project, outcome) is None  # the edited copy is the reviewer's work now
    mine = [a for a in list_annotations(project, doc.id) if a.annotator == "ana"]
    assert [a.note for a in mine] == ["vérifié à la source"]
    assert review_history(project, claim.id) == []
    redone = restore_review(project, outcome)
    assert redone.copy is not None and redone.copy.id == mine[0].id
    assert review_states(project, doc.id)[claim.id].status == "accepted"
    assert undo_review(project, redone) is None
    assert [a.note for a in list_annotations(project, doc.id) if a.annotator == "ana"] == [
        "vérifié à la source"]
