"""An emoji in an article draws as the emoji, in colour, not as an empty box: .ci/setup installs
a colour emoji font and Qt falls back to it for characters the reading face lacks."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontDatabase


def _colourful_pixels(image) -> int:
    """Pixels of strong colour (an empty box or plain text is black, grey or white)."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = QColor(image.pixel(x, y))
            if colour.hsvSaturation() > 120 and colour.value() > 120:
                count += 1
    return count


def test_an_emoji_in_the_article_is_drawn_in_colour(open_window, qtbot):
    assert "Noto Color Emoji" in QFontDatabase.families(), (
        "no colour emoji font: run .ci/setup (it installs fonts-noto-color-emoji)")
    plain = open_window([("Le maire a dit non.\n", "a.txt", "Sans emoji")], name="plain.annotator")
    plain.resize(900, 600)
    qtbot.wait(50)
    without = _colourful_pixels(plain.document_view.viewport().grab().toImage())
    window = open_window([("Le maire 😮 a dit 👍 non.\n", "b.txt", "Avec emoji")], name="emoji.annotator")
    window.resize(900, 600)
    qtbot.wait(50)
    with_emoji = _colourful_pixels(window.document_view.viewport().grab().toImage())
    assert with_emoji > without + 20
