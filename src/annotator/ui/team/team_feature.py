"""The window's side of team work: whose annotations may change, assignments, blind mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QInputDialog, QMenu, QWidget

from annotator.domain.errors import AnnotatorError, describe
from annotator.i18n import _
from annotator.services.assignments import (
    act_as,
    assign,
    assigned_documents,
    blind_mode,
    mark_done,
    set_blind_mode,
    unassign,
)
from annotator.ui.workspace.document_list import DOCUMENT_ID_ROLE

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext
    from annotator.ui.team.progress_window import TeamProgressWindow

#: The marks before an assigned document's title in the list: done, not yet.
DONE_MARK = "✓"
TO_DO_MARK = "○"


class AssigneeDialog:
    """Asks whom to give documents to (a name)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: str) -> str | None:
        """The name typed, or None when cancelled or empty."""
        name, ok = QInputDialog.getText(parent, title, _("Annotator:"), text=suggested)
        return name.strip() or None if ok else None


class TeamFeature(QObject):
    """Assignments in the document list, blind mode, progress; and the project told who works."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self._context = context
        self._annotator = context.workspace.annotator
        act_as(context.project, self._annotator)
        self.progress_window: TeamProgressWindow | None = None

        panel = context.document_list
        self.mine_box = QCheckBox(_("My assignments"), panel)
        self.mine_box.setObjectName("myAssignmentsFilter")
        self.mine_box.setToolTip(_("List only the documents assigned to you ({done} done, {todo} not yet)")
                                 .format(done=DONE_MARK, todo=TO_DO_MARK))
        self.mine_box.toggled.connect(lambda _on: self.refresh())
        panel.add_above(self.mine_box)
        QWidget.setTabOrder(panel.filter_edit, self.mine_box)  # filter, My assignments, list
        QWidget.setTabOrder(self.mine_box, panel.view)
        panel.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.view.customContextMenuRequested.connect(self._on_document_list_menu)

        menu = context.menu("reviewMenu")
        menu.addSeparator()
        self.blind_action = QAction(_("&Blind mode"), context.parent)
        self.blind_action.setObjectName("blindModeAction")
        self.blind_action.setCheckable(True)
        self.blind_action.setStatusTip(_("Annotators see only their own spans on a document until they mark "
                                         "it done (exports and agreement still count everyone's)"))
        self.blind_action.toggled.connect(self._on_blind_toggled)
        menu.addAction(self.blind_action)
        self.done_action = QAction(_("Mark this document &done"), context.parent)
        self.done_action.setObjectName("markDoneAction")
        self.done_action.setCheckable(True)
        self.done_action.triggered.connect(self._on_done_triggered)
        menu.addAction(self.done_action)
        self.progress_action = QAction(_("Team &progress…"), context.parent)
        self.progress_action.setObjectName("teamProgressAction")
        self.progress_action.triggered.connect(self.show_progress)
        menu.addAction(self.progress_action)

        context.workspace.layers_changed.connect(self._on_workspace_layers_changed)
        context.workspace.document_shown.connect(lambda _doc: self._update_done_action())
        self.refresh()

    # ----- state ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the annotator's assignments and the blind setting again; mark and filter the list."""
        project = self._context.project
        mine = assigned_documents(project, self._annotator)
        self._mine = mine
        panel = self._context.document_list
        panel.model.set_marks({d: DONE_MARK if done else TO_DO_MARK for d, done in mine.items()})
        panel.show_only(mine.keys() if self.mine_box.isChecked() else None)
        self.blind_action.blockSignals(True)
        self.blind_action.setChecked(blind_mode(project))
        self.blind_action.blockSignals(False)
        self._update_done_action()

    def _update_done_action(self) -> None:
        doc = self._context.workspace.document
        assigned = doc is not None and doc.id in self._mine
        self.done_action.setEnabled(assigned)
        self.done_action.setChecked(bool(assigned and doc is not None and self._mine[doc.id]))

    def _reshow(self) -> None:
        """Show the current document again (blind mode may now hide or show colleagues' spans)."""
        doc = self._context.workspace.document
        if doc is not None:
            self._context.workspace.show_document(doc.id, keep_scroll=True)

    def _on_workspace_layers_changed(self) -> None:
        name = self._context.workspace.annotator
        if name == self._annotator:
            return
        self._annotator = name
        act_as(self._context.project, name)
        self.refresh()
        self._reshow()

    # ----- actions --------------------------------------------------------------------------

    def _on_blind_toggled(self, on: bool) -> None:
        if self._run(lambda: set_blind_mode(self._context.project, on)):
            self._context.show_message(_("Blind mode is on: each annotator sees only their own spans until "
                                         "they mark a document done") if on else _("Blind mode is off"), 5000)
            self._reshow()

    def set_done(self, document_id: int, done: bool) -> bool:
        """Mark one of the annotator's documents done (or not); True when it worked."""
        ok = self._run(lambda: mark_done(self._context.project, self._annotator, [document_id], done=done))
        if ok:
            self.refresh()
            doc = self._context.workspace.document
            if doc is not None and doc.id == document_id:
                self._reshow()
        return ok

    def _on_done_triggered(self, checked: bool) -> None:
        doc = self._context.workspace.document
        if doc is not None:
            self.set_done(doc.id, checked)

    def assign_to(self, document_ids: list[int], name: str, remove: bool = False) -> bool:
        """Give documents to `name` (or take them back); True when it worked."""
        project = self._context.project
        if remove:
            ok = self._run(lambda: unassign(project, name, document_ids))
        else:
            ok = self._run(lambda: assign(project, name, document_ids))
        if ok:
            self.refresh()
            self._context.show_message(
                (_("Taken back from {name}") if remove else _("Assigned to {name}")).format(name=name), 5000)
        return ok

    def _run(self, change) -> bool:  # noqa: ANN001 (a call of a service)
        try:
            change()
        except AnnotatorError as exc:
            self._context.show_message(describe(exc), 8000)
            self.refresh()
            return False
        return True

    def _on_document_list_menu(self, point: QPoint) -> None:
        view = self._context.document_list.view
        index = view.indexAt(point)
        if not index.isValid():
            return
        document_id = int(index.data(DOCUMENT_ID_ROLE))
        menu = self.document_menu(document_id)
        menu.exec(view.viewport().mapToGlobal(point))

    def document_menu(self, document_id: int) -> QMenu:
        """The document list's context menu for one document."""
        menu = QMenu(self._context.document_list.view)
        menu.setObjectName("documentTeamMenu")
        mine = document_id in self._mine
        if mine:
            done = self._mine[document_id]
            menu.addAction(_("Mark not done") if done else _("Mark done"),
                           lambda: self.set_done(document_id, not done))
        else:
            menu.addAction(_("Assign to me"), lambda: self.assign_to([document_id], self._annotator))
        menu.addAction(_("Assign to…"), lambda: self._ask_and_assign(document_id, remove=False))
        menu.addAction(_("Take back from…"), lambda: self._ask_and_assign(document_id, remove=True))
        return menu

    def _ask_and_assign(self, document_id: int, remove: bool) -> None:
        title = _("Take back from") if remove else _("Assign to")
        name = AssigneeDialog.ask(self._context.parent, title, "")
        if name:
            self.assign_to([document_id], name, remove=remove)

    def show_progress(self) -> TeamProgressWindow:
        """Open (or raise, refreshed) the team progress window."""
        from annotator.ui.team.progress_window import TeamProgressWindow

        if self.progress_window is None:
            self.progress_window = TeamProgressWindow(self._context.project, self._context.parent)
        self.progress_window.refresh()
        self.progress_window.show()
        self.progress_window.raise_()
        return self.progress_window
