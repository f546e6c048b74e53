"""What the window reads when it shows a document: its annotations as rows, the review states of
the reviewed ones; and putting a span back refuses what clashes even in a long document."""

from __future__ import annotations

import dataclasses

import pytest
from tests.helpers import project_with_article, span_of

from annotator.domain.errors import DuplicateAnnotation, NotFound
from annotator.domain.review import PENDING_STATE
from annotator.services.annotations import (
    ANNOTATION_ROW_FIELDS,
    add_annotation,
    delete_annotations,
    list_annotation_rows,
    list_annotations,
    read_document_shown,
    restore_annotations,
)
from annotator.services.documents import get_document, get_document_text
from annotator.services.reviews import review_annotation, review_states, review_states_of, reviewed_states

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

TEXT = "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025, dit l’INSEE.\n"


def test_rows_hold_the_annotations_in_reading_order_with_their_fields(tmp_path):
    project, doc = project_with_article(tmp_path, TEXT)
    try:
        later = add_annotation(project, doc.id, "source", "ana", *span_of(TEXT, "l’INSEE"))
        short = add_annotation(project, doc.id, "claim", "ana", *span_of(TEXT, "la réforme"))
        long = add_annotation(project, doc.id, "framing", "bob",
                              *span_of(TEXT, "la réforme « sauvera »"))
        rows = list_annotation_rows(project, doc.id)
        assert [row[0] for row in rows] == [long.id, short.id, later.id]  # same start: longer first
        records = list_annotations(project, doc.id)
        assert [dict(zip(ANNOTATION_ROW_FIELDS, row, strict=True)) for row in rows] == [
            {name: getattr(record, name) for name in ANNOTATION_ROW_FIELDS} for record in records
        ]
        assert [r.label for r in records] == ["framing", "claim", "source"]
    finally:
        project.close()


def test_a_document_shown_is_read_as_its_record_text_and_rows_are_read_one_by_one(tmp_path):
    project, doc = project_with_article(tmp_path, TEXT + "Deuxième ligne 🙂, dit-elle.\n")
    try:
        add_annotation(project, doc.id, "source", "ana", *span_of(TEXT, "l’INSEE"))
        add_annotation(project, doc.id, "claim", "bob", *span_of(TEXT, "la réforme"))
        shown = read_document_shown(project, doc.id)
        assert shown.document == get_document(project, doc.id)
        assert shown.document.annotation_count == 2
        assert shown.text == get_document_text(project, doc.id)
        assert shown.rows == list_annotation_rows(project, doc.id)
        with pytest.raises(NotFound):
            read_document_shown(project, doc.id + 1000)
    finally:
        project.close()


def test_reviewed_states_hold_only_the_reviewed_and_agree_with_every_state(tmp_path):
    project, doc = project_with_article(tmp_path, TEXT)
    try:
        claim = add_annotation(project, doc.id, "claim", "alice", *span_of(TEXT, "12 000 emplois"))
        source = add_annotation(project, doc.id, "source", "alice", *span_of(TEXT, "l’INSEE"))
        review_annotation(project, claim.id, "ana", "rejected")
        review_annotation(project, claim.id, "ana", "commented", "à revoir")
        states = reviewed_states(project, doc.id)
        assert set(states) == {claim.id}
        assert states[claim.id] == review_states(project, doc.id)[claim.id]
        assert states[claim.id].status == "rejected" and states[claim.id].reviews == 2
        assert review_states_of(project, [claim.id, source.id, 999_999]) == {
            claim.id: states[claim.id], source.id: PENDING_STATE, 999_999: PENDING_STATE,
        }
    finally:
        project.close()


def test_putting_back_a_span_labelled_again_meanwhile_is_refused(tmp_path):
    project, doc = project_with_article(tmp_path, TEXT)
    try:
        for word in ("ministre", "12 000", "2025"):  # other spans, elsewhere
            add_annotation(project, doc.id, "claim", "ana", *span_of(TEXT, word))
        claim = add_annotation(project, doc.id, "claim", "ana", *span_of(TEXT, "la réforme"))
        (deleted,) = delete_annotations(project, [claim.id])
        add_annotation(project, doc.id, "claim", "ana", *span_of(TEXT, "la réforme"))
        with pytest.raises(DuplicateAnnotation):
            restore_annotations(project, [deleted])
        other = dataclasses.replace(deleted, label="source", uuid="5b0f3bd4-3d3c-4f0a-9b7e-9c0c4e1d2a11")
        (back,) = restore_annotations(project, [other])  # another label on that span is fine
        assert back.label == "source"
    finally:
        project.close()
