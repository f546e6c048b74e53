"""The Qt window. `open_main_window` is the one public entry point (the CLI and tests use it);
starting Annotator shows the window first, with `show_main_window_first`, and fills it in with
`open_main_window(..., into=window)` once it is on screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

#: How long the window waits, at most, for the window system to put it on screen before it opens
#: the project anyway (a window started minimized is never exposed).
EXPOSE_WAIT_S = 0.5


def open_main_window(
    project_path: Path | str,
    annotator_name: str,
    *,
    create: bool = True,
    import_samples: bool = False,
    into: MainWindow | None = None,
) -> MainWindow:
    """Open the project at `project_path` in a new, shown main window working as `annotator_name`.

    The application holds the window until it is closed; closed, it deletes itself.

    `create=False` refuses a missing file instead of starting a new project there;
    `import_samples` imports the sample articles the first time the project is opened with it;
    `into`, a window from `show_main_window_first`, is filled in instead of making a new one (a
    project that cannot be opened raises, as without it, and leaves that window empty).
    """
    import linecache

    from annotator.services.project import import_seeds_once, open_project
    from annotator.ui.app import application, keep_until_destroyed, read_sample_articles
    from annotator.ui.main_window import MainWindow

    application()
    # a file name, or a server's address (postgresql://…) kept as written
    project = open_project(project_path, create=create)
    try:
        if import_samples:
            import_seeds_once(project, read_sample_articles)
        if into is None:
            window = MainWindow(project, annotator_name)
        else:
            window = into
            window.assemble(project, annotator_name)
            _clear_message(window, _opening_message(project_path))
    except BaseException:
        project.close()
        if into is not None:
            into.project = None  # not filled in: closing it has nothing to remember or let go
        raise
    # Sources the Qt binding read into linecache before `annotator.ui.app` stopped it keeping
    # them (modules imported between Qt and that module) go too.
    linecache.clearcache()
    if into is None:
        keep_until_destroyed(window)
        window.show()
    return window


def show_main_window_first(project_path: Path | str) -> MainWindow | None:
    """An empty main window for the project at `project_path`, shown and painted now, before the
    project is opened (the database toolkit is not even imported yet): its title names the
    project and its status bar says it is being opened. It offers nothing to do until
    `open_main_window(..., into=window)` fills it in. None if it was closed meanwhile."""
    from shiboken6 import isValid

    from annotator.ui.app import application, keep_until_destroyed
    from annotator.ui.main_window import MainWindow

    app = application()
    window = MainWindow(None)
    name = _project_name(project_path)
    window.setWindowTitle(f"{name} — Annotator")
    window.statusBar().showMessage(_opening_message(project_path))
    keep_until_destroyed(window)
    window.show()
    _paint_now(app, window)
    return window if isValid(window) and window.isVisible() else None


def _project_name(project_path: Path | str) -> str:
    """The name the title gives a project: its file's name, or its database's on a server."""
    if isinstance(project_path, Path):
        return project_path.name
    return str(project_path).split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _paint_now(app, window: MainWindow) -> None:
    """Let the window system put `window` on screen and paint it, without taking the user's
    input yet (nothing in it is ready for it)."""
    import time

    from PySide6.QtCore import QEventLoop
    from shiboken6 import isValid

    flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    waited_until = time.monotonic() + EXPOSE_WAIT_S
    app.processEvents(flags)
    while isValid(window) and window.isVisible() and time.monotonic() < waited_until:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            break
        time.sleep(0.005)
        app.processEvents(flags)
    app.processEvents(flags)  # the paint the exposure asked for


def _opening_message(project_path: Path | str) -> str:
    from annotator.i18n import _

    return _("Opening {project}…").format(project=_project_name(project_path))


def _clear_message(window: MainWindow, message: str) -> None:
    bar = window.statusBar()
    if bar.currentMessage() == message:
        bar.clearMessage()


__all__ = ["open_main_window", "show_main_window_first"]
