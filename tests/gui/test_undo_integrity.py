"""Undo and redo after writes the window's history did not make: a merge here, another program.

Row ids are reused by SQLite, so a step that named its annotation by id would act on a
colleague's annotation that took the id meanwhile. These tests make that happen and check that
the colleague's work is untouched, that no "Unexpected error" box appears, and that the undo
history stays where the project is.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from tests.helpers import ARTICLE, imported, span_of

from annotator.services.annotations import add_annotation, delete_annotation, relabel_annotation
from annotator.services.documents import import_texts, list_documents
from annotator.services.merge import merge_file
from annotator.services.project import open_project
from annotator.ui.app import _show_uncaught
from annotator.ui.interchange.merge_action import MergeFileDialog, MergeSummaryDialog
from annotator.ui.main_window import MainWindow

MINE = "12 000 emplois"
THEIRS = "l’INSEE"


def _stored(window: MainWindow) -> list[tuple[str, str, str, str]]:
    """(annotator, label, text, note) of every annotation on disk, read apart from the window."""
    conn = sqlite3.connect(window.project.path)
    try:
        rows = conn.execute(
            'SELECT a.annotator, l.name, a.start, a."end", a.note FROM annotations a '
            "JOIN labels l ON l.id = a.label_id ORDER BY a.annotator, a.start"
        ).fetchall()
    finally:
        conn.close()
    return [(who, label, ARTICLE[start:end], note) for who, label, start, end, note in rows]


def _label(window: MainWindow, words: str, label: str) -> int:
    """Select `words` and label them as the analyst would; the new annotation's row id."""
    view = window.document_view
    view.select_range(*span_of(ARTICLE, words))
    key = next(lab.shortcut for lab in window.workspace.labels if lab.name == label)
    assert window.workspace.label_key(key)
    (ann,) = [a for a in window.workspace.annotations if ARTICLE[a.start:a.end] == words]
    return ann.id


def _colleague_file(tmp_path: Path, name: str = "bob.annotator", words: str = THEIRS,
                    label: str = "source") -> Path:
    """Bob's own project on the same article, holding one annotation of his."""
    path = tmp_path / name
    project = open_project(path)
    try:
        (outcome,) = import_texts(project, [imported(ARTICLE)])
        add_annotation(project, outcome.document.id, label, "bob", *span_of(ARTICLE, words))
    finally:
        project.close()
    return path


@pytest.fixture
def watched(article_window, monkeypatch, message_boxes):
    """The window, with errors escaping a slot shown as the application shows them."""
    monkeypatch.setattr(sys, "excepthook", _show_uncaught)
    return article_window


def _unexpected(boxes: list[tuple[str, str]]) -> list[str]:
    return [text for title, text in boxes if title == "Unexpected error"]


def _in_step(window: MainWindow) -> None:
    """The history's done part is exactly what the project holds of ana's work."""
    stack = window.undo_stack
    mine = [row for row in _stored(window) if row[0] == "ana"]
    assert bool(mine) == (stack.index() > 0)


def test_redo_then_undo_after_a_merge_leaves_the_colleagues_annotation_alone(
    watched, tmp_path, message_boxes
):
    window = watched
    mine_id = _label(window, MINE, "claim")
    window.undo_action.trigger()
    merge_file(window.project, _colleague_file(tmp_path))
    window.events.contents_changed.emit()
    (theirs,) = window.workspace.annotations
    assert theirs.id == mine_id  # SQLite gave bob's annotation the row id ana's had

    window.redo_action.trigger()
    assert _stored(window) == [("ana", "claim", MINE, ""), ("bob", "source", THEIRS, "")]
    assert window.undo_stack.index() == 1
    window.undo_action.trigger()

    assert _stored(window) == [("bob", "source", THEIRS, "")]
    assert window.undo_stack.index() == 0 and window.undo_stack.canRedo()
    assert _unexpected(message_boxes) == []
    assert [(a.annotator, a.label) for a in window.workspace.annotations] == [("bob", "source")]


def test_redo_of_a_relabel_never_relabels_the_annotation_that_took_its_id(
    watched, tmp_path, message_boxes
):
    window = watched
    _label(window, MINE, "claim")
    (ann,) = window.workspace.annotations
    framing = next(lab for lab in window.workspace.labels if lab.name == "framing")
    assert window.workspace.relabel(ann.id, framing.id)
    window.undo_action.trigger()  # back to claim
    window.undo_action.trigger()  # the claim is gone
    merge_file(window.project, _colleague_file(tmp_path, label="claim"))
    window.events.contents_changed.emit()

    window.redo_action.trigger()  # ana's claim is back
    window.redo_action.trigger()  # and relabelled: hers, not bob's

    assert _stored(window) == [("ana", "framing", MINE, ""), ("bob", "claim", THEIRS, "")]
    assert window.undo_stack.index() == 2
    assert _unexpected(message_boxes) == []


def test_redo_of_a_relabel_after_another_program_reused_the_id_is_refused(
    watched, tmp_path, message_boxes
):
    window = watched
    _label(window, MINE, "claim")
    (ann,) = window.workspace.annotations
    framing = next(lab for lab in window.workspace.labels if lab.name == "framing")
    assert window.workspace.relabel(ann.id, framing.id)
    window.undo_action.trigger()
    other = open_project(window.project.path)  # bob's program on the same file
    try:
        delete_annotation(other, ann.id)
        (doc,) = list_documents(other)
        theirs = add_annotation(other, doc.id, "claim", "bob", *span_of(ARTICLE, THEIRS))
    finally:
        other.close()
    assert theirs.id == ann.id

    window.redo_action.trigger()

    assert _stored(window) == [("bob", "claim", THEIRS, "")]
    assert window.undo_stack.index() == 1  # the relabel is not done, as in the project
    assert "no longer exists" in window.statusBar().currentMessage()
    assert _unexpected(message_boxes) == []


def _copy_of(window: MainWindow, dest: Path) -> Path:
    """Bob's copy of the project file as it is now (read consistently, as a backup would)."""
    source = sqlite3.connect(window.project.path)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def test_a_refused_redo_keeps_the_history_where_the_project_is_and_says_why(
    watched, tmp_path, message_boxes
):
    window = watched
    _label(window, MINE, "claim")
    (ann,) = window.workspace.annotations
    bobs = open_project(_copy_of(window, tmp_path / "bob.annotator"))
    try:
        relabel_annotation(bobs, ann.id, "framing")  # bob relabelled ana's claim in his copy
    finally:
        bobs.close()
    window.undo_action.trigger()
    merge_file(window.project, tmp_path / "bob.annotator")  # the claim comes back, as framing
    window.events.contents_changed.emit()

    window.redo_action.trigger()

    assert _stored(window) == [("ana", "framing", MINE, "")]
    assert window.undo_stack.index() == 0
    assert not window.undo_stack.canUndo()
    message = window.statusBar().currentMessage()
    assert "not redone" in message and "framing" in message
    assert _unexpected(message_boxes) == []


def test_undo_refuses_to_delete_an_annotation_a_merge_changed(watched, tmp_path, message_boxes):
    window = watched
    _label(window, MINE, "claim")
    (ann,) = window.workspace.annotations
    bobs = open_project(_copy_of(window, tmp_path / "bob.annotator"))
    try:
        relabel_annotation(bobs, ann.id, "framing")
    finally:
        bobs.close()
    merge_file(window.project, tmp_path / "bob.annotator")  # bob's newer version replaces it
    window.events.contents_changed.emit()

    window.undo_action.trigger()

    assert _stored(window) == [("ana", "framing", MINE, "")]
    message = window.statusBar().currentMessage()
    assert "changed since" in message and "not undone" in message
    assert not window.undo_stack.canUndo()  # the step can never apply: it left the history
    assert _unexpected(message_boxes) == []


def test_undo_after_another_program_wrote_keeps_the_history_and_says_so(
    watched, message_boxes
):
    window = watched
    _label(window, MINE, "claim")
    other = open_project(window.project.path)
    try:
        (doc,) = list_documents(other)
        add_annotation(other, doc.id, "source", "bob", *span_of(ARTICLE, THEIRS))
    finally:
        other.close()

    window.undo_action.trigger()

    assert _stored(window) == [("bob", "source", THEIRS, "")]
    assert "changed by another program" in window.statusBar().currentMessage()
    # The window re-read the project: bob's annotation is shown, ana's is gone.
    assert [(a.annotator, a.label) for a in window.workspace.annotations] == [("bob", "source")]
    window.redo_action.trigger()
    assert _stored(window) == [("ana", "claim", MINE, ""), ("bob", "source", THEIRS, "")]
    assert window.statusBar().currentMessage().startswith("Redone: ")
    _in_step(window)
    assert _unexpected(message_boxes) == []


def test_merge_in_the_window_keeps_the_history_and_says_so(watched, tmp_path, monkeypatch, qtbot):
    window = watched
    _label(window, MINE, "claim")
    window.undo_action.trigger()
    bob = _colleague_file(tmp_path)
    monkeypatch.setattr(MergeFileDialog, "ask", classmethod(lambda cls, parent: bob))
    monkeypatch.setattr(MergeSummaryDialog, "present", classmethod(lambda cls, parent, report: None))
    window.findChild(QAction, "mergeAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert "undo history is kept" in window.statusBar().currentMessage()

    window.redo_action.trigger()
    window.undo_action.trigger()

    assert _stored(window) == [("bob", "source", THEIRS, "")]
    assert window.undo_stack.index() == 0 and window.undo_stack.canRedo()


# ----- every kind of step, with another program reusing the ids it saw -------------------------


@pytest.fixture
def steps(qtbot, tmp_path):
    """A project on the shared article, its events (refusals recorded) and a window's stack."""
    from annotator.ui.events import ProjectEvents
    from annotator.ui.undo_stack import UndoStack

    project = open_project(tmp_path / "p.annotator")
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    events = ProjectEvents()
    refused: list[str] = []
    events.refused.connect(refused.append)
    stack = UndoStack()
    stack.watch(project)
    yield project, outcome.document, events, stack, refused
    stack.clear()
    stack.stop_watching()
    project.close()


def _elsewhere(project, change):
    """Run `change(other)` on the same file opened by another program."""
    other = open_project(project.path)
    try:
        return change(other)
    finally:
        other.close()


def _rows(project, doc):
    from annotator.services.annotations import list_annotations

    return [(a.annotator, a.label, ARTICLE[a.start:a.end]) for a in list_annotations(project, doc.id)]


def test_undo_of_a_deletion_after_its_id_was_reused_brings_it_back_beside_theirs(steps):
    from annotator.ui.undo_stack import push_command, redo_step, undo_step
    from annotator.ui.workspace.annotation_commands import DeleteAnnotationsCommand

    project, doc, events, stack, refused = steps
    mine = add_annotation(project, doc.id, "claim", "ana", *span_of(ARTICLE, MINE))
    assert push_command(stack, DeleteAnnotationsCommand(project, events, [mine.id]))
    theirs = _elsewhere(project, lambda other: add_annotation(
        other, doc.id, "source", "bob", *span_of(ARTICLE, THEIRS)))
    assert theirs.id == mine.id

    undo_step(stack)
    assert _rows(project, doc) == [("ana", "claim", MINE), ("bob", "source", THEIRS)]
    redo_step(stack)
    assert _rows(project, doc) == [("bob", "source", THEIRS)]
    assert stack.index() == 1 and refused == []


def test_link_steps_never_touch_the_link_that_took_their_id(steps):
    from annotator.services.links import add_link, list_links
    from annotator.ui.links.link_commands import AddLinkCommand
    from annotator.ui.undo_stack import push_command, redo_step, undo_step

    project, doc, events, stack, refused = steps
    claim = add_annotation(project, doc.id, "claim", "ana", *span_of(ARTICLE, MINE))
    source = add_annotation(project, doc.id, "source", "ana", *span_of(ARTICLE, "le ministre"))
    assert push_command(stack, AddLinkCommand(project, events, claim.id, source.id, "ana"))
    (mine,) = list_links(project, doc.id)
    undo_step(stack)

    def bobs_link(other):
        bob_claim = add_annotation(other, doc.id, "claim", "bob", *span_of(ARTICLE, THEIRS))
        return add_link(other, bob_claim.id, source.id, "bob")

    theirs = _elsewhere(project, bobs_link)
    assert theirs.id == mine.id
    redo_step(stack)
    undo_step(stack)
    assert [k.uuid for k in list_links(project, doc.id)] == [theirs.uuid]
    assert stack.index() == 0 and refused == []


def test_a_review_is_not_redone_on_the_annotation_that_took_its_id(steps):
    from annotator.services.reviews import review_history
    from annotator.ui.review.review_commands import ReviewCommand, ReviewSignals
    from annotator.ui.undo_stack import push_command, redo_step, undo_step

    project, doc, events, stack, refused = steps
    bobs = add_annotation(project, doc.id, "claim", "bob", *span_of(ARTICLE, MINE))
    command = ReviewCommand(project, events, ReviewSignals(), bobs.id, "ana", "rejected", "non")
    assert push_command(stack, command)
    undo_step(stack)

    def replace_it(other):
        delete_annotation(other, bobs.id)
        return add_annotation(other, doc.id, "claim", "cid", *span_of(ARTICLE, THEIRS))

    cids = _elsewhere(project, replace_it)
    assert cids.id == bobs.id
    redo_step(stack)
    assert review_history(project, cids.id) == []
    assert stack.index() == 0 and not stack.canRedo()
    assert refused == [f"annotation {bobs.id} no longer exists"]


def test_codebook_steps_never_touch_the_label_that_took_their_id(steps):
    from annotator.services.labels import add_label, list_labels
    from annotator.ui.codebook.label_commands import AddLabelCommand
    from annotator.ui.undo_stack import push_command, redo_step, undo_step

    project, doc, events, stack, refused = steps
    command = AddLabelCommand(project, events, "opinion", "#009E73")
    assert push_command(stack, command)
    assert command.label is not None
    mine = command.label
    undo_step(stack)
    theirs = _elsewhere(project, lambda other: add_label(other, "verdict", "#000000"))
    assert theirs.id == mine.id
    redo_step(stack)
    assert {"opinion", "verdict"} <= {lab.name for lab in list_labels(project)}
    undo_step(stack)
    names = [lab.name for lab in list_labels(project)]
    assert "verdict" in names and "opinion" not in names
    assert stack.index() == 0 and refused == []
