"""Annotation services: each change is on disk when the call returns; bad requests change nothing."""

from __future__ import annotations

import sqlite3

import pytest
from tests.helpers import project_with_article

from annotator.domain.errors import DuplicateAnnotation, InvalidInput, NotFound
from annotator.services.annotations import (
    add_annotation,
    add_annotations,
    delete_annotation,
    list_annotations,
    relabel_annotation,
    restore_annotation,
    revert_annotation_edit,
    set_annotation_note,
)
from annotator.services.documents import get_document_text


def _rows_on_disk(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT a.annotator, l.name, a.start, a."end", a.note FROM annotations a '
            "JOIN labels l ON l.id = a.label_id ORDER BY a.start"
        ).fetchall()
    finally:
        conn.close()


def test_added_annotation_is_committed_and_slices_the_stored_text(tmp_path):
    project, doc = project_with_article(tmp_path)
    text = get_document_text(project, doc.id)
    start = text.index("le ministre")
    ann = add_annotation(project, doc.id, "source", "ana", start, start + len("le ministre"), "cited")
    assert _rows_on_disk(project.path) == [("ana", "source", start, start + 11, "cited")]
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
    assert _rows_on_disk(project.path) == []


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
    assert _rows_on_disk(project.path) == []


def test_exact_duplicate_is_refused_but_other_annotator_or_label_is_fine(tmp_path):
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 10, 20)
    with pytest.raises(DuplicateAnnotation, match="already has the label 'claim'"):
        add_annotation(project, doc.id, "claim", "ana", 10, 20)
    add_annotation(project, doc.id, "claim", "ben", 10, 20)
    add_annotation(project, doc.id, "framing", "ana", 10, 20)
    assert len(_rows_on_disk(project.path)) == 3


def test_delete_then_restore_brings_back_the_same_annotation(tmp_path):
    project, doc = project_with_article(tmp_path)
    ann = add_annotation(project, doc.id, "claim", "ana", 10, 20, "note")
    gone = delete_annotation(project, ann.id)
    assert gone == ann
    assert _rows_on_disk(project.path) == []
    back = restore_annotation(project, gone)
    assert back == ann
    assert list_annotations(project, doc.id) == [ann]


def test_relabel_and_note_edit_and_their_undo(tmp_path):
    project, doc = project_with_article(tmp_path)
    ann = add_annotation(project, doc.id, "claim", "ana", 10, 20)
    edit = relabel_annotation(project, ann.id, "framing")
    assert (edit.before.label, edit.after.label) == ("claim", "framing")
    note = set_annotation_note(project, ann.id, "loaded wording")
    assert _rows_on_disk(project.path) == [("ana", "framing", 10, 20, "loaded wording")]
    revert_annotation_edit(project, note)
    revert_annotation_edit(project, edit)
    assert list_annotations(project, doc.id) == [ann]


def test_relabel_onto_an_existing_span_is_refused(tmp_path):
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 10, 20)
    other = add_annotation(project, doc.id, "framing", "ana", 10, 20)
    with pytest.raises(DuplicateAnnotation):
        relabel_annotation(project, other.id, "claim")
    assert sorted(r[1] for r in _rows_on_disk(project.path)) == ["claim", "framing"]


def test_bulk_add_is_all_or_nothing_and_skips_existing(tmp_path):
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 0, 5)
    added = add_annotations(project, doc.id, "claim", "ana", [(0, 5), (10, 20), (30, 40)])
    assert [(a.start, a.end) for a in added] == [(10, 20), (30, 40)]
    with pytest.raises(InvalidInput):
        add_annotations(project, doc.id, "claim", "ana", [(50, 60), (0, 10_000)])
    assert len(_rows_on_disk(project.path)) == 3


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
    assert len(_rows_on_disk(project.path)) == 3
    gone = delete_annotations(project, [a.id for a in added])
    assert gone == added
    add_annotation(project, doc.id, "claim", "ana", 30, 40)  # someone took one span meanwhile
    with pytest.raises(DuplicateAnnotation):
        restore_annotations(project, gone)
    assert len(_rows_on_disk(project.path)) == 1
