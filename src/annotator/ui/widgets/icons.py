"""Toolbar icons drawn in the palette's text colour, so they read on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from annotator.assets import icon_path

#: The ink colour the shipped SVG icons are drawn with; replaced by the palette's text colour.
ICON_INK = "#37474f"


def themed_icon(name: str) -> QIcon:
    """The icon `name` with its ink in the current palette's window-text colour."""
    svg = icon_path(name).read_text(encoding="utf-8")
    ink = QApplication.palette().color(QPalette.ColorRole.WindowText).name()
    data = QByteArray(svg.replace(ICON_INK, ink).encode("utf-8"))
    icon = QIcon()
    for size in (24, 48):
        pixmap = QPixmap(size, size)
        if pixmap.loadFromData(data, "SVG"):
            icon.addPixmap(pixmap)
    return icon if not icon.isNull() else QIcon(str(icon_path(name)))
