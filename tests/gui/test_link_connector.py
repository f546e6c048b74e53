"""The connector from a claim to its source runs beside the text, never across the lines between."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPathStroker
from tests.helpers import span_of

from annotator.services.annotations import add_annotation
from annotator.services.links import add_link
from annotator.ui.main_window import MainWindow

ARTICLE = (
    "Selon Jens Stoltenberg, l’Alliance se prépare.\n"
    "Une ligne entre les deux, pleine de mots.\n"
    "Une autre ligne entre les deux, elle aussi.\n"
    "Le ministre affirme que « tout est prêt » ce soir.\n"
)


def _lines_between(window: MainWindow, upper: QRectF, lower: QRectF) -> list[QRectF]:
    """Each line of text strictly between two lines, from the document layout, viewport coordinates."""
    view = window.document_view
    found = []
    block = view.document().firstBlock()
    while block.isValid():
        origin = view.blockBoundingGeometry(block).translated(view.contentOffset()).topLeft()
        layout = block.layout()
        for number in range(layout.lineCount()):
            rect = layout.lineAt(number).rect().translated(origin)
            if rect.top() >= upper.bottom() - 0.5 and rect.bottom() <= lower.top() + 0.5:
                found.append(rect)
        block = block.next()
    return found


def _near(point: QPointF, rect: QRectF) -> bool:
    return rect.adjusted(-2, -2, 2, 2).contains(point)


def _window(open_window, claim_phrase: str = "tout est prêt") -> tuple[MainWindow, int, int]:
    window = open_window([(ARTICLE, "a.txt", "OTAN")])
    window.resize(1100, 700)
    doc = window.workspace.document
    source = add_annotation(window.project, doc.id, "source", "ana", *span_of(ARTICLE, "Jens Stoltenberg")).id
    claim = add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, claim_phrase)).id
    add_link(window.project, claim, source, "ana")
    window.workspace.show_document(doc.id)
    window.tag_panel.table.select_annotation(claim)
    return window, claim, source


def _check_route(window: MainWindow, claim: int, source: int) -> None:
    overlay = window.links_feature.overlay
    assert overlay.isVisible()
    (path,) = overlay.connector_paths()
    claim_lines, source_lines = overlay.line_rects(claim), overlay.line_rects(source)
    assert len(claim_lines) == 1 and len(source_lines) == 1
    claim_box = overlay.line_box(overlay.span_of(claim)[0])
    source_box = overlay.line_box(overlay.span_of(source)[0])
    between = _lines_between(window, source_box, claim_box)
    assert len(between) >= 2  # the lines of text between the claim and its source (some may wrap)
    stroker = QPainterPathStroker()
    stroker.setWidth(2.0)  # the dashed pen is 1.6 wide
    drawn = stroker.createStroke(path)  # the ink, not the area the path would enclose
    for line in between:
        assert not drawn.intersects(line), (line, path)
    # It starts at the claim and ends, arrow first, at its source.
    assert _near(path.pointAtPercent(0.0), claim_lines[0])
    assert _near(path.pointAtPercent(1.0), source_lines[0])


def test_connector_goes_round_the_lines_between_claim_and_source(open_window, qtbot):
    window, claim, source = _window(open_window)
    _check_route(window, claim, source)


def test_connector_keeps_off_the_text_for_a_claim_at_the_end_of_a_line(open_window, qtbot):
    window, claim, source = _window(open_window, "soir")
    _check_route(window, claim, source)


def test_a_link_on_one_line_stays_within_that_line(open_window, qtbot):
    window = open_window([(ARTICLE, "a.txt", "OTAN")])
    window.resize(1100, 700)
    doc = window.workspace.document
    source = add_annotation(window.project, doc.id, "source", "ana", *span_of(ARTICLE, "Une autre ligne")).id
    claim = add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, "elle aussi")).id
    add_link(window.project, claim, source, "ana")
    window.workspace.show_document(doc.id)
    window.tag_panel.table.select_annotation(claim)
    overlay = window.links_feature.overlay
    assert overlay.isVisible()
    (path,) = overlay.connector_paths()
    own = overlay.line_box(overlay.span_of(claim)[0])
    above = overlay.line_box(span_of(ARTICLE, "pleine")[0])
    assert above.bottom() <= own.top() + 0.5  # the line just above it
    stroker = QPainterPathStroker()
    stroker.setWidth(2.0)
    drawn = stroker.createStroke(path)
    assert not drawn.intersects(above), (above, drawn.boundingRect())
    assert own.adjusted(0, 0.5, 0, -0.5).contains(drawn.boundingRect())  # inside the line's own band
    # From the claim to its source, arrow first, neither end on the letters (above them).
    claim_line, source_line = overlay.line_rects(claim)[0], overlay.line_rects(source)[0]
    start, end = path.pointAtPercent(0.0), path.pointAtPercent(1.0)
    assert claim_line.left() <= start.x() <= claim_line.right()
    assert source_line.left() <= end.x() <= source_line.right()
    assert max(start.y(), end.y()) < own.top() + own.height() / 3
