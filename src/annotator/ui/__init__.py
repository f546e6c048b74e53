"""The Qt window. `open_main_window` is the one public entry point (the CLI and tests use it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def open_main_window(project_path: Path | str, annotator_name: str) -> MainWindow:
    """Open the project at `project_path` in a new, shown main window working as `annotator_name`."""
    from annotator.services.project import open_project
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    application()
    project = open_project(Path(project_path))
    window = MainWindow(project, annotator_name)
    window.show()
    return window


__all__ = ["open_main_window"]
