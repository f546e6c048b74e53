"""Switching project or closing the window frees the window, its features and the project file."""

from __future__ import annotations

import gc
import os
import sqlite3
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from annotator.services.project import open_project
from annotator.ui import open_main_window
from annotator.ui.app import open_windows
from annotator.ui.interchange.file_actions import ProjectFileDialog
from annotator.ui.main_window import MainWindow


def _let_deleted_go(qtbot) -> None:
    """Run the deletions a closed window asked for, then collect what they released."""
    for _ in range(3):
        qtbot.wait(10)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


def _live_main_windows(folder: Path) -> list[MainWindow]:
    """The main windows still in memory on a project in `folder` (other tests' are left out)."""
    gc.unfreeze()  # the window shown may have been frozen with the rest: listed, not collected, here
    return [o for o in gc.get_objects() if isinstance(o, MainWindow) and o.project.path.parent == folder]


def _held(folder: Path) -> list[MainWindow]:
    """The windows the application holds on a project in `folder`."""
    return [w for w in open_windows() if w.project.path.parent == folder]


def _shown_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]


def _held_open(path: Path) -> list[str]:
    """This process's open file descriptors on the project file or its journal files."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return []
    held = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)):
            held.append(target)
    return held


def _released(path: Path) -> bool:
    """Another program may take the project file for itself: nothing of ours holds it open."""
    if _held_open(path):
        return False
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("BEGIN EXCLUSIVE")
        other.rollback()
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()
    return True


def _projects(tmp_path: Path, count: int) -> list[Path]:
    paths = [tmp_path / f"p{i}.annotator" for i in range(count)]
    for path in paths:
        open_project(path).close()
    return paths


def test_three_project_switches_from_file_open_leave_one_window(qtbot, tmp_path, monkeypatch):
    first, *others = _projects(tmp_path, 4)
    window = open_main_window(first, "ana")
    windows = [weakref.ref(window)]
    # A feature's own window goes with the main window that opened it.
    window.findChild(QAction, "agreementAction").trigger()
    for target in others:
        monkeypatch.setattr(ProjectFileDialog, "ask", classmethod(lambda cls, parent, create, t=target: t))
        window.findChild(QAction, "openProjectAction").trigger()
        (window,) = _shown_windows()
        assert window.project.path == target
        windows.append(weakref.ref(window))
    del window
    _let_deleted_go(qtbot)

    assert [w.project.path for w in _live_main_windows(tmp_path)] == [others[-1]]
    assert [w() is not None for w in windows] == [False, False, False, True]
    assert _held(tmp_path) == [windows[-1]()]
    assert [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()] == ["mainWindow"]
    for path in (first, *others[:-1]):
        assert _released(path), path
    assert not _released(others[-1])  # the open project stays open
    windows[-1]().close()


def test_new_and_recent_projects_also_free_the_window_they_replace(qtbot, tmp_path, monkeypatch):
    first, second = _projects(tmp_path, 2)
    window = open_main_window(first, "ana")
    window.close()
    window = open_main_window(second, "ana")  # `first` is now a recent project
    created = tmp_path / "new.annotator"
    monkeypatch.setattr(ProjectFileDialog, "ask", classmethod(lambda cls, parent, create: created))
    window.findChild(QAction, "newProjectAction").trigger()
    (window,) = _shown_windows()
    assert window.project.path == created
    recent = window.findChild(type(window.menu("fileMenu")), "recentMenu")
    recent.aboutToShow.emit()
    (entry,) = [a for a in recent.actions() if a.text() == str(first)]
    entry.trigger()
    (window,) = _shown_windows()
    assert window.project.path == first
    del window, entry, recent
    _let_deleted_go(qtbot)

    assert [w.project.path for w in _live_main_windows(tmp_path)] == [first]
    assert _released(second) and _released(created)
    _held(tmp_path)[0].close()


def test_a_closed_window_is_freed_and_its_project_file_released(qtbot, tmp_path):
    (path,) = _projects(tmp_path, 1)
    window = open_main_window(path, "ana")
    feature = weakref.ref(window.links_feature)
    assert not _released(path)
    window.menu("fileMenu").actions()[-1].trigger()  # File > Quit
    del window
    _let_deleted_go(qtbot)

    assert _live_main_windows(tmp_path) == []
    assert _held(tmp_path) == []
    assert feature() is None
    assert _released(path)
