"""Review mode as a reviewer uses it: keys A/R/C/N/P, the table's review column and filter, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.helpers import span_of

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.reviews import review_history, review_states
from annotator.ui.review.review_bar import ReviewColleagueDialog, ReviewCommentDialog
from annotator.ui.workspace.annotation_table import COLUMN_ANNOTATOR, COLUMN_REVIEW, COLUMN_TEXT

ARTICLE = (
    "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"
    "L’opposition parle d’un « désastre annoncé » et cite l’INSEE.\n"
)
SECOND = "Le porte-parole affirme que tout va bien, selon Reuters.\n"
ALICE = (("claim", "12 000 emplois"), ("framing", "désastre annoncé"), ("source", "l’INSEE"))


@pytest.fixture
def review_window(open_window, monkeypatch):
    """A window of reviewer "ana" on two articles annotated by alice, in review mode on alice."""
    window = open_window([(ARTICLE, "a.txt", "Premier"), (SECOND, "b.txt", "Second")],
                         date="2023-04")
    first, second = (d.id for d in window.document_list.model.documents())
    for label, phrase in ALICE:
        add_annotation(window.project, first, label, "alice", *span_of(ARTICLE, phrase))
    add_annotation(window.project, second, "source", "alice", *span_of(SECOND, "Reuters"))
    add_annotation(window.project, first, "claim", "bob", *span_of(ARTICLE, "la réforme"))
    window.events.contents_changed.emit()
    window.document_list.select_document(first)
    monkeypatch.setattr(ReviewColleagueDialog, "ask", classmethod(lambda cls, parent, counts: (
        max(counts, key=counts.get))))
    window.review_mode.start_action.trigger()
    return window


def _key(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.document_view, key, modifier)


def _review_column(window) -> dict[str, str]:
    """Review cell text by annotated text, for the rows the table shows."""
    proxy = window.tag_panel.table.proxy
    return {
        proxy.index(row, COLUMN_TEXT).data(): proxy.index(row, COLUMN_REVIEW).data()
        for row in range(proxy.rowCount())
        if proxy.index(row, COLUMN_ANNOTATOR).data() == "alice"
    }


def test_walking_and_judging_with_the_keys_then_filtering_and_undoing(review_window, monkeypatch):
    window = review_window
    bar = window.review_mode.bar
    assert bar.isVisible() and bar.title.text() == "Reviewing alice"  # most annotations: alice
    assert bar.position.text() == "1 / 3" and "12 000 emplois" in bar.excerpt.text()
    assert window.document_view.selected_range() == span_of(ARTICLE, "12 000 emplois")

    _key(window, Qt.Key.Key_A)  # accept, then on to the next one
    assert bar.position.text() == "2 / 3" and "désastre annoncé" in bar.excerpt.text()
    _key(window, Qt.Key.Key_R)
    assert bar.position.text() == "3 / 3"
    _key(window, Qt.Key.Key_P)
    assert bar.position.text() == "2 / 3" and bar.status.text() == "Rejected by ana"
    monkeypatch.setattr(ReviewCommentDialog, "ask", classmethod(
        lambda cls, parent, subject: ("commented", "plutôt un cadrage")))
    _key(window, Qt.Key.Key_C)  # a comment stays on the annotation; the rejection still counts
    assert bar.position.text() == "2 / 3" and bar.history.text() == "2 reviews"
    assert _review_column(window) == {
        "12 000 emplois": "✓ accepted", "désastre annoncé": "✗ rejected", "l’INSEE": "",
    }
    (claim_row,) = [r for r in range(window.tag_panel.model.rowCount())
                    if window.tag_panel.model.index(r, COLUMN_TEXT).data() == "désastre annoncé"]
    tip = window.tag_panel.model.index(claim_row, COLUMN_REVIEW).data(Qt.ItemDataRole.ToolTipRole)
    assert "ana" in tip and "plutôt un cadrage" in tip

    combo = window.review_mode.filter_combo
    combo.setCurrentIndex(combo.findText("Rejected"))
    assert list(_review_column(window)) == ["désastre annoncé"]
    total = window.tag_panel.model.rowCount()
    assert window.tag_panel.header.text() == f"Annotations in this document (1 of {total})"
    window.tag_panel.filter_edit.setText("EMPLOIS")  # both filters apply
    assert list(_review_column(window)) == []
    window.tag_panel.filter_edit.setText("Désastre")
    assert list(_review_column(window)) == ["désastre annoncé"]
    window.tag_panel.filter_edit.clear()
    combo.setCurrentIndex(combo.findText("Pending"))
    assert list(_review_column(window)) == ["l’INSEE"]
    combo.setCurrentIndex(combo.findText("All"))

    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the comment
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the rejection
    assert _review_column(window)["désastre annoncé"] == ""
    assert bar.position.text() == "2 / 3" and bar.status.text() == "Pending"
    doc = window.workspace.document.id
    statuses = sorted(s.status for s in review_states(window.project, doc).values())
    assert statuses == ["", "", "", "accepted"]

    _key(window, Qt.Key.Key_N)
    _key(window, Qt.Key.Key_N)  # past the last one: on to the next document with alice's work
    assert window.workspace.document.title == "Second"
    assert bar.position.text() == "1 / 1" and "Reuters" in bar.excerpt.text()
    assert "Second" in window.statusBar().currentMessage()

    _key(window, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    _key(window, Qt.Key.Key_A)  # the keys are gone with the bar
    assert review_history(window.project, bar_annotation_id(window, SECOND, "Reuters")) == []


def bar_annotation_id(window, text: str, phrase: str) -> int:
    start, end = span_of(text, phrase)
    return next(a.id for a in window.workspace.annotations if (a.start, a.end) == (start, end))


def test_review_keys_type_into_fields_and_combos_instead(review_window):
    window = review_window
    window.tag_panel.filter_edit.setFocus()
    QTest.keyClick(window.tag_panel.filter_edit, Qt.Key.Key_A)
    assert window.tag_panel.filter_edit.text() == "a"
    window.tag_panel.filter_edit.clear()
    combo = window.review_mode.filter_combo
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_R)  # picks "Rejected" by its first letter
    assert combo.currentText() == "Rejected"
    doc = window.workspace.document.id
    assert all(not s.reviews for s in review_states(window.project, doc).values())
    assert window.review_mode.bar.position.text() == "1 / 3"


def test_accepting_into_my_annotations_adds_my_highlight_and_undo_removes_it(review_window):
    window = review_window
    window.review_mode.bar.copy_box.setChecked(True)
    combo = window.review_mode.filter_combo
    combo.setCurrentIndex(combo.findText("Pending"))
    _key(window, Qt.Key.Key_A)
    assert "12 000 emplois" not in _review_column(window)  # accepted: no longer pending
    doc = window.workspace.document.id
    mine = [a for a in list_annotations(window.project, doc) if a.annotator == "ana"]
    assert [(a.label, a.start, a.end) for a in mine] == [("claim", *span_of(ARTICLE, "12 000 emplois"))]
    assert mine[0].id in {a.id for a in window.workspace.annotations}  # highlighted and listed
    assert window.tag_panel.model.row_of(mine[0].id) is not None
    assert window.review_mode.bar.position.text() == "2 / 3"

    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [a for a in list_annotations(window.project, doc) if a.annotator == "ana"] == []
    assert mine[0].id not in {a.id for a in window.workspace.annotations}
    assert window.tag_panel.model.row_of(mine[0].id) is None
    assert window.review_mode.bar.position.text() == "1 / 3"  # back on the undone one
    assert window.review_mode.bar.status.text() == "Pending"
    assert "12 000 emplois" in _review_column(window)
    assert window.settings.value("review/copy_accepted", type=bool) is True


def test_the_dialogs_offer_the_busiest_colleague_and_need_a_comment(qtbot):
    colleagues = ReviewColleagueDialog({"bob": 1, "alice": 3})
    qtbot.addWidget(colleagues)
    assert colleagues.colleague() == "alice"
    assert colleagues.list.item(0).text() == "alice — 3 annotations"
    comment = ReviewCommentDialog("Comment on «claim» by alice")
    qtbot.addWidget(comment)
    ok = comment.buttons.button(comment.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and comment.verdict() == "commented"
    comment.set_comment("  trop large ", "rejected")
    assert ok.isEnabled() and (comment.verdict(), comment.comment()) == ("rejected", "trop large")
