"""What a screen reader, a keyboard-only analyst and a colour-blind analyst get from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMenu, QScrollBar, QWidget

from annotator.services.annotations import add_annotation
from annotator.ui.main_window import MainWindow


def _name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _description(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def _role(widget: QWidget) -> QAccessible.Role:
    return QAccessible.queryAccessibleInterface(widget).role()


def _qt_internal(widget: QWidget) -> bool:
    """Qt's own parts of a widget, which we cannot name: a table's corner button, the menu and
    tool bars' overflow buttons, a line edit's clear button, a combo box's pop-up list."""
    parent = widget.parentWidget()
    return (widget.objectName().startswith("qt_")
            or isinstance(widget, QScrollBar) or isinstance(parent, QScrollBar)
            or isinstance(parent, QLineEdit)
            or parent.metaObject().className() == "QComboBoxPrivateContainer")


def _unnamed(root: QWidget) -> list[str]:
    """Focusable widgets and buttons under `root` a screen reader would have no name for."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not (widget.focusPolicy() != Qt.FocusPolicy.NoFocus or isinstance(widget, QAbstractButton)):
            continue
        if _qt_internal(widget):
            continue
        if not _name(widget).strip():
            parent = widget.parentWidget()
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {parent.objectName()!r}")
    return missing


def _select(window: MainWindow, phrase: str) -> tuple[int, int]:
    view = window.document_view
    start = view.stored_text.index(phrase)
    view.select_range(start, start + len(phrase))
    return start, start + len(phrase)


# --- names and descriptions ---------------------------------------------------------------------


def test_the_article_says_what_it_is_and_how_to_label(article_window):
    view = article_window.document_view
    assert _name(view) == "Article"
    assert "select text" in _description(view)
    assert "label key" in _description(view)
    margin = view.findChild(QWidget, "spanMargin")
    assert _name(margin) == "Span margin"
    assert _description(margin)


def test_label_buttons_are_named_by_their_label_and_key(article_window):
    window = article_window
    button = window.findChild(QAbstractButton, "labelButton:source")
    assert _name(button) == "Label source (key 1)"
    assert _role(button) == QAccessible.Role.Button
    assert _description(button)


def test_lists_tables_and_find_buttons_have_names(article_window):
    window = article_window
    window.find_action.trigger()
    assert _name(window.document_list.view) == "Documents"
    assert _name(window.tag_panel.table) == "Annotations in this document"
    assert _role(window.tag_panel.table) == QAccessible.Role.Table
    bar = window.find_bar
    assert _name(bar.prev_button).startswith("Previous match")
    assert _name(bar.next_button).startswith("Next match")
    assert _name(bar.close_button).startswith("Close")
    assert _name(bar.case_button) == "Match case"


def test_every_focusable_widget_and_button_of_the_window_has_a_name(article_window):
    window = article_window
    window.find_action.trigger()
    missing = _unnamed(window)
    assert not missing, "\n".join(missing)


def test_every_focusable_widget_in_review_mode_has_a_name(article_window):
    window = article_window
    missing = _unnamed(window.review_mode.bar)
    assert not missing, "\n".join(missing)


# --- label names without colour -----------------------------------------------------------------


def test_the_status_bar_names_the_labels_and_annotators_under_the_text_cursor(article_window):
    window = article_window
    workspace = window.workspace
    text = window.document_view.stored_text
    start = text.index("désastre")
    end = start + len("désastre")
    doc = workspace.document.id
    source = workspace.label_for_key("1")
    claim = workspace.label_for_key("2")
    add_annotation(window.project, doc, claim.id, "ben", start, end + len(" annoncé"))
    add_annotation(window.project, doc, source.id, "ana", start, end)
    workspace.show_document(doc)
    label = window.findChild(QWidget, "spansStatus")
    view = window.document_view
    view.setFocus()
    cursor = view.cursor_for(start + 1, start + 1)
    view.setTextCursor(cursor)
    assert label.text() == "claim (ben, not reviewed yet) · source (you)"
    QTest.keyClick(view, Qt.Key.Key_Home)  # the start of the line: no span there
    assert label.text() == ""
    cursor = view.cursor_for(end + 2, end + 2)
    view.setTextCursor(cursor)
    assert label.text() == "claim (ben, not reviewed yet)"


# --- colour-blind-safe colours ------------------------------------------------------------------


def _swatch_colour(icon) -> str:
    image = icon.pixmap(14, 14).toImage()
    return image.pixelColor(7, 7).name().upper()


def test_colour_blind_safe_colours_show_labels_by_position_and_keep_the_stored_ones(article_window):
    from annotator.domain.palette import OKABE_ITO
    from annotator.services.labels import list_labels
    from annotator.settings import COLOUR_BLIND_SAFE
    from annotator.ui.workspace.annotation_table import COLUMN_LABEL

    window = article_window
    stored = {lab.name: lab.color for lab in list_labels(window.project)}
    action = window.findChild(QAction, "colourBlindSafeAction")
    assert action in window.findChild(QMenu, "viewMenu").actions()
    assert not action.isChecked()
    _select(window, "désastre")
    window.workspace.label_key("2")
    names = [lab.name for lab in window.workspace.labels]
    button = window.findChild(QAbstractButton, "labelButton:claim")
    assert _swatch_colour(button.icon()) == stored["claim"].upper()

    action.trigger()

    assert window.settings.value(COLOUR_BLIND_SAFE.key, type=bool) is True
    position = names.index("claim")
    assert _swatch_colour(button_of(window, "claim").icon()) == OKABE_ITO[position]
    model = window.tag_panel.model
    icon = model.data(model.index(0, COLUMN_LABEL), Qt.ItemDataRole.DecorationRole)
    assert _swatch_colour(icon) == OKABE_ITO[position]
    assert OKABE_ITO[position] in _colours_in(window.document_view.findChild(QWidget, "spanMargin"))
    assert {lab.name: lab.color for lab in list_labels(window.project)} == stored  # the data stay

    action.trigger()
    assert _swatch_colour(button_of(window, "claim").icon()) == stored["claim"].upper()


def _colours_in(widget: QWidget) -> set[str]:
    image = widget.grab().toImage()
    return {image.pixelColor(x, y).name().upper()
            for x in range(image.width()) for y in range(0, image.height(), 2)}


def button_of(window: MainWindow, label: str) -> QAbstractButton:
    (label_id,) = [lab.id for lab in window.workspace.labels if lab.name == label]
    return window.tag_panel.labels.button_for(label_id)


def test_the_colour_blind_safe_setting_is_kept_for_the_next_window(open_window):
    from tests.helpers import ARTICLE

    from annotator.domain.palette import OKABE_ITO

    first = open_window([(ARTICLE, "a.txt", "A")], name="one.annotator")
    first.findChild(QAction, "colourBlindSafeAction").trigger()
    first.close()
    second = open_window([(ARTICLE, "a.txt", "A")], name="two.annotator")
    assert second.findChild(QAction, "colourBlindSafeAction").isChecked()
    first_label = second.workspace.labels[0]
    assert _swatch_colour(button_of(second, first_label.name).icon()) == OKABE_ITO[0]


# --- the keyboard alone -------------------------------------------------------------------------


def _changed_pixels(widget: QWidget, before, after) -> int:
    return sum(before.pixel(x, y) != after.pixel(x, y)
               for x in range(0, min(before.width(), after.width()))
               for y in (0, 1, before.height() // 2, before.height() - 2, before.height() - 1))


def _paints_focus(window: MainWindow, widget: QWidget) -> bool:
    """Whether the widget's edge looks different with the keyboard focus than without it."""
    window.find_bar.input.setFocus()
    QTest.qWait(10)
    unfocused = widget.grab().toImage()
    widget.setFocus()
    QTest.qWait(10)
    focused = widget.grab().toImage()
    return _changed_pixels(widget, unfocused, focused) > 0


def test_tab_goes_from_the_documents_to_the_article_then_the_label_buttons_and_the_table(article_window):
    from annotator.services.suggestions import dismiss_suggestions, list_suggestions

    window = article_window
    # An article with open suggestions keeps Tab for them (test_suggestions_window.py); this one has none.
    document_id = window.workspace.document.id
    dismiss_suggestions(window.project, [s.id for s in list_suggestions(window.project, document_id)])
    window.suggestions_feature.refresh()
    window.document_list.view.setFocus()
    reached = []
    for _ in range(8):
        reached.append(QApplication.focusWidget())
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    buttons = [button_of(window, lab.name) for lab in window.workspace.labels]
    expected = [window.document_list.view, window.document_view, *buttons, window.tag_panel.table]
    assert reached[:len(expected)] == expected


def test_tab_reaches_a_label_added_to_the_codebook_and_document_codes_rebuilt_keep_it(article_window, qtbot):
    from annotator.services.labels import add_label
    from annotator.services.suggestions import dismiss_suggestions, list_suggestions

    window = article_window
    document_id = window.workspace.document.id
    dismiss_suggestions(window.project, [s.id for s in list_suggestions(window.project, document_id)])
    add_label(window.project, "actor", "#336699", "4")
    add_label(window.project, "stance", "#996633", kind="document")
    window.events.labels_changed.emit()
    window.events.labels_changed.emit()  # the buttons and the document codes built again
    window.suggestions_feature.refresh()
    buttons = [button_of(window, lab.name) for lab in window.workspace.labels]
    qtbot.waitUntil(lambda: all(button.isVisible() for button in buttons))  # new buttons show next turn
    window.document_view.setFocus()
    reached = []
    for _ in range(6):
        reached.append(QApplication.focusWidget())
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert "actor" in [lab.name for lab in window.workspace.labels]
    assert reached[:len(buttons) + 2] == [window.document_view, *buttons, window.tag_panel.table]


def test_the_focused_list_article_table_and_label_button_are_drawn_differently(article_window):
    window = article_window
    window.find_action.trigger()
    for widget in (window.document_list.view, window.document_view, window.tag_panel.table,
                   button_of(window, "source")):
        assert _paints_focus(window, widget), widget.objectName()


def test_space_on_a_focused_label_button_labels_the_selection_in_the_article(article_window):
    from annotator.services.annotations import list_annotations

    window = article_window
    span = _select(window, "désastre")
    button = button_of(window, "claim")
    button.setFocus()
    assert button.hasFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    document_id = window.workspace.document.id
    stored = [(a.label, a.start, a.end) for a in list_annotations(window.project, document_id)]
    assert stored == [("claim", *span)]


def test_the_arrow_keys_in_the_document_list_open_the_next_document(open_window):
    from tests.helpers import ARTICLE

    window = open_window([(ARTICLE, "a.txt", "First"), ("Second text.", "b.txt", "Second")])
    view = window.document_list.view
    view.setFocus()
    first = window.workspace.document.title
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert window.workspace.document.title != first
    assert window.document_view.stored_text in (ARTICLE, "Second text.")
