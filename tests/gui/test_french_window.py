"""The window in French: every menu, action, the shortcut sheet, the About box and the codebook
read French when the language is French (View → Language, read at start-up), and nothing reads
English but names and keys. Also: the language menu itself, and document labels' keys on the sheet."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from annotator import i18n
from annotator import settings as S
from annotator.services.labels import add_label
from annotator.ui.app import install_language, user_settings
from annotator.ui.codebook.codebook_dialog import CodebookDialog
from annotator.ui.widgets.dialogs import ShortcutsDialog

#: Words that read the same in both languages: names, formats, the language names themselves.
ALLOWED = {"Annotator", "Corpus", "CSV", "brat", "REFI-QDA", "English", "Français"}

#: A document label with a key, so that the shortcut sheet has a document label's row.
STANCE = "stance: pro"


def _shown(text: str) -> str:
    """A menu or button text as read: without its mnemonic marker and shortcut tab."""
    return text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _walk_menu(menu: QMenu, path: str, found: dict[str, str]) -> None:
    menu.aboutToShow.emit()  # menus filled when opened (recent projects, features')
    found[f"{path}"] = _shown(menu.title())
    for index, action in enumerate(menu.actions()):
        if action.isSeparator() or not action.isVisible():
            continue
        key = f"{path}/{index}"
        if action.menu() is not None:
            _walk_menu(action.menu(), key, found)
            continue
        found[key] = _shown(action.text())
        if action.statusTip():
            found[key + ":status"] = action.statusTip()
        if action.toolTip() and _shown(action.toolTip()) != _shown(action.text()):
            found[key + ":tip"] = action.toolTip()


def _menu_bar(window) -> dict[str, str]:
    found: dict[str, str] = {}
    for index, action in enumerate(window.menuBar().actions()):
        if action.menu() is not None:
            _walk_menu(action.menu(), f"bar{index}", found)
    return found


def _toolbar_and_status(window) -> dict[str, str]:
    found = {f"action:{a.objectName() or i}": _shown(a.text())
             for i, a in enumerate((window.undo_button, window.redo_button, window.snap_action,
                                    window.find_action, window.import_action, window.export_action))}
    found["status:tip"] = window.snap_action.statusTip()
    found["saved"] = window.saved_label.text()
    found["saved:tip"] = window.saved_label.toolTip()
    found["annotator"] = window.annotator_label.text()
    found["counts"] = window.counts_label.text()
    return found


def _sheet(window) -> dict[str, str]:
    labels = [*window.workspace.labels, *window.document_codes_panel.labels()]
    dialog = ShortcutsDialog(labels, window)
    try:
        table = dialog.findChild(QTableWidget)
        found = {"title": dialog.windowTitle()}
        for column in range(2):
            found[f"header{column}"] = table.horizontalHeaderItem(column).text()
        for row in range(table.rowCount()):
            found[f"row{row}"] = table.item(row, 1).text()
        return found
    finally:
        dialog.deleteLater()


def _widget_texts(root: QWidget) -> dict[str, str]:
    """What a dialog shows in words: labels, buttons, combo items, tooltips, placeholders."""
    found = {"title": root.windowTitle()}
    for index, widget in enumerate(root.findChildren(QWidget)):
        key = f"{type(widget).__name__}{index}"
        if isinstance(widget, QLabel):
            found[key] = widget.text()
        elif isinstance(widget, QAbstractButton):
            found[key] = _shown(widget.text())
        elif isinstance(widget, QComboBox):
            for item in range(widget.count()):
                found[f"{key}.{item}"] = widget.itemText(item)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            found[key + ":placeholder"] = widget.placeholderText()
        if widget.toolTip():
            found[key + ":tip"] = widget.toolTip()
    return found


def _codebook(window) -> dict[str, str]:
    dialog = CodebookDialog(window.project, window.events, window.undo_stack, window)
    try:
        found = _widget_texts(dialog)
        model = dialog.model
        for column in range(model.columnCount()):
            found[f"column{column}"] = model.headerData(column, 1)
        return found
    finally:
        dialog.disconnect_events()
        dialog.deleteLater()


def _about(window, message_boxes) -> dict[str, str]:
    help_menu = window.menu("helpMenu")
    about = next(a for a in help_menu.actions() if a.text().replace("&", "").startswith(("About", "À")))
    message_boxes.clear()
    about.trigger()
    title, text = message_boxes[-1]
    return {"title": title, "text": text.split("\n", 2)[-1]}  # after "Annotator <version>"


def _everything(window, message_boxes) -> dict[str, dict[str, str]]:
    return {
        "menus": _menu_bar(window),
        "toolbar and status bar": _toolbar_and_status(window),
        "shortcut sheet": _sheet(window),
        "codebook": _codebook(window),
        "about": _about(window, message_boxes),
    }


def _is_data(text: str, window) -> bool:
    """Names, keys, colours and numbers: the same in every language."""
    names = {lab.name for lab in [*window.workspace.labels, *window.document_codes_panel.labels()]}
    plain = text.strip()
    return (not re.search(r"[A-Za-z]{2}", plain) or plain in ALLOWED or plain in names
            or bool(re.fullmatch(r"#[0-9a-fA-F]{6}", plain))
            or bool(re.fullmatch(r"\w  \((.+)\)", plain)) and plain[4:-1] in names)


@pytest.fixture
def language() -> Iterator[callable]:
    """Start the application in a language as the app does (the setting, read at start-up);
    English again afterwards."""
    def start(code: str) -> str:
        user_settings().setValue(S.LANGUAGE.key, code)
        return install_language(QApplication.instance())

    yield start
    user_settings().setValue(S.LANGUAGE.key, "")
    install_language(QApplication.instance())
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def _opened(open_window, name: str):
    from tests.helpers import ARTICLE

    window = open_window([(ARTICLE, "a.txt", "Le ministre défend la réforme")], name=name)
    add_label(window.project, STANCE, "#2e7d32", "7", kind="document")
    window.events.labels_changed.emit()
    return window


def test_every_word_of_the_window_frame_is_french_but_names_and_keys(
        open_window, language, message_boxes, qtbot) -> None:
    assert language("en") == "en"
    english_window = _opened(open_window, "en.annotator")
    english = _everything(english_window, message_boxes)
    english_window.close()

    assert language("fr") == "fr"
    french_window = _opened(open_window, "fr.annotator")
    french = _everything(french_window, message_boxes)

    untranslated = []
    for part, texts in english.items():
        assert set(french[part]) == set(texts), f"{part}: not the same entries in both languages"
        for key, source in texts.items():
            if source and french[part][key] == source and not _is_data(source, french_window):
                untranslated.append(f"{part} {key}: {source!r}")
    assert not untranslated, "still English:\n" + "\n".join(untranslated)
    # A few that an analyst reads first.
    assert french["menus"]["bar0"] == "Fichier"
    assert "Aide" in french["menus"].values()
    assert french["about"]["title"] == "À propos d’Annotator"
    sheet = french["shortcut sheet"].values()
    assert f"Attribuer ou retirer le code de document «\u202f{STANCE}\u202f»" in sheet


def test_menus_keep_one_mnemonic_each_without_clashes_in_french(open_window, language) -> None:
    language("fr")
    window = _opened(open_window, "fr.annotator")
    menus = [window.menuBar(), *window.menuBar().findChildren(QMenu)]
    clashes = []
    for menu in menus:
        menu_actions = menu.actions()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()
            menu_actions = menu.actions()
        letters: dict[str, str] = {}
        for action in menu_actions:
            text = action.text().split("\t", 1)[0].replace("&&", "")
            if action.isSeparator() or not action.isVisible() or "&" not in text:
                continue
            letter = text[text.index("&") + 1].casefold()
            if letter in letters:
                clashes.append(f"{menu.title() or 'menu bar'}: {letters[letter]!r} and {text!r}")
            letters[letter] = text
    assert clashes == []


def test_the_shortcut_sheet_lists_document_labels_keys(article_window, message_boxes) -> None:
    window = article_window
    add_label(window.project, STANCE, "#2e7d32", "7", kind="document")
    window.events.labels_changed.emit()
    rows = _sheet(window)
    assert f"Set or remove the document code «{STANCE}»" in rows.values()
    assert "Label the selection «source»" in rows.values()


def test_view_language_is_kept_for_the_next_start_and_says_so(article_window, language) -> None:
    window = article_window
    menu = window.findChild(QMenu, "languageMenu")
    names = [_shown(a.text()) for a in menu.actions()]
    assert names == ["System language", "English", "Français"]
    assert [a.isChecked() for a in menu.actions()] == [True, False, False]
    french = next(a for a in menu.actions() if a.objectName() == "languageAction:fr")
    french.trigger()
    assert user_settings().value(S.LANGUAGE.key) == "fr"
    assert [a.isChecked() for a in menu.actions()] == [False, False, True]
    assert "restarts" in window.statusBar().currentMessage()
    assert i18n.language() == "en"  # not before a restart: the window stays as it is
    assert install_language(QApplication.instance()) == "fr"  # what the next start reads
    system = next(a for a in menu.actions() if a.objectName() == "languageAction:system")
    system.trigger()
    assert user_settings().value(S.LANGUAGE.key) == ""
    assert install_language(QApplication.instance()) == "en"  # the system's: English in tests
