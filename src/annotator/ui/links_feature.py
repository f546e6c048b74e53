"""Attribution links: link mode (L), links in the tag panel, tooltip and text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Attach this feature to the main window."""
