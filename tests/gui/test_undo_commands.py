"""Undoable annotation changes: what the project holds after push, undo and redo."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from tests.helpers import imported, span_of

from annotator.domain.records import AnnotationInfo, DocumentInfo, LabelInfo
from annotator.services import Project
from annotator.services.annotations import add_annotation, delete_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.labels import list_labels
from annotator.services.project import open_project
from annotator.ui.events import ProjectEvents
from annotator.ui.undo_stack import push_command, undo_step
from annotator.ui.workspace.annotation_commands import (
    AddAnnotationCommand,
    AddAnnotationsCommand,
    DeleteAnnotationsCommand,
    EditNoteCommand,
    RelabelAnnotationCommand,
)

ARTICLE = (
    "Le porte-parole a affirmé que la croissance atteindra 2 %.\n"
    "La croissance, selon lui, sera tirée par l’export. La croissance ralentit pourtant."
)
SECOND = "Un second article, ouvert entre deux annulations."


@dataclass
class Recorder:
    """Everything the commands announced."""

    added: list[tuple[AnnotationInfo, ...]] = field(default_factory=list)
    removed: list[tuple[AnnotationInfo, ...]] = field(default_factory=list)
    updated: list[tuple[AnnotationInfo, ...]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    saved: int = 0

    def listen(self, events: ProjectEvents) -> None:
        events.annotations_added.connect(self.added.append)
        events.annotations_removed.connect(self.removed.append)
        events.annotations_updated.connect(self.updated.append)
        events.refused.connect(self.refused.append)
        events.failed.connect(self.failed.append)
        events.saved.connect(self._on_saved)

    def _on_saved(self) -> None:
        self.saved += 1


@dataclass
class Setup:
    project: Project
    events: ProjectEvents
    stack: QUndoStack
    heard: Recorder
    document: DocumentInfo
    other: DocumentInfo
    labels: dict[str, LabelInfo]

    def span(self, piece: str) -> tuple[int, int]:
        return span_of(ARTICLE, piece)

    def stored(self) -> list[tuple[str, str, int, int, str]]:
        return [
            (a.label, a.annotator, a.start, a.end, a.note)
            for a in list_annotations(self.project, self.document.id)
        ]


@pytest.fixture
def setup(qtbot, tmp_path: Path) -> Iterator[Setup]:
    project = open_project(tmp_path / "p.annotator", busy_timeout=0.2)
    import_texts(project, [imported(ARTICLE, "a.txt", "a.txt"), imported(SECOND, "b.txt", "b.txt")])
    documents = {d.source_name: d for d in list_documents(project)}
    events = ProjectEvents()
    heard = Recorder()
    heard.listen(events)
    stack = QUndoStack()
    labels = {lab.name: lab for lab in list_labels(project)}
    yield Setup(project, events, stack, heard, documents["a.txt"], documents["b.txt"], labels)
    stack.clear()
    project.close()


def _add(s: Setup, label: str, piece: str, annotator: str = "alice") -> AddAnnotationCommand:
    return AddAnnotationCommand(
        s.project, s.events, s.document.id, s.labels[label].id, annotator, *s.span(piece)
    )


def test_add_then_undo_and_redo_keeps_the_same_annotation(setup: Setup) -> None:
    command = _add(setup, "source", "Le porte-parole")
    assert push_command(setup.stack, command)
    assert setup.stack.undoText() == "Add «source»"
    first = list_annotations(setup.project, setup.document.id)
    assert [(a.label, a.start) for a in first] == [("source", 0)]
    assert setup.heard.added == [tuple(first)]
    assert setup.heard.saved == 1

    setup.stack.undo()
    assert setup.stored() == []
    assert setup.heard.removed == [tuple(first)]
    setup.stack.redo()
    again = list_annotations(setup.project, setup.document.id)
    assert again == first  # same id, uuid and times
    assert setup.heard.saved == 3
    assert setup.heard.refused == setup.heard.failed == []


def test_refused_add_is_not_pushed_and_says_why(setup: Setup) -> None:
    assert push_command(setup.stack, _add(setup, "claim", "la croissance atteindra 2 %"))
    assert not push_command(setup.stack, _add(setup, "claim", "la croissance atteindra 2 %"))
    assert setup.stack.count() == 1
    assert len(setup.heard.refused) == 1
    assert "already has the label 'claim'" in setup.heard.refused[0]

    out_of_bounds = AddAnnotationCommand(
        setup.project, setup.events, setup.document.id, setup.labels["claim"].id, "alice", 5, 9999
    )
    assert not push_command(setup.stack, out_of_bounds)
    assert "outside the document" in setup.heard.refused[-1]
    assert setup.heard.failed == []  # nothing went wrong with the project file
    assert setup.stack.count() == 1
    assert len(setup.stored()) == 1


def test_label_all_matches_is_one_step(setup: Setup) -> None:
    spans = [
        (m, m + len("croissance"))
        for m in range(len(ARTICLE))
        if ARTICLE.lower().startswith("croissance", m)
    ]
    assert len(spans) == 3
    already = add_annotation(
        setup.project, setup.document.id, "framing", "alice", spans[0][0], spans[0][1]
    )
    command = AddAnnotationsCommand(
        setup.project, setup.events, setup.document.id, setup.labels["framing"].id, "alice", spans
    )
    assert push_command(setup.stack, command)
    assert setup.stack.undoText() == "Label 2 matches as «framing»"
    assert [(s, e) for _, _, s, e, _ in setup.stored()] == spans
    setup.stack.undo()
    assert list_annotations(setup.project, setup.document.id) == [already]
    setup.stack.redo()
    assert len(setup.stored()) == 3

    again = AddAnnotationsCommand(
        setup.project, setup.events, setup.document.id, setup.labels["framing"].id, "alice", spans
    )
    assert not push_command(setup.stack, again)
    assert setup.heard.refused == ["every match already has this label"]
    assert setup.stack.count() == 1


def test_delete_and_undo_restore_annotations_exactly(setup: Setup) -> None:
    push_command(setup.stack, _add(setup, "source", "Le porte-parole"))
    push_command(setup.stack, _add(setup, "claim", "la croissance atteindra 2 %"))
    before = list_annotations(setup.project, setup.document.id)
    command = DeleteAnnotationsCommand(setup.project, setup.events, [a.id for a in before])
    assert push_command(setup.stack, command)
    assert setup.stack.undoText() == "Delete 2 annotations"
    assert setup.stored() == []
    assert setup.heard.removed[-1] == tuple(before)
    setup.stack.undo()
    assert list_annotations(setup.project, setup.document.id) == before
    setup.stack.redo()
    assert setup.stored() == []
    # Undo all the way back, then redo all: the adds and the delete replay in order.
    for _ in range(3):
        setup.stack.undo()
    assert setup.stored() == []
    for _ in range(3):
        setup.stack.redo()
    assert setup.stored() == []
    setup.stack.undo()
    assert list_annotations(setup.project, setup.document.id) == before


def test_delete_nothing_is_refused(setup: Setup) -> None:
    assert not push_command(setup.stack, DeleteAnnotationsCommand(setup.project, setup.events, []))
    assert setup.heard.refused == ["no annotation is selected"]
    assert setup.stack.count() == 0


def test_relabel_and_note_edits_undo_to_the_previous_state(setup: Setup) -> None:
    push_command(setup.stack, _add(setup, "claim", "la croissance atteindra 2 %"))
    original = list_annotations(setup.project, setup.document.id)[0]

    relabel = RelabelAnnotationCommand(
        setup.project, setup.events, original.id, setup.labels["framing"].id
    )
    assert push_command(setup.stack, relabel)
    assert setup.stack.undoText() == "Change «claim» to «framing»"
    assert setup.stored()[0][0] == "framing"
    assert setup.heard.updated[-1][0].label == "framing"

    note = EditNoteCommand(setup.project, setup.events, original.id, "chiffre non sourcé")
    assert push_command(setup.stack, note)
    assert setup.stored()[0][4] == "chiffre non sourcé"

    setup.stack.undo()
    assert setup.stored()[0][:1] == ("framing",) and setup.stored()[0][4] == ""
    setup.stack.undo()
    assert list_annotations(setup.project, setup.document.id) == [original]
    assert setup.heard.updated[-1] == (original,)
    setup.stack.redo()
    setup.stack.redo()
    assert setup.stored()[0][0] == "framing" and setup.stored()[0][4] == "chiffre non sourcé"


def test_undo_works_after_switching_documents(setup: Setup) -> None:
    push_command(setup.stack, _add(setup, "source", "Le porte-parole"))
    on_other = AddAnnotationCommand(
        setup.project, setup.events, setup.other.id, setup.labels["claim"].id, "alice", 0, 2
    )
    assert push_command(setup.stack, on_other)
    setup.stack.undo()
    setup.stack.undo()
    assert setup.stored() == []
    assert list_annotations(setup.project, setup.other.id) == []
    setup.stack.redo()
    assert len(setup.stored()) == 1


def test_undo_that_can_no_longer_apply_is_dropped_with_a_message(setup: Setup) -> None:
    push_command(setup.stack, _add(setup, "source", "Le porte-parole"))
    added = list_annotations(setup.project, setup.document.id)[0]
    delete_annotation(setup.project, added.id)  # removed behind the stack's back
    setup.stack.undo()
    assert setup.heard.refused == [f"annotation {added.id} no longer exists"]
    assert setup.stack.count() == 0
    assert not setup.stack.canRedo()


def test_undo_while_the_project_is_busy_keeps_the_step_for_later(setup: Setup, qtbot) -> None:
    import sqlite3

    push_command(setup.stack, _add(setup, "source", "Le porte-parole"))
    busy = sqlite3.connect(setup.project.path, isolation_level=None)
    busy.execute("BEGIN IMMEDIATE")
    try:
        undo_step(setup.stack)
        assert setup.heard.failed and "in use by another program" in setup.heard.failed[-1]
        assert setup.stack.index() == 1  # the step is still there, as the project is
    finally:
        busy.execute("ROLLBACK")
        busy.close()
    assert len(setup.stored()) == 1 and setup.stack.canUndo() and not setup.stack.canRedo()
    undo_step(setup.stack)  # the other program is done: now it works
    assert setup.stored() == []
    assert setup.stack.canRedo()
