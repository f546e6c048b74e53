"""A refusal in the status bar speaks the user's language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator import i18n
from annotator.ui.main_window import MainWindow


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def _select_and_press(window: MainWindow, phrase: str, key: Qt.Key) -> None:
    view = window.document_view
    start = view.stored_text.index(phrase)
    view.select_range(start, start + len(phrase))
    view.setFocus()
    QTest.keyClick(view, key)


def test_labelling_a_span_twice_is_refused_in_french(article_window, message_boxes, french):
    window = article_window
    _select_and_press(window, "l’INSEE", Qt.Key.Key_1)
    _select_and_press(window, "l’INSEE", Qt.Key.Key_1)  # the same label on the same span
    QTest.qWait(100)
    assert message_boxes == []
    assert "ce passage a déjà l’étiquette 'source' de" in window.statusBar().currentMessage()
