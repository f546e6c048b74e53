"""The links of the selected span, listed under the annotation table of the tag panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.i18n import _
from annotator.ui.widgets.label_panel import swatch_icon

LINK_ID_ROLE = Qt.ItemDataRole.UserRole
OTHER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FULL_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
VISIBLE_ROWS = 3
_ERASE = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class LinkEntry(NamedTuple):
    """One line of the list: "→ attributed to «Jens Stoltenberg»", with the other span's colour."""

    text: str
    link_id: int
    other_annotation_id: int
    color: str


class _Links(QListWidget):
    """Delete or Backspace asks to delete the current link (the window's Delete is for spans).

    Lines too long for the panel end in "…" (no sideways scrolling); the tooltip has them whole.
    """

    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def elide_items(self) -> None:
        """Fit every line to the visible width."""
        icon = self.iconSize().width() if self.iconSize().isValid() else 16
        width = max(40, self.viewport().width() - icon - 14)
        metrics = self.fontMetrics()
        for row in range(self.count()):
            item = self.item(row)
            full = str(item.data(FULL_TEXT_ROLE))
            item.setText(metrics.elidedText(full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Re-fit the lines to the new width."""
        super().resizeEvent(event)
        self.elide_items()

    def event(self, event: QEvent) -> bool:
        """Claim Delete and Backspace before the window's shortcut for deleting spans sees them."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _ERASE
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Delete or Backspace: ask to delete the current link."""
        if event.key() in _ERASE:
            self.delete_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class LinkList(QWidget):
    """A heading, the selected span's links, and a button deleting the chosen one."""

    delete_requested = Signal(int)  # link id
    jump_requested = Signal(int)  # annotation id at the other end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkPanel")
        self.header = QLabel(_("Links"), self)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.hint = QLabel(self)
        self.hint.setObjectName("linkHint")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn in the muted text colour
        self.list = _Links(self)
        self.list.setObjectName("linkList")
        self.list.setToolTip(_("Double-click to go to the linked span; Delete removes the link"))
        self.list.setAccessibleName(_("Links of the selected span"))
        rows = self.list.fontMetrics().height() + 6
        self.list.setMaximumHeight(rows * VISIBLE_ROWS + 2 * self.list.frameWidth())
        self.delete_button = QToolButton(self)
        self.delete_button.setObjectName("deleteLink")
        self.delete_button.setText(_("Delete link"))
        self.delete_button.setToolTip(_("Delete the chosen link (Del); Ctrl+Z brings it back"))
        self.delete_button.setEnabled(False)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.header)
        top.addStretch(1)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)

        self.delete_button.clicked.connect(self._request_delete)
        self.list.delete_requested.connect(self._request_delete)
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        self.list.currentRowChanged.connect(self._update_button)
        self.set_links((), "")

    def set_links(self, entries: Sequence[LinkEntry], hint: str) -> None:
        """Show these links (none: only the hint, e.g. "Press L to link this claim to its source")."""
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(swatch_icon(entry.color), entry.text)
            item.setData(LINK_ID_ROLE, entry.link_id)
            item.setData(OTHER_ID_ROLE, entry.other_annotation_id)
            item.setData(FULL_TEXT_ROLE, entry.text)
            item.setToolTip(entry.text)
            self.list.addItem(item)
        self.list.elide_items()
        self.list.setVisible(bool(entries))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        if entries:
            self.list.setCurrentRow(0)
        self._update_button()

    def entries(self) -> list[str]:
        """The lines shown (whole, before fitting them to the panel), in order."""
        return [str(self.list.item(row).data(FULL_TEXT_ROLE)) for row in range(self.list.count())]

    def current_link_id(self) -> int | None:
        """The link of the chosen line, if any."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(LINK_ID_ROLE))

    def _update_button(self, *_args: object) -> None:
        self.delete_button.setEnabled(self.current_link_id() is not None)

    def _request_delete(self) -> None:
        link_id = self.current_link_id()
        if link_id is not None:
            self.delete_requested.emit(link_id)

    def _on_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.jump_requested.emit(int(item.data(OTHER_ID_ROLE)))
