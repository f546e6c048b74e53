"""What a feature of the main window is given: the project and its events, the undo history, the
workspace and its panels, the user's settings, and a few hooks into the window that holds them.

A feature (review mode, links, the corpus windows, the interchange formats…) is made with a
`FeatureContext` and reaches nothing else of the window: it adds its entries to the menus, its
keys to the window and its docks through the hooks, and parents its actions, dialogs and windows
to `parent`, so that they go when the window goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

if TYPE_CHECKING:  # names for the fields only: a feature's module imports what it uses
    from annotator.services import Project
    from annotator.ui.events import ProjectEvents
    from annotator.ui.undo_stack import UndoStack
    from annotator.ui.widgets.background import BackgroundWork
    from annotator.ui.widgets.shortcut_guard import ShortcutGuard
    from annotator.ui.workspace.document_list import DocumentListPanel
    from annotator.ui.workspace.document_view import DocumentView
    from annotator.ui.workspace.find_bar import FindBar
    from annotator.ui.workspace.tag_panel import TagPanel
    from annotator.ui.workspace.workspace import Workspace


@dataclass(frozen=True)
class FeatureContext:
    """Everything a window feature may use; the panels are the workspace's own."""

    project: Project
    events: ProjectEvents
    undo_stack: UndoStack
    settings: QSettings
    workspace: Workspace
    document_list: DocumentListPanel
    document_view: DocumentView
    tag_panel: TagPanel
    find_bar: FindBar
    shortcut_guard: ShortcutGuard
    #: Parent of the features' dialogs, windows and actions (the main window).
    parent: QWidget
    #: Runs long work (imports, merges, exports, statistics, retrieval) off the window's thread,
    #: one write at a time.
    background: BackgroundWork

    # ----- hooks into the window --------------------------------------------------------------

    #: Show a status-bar message for `timeout` ms (0: until another one replaces it).
    show_message: Callable[[str, int], None]
    #: Clear the status bar if it still shows this message.
    clear_message: Callable[[str], None]
    #: A menu of the menu bar by object name: fileMenu, editMenu, viewMenu, reviewMenu,
    #: corpusMenu, helpMenu (KeyError for another name).
    menu: Callable[[str], QMenu]
    #: Put an entry in the File menu, in the group before Quit.
    add_file_action: Callable[[QAction], None]
    #: Put entries in the Edit menu, after Delete and before Find (a separator follows them).
    add_edit_actions: Callable[[Sequence[QAction]], None]
    #: Make an action's shortcut work anywhere in the window.
    add_action: Callable[[QAction], None]
    #: Dock a panel to the window.
    add_dock: Callable[[Qt.DockWidgetArea, QDockWidget], None]
    #: Resize docked panels (the window's resizeDocks).
    resize_docks: Callable[[list[QDockWidget], list[int], Qt.Orientation], None]
