"""The margin's bars stay beside their spans' lines when the lines break elsewhere (a narrower
window), and paging through a long article leaves every bar beside its span."""

from __future__ import annotations

from tests.helpers import span_of

from annotator.services.annotations import add_annotation
from annotator.ui.workspace.span_margin import SpanMargin

PARAGRAPH = ("Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025, mais "
             "l’opposition parle d’un « désastre annoncé » 😮 et cite l’INSEE longuement. ")
TEXT = "\n\n".join(PARAGRAPH * 4 for _ in range(30)) + "\n"


def _line_top(view, offset: int) -> float:
    """The top of the line holding code point `offset`, in viewport pixels."""
    return float(view.cursorRect(view.cursor_for(offset, offset)).top())


def _bar_of(margin: SpanMargin, annotation_id: int):
    return next(rect for rect, span in margin.bars() if span.annotation_id == annotation_id)


def test_bars_follow_their_lines_when_the_window_narrows(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Article")])
    doc = window.workspace.document
    start, end = span_of(TEXT, "désastre annoncé", 2)
    ann = add_annotation(window.project, doc.id, "claim", "ana", start, end)
    window.workspace.show_document(doc.id)
    view = window.document_view
    margin = view.findChild(SpanMargin)
    qtbot.waitUntil(lambda: any(span.annotation_id == ann.id for _rect, span in margin.bars()))
    before = _bar_of(margin, ann.id)
    assert before.top() == _line_top(view, start)

    window.resize(window.width() - 300, window.height())
    qtbot.waitUntil(lambda: _line_top(view, start) != before.top())
    after = _bar_of(margin, ann.id)
    assert after.top() == _line_top(view, start)  # the line it starts on now, not the old one


def test_every_bar_is_beside_its_span_page_after_page(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Article")])
    doc = window.workspace.document
    for occurrence in range(0, 120, 7):
        add_annotation(window.project, doc.id, "claim", "ana", *span_of(TEXT, "réforme", occurrence))
    window.workspace.show_document(doc.id)
    view = window.document_view
    margin = view.findChild(SpanMargin)
    bar = view.verticalScrollBar()
    seen = 0
    while True:
        view.viewport().repaint()
        for rect, span in margin.bars():
            first_visible = view.visible_range()[0]
            if span.start >= first_visible:  # begun on screen: the bar starts on its first line
                assert rect.top() == _line_top(view, span.start)
                seen += 1
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep())
    assert seen >= 17
