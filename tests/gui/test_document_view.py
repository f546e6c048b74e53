"""The article view: selections in code points, highlights, clicks, tooltips, copy, scrolling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QHelpEvent,
    QPalette,
    QTextCursor,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip, QWidget
from tests.gui.dialog_support import format_at
from tests.helpers import span_of

from annotator.domain.offsets import Utf16Map
from annotator.domain.spans import Span
from annotator.ui.workspace.document_view import DocumentView
from annotator.ui.workspace.span_highlighter import blend_colors

TEXT = (
    "Selon le minist\u00e8re, l\u2019aide atteint 19\u00a0milliards \U0001f600 de dollars.\n"
    "Le caf\u00e9\u0301 est ferm\u00e9 \u2014 \u0642\u0627\u0644 "
    "\u0627\u0644\u0631\u0626\u064a\u0633 \u0645\u0631\u062d\u0628\u0627 \u2028 ligne suivante.\n"
    "\n"
    "Un dernier paragraphe, pour voir comment le texte se lit sur plusieurs lignes quand la "
    "largeur de la vue oblige le retour \u00e0 la ligne."
)
COLORS = {1: "#1e88e5", 2: "#e53935", 3: "#43a047"}


def at(word: str, occurrence: int = 0) -> tuple[int, int]:
    return span_of(TEXT, word, occurrence)


SOURCE = Span(*at("Selon le minist\u00e8re"), label_id=1, annotation_id=11)
CLAIM = Span(at("l\u2019aide")[0], at("dollars")[1], label_id=2, annotation_id=12)
FRAMING = Span(*at("19\u00a0milliards"), label_id=3, annotation_id=13)
SPANS = [SOURCE, CLAIM, FRAMING]
TOOLTIPS = {11: "Source \u2014 anna", 12: "Claim \u2014 ben\nnote: <check> figure", 13: "Framing"}


def make_view(qtbot, text: str = TEXT, spans: list[Span] = SPANS) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(760, 420)
    view.show()
    qtbot.waitExposed(view)
    view.set_document(text, spans, COLORS, TOOLTIPS)
    return view


def viewport_point(view: DocumentView, cp: int) -> QPoint:
    """The middle of the glyph of the character at code point `cp` (either writing direction)."""
    m = Utf16Map(view.stored_text)
    rects = []
    for offset in (cp, cp + 1):
        cursor = QTextCursor(view.document())
        cursor.setPosition(m.to_utf16(offset))
        rects.append(view.cursorRect(cursor))
    return QPoint((rects[0].center().x() + rects[1].center().x()) // 2, rects[0].center().y())


def click(view: DocumentView, pos: QPoint) -> None:
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_selection_around_the_emoji_slices_the_stored_text_exactly(qtbot):
    view = make_view(qtbot)
    m = Utf16Map(TEXT)
    emoji = TEXT.index("\U0001f600")
    for start, end in [(emoji - 10, emoji + 3), (emoji, emoji + 1), (emoji + 1, emoji + 12)]:
        cursor = QTextCursor(view.document())
        cursor.setPosition(m.to_utf16(start))
        cursor.setPosition(m.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        assert view.selected_range() == (start, end)
        assert TEXT[start:end] == TEXT[slice(*view.selected_range())]
    assert TEXT[slice(emoji - 10, emoji + 3)].startswith("milliards")  # NBSP kept, not a space


def test_selection_after_arabic_combining_accent_and_line_separator_lines_up(qtbot):
    view = make_view(qtbot)
    start, end = at("est ferm\u00e9")[0], at("ligne suivante")[1]
    view.select_range(start, end)
    assert view.selected_range() == (start, end)
    picked = TEXT[slice(*view.selected_range())]
    assert "\u0642\u0627\u0644" in picked and "\u2028" in picked
    view.select_range(start, start)
    assert view.selected_range() is None


def test_a_selection_taking_half_of_an_emoji_takes_the_whole_emoji(qtbot):
    view = make_view(qtbot)
    m = Utf16Map(TEXT)
    emoji = TEXT.index("\U0001f600")
    u16 = m.to_utf16(emoji)
    # (UTF-16 selection) -> code points: first half, second half, the space and the first half
    for (anchor, position), expected in [((u16, u16 + 1), (emoji, emoji + 1)),
                                         ((u16 + 1, u16 + 2), (emoji, emoji + 1)),
                                         ((u16 - 1, u16 + 1), (emoji - 1, emoji + 1))]:
        cursor = QTextCursor(view.document())
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        assert view.selected_range() == expected


def test_selected_range_reports_code_points_and_clearing(qtbot):
    view = make_view(qtbot)
    start, end = at("dollars")
    view.select_range(start, end)
    assert view.selected_range() == (start, end)
    cursor = view.textCursor()
    cursor.clearSelection()
    view.setTextCursor(cursor)
    assert view.selected_range() is None


def test_highlight_shows_the_label_colour(qtbot):
    view = make_view(qtbot)
    base = view.palette().color(QPalette.ColorRole.Base)
    fmt = format_at(view, SOURCE.start + 2)
    assert fmt is not None
    assert fmt.background().color() == blend_colors(base, [COLORS[1]])
    assert fmt.underlineStyle() == fmt.UnderlineStyle.NoUnderline
    assert format_at(view, at("Un dernier")[0]) is None  # unlabelled text stays plain


def test_overlap_blends_colours_and_is_underlined_in_the_inner_label_colour(qtbot):
    view = make_view(qtbot)
    base = view.palette().color(QPalette.ColorRole.Base)
    fmt = format_at(view, FRAMING.start + 1)
    assert fmt.background().color() == blend_colors(base, [COLORS[2], COLORS[3]])
    assert fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline
    assert fmt.underlineColor() == QColor(COLORS[3]).darker(125)


def test_highlights_line_up_after_an_emoji(qtbot):
    text = "\U0001f600\U0001f601 avant apr\u00e8s"
    span = Span(text.index("apr"), len(text), 1, 1)
    view = make_view(qtbot, text, [span])
    base = view.palette().color(QPalette.ColorRole.Base)
    assert format_at(view, span.start).background().color() == blend_colors(base, [COLORS[1]])
    assert format_at(view, span.end - 1).background().color() == blend_colors(base, [COLORS[1]])
    assert format_at(view, span.start - 1) is None  # the space before is not coloured


def test_set_spans_removes_and_adds_highlights(qtbot):
    view = make_view(qtbot)
    new = Span(*at("Un dernier paragraphe"), label_id=2, annotation_id=14)
    view.set_spans([SOURCE, new], COLORS, TOOLTIPS)
    base = view.palette().color(QPalette.ColorRole.Base)
    assert format_at(view, FRAMING.start + 1) is None
    assert format_at(view, new.start + 1).background().color() == blend_colors(base, [COLORS[2]])
    assert format_at(view, SOURCE.start).background().color() == blend_colors(base, [COLORS[1]])


def test_changing_a_label_colour_repaints(qtbot):
    view = make_view(qtbot)
    base = view.palette().color(QPalette.ColorRole.Base)
    view.set_spans(SPANS, {**COLORS, 1: "#8e24aa"}, TOOLTIPS)
    assert format_at(view, SOURCE.start).background().color() == blend_colors(base, ["#8e24aa"])


def test_click_on_a_highlight_reports_the_topmost_annotation(qtbot):
    view = make_view(qtbot)
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        click(view, viewport_point(view, FRAMING.start + 1))
    assert blocker.args == [FRAMING.annotation_id]
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        click(view, viewport_point(view, SOURCE.start + 1))
    assert blocker.args == [SOURCE.annotation_id]


def test_click_on_a_highlighted_arabic_word_reports_it(qtbot):
    word = Span(*at("\u0627\u0644\u0631\u0626\u064a\u0633"), label_id=1, annotation_id=21)
    view = make_view(qtbot, TEXT, [word])
    for cp in (word.start, word.start + 3, word.end - 1):
        with qtbot.waitSignal(view.annotation_clicked) as blocker:
            click(view, viewport_point(view, cp))
        assert blocker.args == [21]
    with qtbot.assertNotEmitted(view.annotation_clicked):
        click(view, viewport_point(view, word.end + 2))


def test_dark_palette_blends_highlights_over_the_dark_page(qtbot):
    view = make_view(qtbot)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    view.setPalette(palette)
    background = format_at(view, SOURCE.start).background().color()
    assert background == blend_colors(QColor("#1e1e1e"), [COLORS[1]])
    assert background.lightness() < 110  # stays dark, so light text remains readable


def test_click_on_plain_text_or_after_line_end_reports_nothing(qtbot):
    view = make_view(qtbot)
    with qtbot.assertNotEmitted(view.annotation_clicked):
        click(view, viewport_point(view, at("Un")[0]))
        click(view, viewport_point(view, CLAIM.end) + QPoint(300, 0))


def test_right_click_on_a_highlight_asks_for_its_menu(qtbot):
    view = make_view(qtbot)
    pos = viewport_point(view, CLAIM.start + 1)
    global_pos = view.viewport().mapToGlobal(pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, global_pos)
    with qtbot.waitSignal(view.annotation_context_requested) as blocker:
        QGuiApplication.sendEvent(view.viewport(), event)
    assert blocker.args == [CLAIM.annotation_id, global_pos]


def test_hover_tooltip_names_every_layer_with_the_note_escaped(qtbot):
    view = make_view(qtbot)
    pos = viewport_point(view, FRAMING.start + 1)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QGuiApplication.sendEvent(view.viewport(), event)
    tip = QToolTip.text()
    assert "Framing" in tip and "Claim \u2014 ben" in tip
    assert "&lt;check&gt;" in tip
    assert tip.index("Framing") < tip.index("Claim")  # the layer on top comes first
    QToolTip.hideText()


def test_copy_gives_the_stored_characters(qtbot):
    view = make_view(qtbot)
    start, end = at("19\u00a0milliards")[0], at("ligne")[1]
    view.select_range(start, end)
    view.copy_selection()
    assert QGuiApplication.clipboard().text() == TEXT[start:end]


def test_find_matches_and_flash_are_transient_marks(qtbot):
    view = make_view(qtbot)
    view.set_find_matches([at("le")[:2], at("la")[:2]])
    assert len(view.extraSelections()) == 2
    view.flash_span(*at("dollars"))
    assert len(view.extraSelections()) == 3
    qtbot.waitUntil(lambda: len(view.extraSelections()) == 2, timeout=2000)
    view.set_find_matches([])
    assert view.extraSelections() == []


def test_search_hits_far_down_are_marked_once_scrolled_to(qtbot):
    text = "".join(f"Ligne {i} du texte, avec le mot cible.\n" for i in range(3000))
    view = make_view(qtbot, text, [])
    hits = [(i, i + 5) for i in range(len(text)) if text.startswith("cible", i)]
    view.set_find_matches(hits)
    marked = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
    assert hits[0] in marked and hits[-1] not in marked  # only hits near the screen are marked
    view.scroll_to_span(*hits[-1])
    marked = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
    assert hits[-1] in marked


def test_scroll_to_span_brings_a_far_span_on_screen_and_keeps_the_selection(qtbot):
    text = "".join(f"Paragraphe {i} avec quelques mots pour la ligne.\n" for i in range(400))
    target = Span(*(lambda s: (s, s + 14))(text.index("Paragraphe 350")), 1, 99)
    view = make_view(qtbot, text, [target])
    view.select_range(0, 10)
    view.scroll_to_span(target.start, target.end)
    cursor = QTextCursor(view.document())
    cursor.setPosition(target.start)
    assert view.viewport().rect().contains(view.cursorRect(cursor))
    assert view.selected_range() == (0, 10)


def test_span_margin_draws_a_bar_in_the_label_colour(qtbot):
    view = make_view(qtbot)
    margin = view.findChild(QWidget, "spanMargin")
    image = margin.grab().toImage()
    y = viewport_point(view, SOURCE.start).y()
    row = {QColor(image.pixel(x, y)).name() for x in range(image.width())}
    assert {COLORS[1], COLORS[2], COLORS[3]} <= row  # spans sharing a line get their own bars
    blank_y = viewport_point(view, at("Un dernier")[0]).y()
    blank_row = {QColor(image.pixel(x, blank_y)).name() for x in range(image.width())}
    assert COLORS[1] not in blank_row and COLORS[2] not in blank_row


def test_click_on_a_margin_bar_reports_its_annotation(qtbot):
    view = make_view(qtbot)
    margin = view.findChild(QWidget, "spanMargin")
    image = margin.grab().toImage()
    y = viewport_point(view, SOURCE.start).y()
    x = next(x for x in range(image.width()) if QColor(image.pixel(x, y)).name() == COLORS[2])
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        QTest.mouseClick(margin, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert blocker.args == [CLAIM.annotation_id]


def test_leading_byte_order_mark_does_not_shift_offsets(qtbot):
    text = "\ufeffdeux mots"
    view = make_view(qtbot, text, [Span(1, 5, 1, 1)])
    view.select_range(6, 10)
    assert view.selected_range() == (6, 10)
    base = view.palette().color(QPalette.ColorRole.Base)
    for cp in (1, 4):  # "deux", just after the mark
        assert format_at(view, cp).background().color() == blend_colors(base, [COLORS[1]])
    assert format_at(view, 5) is None


def test_view_reads_well_and_saves_a_screenshot(qtbot):
    view = make_view(qtbot)
    assert view.objectName() == "documentView"
    assert view.isReadOnly()
    flags = view.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert not view.font().fixedPitch() and view.font().pointSizeF() >= 11
    image = view.grab()
    assert image.save("/tmp/docview.png")


def _paragraphs(count: int) -> str:
    return "".join(f"Paragraphe {i} avec quelques mots pour la ligne.\n" for i in range(count))


def _span_on(text: str, words: str, label_id: int, annotation_id: int) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), label_id, annotation_id)


def _painted_colors(view: DocumentView, span: Span) -> set[str]:
    """Colours painted on screen across the span's line, from its start to its end."""
    image = view.viewport().grab().toImage()
    m = Utf16Map(view.stored_text)
    rects = []
    for offset in (span.start, span.end):
        cursor = QTextCursor(view.document())
        cursor.setPosition(m.to_utf16(offset))
        rects.append(view.cursorRect(cursor))
    y = rects[0].top() + 2
    return {QColor(image.pixel(x, y)).name() for x in range(rects[0].x() + 1, rects[1].x())}


def test_far_lines_are_highlighted_once_scrolled_to_or_asked_for(qtbot):
    text = _paragraphs(2000)
    near = _span_on(text, "Paragraphe 1 ", 1, 1)
    far = _span_on(text, "Paragraphe 1500 ", 2, 2)
    farther = _span_on(text, "Paragraphe 1900 ", 3, 3)
    view = make_view(qtbot, text, [near, far, farther])
    base = view.palette().color(QPalette.ColorRole.Base)
    on_screen = format_at(view, near.start)  # formatted right away
    assert on_screen.background().color() == blend_colors(base, [COLORS[1]])
    view.ensure_highlighted(far.start, far.end)
    assert format_at(view, far.start).background().color() == blend_colors(base, [COLORS[2]])
    view.scroll_to_span(farther.start, farther.end)
    assert blend_colors(base, [COLORS[3]]).name() in _painted_colors(view, farther)
    assert format_at(view, farther.start).background().color() == blend_colors(base, [COLORS[3]])


def test_changed_spans_on_far_lines_leave_no_stale_highlight(qtbot):
    text = _paragraphs(2000)
    far = _span_on(text, "Paragraphe 1500 ", 2, 2)
    view = make_view(qtbot, text, [far])
    base = view.palette().color(QPalette.ColorRole.Base)
    view.ensure_highlighted(far.start, far.end)
    added = _span_on(text, "Paragraphe 1700 ", 1, 4)
    view.change_spans([added], [far], {4: "Source"})
    assert format_at(view, far.start) is None
    view.scroll_to_span(far.start, far.end)
    assert blend_colors(base, [COLORS[2]]).name() not in _painted_colors(view, far)
    view.scroll_to_span(added.start, added.end)
    assert blend_colors(base, [COLORS[1]]).name() in _painted_colors(view, added)
    view.set_spans([added], {**COLORS, 1: "#8e24aa"}, {4: "Source"})
    assert blend_colors(base, ["#8e24aa"]).name() in _painted_colors(view, added)
    view.scroll_to_span(0, 1)
    view.scroll_to_span(added.start, added.end)
    assert format_at(view, added.start).background().color() == blend_colors(base, ["#8e24aa"])


def test_turning_a_page_repaints_the_article_and_its_scroll_bar_not_the_window_beneath(open_window):
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    text = "\n\n".join(f"Paragraph {n}: " + "a few words of an article " * 12 for n in range(300))
    window = open_window([(text, "long.txt", "Long")])
    view = window.document_view
    QApplication.processEvents()
    painted: list[QObject] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint:
                painted.append(watched)
            return False

    spy = Painted()
    for widget in (window, view):
        widget.installEventFilter(spy)
    bar = view.verticalScrollBar()
    for _ in range(3):
        bar.setValue(bar.value() + bar.pageStep())
        QApplication.processEvents()
    assert bar.value() > 0
    assert painted == []  # neither the window nor the article's frame was painted under the page
    assert view.viewport().autoFillBackground()
