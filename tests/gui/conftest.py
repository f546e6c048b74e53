"""GUI fixtures: isolated user settings and a main window on a fresh project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from annotator.services import Project
from annotator.services.project import open_project
from annotator.ui.events import ProjectEvents


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Each test gets its own QSettings folder, so nothing leaks between tests or to the user."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    yield folder


@pytest.fixture
def open_window(qtbot, tmp_path):
    """Open a shown, active main window on a new project holding `texts` ((text, file, title) each).

    A window deletes itself when closed (a test may close one, or switch project from it); the
    ones still there at the end are closed.
    """
    from PySide6.QtTest import QTest
    from shiboken6 import isValid
    from tests.helpers import imported

    from annotator.services.documents import import_texts
    from annotator.ui import open_main_window

    windows = []

    def opened(texts, name: str = "w.annotator", date: str | None = None):
        path = tmp_path / name
        project = open_project(path)
        if texts:
            import_texts(project, [imported(text, file, title, date) for text, file, title in texts])
        project.close()
        window = open_main_window(path, "ana")
        windows.append(window)
        window.windowHandle().requestActivate()
        QTest.qWaitForWindowActive(window)
        return window

    yield opened
    for window in windows:
        if isValid(window):
            window.close()


@pytest.fixture
def window_with_work(open_window):
    """Open ana's window on one article holding `work` ((annotator, label, words) each)."""
    from tests.helpers import span_of

    from annotator.services.annotations import add_annotation

    def opened(text: str, title: str, work):
        window = open_window([(text, "a.txt", title)])
        doc = window.workspace.document
        for annotator, label, words in work:
            add_annotation(window.project, doc.id, label, annotator, *span_of(text, words))
        window.events.contents_changed.emit()
        return window

    return opened


@pytest.fixture
def article_window(open_window):
    """A shown, active main window on a project holding the shared test article."""
    from tests.helpers import ARTICLE

    return open_window([(ARTICLE, "a.txt", "Le ministre défend la réforme")], date="2023-04")


@pytest.fixture
def message_boxes(qtbot):
    """Every message box shown while the test runs, as (title, text); each is closed at once."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    shown: list[tuple[str, str]] = []

    def close_boxes() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            shown.append((box.windowTitle(), box.text()))
            box.done(0)

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(close_boxes)
    timer.start()
    yield shown
    timer.stop()


# Fixtures of the dialog tests: a fresh project, its events, an undo stack.


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = open_project(tmp_path / "p.annotator")
    yield opened
    opened.close()


@pytest.fixture
def events() -> ProjectEvents:
    return ProjectEvents()


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()
