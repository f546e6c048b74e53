"""Review mode: accept, reject or comment a colleague's annotations, one by one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Attach this feature to the main window."""
