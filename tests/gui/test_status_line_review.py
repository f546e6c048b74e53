"""The status line says how the review of each span under the text cursor stands, in words a
reader of the window's language reads naturally."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from tests.helpers import ARTICLE, span_of

from annotator import i18n
from annotator.services.annotations import add_annotation
from annotator.services.reviews import review_annotation

NNBSP = "\u202f"


def _status_at(window, phrase: str) -> str:
    view = window.document_view
    start = view.stored_text.index(phrase)
    view.setFocus()
    view.setTextCursor(view.cursor_for(start + 1, start + 1))
    return window.findChild(QWidget, "spansStatus").text()


def _window_with_reviews(open_window):
    window = open_window([(ARTICLE, "a.txt", "Article")])
    doc = window.workspace.document.id
    theirs = add_annotation(window.project, doc, "claim", "ben", *span_of(ARTICLE, "désastre annoncé"))
    mine = add_annotation(window.project, doc, "source", "ana", *span_of(ARTICLE, "l’INSEE"))
    add_annotation(window.project, doc, "framing", "ben", *span_of(ARTICLE, "sauvera"))
    review_annotation(window.project, theirs.id, "ana", "accepted")
    review_annotation(window.project, mine.id, "ben", "rejected", "not a source")
    window.workspace.show_document(doc)
    return window


def test_the_status_line_says_how_each_span_under_the_cursor_was_reviewed(open_window):
    window = _window_with_reviews(open_window)
    assert _status_at(window, "désastre") == "claim (ben, accepted by you)"
    assert _status_at(window, "INSEE") == "source (you, rejected by ben)"
    assert _status_at(window, "sauvera") == "framing (ben, not reviewed yet)"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def test_the_status_line_reads_the_review_in_french(open_window, french):
    window = _window_with_reviews(open_window)
    assert _status_at(window, "désastre") == "claim (ben, acceptée par vous)"
    assert _status_at(window, "INSEE") == "source (vous, rejetée par ben)"
    assert _status_at(window, "sauvera") == "framing (ben, pas encore relue)"
