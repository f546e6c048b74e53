"""Team work: assignments and progress, blind mode, and who may change which annotations."""

from __future__ import annotations

import pytest
from tests.helpers import imported, project_with_article, span_of
from tests.pg_cluster import committed_rows

from annotator.domain.errors import InvalidInput, describe
from annotator.services.annotations import (
    add_annotation,
    delete_annotation,
    delete_annotations_with_dependents,
    list_annotation_rows,
    list_annotations,
    relabel_annotation,
    restore_annotations,
    revert_annotation_edit,
    set_annotation_note,
)
from annotator.services.assignments import (
    NotYours,
    act_as,
    assign,
    blind_mode,
    list_assignments,
    mark_done,
    set_blind_mode,
    team_progress,
    unassign,
)
from annotator.services.documents import get_document_text, import_texts
from annotator.services.export import iter_export_rows
from annotator.services.reviews import review_annotation

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


def _team(tmp_path):
    project, doc = project_with_article(tmp_path)
    (other,) = import_texts(project, [imported("« Nous tiendrons », a dit la ministre.\n", "b.txt", "B")])
    return project, doc, other.document


def test_assigning_twice_adds_once_and_taking_back_says_what_went(tmp_path):
    project, doc, other = _team(tmp_path)
    assert assign(project, "ana", [doc.id, other.id]).added == ((doc.id, "ana"), (other.id, "ana"))
    assert assign(project, "ana", every=True).added == ()
    assert assign(project, "ben", ["b.txt"]).added == ((other.id, "ben"),)
    assert unassign(project, "ana", [other.id]).removed == ((other.id, "ana"),)
    assert unassign(project, "ana", [other.id]).removed == ()
    assert [(r.annotator, r.document_id) for r in list_assignments(project)] == [
        ("ana", doc.id), ("ben", other.id)]
    assert committed_rows(project.target, "SELECT annotator FROM assignments ORDER BY annotator") == [
        ("ana",), ("ben",)]


def test_done_is_marked_and_unmarked_and_progress_counts_it(tmp_path):
    project, doc, other = _team(tmp_path)
    assign(project, "ana", every=True)
    text = get_document_text(project, doc.id)
    add_annotation(project, doc.id, "source", "ana", *span_of(text, "le ministre"))
    assert mark_done(project, "ana", [doc.id]).done == ((doc.id, "ana"),)
    assert mark_done(project, "ana", [doc.id]).done == ()  # already done
    (ana,) = team_progress(project).annotators
    assert (ana.assigned, ana.done, ana.annotations) == (2, 1, 1)
    assert mark_done(project, "ana", [doc.id], done=False).undone == ((doc.id, "ana"),)
    assert not any(r.done for r in list_assignments(project, "ana"))


def test_marking_done_a_document_not_assigned_is_refused_naming_it(tmp_path):
    project, doc, other = _team(tmp_path)
    assign(project, "ana", [doc.id])
    with pytest.raises(InvalidInput) as refused:
        mark_done(project, "ana", [doc.id, other.id])
    assert "'B' is not assigned to ana" in describe(refused.value)
    assert not any(r.done for r in list_assignments(project))  # nothing changed


def test_agreement_so_far_counts_documents_done_by_two(tmp_path):
    project, doc, other = _team(tmp_path)
    text = get_document_text(project, doc.id)
    for name in ("ana", "ben"):
        assign(project, name, every=True)
        add_annotation(project, doc.id, "source", name, *span_of(text, "le ministre"))
    assert team_progress(project).agreement is None
    mark_done(project, "ana", [doc.id])
    mark_done(project, "ben", [doc.id])
    progress = team_progress(project)
    assert progress.documents_compared == 1
    assert progress.overall("f1_exact") == 1.0


def test_blind_mode_hides_colleagues_spans_until_the_document_is_done(tmp_path):
    project, doc, _ = _team(tmp_path)
    text = get_document_text(project, doc.id)
    add_annotation(project, doc.id, "source", "ana", *span_of(text, "le ministre"))
    add_annotation(project, doc.id, "claim", "ben", *span_of(text, "sauvera"))
    assign(project, "ana", [doc.id])
    act_as(project, "ana")
    assert {a.annotator for a in list_annotations(project, doc.id)} == {"ana", "ben"}
    assert set_blind_mode(project, True) and blind_mode(project)
    assert {a.annotator for a in list_annotations(project, doc.id)} == {"ana"}
    assert {row[2] for row in list_annotation_rows(project, doc.id)} == {"ana"}
    # exports are the lead's and stay whole
    assert len(list(iter_export_rows(project))) == 2
    mark_done(project, "ana", [doc.id])
    assert {a.annotator for a in list_annotations(project, doc.id)} == {"ana", "ben"}
    assert set_blind_mode(project, False) and not set_blind_mode(project, False)


def test_in_a_project_file_its_holder_changes_a_colleagues_annotations_as_before(tmp_path):
    project, doc, _ = _team(tmp_path)
    if project.on_server:
        pytest.skip("a project file's rule")
    text = get_document_text(project, doc.id)
    theirs = add_annotation(project, doc.id, "claim", "ben", *span_of(text, "sauvera"))
    act_as(project, "ana")
    relabel_annotation(project, theirs.id, "framing")
    set_annotation_note(project, theirs.id, "trop large")
    assert [(a.annotator, a.label, a.note) for a in list_annotations(project, doc.id)] == [
        ("ben", "framing", "trop large")]
    delete_annotation(project, theirs.id)
    assert list_annotations(project, doc.id) == []


def test_in_a_team_project_an_annotator_changes_only_their_own_annotations(tmp_path):
    project, doc, _ = _team(tmp_path)
    if not project.on_server:
        pytest.skip("a team project's rule (on a server)")
    text = get_document_text(project, doc.id)
    mine = add_annotation(project, doc.id, "source", "ana", *span_of(text, "le ministre"))
    theirs = add_annotation(project, doc.id, "claim", "ben", *span_of(text, "sauvera"))
    act_as(project, "ana")
    for change in (lambda: relabel_annotation(project, theirs.id, "framing"),
                   lambda: set_annotation_note(project, theirs.id, "no"),
                   lambda: delete_annotation(project, theirs.id),
                   lambda: delete_annotations_with_dependents(project, [mine.id, theirs.id])):
        with pytest.raises(NotYours) as refused:
            change()
        assert describe(refused.value).startswith("this annotation is ben's")
    assert {(a.annotator, a.label, a.note) for a in list_annotations(project, doc.id)} == {
        ("ana", "source", ""), ("ben", "claim", "")}
    edit = set_annotation_note(project, mine.id, "mine")
    revert_annotation_edit(project, edit)
    review_annotation(project, theirs.id, "ana", "accepted")  # reviewing a colleague stays allowed
    # an undo step cannot bring back or change a colleague's annotation either
    act_as(project, None)
    gone = delete_annotation(project, theirs.id)
    act_as(project, "ana")
    with pytest.raises(NotYours):
        restore_annotations(project, [gone])
    act_as(project, "ben")
    assert restore_annotations(project, [gone])[0].uuid == theirs.uuid
