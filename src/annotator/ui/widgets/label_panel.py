"""The codebook as a row of buttons: click one to label the selected text."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from annotator.domain.records import LabelInfo
from annotator.i18n import _
from annotator.ui.widgets.theme import show_focus

SWATCH_SIZE = 14
BUTTON_COLUMNS = 3


def swatch_pixmap(color: str, size: int = SWATCH_SIZE, ratio: float = 1.0) -> QPixmap:
    """A rounded square filled with `color`, outlined a little darker."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill = QColor(color)
    if not fill.isValid():
        fill = QColor("#999999")
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(fill.darker(150), 1.0))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0), size / 5, size / 5)
    painter.end()
    return pixmap


def swatch_icon(color: str, size: int = SWATCH_SIZE) -> QIcon:
    """A colour swatch icon, sharp on normal and high-density screens."""
    icon = QIcon()
    for ratio in (1.0, 2.0):
        pixmap = swatch_pixmap(color, size, ratio)
        icon.addPixmap(pixmap, QIcon.Mode.Normal)
        icon.addPixmap(pixmap, QIcon.Mode.Selected)  # keep the true colour on selected rows
    return icon


def label_button_text(label: LabelInfo) -> str:
    """The button caption: the shortcut key, then the name ("1  source")."""
    return f"{label.shortcut}  {label.name}" if label.shortcut else label.name


def key_note(label: LabelInfo) -> str:
    """Rich text after a label's name in a tooltip: ` (key 1)`, or nothing without a key."""
    if not label.shortcut:
        return ""
    note = _("(key {key})").format(key=label.shortcut)
    return f" &nbsp;<i>{html.escape(note)}</i>"


def label_tooltip(label: LabelInfo) -> str:
    """Rich-text tooltip: the name in bold, its key, and the definition."""
    key = key_note(label)
    definition = html.escape(label.definition).replace("\n", "<br>")
    body = f"<br>{definition}" if definition else "<br><i>" + html.escape(_("No definition.")) + "</i>"
    return f"<qt><b>{html.escape(label.name)}</b>{key}{body}</qt>"


def label_accessible_name(label: LabelInfo) -> str:
    """What a screen reader calls a label's button: "Label source (key 1)"."""
    if label.shortcut:
        return _("Label {label} (key {key})").format(label=label.name, key=label.shortcut)
    return _("Label {label}").format(label=label.name)


class LabelPanel(QWidget):
    """One button per label, in codebook order; a click leaves the keyboard focus in the article
    (Tab reaches the buttons, Space presses one)."""

    label_clicked = Signal(int)  # label id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelPanel")
        self._labels: list[LabelInfo] = []
        self._buttons: dict[int, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._caption = QLabel(_("Label the selected text:"))
        self._caption.setObjectName("labelPanelCaption")
        layout.addWidget(self._caption)
        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        layout.addLayout(self._grid)
        self._empty = QLabel(_("The codebook has no labels."))
        self._empty.setEnabled(False)
        layout.addWidget(self._empty)

    def set_labels(self, labels: Sequence[LabelInfo]) -> None:
        """Rebuild the buttons for `labels` (already in display order)."""
        for button in self._buttons.values():
            self._grid.removeWidget(button)
            button.setParent(None)  # out of the window's Tab chain at once
            button.deleteLater()
        self._buttons.clear()
        self._labels = list(labels)
        for index, label in enumerate(self._labels):
            button = self._make_button(label)
            self._grid.addWidget(button, index // BUTTON_COLUMNS, index % BUTTON_COLUMNS)
            self._buttons[label.id] = button
        for column in range(BUTTON_COLUMNS):
            self._grid.setColumnStretch(column, 1)
        self._empty.setVisible(not self._labels)

    def labels(self) -> list[LabelInfo]:
        """The labels shown, in display order."""
        return list(self._labels)

    def button_for(self, label_id: int) -> QPushButton | None:
        """The button of a label, or None if it is not shown."""
        return self._buttons.get(label_id)

    def _make_button(self, label: LabelInfo) -> QPushButton:
        button = QPushButton(swatch_icon(label.color), label_button_text(label), self)
        button.setObjectName(f"labelButton:{label.name}")
        button.setToolTip(label_tooltip(label))
        button.setAccessibleName(label_accessible_name(label))
        button.setAccessibleDescription(label.definition or _("Gives this label to the selected text"))
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setMinimumWidth(60)
        button.setStyleSheet("text-align: left; padding: 4px 8px;")
        show_focus(button)
        button.clicked.connect(
            lambda _checked=False, label_id=label.id: self.label_clicked.emit(label_id)
        )
        return button
