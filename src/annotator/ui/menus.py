"""The menu bar of the main window: File, Edit, View, Help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from annotator.ui.interchange.file_actions import save_copy_interactively

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Fill the window's menu bar with its actions."""
    bar = window.menuBar()

    file_menu = bar.addMenu("&File")
    file_menu.setObjectName("fileMenu")
    file_menu.addAction("&New project…", QKeySequence.StandardKey.New, window.new_project)
    file_menu.addAction("&Open project…", QKeySequence.StandardKey.Open, window.open_project)
    recent = file_menu.addMenu("Open &recent")
    recent.setObjectName("recentMenu")

    def fill_recent() -> None:
        recent.clear()
        paths = window.recent_project_paths()
        for path in paths:
            recent.addAction(path, lambda p=path: window.open_project_path(p))
        if not paths:
            recent.addAction("No other recent projects").setEnabled(False)

    recent.aboutToShow.connect(fill_recent)
    file_menu.addSeparator()
    file_menu.addAction(window.import_action)
    file_menu.addAction("Import a &folder…", lambda: window.import_documents(folder=True))
    file_menu.addAction(window.export_action)
    file_menu.addAction("Save a &copy…", lambda: window.statusBar().showMessage(
        save_copy_interactively(window, window.project) or "", 8000))
    # Feature modules (merge, interchange formats) insert their entries before this separator.
    window.file_menu_end = file_menu.addSeparator()
    file_menu.addAction("&Quit", QKeySequence.StandardKey.Quit, window.close)

    edit = bar.addMenu("&Edit")
    edit.setObjectName("editMenu")
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    edit.addAction(window.delete_action)
    edit.addAction(window.find_action)
    edit.addSeparator()
    edit.addAction("&Codebook…", window.open_codebook)
    edit.addAction("Change &annotator name…", window.change_annotator)

    view = bar.addMenu("&View")
    view.setObjectName("viewMenu")
    view.addAction(window.snap_action)
    view.addSeparator()
    view.addAction("&Larger text", QKeySequence.StandardKey.ZoomIn, lambda: window.change_font_size(+1))
    view.addAction("&Smaller text", QKeySequence.StandardKey.ZoomOut, lambda: window.change_font_size(-1))
    view.addAction("&Default text size", lambda: window.set_font_size(13))

    bar.addMenu("&Review").setObjectName("reviewMenu")
    bar.addMenu("&Corpus").setObjectName("corpusMenu")

    help_menu = bar.addMenu("&Help")
    help_menu.setObjectName("helpMenu")
    help_menu.addAction("&Keyboard shortcuts", QKeySequence("F1"), window.show_shortcuts)
    help_menu.addAction("&About Annotator", window.show_about)
