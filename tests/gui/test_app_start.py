"""`annotator` alone: the default project, the sample article on first run, the name asked once."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication

from annotator.cli import main
from annotator.settings import default_project_path
from annotator.ui.widgets.dialogs import AnnotatorNameDialog


def _run_and_close(monkeypatch, argv: list[str]) -> tuple[int, list]:
    """Run `annotator ARGV`; instead of entering the event loop, look at the windows and close them.

    (Quitting a real event loop would leave Qt refusing nested loops for the rest of the test run.)
    """
    seen: list = []

    def look_then_close() -> int:
        windows = [
            w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()
        ]
        seen.extend((w.windowTitle(), w.workspace.annotator, w.project.path) for w in windows)
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(look_then_close))
    return main(argv), seen


def test_first_run_opens_the_default_project_on_the_sample_article(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    asked: list[str] = []
    def ask(cls, parent, suggested):
        asked.append(suggested)
        return "ana"

    monkeypatch.setattr(AnnotatorNameDialog, "ask", classmethod(ask))
    code, seen = _run_and_close(monkeypatch, [])
    assert code == 0
    project = default_project_path()
    assert str(project).startswith(str(tmp_path / "data"))
    ((title, annotator, path),) = seen
    assert "Le chef du bloc militaire" in title and annotator == "ana" and path == project
    assert len(asked) == 1
    # Second run: the name is remembered and the sample is not imported twice.
    code, seen = _run_and_close(monkeypatch, [])
    assert code == 0 and seen[0][1] == "ana" and len(asked) == 1
    assert sqlite3.connect(project).execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_project_option_opens_that_project_without_samples(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "mine.annotator"
    code, seen = _run_and_close(monkeypatch, ["--project", str(target), "--annotator", "ben"])
    assert code == 0
    ((title, annotator, path),) = seen
    assert annotator == "ben" and path == target
    assert sqlite3.connect(target).execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_a_refused_project_is_a_message_not_a_traceback(qtbot, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.annotator"
    bad.write_text("hello", encoding="utf-8")
    errors: list[str] = []
    monkeypatch.setattr(
        "annotator.ui.widgets.dialogs.show_error", lambda _p, _t, message: errors.append(message)
    )
    assert main(["--project", str(bad), "--annotator", "ana"]) == 1
    assert errors and "not an SQLite database" in errors[0]
    assert "Traceback" not in capsys.readouterr().err


def test_the_window_is_on_screen_before_its_project_opens_then_shows_the_article_and_its_highlights(
        qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QAction, QPalette
    from PySide6.QtWidgets import QWidget
    from tests.gui.dialog_support import format_at
    from tests.helpers import ARTICLE, imported, span_of

    from annotator.services.annotations import add_annotation
    from annotator.services.documents import import_texts
    from annotator.services.project import open_project
    from annotator.ui.workspace.document_view import DocumentView

    path = tmp_path / "start.annotator"
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE, title="Le ministre défend la réforme")])
    insee = span_of(ARTICLE, "l’INSEE")
    add_annotation(project, outcome.document.id, "source", "ben", *insee)
    project.close()
    first_paint: list[tuple] = []

    class FirstPaint(QObject):
        """What the main window shows the first time it is painted."""

        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if (not first_paint and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                    and watched.window().objectName() == "mainWindow"):
                window = watched.window()
                label_keys = [a for a in window.findChildren(QAction) if a.shortcut().toString() == "1"]
                first_paint.append((window.windowTitle(), window.statusBar().currentMessage(),
                                    window.findChild(DocumentView) is None, label_keys))
            return False

    seen: list = []

    def look_then_close() -> int:
        (window,) = [w for w in QApplication.topLevelWidgets()
                     if w.objectName() == "mainWindow" and w.isVisible()]
        view = window.document_view
        base = view.palette().color(QPalette.ColorRole.Base)

        def highlighted() -> bool:
            found = format_at(view, insee[0])
            return found is not None and found.background().color() != base

        qtbot.waitUntil(highlighted, timeout=3000)  # as the event loop paints the article
        seen.append((window.windowTitle(), window.statusBar().currentMessage(), view.stored_text,
                     highlighted()))
        window.close()
        return 0

    watcher = FirstPaint()
    QApplication.instance().installEventFilter(watcher)
    monkeypatch.setattr(QApplication, "exec", staticmethod(look_then_close))
    try:
        assert main(["--project", str(path), "--annotator", "ana"]) == 0
    finally:
        QApplication.instance().removeEventFilter(watcher)
    # First the window, named after its project and saying it is being opened, with nothing to
    # label yet ...
    ((title, message, no_article, label_keys),) = first_paint
    assert title == "start.annotator — Annotator"
    assert message == "Opening start.annotator…"
    assert no_article and label_keys == []
    # ... then the article, its highlight and the article's title.
    ((title, message, text, highlighted),) = seen
    assert title == "Le ministre défend la réforme — start.annotator — Annotator"
    assert message == "" and text == ARTICLE and highlighted


def test_a_project_in_a_newer_version_is_a_message_over_the_window_which_then_closes(
        qtbot, tmp_path, monkeypatch, capsys):
    from annotator.services.project import open_project

    path = tmp_path / "newer.annotator"
    open_project(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        "annotator.ui.widgets.dialogs.show_error",
        lambda parent, title, message: shown.append((parent.objectName(), title, message)),
    )
    assert main(["--project", str(path), "--annotator", "ana"]) == 1
    ((parent, title, message),) = shown
    assert parent == "mainWindow" and title == "Cannot open the project"
    assert "newer version of Annotator" in message
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    assert "Traceback" not in capsys.readouterr().err


def test_the_window_is_shown_before_the_database_toolkit_is_imported():
    """The window's modules load without the project's layers: they come once it is on screen."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import annotator.cli, annotator.ui, annotator.ui.app, annotator.ui.main_window\n"
        "layers = ('sqlalchemy', 'annotator.store', 'annotator.operations')\n"
        "print(sorted(m for m in layers if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_closing_the_window_before_its_project_opens_quits_without_opening_it(qtbot, tmp_path, monkeypatch,
                                                                                capsys):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    class CloseOnFirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                    and watched.window().objectName() == "mainWindow"):
                QTimer.singleShot(0, watched.window().close)  # the user closes it at once
            return False

    looked: list[bool] = []
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: looked.append(True) or 0))
    closer = CloseOnFirstPaint()
    QApplication.instance().installEventFilter(closer)
    target = tmp_path / "never.annotator"
    try:
        assert main(["--project", str(target), "--annotator", "ana"]) == 0
    finally:
        QApplication.instance().removeEventFilter(closer)
    assert looked == [] and not target.exists()
    assert "Traceback" not in capsys.readouterr().err


def test_modules_loaded_after_the_window_leave_no_source_in_memory():
    """The program's memory does not grow by the source text of every module it loads."""
    import os
    import subprocess
    import sys

    code = (
        "import linecache, sys\n"
        "import annotator.ui.app\n"
        "linecache.clearcache()\n"
        "import annotator.services.merge, annotator.ui.main_window\n"
        "kept = sum(len(''.join(e[2])) for e in linecache.cache.values() if len(e) > 2)\n"
        "print(kept < 100_000, 'annotator.services.merge' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.split() == ["True", "True"]
