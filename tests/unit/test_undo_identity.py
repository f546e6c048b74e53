"""Undo and redo services for links, reviews, link rules and labels find rows by UUID (or by name),
never by a row id SQLite may have given to a colleague's row since; and the watch that tells a
window another program wrote to its project."""

from __future__ import annotations

import pytest
from tests.helpers import ARTICLE, project_with_article, span_of
from tests.pg_cluster import files_only

from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.services.annotations import (
    add_annotation,
    delete_annotation,
    delete_annotation_snapshots,
    delete_annotations_with_dependents,
    list_annotations,
    restore_annotation,
    restore_annotations_with_dependents,
    set_annotation_note,
    take_back_annotations,
)
from annotator.services.changes import watch_outside_writes
from annotator.services.labels import (
    add_label,
    list_labels,
    reinsert_label,
    reorder_labels,
    reorder_labels_by_uuid,
    restore_label,
    take_back_label,
    update_label,
)
from annotator.services.links import (
    add_link,
    add_link_rule,
    add_link_with_ends,
    delete_link_snapshot,
    delete_link_with_ends,
    list_link_rules,
    list_links,
    remove_link_rule,
    remove_link_rule_snapshot,
    restore_link_rule,
    restore_link_snapshot,
)
from annotator.services.project import open_project
from annotator.services.reviews import (
    restore_review,
    review_annotation,
    review_history,
    undo_review,
)

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def work(tmp_path):
    """ana's framing, source and claim on the shared article, in that order: SQLite gives the
    next row the id after the highest one left, so deleting the claim frees its id (and deleting
    both frees the source's)."""
    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "framing", "ana", *span_of(ARTICLE, "désastre annoncé"))
    source = add_annotation(project, doc.id, "source", "ana", *span_of(ARTICLE, "le ministre"))
    claim = add_annotation(project, doc.id, "claim", "ana", *span_of(ARTICLE, "12 000 emplois"))
    yield project, doc, claim, source
    project.close()


def _links(project, doc):
    by_id = {a.id: a for a in list_annotations(project, doc.id)}
    return [(by_id[k.from_annotation_id].annotator, by_id[k.from_annotation_id].label,
             by_id[k.to_annotation_id].annotator, by_id[k.to_annotation_id].label)
            for k in list_links(project, doc.id)]


def test_undoing_a_deletion_never_links_to_the_annotation_that_took_an_id(work):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, doc, claim, source = work
    add_link(project, claim.id, source.id, "ana")
    deleted = delete_annotations_with_dependents(project, [claim.id])
    delete_annotation(project, source.id)  # someone else deleted the source...
    bobs = add_annotation(project, doc.id, "source", "bob", *span_of(ARTICLE, "l’INSEE"))
    assert bobs.id == source.id  # ...and bob's source has its id now

    restored = restore_annotations_with_dependents(project, deleted)

    assert restored.links == ()
    assert list_links(project, doc.id) == []


def test_undoing_a_deletion_finds_the_other_end_under_its_new_id(work):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, doc, claim, source = work
    add_link(project, claim.id, source.id, "ana")
    deleted = delete_annotations_with_dependents(project, [claim.id])
    (gone,) = take_back_annotations(project, [source])
    bobs = add_annotation(project, doc.id, "source", "bob", *span_of(ARTICLE, "l’INSEE"))
    back = restore_annotation(project, gone)  # the source came back under another id
    assert back.id != source.id and bobs.id == source.id

    restore_annotations_with_dependents(project, deleted)

    assert _links(project, doc) == [("ana", "claim", "ana", "source")]


def test_redoing_a_deletion_refuses_when_a_colleague_reviewed_since(work):
    project, doc, claim, _ = work
    deleted = delete_annotations_with_dependents(project, [claim.id])
    restored = restore_annotations_with_dependents(project, deleted)
    review_annotation(project, claim.id, "bob", "accepted")
    with pytest.raises(ChangedSince, match="has a review by bob made since"):
        delete_annotation_snapshots(project, restored)
    assert len(review_history(project, claim.id)) == 1
    set_annotation_note(project, claim.id, "vu")
    with pytest.raises(ChangedSince, match="its note changed"):
        delete_annotation_snapshots(project, restored)


def test_redoing_a_deletion_takes_its_own_links_again(work):
    project, doc, claim, source = work
    add_link(project, claim.id, source.id, "ana")
    deleted = delete_annotations_with_dependents(project, [claim.id])
    restored = restore_annotations_with_dependents(project, deleted)
    again = delete_annotation_snapshots(project, restored)
    assert [a.uuid for a in again.annotations] == [claim.uuid]
    assert [k.uuid for k in again.links] == [k.uuid for k in deleted.links]
    assert list_links(project, doc.id) == []


def test_a_review_is_never_redone_on_the_annotation_that_took_its_id(work):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, doc, claim, _ = work
    outcome = review_annotation(project, claim.id, "bob", "rejected", "trop large")
    undo_review(project, outcome)
    delete_annotation(project, claim.id)
    theirs = add_annotation(project, doc.id, "claim", "cid", *span_of(ARTICLE, "l’INSEE"))
    assert theirs.id == claim.id
    with pytest.raises(NotFound, match="no longer exists"):
        restore_review(project, outcome)
    assert review_history(project, theirs.id) == []


def test_a_review_is_not_redone_on_an_annotation_changed_since(work):
    project, doc, claim, _ = work
    outcome = review_annotation(project, claim.id, "bob", "accepted")
    undo_review(project, outcome)
    set_annotation_note(project, claim.id, "corrigé")
    with pytest.raises(ChangedSince, match="«claim» by ana was changed since"):
        restore_review(project, outcome)
    assert review_history(project, claim.id) == []


def test_undoing_a_review_keeps_a_copy_others_have_linked_since(work):
    project, doc, claim, source = work
    outcome = review_annotation(project, claim.id, "bob", "accepted", copy_to_own=True)
    assert outcome.copy_created
    theirs = add_annotation(project, doc.id, "source", "bob", *span_of(ARTICLE, "l’INSEE"))
    add_link(project, outcome.copy.id, theirs.id, "bob")
    assert undo_review(project, outcome) is None
    assert ("bob", "claim") in [(a.annotator, a.label) for a in list_annotations(project, doc.id)]
    assert review_history(project, claim.id) == []


def test_link_steps_find_both_spans_by_uuid(work):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, doc, claim, source = work
    added = add_link_with_ends(project, claim.id, source.id, "ana")
    removed = delete_link_snapshot(project, added)
    assert removed == added
    (gone,) = take_back_annotations(project, [claim])
    theirs = add_annotation(project, doc.id, "claim", "bob", *span_of(ARTICLE, "l’INSEE"))
    assert theirs.id == claim.id
    with pytest.raises(NotFound, match="a span of this link no longer exists"):
        restore_link_snapshot(project, added)
    restore_annotation(project, gone)  # ana's claim is back, under another id
    back = restore_link_snapshot(project, added)
    assert back.link.uuid == added.link.uuid and back.link.from_annotation_id != claim.id
    assert _links(project, doc) == [("ana", "claim", "ana", "source")]
    with pytest.raises(InvalidInput, match="exists already"):
        restore_link_snapshot(project, added)
    deleted = delete_link_with_ends(project, back.link.id)
    assert deleted == back and list_links(project, doc.id) == []


def test_link_rule_steps_find_the_rule_by_its_labels(work):
    project, _, _, _ = work
    rule = add_link_rule(project, "quotes", "source", "claim")
    removed = remove_link_rule_snapshot(project, rule)
    assert removed == rule
    add_link_rule(project, "cites", "source", "claim")  # takes the rule's row id
    back = restore_link_rule(project, rule)
    assert (back.relation, back.from_label, back.to_label) == ("quotes", "source", "claim")
    with pytest.raises(InvalidInput, match="already allows «source» quotes «claim»"):
        restore_link_rule(project, rule)
    remove_link_rule(project, back.id)
    with pytest.raises(NotFound, match="no longer allows «source» quotes «claim»"):
        remove_link_rule_snapshot(project, rule)
    assert "cites" in [r.relation for r in list_link_rules(project)]


def test_label_steps_find_the_label_by_uuid(work):
    files_only("SQLite gives a deleted row's id to the next row; a server never reuses one")
    project, _, _, _ = work
    mine = add_label(project, "opinion", "#009E73", "4")
    assert take_back_label(project, mine) == mine
    theirs = add_label(project, "verdict", "#000000")
    assert theirs.id == mine.id
    back = reinsert_label(project, mine)
    assert back.uuid == mine.uuid and back.id != theirs.id
    with pytest.raises(ChangedSince, match="in the codebook again"):
        reinsert_label(project, mine)
    before, after = update_label(project, back.id, name="avis")
    update_label(project, back.id, color="#ff0000")  # changed since by someone else
    with pytest.raises(ChangedSince, match="was changed since"):
        restore_label(project, before, expected=after)
    with pytest.raises(ChangedSince, match="was changed since"):
        take_back_label(project, after)
    assert {lab.name for lab in list_labels(project)} >= {"avis", "verdict"}


def test_reordering_by_uuid_refuses_a_codebook_that_changed(work):
    project, _, _, _ = work
    labels = list_labels(project)
    uuids = [lab.uuid for lab in reversed(labels)]
    assert [lab.name for lab in reorder_labels_by_uuid(project, uuids)] == [
        lab.name for lab in reversed(labels)]
    add_label(project, "opinion", "#009E73")
    with pytest.raises(ChangedSince, match="gained or lost a label"):
        reorder_labels_by_uuid(project, uuids)
    reorder_labels(project, [lab.id for lab in list_labels(project)])


def test_the_watch_counts_other_programs_writes_only(work, tmp_path):
    files_only("another program's writes are watched in project files only for now")
    project, doc, claim, _ = work
    watch = watch_outside_writes(project)
    try:
        start = watch.count()
        set_annotation_note(project, claim.id, "mine")
        list_annotations(project, doc.id)
        assert watch.count() == start
        other = open_project(project.path)
        try:
            add_annotation(other, doc.id, "claim", "bob", *span_of(ARTICLE, "l’INSEE"))
        finally:
            other.close()
        set_annotation_note(project, claim.id, "mine again")  # ours, after theirs
        assert watch.count() == start + 1
        assert watch.count() == start + 1
    finally:
        watch.close()
    watch.close()  # closing twice is harmless
