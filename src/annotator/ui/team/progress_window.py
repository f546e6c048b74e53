"""Team progress: each annotator's documents assigned and done, and agreement so far."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.wording import ntext
from annotator.i18n import _, decimal
from annotator.services import Project
from annotator.services.assignments import TeamProgress, team_progress


class TeamProgressWindow(QDialog):
    """A table of annotators (assigned, done, annotations) and a line of agreement so far, read
    again each time it is shown."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamProgressWindow")
        self.setWindowTitle(_("Team progress"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Documents assigned to and done by each annotator, and their "
                                        "agreement so far"))
        self._project = project
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("teamProgressTable")
        self.table.setHorizontalHeaderLabels([_("Annotator"), _("Assigned"), _("Done"), _("Annotations")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agreement_label = QLabel(self)
        self.agreement_label.setObjectName("teamAgreement")
        self.agreement_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.agreement_label)
        self.resize(520, 320)

    def refresh(self) -> TeamProgress:
        """Read everyone's progress again and show it."""
        progress = team_progress(self._project)
        self.table.setRowCount(len(progress.annotators))
        for row, person in enumerate(progress.annotators):
            values = (person.annotator, person.assigned, person.done, person.annotations)
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.agreement_label.setText(agreement_line(progress))
        return progress


def agreement_line(progress: TeamProgress) -> str:
    """Agreement so far in one sentence (Krippendorff's alpha and overlap F1, overall)."""
    if progress.agreement is None:
        return _("Agreement so far: no document is done by two annotators yet")
    alpha = progress.overall("krippendorff_alpha")
    f1 = progress.overall("f1_overlap")
    return ntext(progress.documents_compared,
                 "Agreement so far, over {count} document done by two or more: alpha {alpha}, F1 {f1}",
                 "Agreement so far, over {count} documents done by two or more: alpha {alpha}, F1 {f1}",
                 alpha="-" if alpha is None else decimal(alpha, 3), f1="-" if f1 is None else decimal(f1, 3))
