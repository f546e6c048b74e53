"""Each span's bar in the margin is headed by its label's initial, so that a label can be told
apart without its colour; the initials stay distinct when two labels begin with one letter."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from tests.helpers import ARTICLE, span_of

from annotator.domain.palette import label_marks
from annotator.services.annotations import add_annotation
from annotator.services.labels import add_label
from annotator.ui.workspace.span_margin import SpanMargin


def test_label_marks_are_initials_kept_distinct():
    assert label_marks(["source", "claim", "framing"]) == ["S", "C", "F"]
    assert label_marks(["claim", "context", "Claim 2"]) == ["C", "O", "L"]  # the next free letter
    assert label_marks(["a", "A", "a"]) == ["A", "2", "3"]  # else the position
    assert label_marks(["", "«»"]) == ["1", "2"]


def _ink(margin: SpanMargin, left: float, right: float, top: float, bottom: float) -> set[str]:
    """Colours drawn (not the page) in a box of the margin."""
    image = margin.grab().toImage()
    base = margin.palette().color(QPalette.ColorRole.Base).name()
    found = set()
    for x in range(max(0, int(left)), min(image.width(), int(right) + 1)):
        for y in range(max(0, int(top)), min(image.height(), int(bottom) + 1)):
            name = image.pixelColor(x, y).name()
            if name != base:
                found.add(name)
    return found


def test_a_span_bar_is_headed_by_its_label_initial(open_window):
    window = open_window([(ARTICLE, "a.txt", "Article")])
    add_label(window.project, "context", "#43a047")
    window.events.labels_changed.emit()
    doc = window.workspace.document
    labels = {lab.name: lab for lab in window.workspace.labels}
    add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, "désastre annoncé"))
    window.workspace.show_document(doc.id)
    margin = window.document_view.findChild(SpanMargin)
    assert margin.mark_of(labels["claim"].id) == "C"
    assert margin.mark_of(labels["context"].id) == "O"  # C is the claim's
    assert "initial" in margin.accessibleDescription()

    (bar, _span), = margin.bars()
    claim_colour = QColor(labels["claim"].color).name()
    head = _ink(margin, bar.left() - 2, bar.right() + 2, bar.top(), bar.top() + 6)
    assert head and claim_colour not in head  # the letter, darker than the bar, above it
    assert claim_colour in _ink(margin, bar.left(), bar.right(), bar.top() + 14, bar.bottom() - 1)
