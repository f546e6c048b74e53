"""Every dialog tells a screen reader its name and what it is for."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QUndoStack
from PySide6.QtWidgets import QDialog
from tests.helpers import project_with_article

import annotator.ui
from annotator.services import Project
from annotator.services.documents import list_documents
from annotator.services.labels import list_labels
from annotator.ui.codebook.codebook_dialog import CodebookDialog
from annotator.ui.events import ProjectEvents
from annotator.ui.interchange.export_dialog import ExportDialog
from annotator.ui.interchange.merge_action import MergeSummaryDialog
from annotator.ui.links.link_dialogs import LinkTargetDialog
from annotator.ui.review.review_bar import ReviewColleagueDialog, ReviewCommentDialog
from annotator.ui.server.address_dialog import ServerAddressDialog
from annotator.ui.team.progress_window import TeamProgressWindow
from annotator.ui.widgets.dialogs import AnnotatorNameDialog, DeleteLabelChoice, ShortcutsDialog
from annotator.ui.workspace.document_details import DocumentDetailsDialog


def _codebook(project: Project, tmp_path: Path) -> QDialog:
    return CodebookDialog(project, ProjectEvents(), QUndoStack())


def _export(project: Project, tmp_path: Path) -> QDialog:
    return ExportDialog(list_labels(project), ["ana"], list_documents(project), tmp_path / "out.csv", False)


def _delete_label(project: Project, tmp_path: Path) -> QDialog:
    first, *others = list_labels(project)
    return DeleteLabelChoice(first, 3, others)


# One way to open each dialog of the window, as the window opens it (without waiting on exec()).
FACTORIES = {
    CodebookDialog: _codebook,
    AnnotatorNameDialog: lambda project, tmp_path: AnnotatorNameDialog("ana"),
    ShortcutsDialog: lambda project, tmp_path: ShortcutsDialog(list_labels(project)),
    DeleteLabelChoice: _delete_label,
    LinkTargetDialog: lambda project, tmp_path: LinkTargetDialog("Link the claim to its source", []),
    ReviewColleagueDialog: lambda project, tmp_path: ReviewColleagueDialog({"ben": 3, "chloé": 1}),
    ReviewCommentDialog: lambda project, tmp_path: ReviewCommentDialog("«the minister»"),
    DocumentDetailsDialog: lambda project, tmp_path: DocumentDetailsDialog(list_documents(project)[0]),
    ExportDialog: _export,
    MergeSummaryDialog: lambda project, tmp_path: MergeSummaryDialog(["1 annotation added"]),
    TeamProgressWindow: lambda project, tmp_path: TeamProgressWindow(project),
    ServerAddressDialog: lambda project, tmp_path: ServerAddressDialog(),
}


def _accessible(dialog: QDialog) -> tuple[str, str]:
    face = QAccessible.queryAccessibleInterface(dialog)
    assert face is not None
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


@pytest.fixture
def project(tmp_path: Path):
    opened, _document = project_with_article(tmp_path)
    yield opened
    opened.close()


@pytest.mark.parametrize("kind", list(FACTORIES), ids=lambda kind: kind.__name__)
def test_an_open_dialog_is_announced_by_its_title_and_purpose(qtbot, project, tmp_path, kind):
    dialog = FACTORIES[kind](project, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    name, description = _accessible(dialog)
    dialog.close()
    assert name == dialog.windowTitle() and name.strip()
    assert description.strip() and description != name


def test_the_delete_choice_names_the_label_being_deleted(qtbot, project, tmp_path):
    dialog = _delete_label(project, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    name, _description = _accessible(dialog)
    dialog.close()
    assert list_labels(project)[0].name in name


def _dialog_classes() -> set[type[QDialog]]:
    for module in pkgutil.walk_packages(annotator.ui.__path__, "annotator.ui."):
        importlib.import_module(module.name)
    found: set[type[QDialog]] = set()
    pending = [QDialog]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("annotator.ui.") and not inspect.isabstract(sub):
                found.add(sub)
    return found


def test_every_dialog_of_the_window_is_announced(qtbot, project, tmp_path):
    classes = _dialog_classes()
    missing = sorted(kind.__qualname__ for kind in classes - set(FACTORIES))
    assert not missing, f"dialogs this test cannot open yet (add them to FACTORIES): {missing}"
    silent = []
    for kind in sorted(classes, key=lambda kind: kind.__qualname__):
        dialog = FACTORIES[kind](project, tmp_path)
        qtbot.addWidget(dialog)
        dialog.show()
        name, description = _accessible(dialog)
        dialog.close()
        if not name.strip() or not description.strip():
            silent.append(kind.__qualname__)
    assert not silent, f"dialogs without an accessible name or description: {silent}"
