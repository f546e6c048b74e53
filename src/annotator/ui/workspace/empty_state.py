"""What a project without documents shows in the article area: what to do next, with the two
ways to begin (import articles, or open the sample article) as buttons."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from annotator.assets import seeds_dir
from annotator.i18n import _
from annotator.ui.context import FeatureContext
from annotator.ui.interchange.file_actions import import_paths, report_import


class EmptyState(QWidget):
    """Laid over the article view while the project holds no document; it goes as soon as a
    document arrives (an import, a merge, the sample) and comes back if all go. `import_action`
    is the window's Import documents action (Ctrl+I)."""

    def __init__(self, context: FeatureContext, import_action: QAction) -> None:
        view = context.document_view
        super().__init__(view)
        self.setObjectName("emptyState")
        self.setAutoFillBackground(True)
        self.setFont(QApplication.font())  # the window's face, not the article's reading face
        self._context = context
        self.message = QLabel(_("No documents yet. Import articles (Ctrl+I) or open the sample article."),
                              self)
        self.message.setObjectName("emptyStateMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.import_button = QPushButton(_("Import articles…"), self)
        self.import_button.setObjectName("emptyStateImport")
        self.import_button.clicked.connect(import_action.trigger)
        self.sample_button = QPushButton(_("Open the sample article"), self)
        self.sample_button.setObjectName("emptyStateSample")
        self.sample_button.clicked.connect(self.open_sample)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        for button in (self.import_button, self.sample_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        model = context.document_list.model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_visibility)
        view.installEventFilter(self)
        self._fit()
        self.update_visibility()

    def update_visibility(self, *_args: object) -> None:
        """Shown exactly while the document list is empty."""
        self.setVisible(self._context.document_list.model.rowCount() == 0)
        if self.isVisible():
            self._fit()
            self.raise_()

    def open_sample(self) -> None:
        """Import the sample article(s) shipped with Annotator; the first is then shown."""
        context = self._context
        import_paths(context.background, context.project, context.events, sorted(seeds_dir().glob("*.txt")),
                     lambda result: context.show_message(report_import(context.parent, result), 8000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
