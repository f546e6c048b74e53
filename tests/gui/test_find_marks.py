"""Search hits are marked only while the find bar is open, whatever happens to the document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.ui.codebook.label_commands import UpdateLabelCommand
from annotator.ui.main_window import MainWindow
from annotator.ui.undo_stack import push_command
from annotator.ui.workspace.transient_marks import FIND_COLOR

FIRST = "La réforme des retraites : la ministre défend la réforme devant la presse.\n"
SECOND = "Second article : la réforme, encore la réforme, toujours la réforme.\n"


@pytest.fixture
def window(open_window) -> MainWindow:
    return open_window([(FIRST, "1.txt", "Premier"), (SECOND, "2.txt", "Second")], "two.annotator")


def find_marks(window: MainWindow) -> list[tuple[int, int]]:
    """The yellow search marks drawn over the article (Qt positions)."""
    return [
        (mark.cursor.selectionStart(), mark.cursor.selectionEnd())
        for mark in window.document_view.extraSelections()
        if mark.format.background().color().name() == FIND_COLOR
    ]


def _other_document(window: MainWindow) -> int:
    current = window.workspace.document.id
    return next(d.id for d in window.document_list.model.documents() if d.id != current)


def test_closed_find_bar_marks_nothing_after_a_document_switch(window):
    window.find_action.trigger()
    QTest.keyClicks(window.find_bar.input, "forme")
    assert len(find_marks(window)) == 2
    QTest.keyClick(window.find_bar.input, Qt.Key.Key_Escape)
    assert window.find_bar.isHidden()
    assert find_marks(window) == []

    window.document_list.select_document(_other_document(window))
    assert window.workspace.document.title == "Second"
    assert find_marks(window) == []

    window.find_action.trigger()  # opening the bar again marks the new document's hits
    assert len(find_marks(window)) == 3
    assert window.find_bar.counter.text() == "3 matches"


def test_closed_find_bar_marks_nothing_after_a_codebook_edit(window):
    window.find_action.trigger()
    QTest.keyClicks(window.find_bar.input, "forme")
    QTest.keyClick(window.find_bar.input, Qt.Key.Key_Escape)
    claim = next(lab for lab in window.workspace.labels if lab.name == "claim")
    recolour = UpdateLabelCommand(window.project, window.events, claim.id, color="#009e73",
                                  text="Recolour «claim»")
    assert push_command(window.undo_stack, recolour)  # the document is shown anew
    assert find_marks(window) == []
    window.undo_action.trigger()
    assert find_marks(window) == []
    window.find_action.trigger()
    assert len(find_marks(window)) == 2
