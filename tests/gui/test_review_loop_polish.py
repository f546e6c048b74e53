"""Reviewing a colleague's tags, as a reviewer notices it: F8 after adopting a span, the table's
columns in review mode, Ctrl+Enter in the comment box, the Agreement window's keys and tooltips,
and the shortcuts list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from tests.helpers import span_of

from annotator.services.annotations import add_annotation
from annotator.services.labels import list_labels
from annotator.ui.review.agreement_window import AgreementWindow
from annotator.ui.review.annotators_feature import AnnotatorsFeature
from annotator.ui.review.review_bar import ReviewColleagueDialog, ReviewCommentDialog
from annotator.ui.widgets.dialogs import shortcut_rows
from annotator.ui.workspace.annotation_table import COLUMN_NOTE, COLUMN_REVIEW, COLUMN_TEXT

TEXT = (
    "Le secrétaire général de l’OTAN, Jens Stoltenberg, a déclaré que l’alliance est prête.\n"
    "« Les avions de chasse du Canada contribuent », il a dit, et les missiles US Patriot aussi.\n"
    "Cela envoie un message clair que l’OTAN est là.\n"
)
WORK = [
    ("ana", "source", "Jens Stoltenberg"),
    ("ben", "source", "Jens Stoltenberg"),  # matching
    ("ben", "claim", "Les avions de chasse du Canada contribuent"),  # only ben
    ("ben", "source", "les missiles US Patriot"),  # only ben
    ("ben", "framing", "message clair"),  # only ben
]


def at(words: str) -> tuple[int, int]:
    return span_of(TEXT, words)


@pytest.fixture
def window(window_with_work):
    """Ana's window on an article where ben's tags were merged in."""
    return window_with_work(TEXT, "OTAN", WORK)


def open_agreement(window, qtbot) -> tuple[QAction, AgreementWindow]:
    """Review > Agreement triggered, once its table is filled: the action and the window."""
    action = next(a for a in window.menu("reviewMenu").actions()
                  if a.objectName() == "agreementAction")
    action.trigger()
    agreement = window.findChild(AgreementWindow, "agreementWindow")
    qtbot.waitUntil(lambda: agreement.model.rowCount() > 0)
    return action, agreement


def test_f8_after_adopting_a_difference_goes_on_to_the_next_one(window):
    compare = window.findChild(AnnotatorsFeature)
    compare.compare_action.trigger()
    panel = compare.panel
    QTest.keyClick(window, Qt.Key.Key_F8)
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.document_view.selected_range() == at("les missiles US Patriot")

    window.workspace.label_key("1")  # ana adopts ben's source: no longer a difference
    assert panel.summary.text().startswith("2 matching · 2 differences")

    QTest.keyClick(window, Qt.Key.Key_F8)  # on to the next difference, not back to the first
    assert window.document_view.selected_range() == at("message clair")
    QTest.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.document_view.selected_range() == at("Les avions de chasse du Canada contribuent")


def test_review_column_leaves_room_for_the_text(window, monkeypatch):
    monkeypatch.setattr(ReviewColleagueDialog, "ask",
                        classmethod(lambda cls, parent, counts: "ben"))
    window.resize(1200, 800)
    window.review_mode.start_action.trigger()
    table = window.tag_panel.table
    assert not table.isColumnHidden(COLUMN_REVIEW)
    # No notes here: the Note column shrinks to its title and the text stays readable.
    widths = [table.columnWidth(column) for column in range(table.model().columnCount())]
    assert widths[COLUMN_NOTE] < 80
    assert widths[COLUMN_TEXT] == max(widths)


def test_ctrl_enter_saves_a_comment_and_enter_makes_a_new_line(qtbot):
    dialog = ReviewCommentDialog("Comment on «framing» by ben: «message clair»")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setFocus()
    QTest.keyClicks(dialog.text, "Rather a quote.")
    QTest.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.comment() == "Rather a quote."
    assert "Ctrl+Enter" in dialog.text.placeholderText()
    QTest.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.verdict() == "commented"


def test_ctrl_enter_saves_the_comment_with_the_focus_on_a_verdict_or_a_button(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QRadioButton

    dialog = ReviewCommentDialog("Comment on «framing» by ben: «message clair»")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.text.setFocus()
    QTest.keyClicks(dialog.text, "Too broad.")
    reject = dialog.findChild(QRadioButton, "commentAs_rejected")
    reject.setChecked(True)
    reject.setFocus()
    QTest.keyClick(reject, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()
    assert (dialog.verdict(), dialog.comment()) == ("rejected", "Too broad.")

    again = ReviewCommentDialog("Comment")
    qtbot.addWidget(again)
    again.show()
    again.activateWindow()
    qtbot.waitActive(again)
    again.set_comment("Keep it.")
    cancel = again.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus()
    QTest.keyClick(cancel, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert again.result() == again.DialogCode.Accepted and not again.isVisible()


def test_ctrl_enter_on_an_empty_comment_keeps_the_dialog_open(qtbot):
    dialog = ReviewCommentDialog("Comment")
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()


def test_agreement_window_closes_with_esc_and_explains_its_measures(window, qtbot):
    action, agreement = open_agreement(window, qtbot)
    model = agreement.model
    tips = {model.index(row, 1).data(): model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
            for row in range(model.rowCount())}
    assert "exactly" in tips["precision_exact"] and "chance" in tips["cohen_kappa"]
    assert all(tips.values())
    agreement.activateWindow()
    agreement.table.setFocus()
    QTest.keyClick(agreement.table, Qt.Key.Key_Escape)
    assert not agreement.isVisible()
    action.trigger()
    assert agreement.isVisible()


def test_keyboard_shortcuts_list_names_the_compare_review_and_link_keys(window):
    rows = shortcut_rows(list_labels(window.project))
    actions_by_key: dict[str, list[str]] = {}
    for keys, action in rows:
        actions_by_key.setdefault(keys, []).append(action)
    for key in ("F8", "Shift+F8", "A", "R", "C", "N", "P", "L"):
        assert key in actions_by_key, key
    assert any("Review mode" in action for action in actions_by_key["Esc"])
    assert any("Link" in action for action in actions_by_key["Esc"])
    # Every key of the review bar is listed.
    bar = window.review_mode.bar
    for action in (bar.accept_action, bar.reject_action, bar.comment_action, bar.next_action,
                   bar.previous_action, bar.close_action):
        assert action.shortcut().toString() in actions_by_key


def test_agreement_reference_is_the_annotator_dragged_to_the_top(window, qtbot):
    from PySide6.QtCore import QModelIndex

    _, agreement = open_agreement(window, qtbot)
    assert agreement.chosen_annotators() == ["ana", "ben"]
    # ana: 1 span, ben: 4; one matches. Against ana, ben's precision is 1/4.
    assert "against ana" in agreement.summary.text()

    moved = agreement.annotator_list.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)
    assert moved
    qtbot.waitUntil(lambda: "against ben" in agreement.summary.text())
    assert agreement.chosen_annotators() == ["ben", "ana"]
    model = agreement.model
    figures = {(model.index(r, 0).data(), model.index(r, 1).data()): model.index(r, 3).data()
               for r in range(model.rowCount())}
    assert figures[("*", "precision_exact")] == "1.0000"  # ana's one span is one of ben's
    assert figures[("*", "recall_exact")] == "0.2500"

    # A change in the project keeps the order chosen.
    added = add_annotation(window.project, window.workspace.document.id, "claim", "ana",
                           *at("message clair"))
    window.events.annotations_added.emit((added,))
    qtbot.waitUntil(lambda: agreement.model.rowCount() > 0 and "against ben" in
                    agreement.summary.text())
    assert agreement.chosen_annotators() == ["ben", "ana"]


def test_the_end_of_the_walk_says_how_many_are_still_pending(window, monkeypatch):
    monkeypatch.setattr(ReviewColleagueDialog, "ask",
                        classmethod(lambda cls, parent, counts: "ben"))
    window.review_mode.start_action.trigger()
    bar = window.review_mode.bar
    assert bar.position.text() == "1 / 4"
    for key in (Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_N, Qt.Key.Key_N):
        QTest.keyClick(window.document_view, key)
    assert bar.position.text() == "4 / 4"
    QTest.keyClick(window.document_view, Qt.Key.Key_N)
    message = window.statusBar().currentMessage()
    assert message.startswith("That was the last of ben's annotations")
    assert "2 in this document not accepted or rejected yet" in message
    QTest.keyClick(window.document_view, Qt.Key.Key_A)
    QTest.keyClick(window.document_view, Qt.Key.Key_P)
    QTest.keyClick(window.document_view, Qt.Key.Key_A)  # accept and move on past the last
    assert "1 in this document" in window.statusBar().currentMessage()
