"""The side panel for tagging: label buttons on top, the document's annotations below."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.domain.records import AnnotationInfo, LabelInfo
from annotator.i18n import _, number
from annotator.ui.links.link_list import LinkList
from annotator.ui.widgets.label_panel import LabelPanel
from annotator.ui.workspace.annotation_rows import AnnotationRow
from annotator.ui.workspace.annotation_table import AnnotationTableModel
from annotator.ui.workspace.annotation_table_view import AnnotationTableView
from annotator.ui.workspace.document_view import DocumentView


class TagPanel(QWidget):
    """Label buttons, a count of the document's annotations, a filter box and their table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagPanel")
        self.labels = LabelPanel(self)
        self.model = AnnotationTableModel(self)
        self.table = AnnotationTableView(self.model, self)
        self.table.setAccessibleName(_("Annotations in this document"))
        self.table.setAccessibleDescription(
            _("One row per span: its text, label and annotator; Delete removes the selected ones"))

        self.header = QLabel(self)
        self.header.setObjectName("annotationCount")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("annotationFilter")
        self.filter_edit.setPlaceholderText(_("Filter annotations"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter annotations"))
        self.filter_edit.textChanged.connect(self._on_filter_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.labels)
        layout.addSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        self.links = LinkList(self)  # the selected span's links (filled by the links feature)
        layout.addWidget(self.links)

        for signal in (
            self.model.modelReset,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.table.proxy.modelReset,
            self.table.proxy.rowsInserted,
            self.table.proxy.rowsRemoved,
        ):
            signal.connect(self._update_header)
        self._update_header()

    def set_labels(self, labels: Iterable[LabelInfo]) -> None:
        """Show the codebook: buttons and the names and colours in the table."""
        labels = list(labels)
        self.labels.set_labels(labels)
        self.model.set_labels(labels)
        self._order_tab_chain()

    def _order_tab_chain(self) -> None:
        """Tab goes from the article to the label buttons, then to the panel's other controls
        (table, filter…): new buttons would otherwise come last in the window. (Not by walking the
        window's focus chain: the binding files each widget reached under the one it was asked
        from, and deleting one of those, as rebuilt document-code buttons are, would let go of the
        Python side of every widget after it.)"""
        buttons = [b for b in (self.labels.button_for(label.id) for label in self.labels.labels())
                   if b is not None]
        article = self.window().findChild(DocumentView)
        if not buttons or article is None:
            return
        chain = [article, *buttons, self.table]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def set_document(
        self,
        text: str,
        annotations: Iterable[AnnotationInfo | AnnotationRow],
        labels: Iterable[LabelInfo],
        document_id: int | None = None,
        in_reading_order: bool = False,
    ) -> None:
        """Show a document's annotations (see AnnotationTableModel.set_document)."""
        self.model.set_document(text, annotations, labels, document_id, in_reading_order)

    def header_text(self) -> str:
        """The line above the table, e.g. "Annotations in this document (3)"."""
        return self.header.text()

    def _on_filter_changed(self, text: str) -> None:
        self.table.set_filter_text(text)
        self._update_header()

    def _update_header(self) -> None:
        total = self.model.rowCount()
        shown = self.table.proxy.rowCount()
        filtered = bool(self.filter_edit.text() or self.table.proxy.review_filter())
        if filtered:
            text = _("Annotations in this document ({shown} of {total})").format(
                shown=number(shown), total=number(total))
        else:
            text = _("Annotations in this document ({count})").format(count=number(total))
        self.header.setText(text)
