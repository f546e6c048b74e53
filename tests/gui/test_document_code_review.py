"""Reviewing a colleague's document codes in the window: in review mode the panel above the
article offers accept, reject and comment on their code, each one undo step, and shows the
status beside their name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from tests.helpers import ARTICLE, imported, span_of

from annotator import settings as S
from annotator.services.annotations import add_annotation
from annotator.services.document_code_reviews import document_code_review_states
from annotator.services.document_codes import list_document_codes, set_document_code
from annotator.services.documents import import_texts
from annotator.services.labels import add_label
from annotator.services.project import open_project
from annotator.ui import open_main_window
from annotator.ui.review.review_bar import ReviewCommentDialog
from annotator.ui.undo_stack import redo_step, undo_step


@pytest.fixture
def review_window(qtbot, tmp_path):
    """ana's window on an article bob coded «stance: pro» (and labelled one span of)."""
    path = tmp_path / "r.annotator"
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE, "a.txt", "First")])
    document = outcome.document
    add_label(project, "stance: pro", "#2e7d32", "7", "The article argues for the reform.",
              kind="document")
    set_document_code(project, document.id, "stance: pro", "bob", "lead and title")
    start, end = span_of(ARTICLE, "ministre")
    add_annotation(project, document.id, "source", "bob", start, end)
    project.close()
    window = open_main_window(path, "ana")
    window.windowHandle().requestActivate()
    QTest.qWaitForWindowActive(window)
    yield window, document, path
    window.close()


def _on_disk(path: Path, document_id: int) -> tuple[list[tuple[str, str]], list[str]]:
    """(the codes as (label, annotator), the status of each) as another program reads them."""
    reader = open_project(path)
    try:
        codes = list_document_codes(reader, document_id)
        states = document_code_review_states(reader, document_id)
        return [(c.label, c.annotator) for c in codes], [states[c.id].status for c in codes]
    finally:
        reader.close()


def _pro(window) -> int:
    return next(lab.id for lab in window.document_codes_panel.labels() if lab.name == "stance: pro")


def _caption(window, name="stance: pro"):
    from PySide6.QtWidgets import QLabel

    return window.document_codes_panel.findChild(QLabel, f"documentCodeOthers:{name}")


def test_outside_review_mode_a_colleagues_code_offers_no_review(review_window) -> None:
    window, document, path = review_window
    panel = window.document_codes_panel
    assert _caption(window).text() == "also bob"
    assert panel.review_menu(_pro(window)) is None
    assert not panel.review_code(_pro(window), "accepted")
    assert _on_disk(path, document.id) == ([("stance: pro", "bob")], [""])
    assert not window.undo_stack.canUndo()


def test_accept_and_reject_in_review_mode_are_undoable_steps_and_show_the_status(review_window) -> None:
    window, document, path = review_window
    panel = window.document_codes_panel
    window.review_mode.start("bob")
    menu = panel.review_menu(_pro(window))
    assert menu is not None
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == ["acceptDocumentCode", "rejectDocumentCode", "commentDocumentCode"]
    assert menu.actions()[0].text() == "«stance: pro» by bob — not reviewed yet"
    next(a for a in menu.actions() if a.objectName() == "acceptDocumentCode").trigger()
    assert _on_disk(path, document.id) == ([("stance: pro", "bob")], ["accepted"])
    assert _caption(window).text() == "also bob · accepted"
    assert "bob — accepted by ana" in panel.button_for(_pro(window)).toolTip()
    assert window.undo_stack.undoText() == "Accept document code «stance: pro» by bob"
    assert panel.review_code(_pro(window), "rejected")
    assert _caption(window).text() == "also bob · rejected"
    undo_step(window.undo_stack)
    assert _on_disk(path, document.id)[1] == ["accepted"]
    undo_step(window.undo_stack)
    assert _on_disk(path, document.id)[1] == [""]
    assert _caption(window).text() == "also bob"
    redo_step(window.undo_stack)
    assert _on_disk(path, document.id)[1] == ["accepted"]
    assert _caption(window).text() == "also bob · accepted"
    window.review_mode.stop()
    assert panel.review_menu(_pro(window)) is None


def test_accepting_into_my_codes_sets_mine_and_undo_takes_it_back(review_window) -> None:
    window, document, path = review_window
    window.settings.setValue(S.REVIEW_COPY_ACCEPTED.key, True)
    panel = window.document_codes_panel
    window.review_mode.start("bob")
    assert panel.review_code(_pro(window), "accepted")
    assert _on_disk(path, document.id) == ([("stance: pro", "ana"), ("stance: pro", "bob")],
                                           ["", "accepted"])
    assert panel.button_for(_pro(window)).isChecked()
    undo_step(window.undo_stack)
    assert _on_disk(path, document.id) == ([("stance: pro", "bob")], [""])
    assert not panel.button_for(_pro(window)).isChecked()


def test_a_comment_is_asked_for_and_an_empty_one_stores_nothing(review_window, monkeypatch) -> None:
    window, document, path = review_window
    panel = window.document_codes_panel
    window.review_mode.start("bob")
    asked = []
    monkeypatch.setattr(ReviewCommentDialog, "ask",
                        classmethod(lambda cls, parent, subject: asked.append(subject)
                                    or ("commented", "the title says so, not the text")))
    assert panel.comment_code(_pro(window))
    assert asked == ["Comment on the document code «stance: pro» by bob"]
    assert _on_disk(path, document.id)[1] == ["commented"]
    assert _caption(window).text() == "also bob · commented"
    assert "the title says so, not the text" in panel.button_for(_pro(window)).toolTip()
    monkeypatch.setattr(ReviewCommentDialog, "ask", classmethod(lambda cls, parent, subject: None))
    assert not panel.comment_code(_pro(window))
    assert not panel.review_code(_pro(window), "commented", "   ")
    assert "needs some text" in window.statusBar().currentMessage()
    assert _on_disk(path, document.id)[1] == ["commented"]
    assert window.undo_stack.count() == 1
