"""File menu entries for brat import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Attach this feature to the main window."""
