"""Annotation services: each change is on disk when the call returns; bad requests change nothing."""

from __future__ import annotations

import dataclasses

import pytest
from tests.helpers import project_with_article
from tests.pg_cluster import committed_rows, files_only

from annotator.domain.errors import ChangedSince, DuplicateAnnotation, InvalidInput, NotFound
from annotator.services.annotations import (
    add_annotation,
    add_annotations,
    delete_annotation,
    list_annotations,
    reapply_annotation_edit,
    relabel_annotation,
    restore_annotation,
    restore_annotations,
    revert_annotation_edit,
    set_annotation_note,
    take_back_annotations,
)
from annotator.services.documents import get_document_text
from annotator.services.reviews import review_annotation, review_history

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


def _rows_on_disk(target):
    return committed_rows(
        target,
        'SELECT a.annotator, l.name, a.start, a."end", a.note FROM annotations a '
        "JOIN labels l ON l.id = a.label_id ORDER BY a.start",
    )


def test_added_annotation_is_committed_and_slices_the_stored_text(tmp_path):
    project, doc = project_with_article(tmp_path)
    text = get_document_text(project, doc.id)
    start = text.index("le ministre")
    ann = add_annotation(project, doc.id, "source", "ana", start, start + len("le ministre"), "cited")
    assert _rows_on_disk(project.target) == [("ana", "source", start, start + 11, "cited")]
    assert text[ann.start : ann.end] == "le ministre"
    assert len(ann.uuid) == 36 and ann.created_at.endswith("Z")


def test_offsets_count_code_points_past_an_emoji(tmp_path):
    project, doc = project_with_article(tmp_path)
    text = get_document_text(project, doc.id)
    start = text.index("😮")
    end = text.index("INSEE") + len("INSEE")
    ann = add_annotation(project, doc.id, "claim", "ana", start, end)
    assert text[ann.start : ann.end] == "😮 et cite l’INSEE"


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [(-1, 3, "outside"), (5, 5, "outside"), (6, 2, "outside"), (0, 10_000, "outside")],
)
def test_bad_offsets_are_refused_and_nothing_is_written(tmp_path, start, end, why):
    project, doc = project_with_article(tmp_path)
    with pytest.raises(InvalidInput, match=why):
        add_annotation(project, doc.id, "claim", "ana", start, end)
    assert _rows_on_disk(project.target) == []


def test_end_at_text_length_is_accepted(tmp_path):
    project, doc = project_with_article(tmp_path)
    ann = add_annotation(project, doc.id, "claim", "ana", doc.length - 3, doc.length)
    assert ann.end == doc.length


def test_unknown_label_document_and_empty_annotator_are_refused(tmp_path):
    project, doc = project_with_article(tmp_path)
    with pytest.raises(NotFound, match="unknown label 'opinion'"):
        add_annotation(project, doc.id, "opinion", "ana", 0, 3)
    with pytest.raises(NotFound, match="unknown document"):
        add_annotation(project, doc.id + 99, "claim", "ana", 0, 3)
    with pytest.raises(InvalidInput, match="annotator's name is empty"):
        add_annotation(project, doc.id, "claim", "   ", 0, 3)
    assert _rows_on_disk(project.target) == []


def test_exact_duplicate_is_refused_but_other_annotator_or_label_is_fine(tmp_path):
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 10, 20)
    with pytest.raises(DuplicateAnnotation, match="already has the label 'claim'"):
        add_annotation(project, doc.id, "claim", "ana", 10, 20)
    add_annotation(project, doc.id, "claim", "ben", 10, 20)
    add_annotation(project, doc.id, "framing", "ana", 10, 20)
    assert len(_rows_on_disk(project.target)) == 3


def test_delete_then_restore_brings_back_the_same_annotation(tmp_path):
    project, doc = project_with_article(tmp_path)
    ann = add_annotation(project, doc.id, "claim", "ana", 10, 20, "note")
    gone = delete_annotation(project, ann.id)
    assert gone == ann
    assert _rows_on_disk(project.target) == []
    back = restore_annotation(project, gone)
    assert back == ann
    assert list_annotations(project, doc.id) == [ann]


def test_relabel_and_note_edit_and_their_undo(tmp_path):
    project, doc = project_with_article(tmp_path)
    ann = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    edit = relabel_annotation(project, ann.id, "framing")
    assert (edit.before.label, edit.after.label) == ("claim", "framing")
    note = set_annotation_note(project, ann.id, "loaded wording")
    assert _rows_on_disk(project.target) == [("ana", "framing", 10, 20, "loaded wording")]
    revert_annotation_edit(project, note)
    revert_annotation_edit(project, edit)
    assert list_annotations(project, doc.id) == [ann]


def test_relabel_onto_an_existing_span_is_refused(tmp_path):
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 10, 20)
    other = add_annotation(project, doc.id, "framing", "ana", 10, 20)
    with pytest.raises(DuplicateAnnotation):
        relabel_annotation(project, other.id, "claim")
    assert sorted(r[1] for r in _rows_on_disk(project.target)) == ["claim", "framing"]


def test_bulk_add_is_all_or_nothing_and_skips_existing(tmp_path):
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 0, 5)
    added = add_annotations(project, doc.id, "claim", "ana", [(0, 5), (10, 20), (30, 40)])
    assert [(a.start, a.end) for a in added] == [(10, 20), (30, 40)]
    with pytest.raises(InvalidInput):
        add_annotations(project, doc.id, "claim", "ana", [(50, 60), (0, 10_000)])
    assert len(_rows_on_disk(project.target)) == 3


def test_deleting_missing_annotation_says_so(tmp_path):
    project, _doc = project_with_article(tmp_path)
    with pytest.raises(NotFound, match="no longer exists"):
        delete_annotation(project, 12345)


def test_bulk_delete_and_restore_are_all_or_nothing(tmp_path):
    from annotator.services.annotations import delete_annotations, restore_annotations

    project, doc = project_with_article(tmp_path)
    added = add_annotations(project, doc.id, "claim", "ana", [(0, 5), (10, 20), (30, 40)])
    with pytest.raises(NotFound):
        delete_annotations(project, [added[0].id, 99999])
    assert len(_rows_on_disk(project.target)) == 3
    gone = delete_annotations(project, [a.id for a in added])
    assert gone == added
    add_annotation(project, doc.id, "claim", "ana", 30, 40)  # someone took one span meanwhile
    with pytest.raises(DuplicateAnnotation):
        restore_annotations(project, gone)
    assert len(_rows_on_disk(project.target)) == 1


# ----- undo and redo steps: annotations found by UUID, never by a row id someone else may have now


def _all(project, doc):
    return [(a.annotator, a.label, a.start, a.end, a.note) for a in list_annotations(project, doc.id)]


def test_putting_an_annotation_back_after_its_id_was_reused_keeps_both(tmp_path):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    (gone,) = take_back_annotations(project, [mine])
    theirs = add_annotation(project, doc.id, "source", "bob", 30, 40)
    assert theirs.id == mine.id  # SQLite reuses the freed id

    (back,) = restore_annotations(project, [gone])

    assert back.uuid == mine.uuid and back.id != theirs.id
    assert dataclasses.replace(back, id=mine.id) == mine  # same UUID, label, note and times
    assert _all(project, doc) == [("ana", "claim", 10, 20, ""), ("bob", "source", 30, 40, "")]
    (again,) = take_back_annotations(project, [back])  # the undo finds hers by UUID
    assert again == back
    assert _all(project, doc) == [("bob", "source", 30, 40, "")]


def test_undo_of_an_add_never_deletes_the_annotation_that_took_its_id(tmp_path):
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    delete_annotation(project, mine.id)  # removed outside the step
    add_annotation(project, doc.id, "source", "bob", 30, 40)  # takes the id
    with pytest.raises(NotFound, match=f"annotation {mine.id} no longer exists"):
        take_back_annotations(project, [mine])
    assert _all(project, doc) == [("bob", "source", 30, 40, "")]


def test_undo_of_an_add_refuses_an_annotation_changed_since(tmp_path):
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    relabel_annotation(project, mine.id, "framing")  # a colleague's program, say
    with pytest.raises(ChangedSince, match="«claim» by ana was changed since \\(now «framing»\\)"):
        take_back_annotations(project, [mine])
    assert _all(project, doc) == [("ana", "framing", 10, 20, "")]


def test_undo_of_an_add_refuses_while_a_colleague_reviewed_it(tmp_path):
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    review_annotation(project, mine.id, "bob", "rejected", "trop large")
    with pytest.raises(ChangedSince, match="has a review by bob made since"):
        take_back_annotations(project, [mine])
    assert len(review_history(project, mine.id)) == 1


def test_redo_of_an_add_refuses_a_span_or_uuid_taken_since_and_changes_nothing(tmp_path):
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    (gone,) = take_back_annotations(project, [mine])
    same_span = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    with pytest.raises(DuplicateAnnotation):
        restore_annotations(project, [gone])
    delete_annotation(project, same_span.id)
    # The same annotation came back from elsewhere (a merge), relabelled.
    restore_annotations(project, [dataclasses.replace(gone, label="framing",
                                                     updated_at="2030-01-01T00:00:00Z")])
    with pytest.raises(ChangedSince, match="in the project again, changed \\(now «framing»\\)"):
        restore_annotations(project, [gone])
    assert _all(project, doc) == [("ana", "framing", 10, 20, "")]


def test_redo_of_an_add_that_is_back_unchanged_leaves_it_alone(tmp_path):
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    (gone,) = take_back_annotations(project, [mine])
    restore_annotations(project, [gone])  # a merge brought it back as it was
    assert restore_annotations(project, [gone]) == [mine]
    assert _all(project, doc) == [("ana", "claim", 10, 20, "")]


def test_undo_and_redo_of_an_edit_never_touch_another_annotation_or_a_later_change(tmp_path):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    edit = relabel_annotation(project, mine.id, "framing")
    revert_annotation_edit(project, edit)
    delete_annotation(project, mine.id)
    theirs = add_annotation(project, doc.id, "claim", "bob", 30, 40)
    assert theirs.id == mine.id
    with pytest.raises(NotFound, match="no longer exists"):
        reapply_annotation_edit(project, edit)
    assert _all(project, doc) == [("bob", "claim", 30, 40, "")]

    other = add_annotation(project, doc.id, "claim", "ana", 50, 60)
    note = set_annotation_note(project, other.id, "à vérifier")
    set_annotation_note(project, other.id, "vérifié")  # changed since by someone else
    with pytest.raises(ChangedSince, match="its note changed"):
        revert_annotation_edit(project, note)
    assert [a.note for a in list_annotations(project, doc.id) if a.id == other.id] == ["vérifié"]


def test_redo_of_an_edit_restores_the_update_time_it_had(tmp_path):
    project, doc = project_with_article(tmp_path)
    mine = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    edit = relabel_annotation(project, mine.id, "framing")
    revert_annotation_edit(project, edit)
    redone = reapply_annotation_edit(project, edit)
    assert redone.after == edit.after
    assert list_annotations(project, doc.id) == [edit.after]


def test_a_clash_the_checks_did_not_foresee_is_a_refusal_not_a_driver_error(tmp_path):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    from annotator.services.links import add_link, delete_link, restore_link

    project, doc = project_with_article(tmp_path)
    claim = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    source = add_annotation(project, doc.id, "source", "ana", 30, 40)
    link = add_link(project, claim.id, source.id, "ana")
    gone = delete_link(project, link.id)
    third = add_annotation(project, doc.id, "claim", "ana", 50, 60)
    add_link(project, third.id, source.id, "ana")  # takes the link's row id
    with pytest.raises(ChangedSince, match="clashes with what the project holds now"):
        restore_link(project, gone)
