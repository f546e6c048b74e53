"""The codebook services."""

from __future__ import annotations

import pytest
from tests.helpers import project_with_article

from annotator.domain.errors import InvalidInput
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.labels import (
    add_label,
    delete_label,
    label_usage,
    list_labels,
    reorder_labels,
    restore_label,
    update_label,
)

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


def test_add_rename_rekey_and_restore(tmp_path):
    project, _ = project_with_article(tmp_path)
    lab = add_label(project, "opinion", "#009E73", "4", "Views of the author.")
    assert (lab.name, lab.color, lab.shortcut, lab.position) == ("opinion", "#009e73", "4", 3)
    before, after = update_label(project, lab.id, name="comment", shortcut=None)
    assert (after.name, after.shortcut) == ("comment", None)
    restore_label(project, before)
    assert list_labels(project)[-1] == lab


def test_duplicate_name_or_key_is_refused(tmp_path):
    project, _ = project_with_article(tmp_path)
    with pytest.raises(InvalidInput, match="already exists"):
        add_label(project, "Claim", "#000000")
    with pytest.raises(InvalidInput, match="already the shortcut of 'source'"):
        add_label(project, "opinion", "#000000", "1")
    with pytest.raises(InvalidInput, match="#rrggbb"):
        add_label(project, "opinion", "red")
    assert len(list_labels(project)) == 3


def test_reorder(tmp_path):
    project, _ = project_with_article(tmp_path)
    ids = [lab.id for lab in list_labels(project)]
    reorder_labels(project, list(reversed(ids)))
    assert [lab.name for lab in list_labels(project)] == ["framing", "claim", "source"]
    with pytest.raises(InvalidInput):
        reorder_labels(project, ids[:2])


def test_delete_in_use_moves_or_deletes(tmp_path):
    project, doc = project_with_article(tmp_path)
    labels = {lab.name: lab for lab in list_labels(project)}
    add_annotation(project, doc.id, "claim", "ana", 0, 5)
    add_annotation(project, doc.id, "claim", "ana", 10, 15)
    add_annotation(project, doc.id, "framing", "ana", 10, 15)
    assert label_usage(project, labels["claim"].id) == 2
    result = delete_label(project, labels["claim"].id, move_to=labels["framing"].id)
    assert (result.moved_annotations, result.deleted_annotations) == (1, 1)
    assert sorted((a.label, a.start) for a in list_annotations(project, doc.id)) == [
        ("framing", 0),
        ("framing", 10),
    ]
    result = delete_label(project, labels["framing"].id)
    assert result.deleted_annotations == 2
    assert list_annotations(project, doc.id) == []
    assert [lab.name for lab in list_labels(project)] == ["source"]


def test_a_new_label_gets_a_free_name_colour_and_key():
    from annotator.domain.validation import suggest_new_label

    name, color, key = suggest_new_label(
        ["source", "claim", "New label"], ["#56b4e9", "#009E73"], ["1", "2", None]
    )
    assert (name, color, key) == ("new label 2", "#0072b2", "3")


def test_undoing_an_added_label_never_deletes_annotations(tmp_path):
    from annotator.services.labels import delete_unused_label, reinsert_label

    project, doc = project_with_article(tmp_path)
    lab = add_label(project, "quote", "#009e73", "4")
    add_annotation(project, doc.id, "quote", "ana", 0, 5)
    with pytest.raises(InvalidInput, match="used by 1 annotation"):
        delete_unused_label(project, lab.id)
    assert [a.label for a in list_annotations(project, doc.id)] == ["quote"]
    other = add_label(project, "aside", "#0072b2")
    gone = delete_unused_label(project, other.id)
    back = reinsert_label(project, gone)
    assert back == other  # same id, UUID and position
