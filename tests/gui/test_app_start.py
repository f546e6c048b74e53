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
