"""The status line follows a verdict on the span under the text cursor at once, without the
cursor having to move: accepting, rejecting and undoing each read there, once per change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from tests.helpers import span_of

from annotator import i18n
from annotator.services.annotations import add_annotation
from annotator.ui.review.review_bar import ReviewColleagueDialog

ARTICLE = (
    "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"
    "L’opposition parle d’un « désastre annoncé » et cite l’INSEE.\n"
)


@pytest.fixture
def reviewing(open_window, monkeypatch):
    """A window of reviewer "ana" reviewing alice's two spans, on the last one, with the text
    cursor inside it (the review stays there after a verdict)."""
    window = open_window([(ARTICLE, "a.txt", "Premier")])
    doc = window.workspace.document.id
    for label, phrase in (("claim", "12 000 emplois"), ("framing", "désastre annoncé")):
        add_annotation(window.project, doc, label, "alice", *span_of(ARTICLE, phrase))
    window.events.contents_changed.emit()
    window.document_list.select_document(doc)
    monkeypatch.setattr(ReviewColleagueDialog, "ask", classmethod(
        lambda cls, parent, counts: max(counts, key=counts.get)))
    window.review_mode.start_action.trigger()
    _key(window, Qt.Key.Key_N)
    assert window.review_mode.bar.position.text() == "2 / 2"
    view = window.document_view
    inside = span_of(ARTICLE, "désastre annoncé")[0] + 3
    view.setTextCursor(view.cursor_for(inside, inside))
    return window


def _key(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.document_view, key, modifier)


def _status(window) -> str:
    return window.findChild(QWidget, "spansStatus").text()


def test_a_verdict_on_the_span_at_the_cursor_shows_in_the_status_line_at_once(reviewing, qtbot):
    window = reviewing
    assert _status(window) == "framing (alice, not reviewed yet)"
    _key(window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: _status(window) == "framing (alice, accepted by you)", timeout=2000)
    _key(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: _status(window) == "framing (alice, rejected by you)", timeout=2000)
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the rejection
    qtbot.waitUntil(lambda: _status(window) == "framing (alice, accepted by you)", timeout=2000)
    assert window.review_mode.bar.position.text() == "2 / 2"


def test_a_verdict_is_said_once(reviewing, qtbot):
    window = reviewing
    said: list[str] = []
    window.workspace.spans_at_cursor_described.connect(said.append)
    _key(window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: bool(said), timeout=2000)
    qtbot.wait(50)
    assert said == ["framing (alice, accepted by you)"]


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def test_a_verdict_reads_in_french_in_the_status_line(french, reviewing, qtbot):
    window = reviewing
    _key(window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: _status(window) == "framing (alice, acceptée par vous)", timeout=2000)
