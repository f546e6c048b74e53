"""Review > Agreement…: the menu entry; the window behind it is loaded on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from annotator.i18n import _

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext
    from annotator.ui.review.agreement_window import AgreementWindow


class AgreementFeature(QObject):
    """The Review menu entry and the window it opens (made, and its code loaded, on first use:
    the main window opens without it)."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self._context = context
        self.agreement_window: AgreementWindow | None = None
        self.action = QAction(_("&Agreement…"), context.parent)
        self.action.setObjectName("agreementAction")
        self.action.setStatusTip(_("Span F1, Cohen's kappa and Krippendorff's alpha between annotators"))
        self.action.triggered.connect(self.show_window)
        menu = context.menu("reviewMenu")
        menu.addSeparator()
        menu.addAction(self.action)

    def show_window(self) -> AgreementWindow:
        """Open (or raise) the Agreement window."""
        if self.agreement_window is None:
            from annotator.ui.review.agreement_window import AgreementWindow, show_document
            from annotator.ui.widgets.screen import keep_on_screen_when_shown

            context = self._context
            self.agreement_window = AgreementWindow(
                context.project, context.events, context.workspace, context.parent,
                open_document=lambda uuid: show_document(context, uuid),
                background=context.background)
            keep_on_screen_when_shown(self.agreement_window)
        self.agreement_window.show()
        self.agreement_window.raise_()
        self.agreement_window.activateWindow()
        return self.agreement_window
