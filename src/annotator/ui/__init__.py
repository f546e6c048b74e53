"""The Qt window. `open_main_window` is the one public entry point (the CLI and tests use it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def open_main_window(
    project_path: Path | str,
    annotator_name: str,
    *,
    create: bool = True,
    import_samples: bool = False,
) -> MainWindow:
    """Open the project at `project_path` in a new, shown main window working as `annotator_name`.

    The application holds the window until it is closed; closed, it deletes itself.

    `create=False` refuses a missing file instead of starting a new project there;
    `import_samples` imports the sample articles the first time the project is opened with it.
    """
    import linecache

    from annotator.services.project import import_seeds_once, open_project

    # The Qt binding reads the source of each module imported after it into linecache (see
    # below): where Qt came first, the project layers' sources go before the window's modules add
    # theirs, so the two never weigh at once.
    linecache.clearcache()
    from annotator.ui.app import application, keep_until_destroyed, read_sample_articles
    from annotator.ui.main_window import MainWindow

    application()
    # a file name, or a server's address (postgresql://…) kept as written
    project = open_project(project_path, create=create)
    try:
        if import_samples:
            import_seeds_once(project, read_sample_articles)
        # The Qt binding's import hook leaves the source of every module imported after it in
        # linecache (tens of megabytes, for nothing): the window's modules are imported by now,
        # and the cache goes before the first document adds its own peak. Each document shown
        # clears it again (Workspace), for modules features import later.
        linecache.clearcache()
        window = MainWindow(project, annotator_name)
    except BaseException:
        project.close()
        raise
    keep_until_destroyed(window)
    window.show()
    return window


__all__ = ["open_main_window"]
