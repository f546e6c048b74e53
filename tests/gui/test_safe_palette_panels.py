"""The colour-blind-safe palette (View menu) reaches every place a label's colour is shown: the
compare panel, the document codes above the article and the links drawn over it, at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from tests.helpers import ARTICLE, span_of

from annotator.domain.palette import COLOUR_BLIND_SAFE
from annotator.services.annotations import add_annotation
from annotator.services.labels import add_label
from annotator.services.links import add_link
from annotator.ui.review.annotators_feature import AnnotatorsFeature
from annotator.ui.review.compare_panel import COLUMN_A


def _swatch(icon) -> str:
    return icon.pixmap(14, 14).toImage().pixelColor(7, 7).name().upper()


def _toggle(window) -> None:
    window.findChild(QAction, "colourBlindSafeAction").trigger()


def _position(window, name: str) -> int:
    return [lab.name for lab in window.workspace.labels].index(name)


def test_the_compare_panel_swatches_follow_the_safe_palette(open_window):
    window = open_window([(ARTICLE, "a.txt", "Article")])
    doc = window.workspace.document
    add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, "désastre annoncé"))
    add_annotation(window.project, doc.id, "framing", "ben", *span_of(ARTICLE, "désastre annoncé"))
    window.workspace.show_document(doc.id)
    feature = window.findChild(AnnotatorsFeature)
    feature.compare_action.trigger()
    feature.panel.set_pair("ana", "ben")
    model = feature.panel.model
    assert model.rowCount() == 1
    stored = _swatch(model.index(0, COLUMN_A).data(Qt.ItemDataRole.DecorationRole))

    _toggle(window)
    safe = COLOUR_BLIND_SAFE[_position(window, "claim")]
    assert _swatch(model.index(0, COLUMN_A).data(Qt.ItemDataRole.DecorationRole)) == safe != stored

    _toggle(window)
    assert _swatch(model.index(0, COLUMN_A).data(Qt.ItemDataRole.DecorationRole)) == stored


def test_document_code_buttons_follow_the_safe_palette_after_the_span_labels(open_window):
    window = open_window([(ARTICLE, "a.txt", "Article")])
    add_label(window.project, "stance: pro", "#ff0000", kind="document")
    window.events.labels_changed.emit()
    panel = window.document_codes_panel
    (label,) = panel.labels()
    assert _swatch(panel.button_for(label.id).icon()) == "#FF0000"

    _toggle(window)
    # Its colour is the one after those of the span labels: no span label shares it.
    assert _swatch(panel.button_for(label.id).icon()) == COLOUR_BLIND_SAFE[len(window.workspace.labels)]

    _toggle(window)
    assert _swatch(panel.button_for(label.id).icon()) == "#FF0000"


def test_links_over_the_article_follow_the_safe_palette(open_window):
    window = open_window([(ARTICLE, "a.txt", "Article")])
    doc = window.workspace.document
    source = add_annotation(window.project, doc.id, "source", "ana", *span_of(ARTICLE, "l’INSEE")).id
    claim = add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, "désastre annoncé")).id
    add_link(window.project, claim, source, "ana")
    window.workspace.show_document(doc.id)
    window.tag_panel.table.select_annotation(claim)
    overlay = window.links_feature.overlay
    stored = {lab.name: lab.color for lab in window.workspace.labels}
    assert overlay.color_of(source) == stored["source"]
    assert overlay.isVisible()

    _toggle(window)
    assert overlay.color_of(source) == COLOUR_BLIND_SAFE[_position(window, "source")]
    assert overlay.color_of(claim) == COLOUR_BLIND_SAFE[_position(window, "claim")]
    assert overlay.isVisible() and overlay.connector_paths()  # the claim stays selected, its link drawn

    _toggle(window)
    assert overlay.color_of(source) == stored["source"]
