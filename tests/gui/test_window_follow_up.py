"""What the window shows after a step, now that it follows each change instead of re-reading
the document: review verdicts, links, tooltips, the table's columns, the table painted after the
article."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from tests.gui.test_review_mode import ALICE, ARTICLE, _review_column
from tests.helpers import span_of

from annotator.services.annotations import add_annotation
from annotator.services.links import add_link
from annotator.ui.workspace.annotation_table import COLUMN_ANNOTATOR


@pytest.fixture
def reviewing(open_window):
    """ana's window in review mode on alice's annotations of one article."""
    window = open_window([(ARTICLE, "a.txt", "Premier")])
    doc = window.workspace.document
    for label, phrase in ALICE:
        add_annotation(window.project, doc.id, label, "alice", *span_of(ARTICLE, phrase))
    window.events.contents_changed.emit()
    window.review_mode.start("alice")
    return window


def _key(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.document_view, key, modifier)


def _tooltip_at(window, text: str, phrase: str) -> str:
    view = window.document_view
    start, end = span_of(text, phrase)
    a = view.cursorRect(view.cursor_for(start, start))
    b = view.cursorRect(view.cursor_for(end, end))
    pos = QPoint((a.center().x() + b.center().x()) // 2, a.center().y())
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text()


def test_undoing_the_deletion_of_a_reviewed_annotation_shows_its_verdict_again(reviewing):
    window = reviewing
    _key(window, Qt.Key.Key_A)  # alice's first annotation accepted
    assert _review_column(window)["12 000 emplois"] == "✓ accepted"
    accepted = next(a.id for a in window.workspace.annotations
                    if (a.start, a.end) == span_of(ARTICLE, "12 000 emplois"))
    window.workspace.delete_annotations((accepted,))
    assert "12 000 emplois" not in _review_column(window)
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _review_column(window)["12 000 emplois"] == "✓ accepted"


def test_undoing_a_verdict_leaves_the_review_column_as_it_was(reviewing):
    window = reviewing
    _key(window, Qt.Key.Key_R)
    assert _review_column(window)["12 000 emplois"] == "✗ rejected"
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _review_column(window)["12 000 emplois"] == ""
    assert window.review_mode.bar.status.text() == "Pending"


LINKED = "Le ministre Jean Dupont affirme que la réforme sauvera l’emploi.\n"


def test_a_relabelled_or_new_span_keeps_the_links_in_tooltips_and_panel(open_window):
    window = open_window([(LINKED, "a.txt", "Réforme")])
    doc = window.workspace.document
    source = add_annotation(window.project, doc.id, "source", "ana", *span_of(LINKED, "Jean Dupont"))
    claim = add_annotation(window.project, doc.id, "claim", "ana",
                           *span_of(LINKED, "la réforme sauvera l’emploi"))
    add_link(window.project, claim.id, source.id, "ana", "attributed_to")
    window.workspace.show_document(doc.id)
    assert "→ attributed to «Jean Dupont»" in _tooltip_at(window, LINKED, "sauvera")

    window.document_view.select_range(*span_of(LINKED, "ministre"))
    _key(window, Qt.Key.Key_3)  # a new span: the links stay as they were
    assert "→ attributed to «Jean Dupont»" in _tooltip_at(window, LINKED, "sauvera")
    assert window.workspace.relabel(source.id, 3)  # the source becomes a framing
    assert "← source of «la réforme sauvera l’emploi»" in _tooltip_at(window, LINKED, "Dupont")
    window.tag_panel.table.select_annotation(claim.id)
    assert window.tag_panel.links.entries() == ["→ attributed to «Jean Dupont»"]
    QToolTip.hideText()


def test_the_annotator_column_fits_the_names_of_each_document_shown(open_window):
    short, long = "Un texte court.\n", "Un autre texte, un peu plus long.\n"
    window = open_window([(short, "a.txt", "A"), (long, "b.txt", "B")])
    first, second = (d.id for d in window.document_list.model.documents())
    add_annotation(window.project, first, "claim", "ana", *span_of(short, "texte"))
    add_annotation(window.project, second, "claim", "Marie-Amélie de La Tour-Saint-Ygest",
                   *span_of(long, "texte"))
    table = window.tag_panel.table
    window.workspace.show_document(first)
    narrow = table.columnWidth(COLUMN_ANNOTATOR)
    window.workspace.show_document(second)
    wide = table.columnWidth(COLUMN_ANNOTATOR)
    assert wide > narrow
    window.workspace.show_document(first)
    assert table.columnWidth(COLUMN_ANNOTATOR) == narrow


def test_a_label_key_paints_the_article_first_then_the_table_shows_the_new_row(open_window, qtbot):
    text = "La ministre annonce une réforme des retraites.\n"
    window = open_window([(text, "a.txt", "Retraites")])
    window.document_view.select_range(*span_of(text, "réforme"))
    _key(window, Qt.Key.Key_2)
    (ann,) = window.workspace.annotations
    assert window.tag_panel.table.selected_annotation_ids() == (ann.id,)  # the table follows at once
    qtbot.waitUntil(lambda: window.tag_panel.table.updatesEnabled(), timeout=1000)
    image = window.tag_panel.table.viewport().grab().toImage()
    assert not image.isNull()
