"""Light or dark: the toolbar icons take the palette's text colour, so they stay visible."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from annotator.ui.widgets.icons import themed_icon
from annotator.ui.widgets.theme import dark_palette


def _lightest(icon) -> int:
    image = icon.pixmap(24, 24).toImage()
    return max(
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width())
        for y in range(image.height())
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 200
    )


def test_toolbar_icons_follow_the_palette(qtbot):
    app = QApplication.instance()
    light = app.palette()
    assert _lightest(themed_icon("import")) < 128  # dark ink on a light theme
    app.setPalette(dark_palette())
    try:
        assert _lightest(themed_icon("import")) > 180  # light ink on a dark theme
    finally:
        app.setPalette(light)
