"""Light or dark, following the system's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QStyleFactory, QWidget

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#272727",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#333333",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.Highlight: "#2f6fb0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Link: "#7fb4ff",
}


#: A 2 px outline in the palette's highlight colour around the focused control, the same width
#: unfocused (in the frame's own colour) so that taking the focus never reflows the article.
_FOCUS_FRAME = """
#{name} {{ border: 2px solid palette(mid); }}
#{name}:focus {{ border: 2px solid palette(highlight); }}
"""
_FOCUS_BUTTON = "QPushButton:focus { border: 2px solid palette(highlight); border-radius: 3px; }"


def show_focus(widget: QWidget) -> None:
    """Make the keyboard focus visible on `widget` (a list, a table, the article: named with
    setObjectName; or a button), which the style may not mark."""
    if isinstance(widget, QPushButton):
        widget.setStyleSheet(f"QPushButton {{ {widget.styleSheet()} }}\n{_FOCUS_BUTTON}")
    else:
        widget.setStyleSheet(_FOCUS_FRAME.format(name=widget.objectName()))


def is_dark() -> bool:
    """Whether the system asks for a dark colour scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """A calm dark palette for long reading sessions."""
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def apply_system_scheme(app: QApplication) -> None:
    """Use Fusion with a light or dark palette as the system says, and follow later changes."""
    app.setStyle(QStyleFactory.create("Fusion"))
    _apply(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply(app))


def _apply(app: QApplication) -> None:
    app.setPalette(dark_palette() if is_dark() else app.style().standardPalette())
