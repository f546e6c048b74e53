"""The article keeps painting, and answering clicks, when widgets around it come and go and when
another article replaces the one shown: a window that rebuilds its document-code buttons (after a
merge, a new document label) and paging through one article after another."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from tests.gui.dialog_support import format_at
from tests.helpers import span_of

from annotator.domain.spans import Span
from annotator.services.annotations import add_annotation
from annotator.services.labels import add_label
from annotator.services.suggestions import suggest_documents
from annotator.ui.workspace.document_view import DocumentView

PARAGRAPH = ("Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025, mais "
             "l’opposition parle d’un « désastre annoncé » 😮 et cite l’INSEE longuement. ")
LONG = "\n\n".join(PARAGRAPH * 3 for _ in range(40)) + "\n"
SHORT = "Un autre article.\n\nLe gouvernement recule sur la réforme.\n"
COLORS = {1: "#1e88e5", 2: "#e53935"}


def _walk_tab_chain(top: QWidget) -> int:
    """Go once round the window's Tab chain, as the label panel does when it orders its buttons."""
    steps, widget = 0, top.nextInFocusChain()
    while widget is not top and steps < 1000:
        widget = widget.nextInFocusChain()
        steps += 1
    return steps


def _delete(widget: QWidget, qtbot) -> None:
    """Delete `widget` as Qt does once the event loop comes back to it."""
    gone: list[bool] = []
    widget.destroyed.connect(lambda: gone.append(True))
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.waitUntil(lambda: bool(gone))


def _paint(view: DocumentView) -> None:
    """Paint the article now: on screen, and once more into an image (as a screenshot does)."""
    view.viewport().repaint()
    view.viewport().grab()


def _page_through(view: DocumentView) -> list[tuple[int, int]]:
    """Page down to the end, painting each page; the range shown at each page."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    shown = []
    while True:
        _paint(view)
        shown.append(view.visible_range())
        if bar.value() >= bar.maximum():
            return shown
        bar.setValue(bar.value() + bar.pageStep())


def _spans(text: str, word: str, label_id: int, every: int) -> list[Span]:
    count = text.count(word)
    return [Span(*span_of(text, word, k), label_id=label_id, annotation_id=1000 * label_id + k)
            for k in range(0, count, every)]


def test_the_article_paints_after_a_widget_before_it_in_the_tab_chain_is_deleted(qtbot) -> None:
    top = QWidget()
    qtbot.addWidget(top)
    layout = QVBoxLayout(top)
    before = QPushButton("Before")
    layout.addWidget(before)
    view = DocumentView()
    layout.addWidget(view)
    top.resize(760, 420)
    top.show()
    qtbot.waitExposed(top)
    spans = _spans(LONG, "réforme", 1, 5)
    view.set_document(LONG, spans, COLORS, {})
    view.add_decoration(lambda shared: shared.begin().drawLine(0, 0, 4, 4))  # a decoration draws
    assert _walk_tab_chain(top) >= 2

    _delete(before, qtbot)

    shown = _page_through(view)
    assert len(shown) > 3
    assert shown[-1][1] >= len(LONG) - 1  # the last page reached
    last = spans[-1]
    assert format_at(view, last.start) is not None  # its highlight painted on the last page
    # A span added now is highlighted at once (the view's document is found again each time).
    new = Span(*span_of(LONG, "désastre annoncé", LONG.count("désastre annoncé") - 1), 2, 77)
    view.set_spans([*spans, new], COLORS, {})
    _paint(view)
    assert format_at(view, new.start) is not None


def test_switching_articles_while_paging_paints_each_new_text(qtbot) -> None:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(760, 420)
    view.show()
    qtbot.waitExposed(view)
    long_spans = _spans(LONG, "désastre", 2, 3)
    for _round in range(3):
        view.set_document(LONG, long_spans, COLORS, {})
        bar = view.verticalScrollBar()
        for _page in range(4):  # halfway down: the paragraphs there keep their shaped text
            bar.setValue(bar.value() + bar.pageStep())
            _paint(view)
        view.set_document(SHORT, [Span(*span_of(SHORT, "gouvernement"), 1, 1)], COLORS, {})
        _paint(view)
        assert view.visible_range() == (0, len(SHORT))
        assert format_at(view, SHORT.index("gouvernement")) is not None
        assert [line.start for line in view.visible_lines()][:3] == [0, SHORT.index("\n") + 1,
                                                                     SHORT.index("Le")]
    view.set_document(LONG, long_spans, COLORS, {})
    shown = _page_through(view)
    assert shown[0][0] == 0 and shown[-1][1] >= len(LONG) - 1


def test_the_window_pages_through_the_article_after_its_document_codes_are_rebuilt(
        open_window, qtbot) -> None:
    window = open_window([(LONG, "a.txt", "Article")])
    doc = window.workspace.document
    for k in range(0, LONG.count("réforme"), 9):
        add_annotation(window.project, doc.id, "claim", "ana", *span_of(LONG, "réforme", k))
    add_label(window.project, "stance: pro", "#2e7d32", "7", kind="document")
    window.events.labels_changed.emit()
    window.workspace.show_document(doc.id)
    panel = window.document_codes_panel
    qtbot.waitUntil(lambda: len(panel.labels()) == 1)
    old_button = panel.button_for(panel.labels()[0].id)
    _walk_tab_chain(window)

    add_label(window.project, "genre: opinion", "#6a1b9a", None, kind="document")
    gone: list[bool] = []
    old_button.destroyed.connect(lambda: gone.append(True))
    window.events.labels_changed.emit()  # the buttons are made anew, the old ones deleted
    qtbot.waitUntil(lambda: bool(gone) and len(panel.labels()) == 2)

    view = window.document_view
    shown = _page_through(view)
    assert len(shown) > 3
    assert shown[-1][1] >= len(LONG) - 1


def test_a_click_on_a_suggestion_still_chooses_it_after_the_document_codes_are_rebuilt(
        open_window, qtbot) -> None:
    text = ("Le ministre Jean Dupont a déclaré : « La réforme est juste et nécessaire. » Puis il "
            "est parti.\n\nSelon Marie Curie, « la science avance ». Rien de plus.\n")
    window = open_window([(text, "a.txt", "Réforme")])
    suggest_documents(window.project)
    add_label(window.project, "stance: pro", "#2e7d32", "7", kind="document")
    window.events.contents_changed.emit()  # as after a merge: everything is read again
    panel = window.document_codes_panel
    qtbot.waitUntil(lambda: len(panel.labels()) == 1)
    feature = window.suggestions_feature
    qtbot.waitUntil(lambda: bool(feature.rows))
    _walk_tab_chain(window)
    old_button = panel.button_for(panel.labels()[0].id)
    gone: list[bool] = []
    old_button.destroyed.connect(lambda: gone.append(True))
    add_label(window.project, "genre: opinion", "#6a1b9a", None, kind="document")
    window.events.labels_changed.emit()
    qtbot.waitUntil(lambda: bool(gone) and len(panel.labels()) == 2)

    view = window.document_view
    _paint(view)
    start = view.stored_text.index("science avance")
    rect = view.cursorRect(view.cursor_for(start + 2, start + 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: feature.current is not None)
    selected = view.selected_range()
    assert selected is not None and view.stored_text[selected[0]:selected[1]] == "la science avance"
