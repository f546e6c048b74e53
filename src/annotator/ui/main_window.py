"""The main window: assembles the document list, the article and the tag panel, with menus."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, Qt, QTime
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator import i18n
from annotator import settings as S
from annotator.assets import icon_path
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import AnnotatorError, ProjectError, describe
from annotator.domain.wording import ntext
from annotator.i18n import _, pgettext
from annotator.services.collector import let_frozen_go
from annotator.ui.app import user_settings
from annotator.ui.context import FeatureContext
from annotator.ui.events import ProjectEvents
from annotator.ui.interchange.file_actions import (
    ImportFilesDialog,
    ProjectFileDialog,
    export_interactively,
    forget_recent,
    import_paths,
    recent_projects,
    remember_recent,
    report_import,
    save_copy_interactively,
)
from annotator.ui.review.agreement_action import AgreementFeature
from annotator.ui.undo_stack import UndoStack, redo_step, undo_redo_actions, undo_step
from annotator.ui.widgets.background import BackgroundWork
from annotator.ui.widgets.dialogs import AnnotatorNameDialog, ShortcutsDialog, about_text, show_error
from annotator.ui.widgets.icons import themed_icon
from annotator.ui.widgets.screen import fit_first_size, keep_on_screen_when_shown
from annotator.ui.widgets.shortcut_guard import ShortcutGuard
from annotator.ui.workspace.document_list import DocumentListPanel
from annotator.ui.workspace.document_view import DocumentView
from annotator.ui.workspace.find_bar import FindBar

if TYPE_CHECKING:
    from annotator.services import Project

MIN_FONT, MAX_FONT = 8, 32


class MainWindow(QMainWindow):
    """One open project: documents on the left, the article in the centre, tags on the right.

    The window owns its features (review mode, links, the corpus windows…): it makes each with a
    `FeatureContext` and they go with it.
    """

    def __init__(self, project: Project | None, annotator: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed, it goes with its features
        self.settings = user_settings()
        self.setWindowIcon(QIcon(str(icon_path("annotator"))))
        self.project: Project | None = None
        keep_on_screen_when_shown(self)  # a geometry saved on a larger screen is pulled back into this one
        if project is None:  # shown at once, in its place; `assemble` fills it in once the project is open
            self._restore_geometry()
            return
        self.assemble(project, annotator)

    def assemble(self, project: Project, annotator: str) -> None:
        """Fill the window in for `project` (once): the panels, the menus and the features."""
        from annotator.ui.workspace.empty_state import EmptyState
        from annotator.ui.workspace.tag_panel import TagPanel
        from annotator.ui.workspace.workspace import Workspace

        self.project = project
        self.events = ProjectEvents(self)
        self.undo_stack = UndoStack(self)
        self.undo_stack.watch(project)  # notices other programs' writes between two steps

        self.document_list = DocumentListPanel(self)
        self.document_view = DocumentView(self)
        self.find_bar = FindBar(self)
        # Opening the find bar must not push the side panels around: it takes the width it is given.
        self.find_bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.tag_panel = TagPanel(self)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.document_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.document_list, centre, self.tag_panel):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 700, 420])
        self.setCentralWidget(self.splitter)

        self.workspace = Workspace(
            project, self.events, self.undo_stack, annotator, self.document_list,
            self.document_view, self.find_bar, self.tag_panel, self,
        )
        # One-key shortcuts (label keys, Delete, L, review letters) stay out of combo boxes and
        # editors; features add their Esc rules to it.
        self.shortcut_guard = ShortcutGuard(self)
        self.shortcut_guard.install()
        self._build_status_bar()
        # Long work (imports, merges, exports, statistics) runs off this thread, one write at a time.
        self.background = BackgroundWork(self, self.undo_stack, self.statusBar().showMessage,
                                         self._clear_message)
        self._build_actions()
        self._build_features()
        self._connect()
        self._restore_settings()
        self.workspace.load(self.settings.value(S.last_document_key(project.target), "") or None)
        # what to do first, while the project has no document
        self.empty_state = EmptyState(self.feature_context, self.import_action)
        remember_recent(self.settings, project.target)
        self._update_title()
        self._update_counts()
        self.document_view.setFocus()

    # ----- assembly -------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # The label and annotator of the spans at the text cursor: the label's name, not only its colour.
        self.spans_label = QLabel(self)
        self.spans_label.setObjectName("spansStatus")
        self.spans_label.setAccessibleDescription(
            _("The labels and annotators of the spans at the text cursor"))
        self.workspace.spans_at_cursor_described.connect(self.spans_label.setText)
        self.spans_label.setText(self.workspace.describe_spans(self.document_view.spans_at_cursor()))
        self.annotator_label = QLabel(self)
        self.annotator_label.setObjectName("annotatorStatus")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsStatus")
        self.project_label = QLabel(self)
        self.project_label.setObjectName("projectStatus")
        self.saved_label = QLabel(_("Saved"), self)
        self.saved_label.setObjectName("savedStatus")
        self.saved_label.setToolTip(_("Every change is written to the project file before it is shown"))
        self.annotator_label.setAccessibleDescription(_("Who new annotations are by"))
        self.counts_label.setAccessibleDescription(_("Documents and annotations in the project"))
        self.project_label.setAccessibleDescription(_("The project file"))
        self.saved_label.setAccessibleDescription(self.saved_label.toolTip())
        for widget in (self.spans_label, self.annotator_label, self.counts_label, self.project_label,
                       self.saved_label):
            bar.addPermanentWidget(widget)
        self._show_annotator()

    def _action(self, text: str, slot, shortcut=None, icon: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        if icon:
            action.setIcon(themed_icon(icon))
            action.setProperty("iconName", icon)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.undo_action, self.redo_action = undo_redo_actions(self.undo_stack, self)
        self.undo_action.setIcon(themed_icon("undo"))
        self.redo_action.setIcon(themed_icon("redo"))
        self.snap_action = self._action(
            _("&Snap to words"), self._on_snap_toggled, icon="snap",
            tip=_("Grow a labelled selection to whole words"),
        )
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(bool(self.settings.value(S.SNAP_TO_WORDS.key, True, type=bool)))
        self.workspace.snap_to_words = self.snap_action.isChecked()
        self.colour_blind_action = self._action(
            _("&Colour-blind-safe colours"), self._on_colour_blind_toggled,
            tip=_("Show each label in a palette colour-blind readers can tell apart (the codebook keeps "
                  "its colours)"),
        )
        self.colour_blind_action.setObjectName("colourBlindSafeAction")
        self.colour_blind_action.setCheckable(True)
        self.colour_blind_action.setChecked(bool(self.settings.value(
            S.COLOUR_BLIND_SAFE.key, S.COLOUR_BLIND_SAFE.default, type=bool)))
        self.workspace.set_colour_blind_safe(self.colour_blind_action.isChecked())
        self.label_actions = []
        for key in "123456789":
            action = self._action(_("Label {key}").format(key=key),
                                  lambda _checked=False, k=key: self.workspace.label_key(k), key)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.label_actions.append(action)
        self.delete_action = self._action(
            _("&Delete annotation"), self.workspace.delete_selected, ["Delete", "Backspace"]
        )
        self.find_action = self._action(_("&Find…"), self.find_bar.open_bar, QKeySequence.StandardKey.Find,
                                        icon="find")
        self.import_action = self._action(_("&Import documents…"), self.import_documents, "Ctrl+I",
                                          icon="import")
        self.export_action = self._action(_("&Export CSV…"), self.export_csv, "Ctrl+E", icon="export")
        self._build_menus()
        # The toolbar keeps short fixed labels; the menu items say what would be undone.
        self.undo_button = self._action(pgettext("toolbar", "Undo"), lambda: undo_step(self.undo_stack),
                                        icon="undo")
        self.redo_button = self._action(pgettext("toolbar", "Redo"), lambda: redo_step(self.undo_stack),
                                        icon="redo")
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda t: self.undo_button.setToolTip(_("Undo {step}").format(step=t)))
        self.undo_stack.redoTextChanged.connect(
            lambda t: self.redo_button.setToolTip(_("Redo {step}").format(step=t)))
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        toolbar = QToolBar(pgettext("toolbar", "Main"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.import_action, self.export_action, None, self.undo_button,
                       self.redo_button, None, self.find_action, self.snap_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_menus(self) -> None:
        """Fill the menu bar: File, Edit, View, Review, Corpus, Help (features add their entries)."""
        bar = self.menuBar()

        file_menu = self.file_menu = bar.addMenu(_("&File"))
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(_("&New project…"), QKeySequence.StandardKey.New, self.new_project).setObjectName(
            "newProjectAction")
        file_menu.addAction(_("&Open project…"), QKeySequence.StandardKey.Open,
                            self.open_project).setObjectName("openProjectAction")
        file_menu.addAction(_("Open &server project…"), self.open_server_project).setObjectName(
            "openServerProjectAction")
        recent = file_menu.addMenu(_("Open &recent"))
        recent.setObjectName("recentMenu")

        def fill_recent() -> None:
            recent.clear()
            paths = self.recent_project_paths()
            for path in paths:
                recent.addAction(path, lambda p=path: self.open_project_path(p))
            if not paths:
                recent.addAction(_("No other recent projects")).setEnabled(False)

        recent.aboutToShow.connect(fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(_("Import a &folder…"), lambda: self.import_documents(folder=True))
        file_menu.addAction(self.export_action)
        file_menu.addAction(_("Save a &copy…"), self.save_copy)
        # Features (merge, interchange formats) insert their entries before this separator.
        self.file_menu_end = file_menu.addSeparator()
        file_menu.addAction(_("&Quit"), QKeySequence.StandardKey.Quit, self.close)

        edit = self.edit_menu = bar.addMenu(_("&Edit"))
        edit.setObjectName("editMenu")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self.delete_action)
        edit.addAction(self.find_action)
        edit.addSeparator()
        edit.addAction(_("&Codebook…"), self.open_codebook)
        edit.addAction(_("Change &annotator name…"), self.change_annotator)

        view = bar.addMenu(_("&View"))
        view.setObjectName("viewMenu")
        view.addAction(self.snap_action)
        view.addAction(self.colour_blind_action)
        view.addSeparator()
        view.addAction(_("&Larger text"), QKeySequence.StandardKey.ZoomIn, lambda: self.change_font_size(+1))
        view.addAction(_("&Smaller text"), QKeySequence.StandardKey.ZoomOut,
                       lambda: self.change_font_size(-1))
        view.addAction(_("&Default text size"), lambda: self.set_font_size(13))
        view.addSeparator()
        self._build_language_menu(view)

        bar.addMenu(_("&Annotate")).setObjectName("annotateMenu")
        bar.addMenu(_("&Review")).setObjectName("reviewMenu")
        bar.addMenu(_("&Corpus")).setObjectName("corpusMenu")

        help_menu = bar.addMenu(_("&Help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(_("&Keyboard shortcuts"), QKeySequence("F1"), self.show_shortcuts)
        help_menu.addAction(_("&About Annotator"), self.show_about)

    def _build_language_menu(self, view: QMenu) -> None:
        """View → Language: the system's language or one Annotator speaks, applied at the next start."""
        menu = self.language_menu = view.addMenu(_("L&anguage"))
        menu.setObjectName("languageMenu")
        group = QActionGroup(menu)
        group.setExclusive(True)
        chosen = str(self.settings.value(S.LANGUAGE.key, S.LANGUAGE.default) or "")
        choices = [("", _("System language")), *i18n.LANGUAGES.items()]
        for code, name in choices:
            action = menu.addAction(name)
            action.setObjectName(f"languageAction:{code or 'system'}")
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))

    def _build_features(self) -> None:
        """Make the window's features; each is given the context, never the window."""
        from annotator.ui.corpus.corpus_actions import CorpusWindows
        from annotator.ui.interchange import brat_actions, merge_action, qdpx_actions
        from annotator.ui.links.links_feature import LinksFeature
        from annotator.ui.review.annotators_feature import AnnotatorsFeature
        from annotator.ui.review.review_feature import ReviewMode
        from annotator.ui.suggestions.suggestions_feature import SuggestionsFeature
        from annotator.ui.workspace import document_details

        self.feature_context = context = FeatureContext(
            project=self.project,
            events=self.events,
            undo_stack=self.undo_stack,
            settings=self.settings,
            workspace=self.workspace,
            document_list=self.document_list,
            document_view=self.document_view,
            tag_panel=self.tag_panel,
            find_bar=self.find_bar,
            shortcut_guard=self.shortcut_guard,
            parent=self,
            background=self.background,
            # The status bar asked for at each message: a Python object kept for it can be
            # dropped while it lives on (see DocumentView).
            show_message=lambda text, timeout=0: self.statusBar().showMessage(text, timeout),
            clear_message=self._clear_message,
            menu=self.menu,
            add_file_action=self._add_file_action,
            add_edit_actions=self._add_edit_actions,
            add_action=self.addAction,
            add_dock=self.addDockWidget,
            resize_docks=self.resizeDocks,
        )
        # The order is the order of their menu entries.
        merge_action.install(context)
        brat_actions.install(context)
        qdpx_actions.install(context)
        document_details.install(context)
        self.annotators_feature = AnnotatorsFeature(context)
        self.review_mode = ReviewMode(context)
        self.agreement_feature = AgreementFeature(context)
        self.links_feature = LinksFeature(context, self.review_mode.signals)
        self.suggestions_feature = SuggestionsFeature(context, self.links_feature.refresh)
        self.corpus_windows = CorpusWindows(context)
        from annotator.ui.team.team_feature import TeamFeature

        self.team_feature = TeamFeature(context)  # assignments, blind mode, whose spans may change
        from annotator.ui.workspace.document_codes_panel import DocumentCodesPanel

        # The codes of the whole article, above it (and above its find bar) in the centre column.
        self.document_codes_panel = DocumentCodesPanel(context)
        self.document_view.parentWidget().layout().insertWidget(0, self.document_codes_panel)
        self.document_codes_panel.follow_review(lambda: self.review_mode.colleague)
        self.server_live = None
        if self.project.on_server:  # colleagues' changes as they are made; the server's state
            from annotator.ui.server.live import ServerLive

            self.server_live = ServerLive(context, self._after_changes_elsewhere)
            self.document_view.parentWidget().layout().insertWidget(0, self.server_live.banner)
            self._saved_before_away: tuple[str, str, str] | None = None
            self.server_live.reachable_changed.connect(self._on_server_reachable_changed)

    def _clear_message(self, message: str) -> None:
        bar = self.statusBar()
        if bar.currentMessage() == message:
            bar.clearMessage()

    def _add_file_action(self, action: QAction) -> None:
        self.file_menu.insertAction(self.file_menu_end, action)

    def _add_edit_actions(self, actions: Sequence[QAction]) -> None:
        self.edit_menu.insertActions(self.find_action, list(actions))
        self.edit_menu.insertSeparator(self.find_action)

    def _connect(self) -> None:
        self.events.saved.connect(self._on_events_saved)
        self.events.refused.connect(self._on_events_refused)
        self.events.failed.connect(self._on_events_failed)
        for signal in (self.events.annotations_added, self.events.annotations_removed,
                       self.events.documents_changed, self.events.contents_changed):
            signal.connect(self._update_counts)
        self.events.documents_changed.connect(self._update_title)  # a details edit renames it
        self.workspace.message_posted.connect(self._on_workspace_message_posted)
        self.workspace.document_shown.connect(self._on_workspace_document_shown)
        self.workspace.layers_changed.connect(self._update_counts)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.undo_stack.step_taken.connect(self._on_workspace_message_posted)
        # What a step changes in the status bar and the toolbar is painted after the article.
        self.workspace.paint_after_article(self.statusBar(), self.findChild(QToolBar, "mainToolbar"))

    # ----- settings -------------------------------------------------------------------------

    def _restore_geometry(self) -> bool:
        """The window's place and size as it was left (True), or its first size (False)."""
        geometry = self.settings.value(S.WINDOW_GEOMETRY.key)
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
            return True
        fit_first_size(self, 1400, 860)
        return False

    def _restore_settings(self) -> None:
        if not self._restore_geometry():
            # on a screen narrower than the first size, every column gives up its share
            self.splitter.setSizes([round(n * self.width() / 1400) for n in (280, 700, 420)])
        state = self.settings.value(S.WINDOW_STATE.key)
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))
        sizes = self.settings.value(S.SPLITTER_SIZES.key)
        if isinstance(sizes, list) and len(sizes) == 3:
            self.splitter.setSizes([int(s) for s in sizes])
        size = int(self.settings.value(S.FONT_POINT_SIZE.key, S.FONT_POINT_SIZE.default, type=int))
        self.set_font_size(size)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """Redraw the toolbar icons in the new text colour when the system turns light or dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.project is not None:
            for action in self.actions():
                name = action.property("iconName")
                if name:
                    action.setIcon(themed_icon(str(name)))
            self.undo_action.setIcon(themed_icon("undo"))
            self.redo_action.setIcon(themed_icon("redo"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Remember window geometry and panel sizes, then let go of the project file."""
        if self.project is None:  # closed before its project was open
            super().closeEvent(event)
            return
        self.settings.setValue(S.WINDOW_GEOMETRY.key, self.saveGeometry())
        self.settings.setValue(S.WINDOW_STATE.key, self.saveState())
        self.settings.setValue(S.SPLITTER_SIZES.key, self.splitter.sizes())
        self.settings.sync()
        self.shortcut_guard.remove()
        self.background.shutdown()  # running work ends before the project file is let go
        self.undo_stack.clear()
        self.undo_stack.stop_watching()
        if self.server_live is not None:
            self.server_live.stop()
        self.project.close()
        let_frozen_go()  # what this window froze while it lived can be collected once it goes
        super().closeEvent(event)

    # ----- commands -------------------------------------------------------------------------

    def menu(self, object_name: str) -> QMenu:
        """A menu of the menu bar by object name: fileMenu, editMenu, viewMenu, annotateMenu,
        reviewMenu, corpusMenu, helpMenu."""
        found = self.menuBar().findChild(QMenu, object_name)
        if found is None:
            raise KeyError(object_name)
        return found

    def set_font_size(self, points: int) -> None:
        """Set the article's font size (kept across restarts)."""
        points = max(MIN_FONT, min(MAX_FONT, points))
        font = self.document_view.font()
        font.setPointSize(points)
        self.document_view.setFont(font)
        self.settings.setValue(S.FONT_POINT_SIZE.key, points)

    def change_font_size(self, delta: int) -> None:
        """Make the article's text larger or smaller."""
        self.set_font_size(self.document_view.font().pointSize() + delta)

    def import_documents(self, folder: bool = False) -> None:
        """Ask for files (or a folder) and import them."""
        paths = ImportFilesDialog.ask(self, folder=folder)
        if not paths:
            return
        import_paths(self.background, self.project, self.events, paths,
                     lambda result: self.statusBar().showMessage(report_import(self, result), 8000),
                     self.workspace.documents_read_by_the_work)

    def export_csv(self) -> None:
        """Ask for export options and write the file (off the window's thread)."""
        export_interactively(self, self.project, self.settings, self.background,
                             self.statusBar().showMessage, self.document_list.model.documents())

    def change_annotator(self) -> None:
        """Ask for another annotator name; new annotations carry it."""
        name = AnnotatorNameDialog.ask(self, self.workspace.annotator)
        if name:
            self.workspace.annotator = name
            self.settings.setValue(S.ANNOTATOR_NAME.key, name)
            self._show_annotator()

    def open_project_path(self, path, create: bool = False) -> None:
        """Open another project in a new window and close this one (a missing file is refused
        unless `create`; a refused one leaves the recent list)."""
        from annotator.ui import open_main_window

        try:
            window = open_main_window(path, self.workspace.annotator, create=create)
        except AnnotatorError as exc:
            forget_recent(self.settings, path)
            show_error(self, _("Cannot open the project"), describe(exc))
            return
        window.move(self.pos())
        self.close()

    def new_project(self) -> None:
        """Create a project file and open it."""
        path = ProjectFileDialog.ask(self, create=True)
        if path is not None:
            self.open_project_path(path, create=True)

    def open_project(self) -> None:
        """Open an existing project file."""
        path = ProjectFileDialog.ask(self, create=False)
        if path is not None:
            self.open_project_path(path)

    def open_server_project(self) -> None:
        """Open a project on a PostgreSQL server, by its address."""
        from annotator.ui.server.address_dialog import ServerAddressDialog

        address = ServerAddressDialog.ask(self)
        if address is not None:
            self.open_project_path(address)

    def save_copy(self) -> None:
        """Write a one-file copy of the project (a project on a server is refused, saying why)."""
        if self.project.on_server:
            error = ProjectError(code=ErrorCode.SERVER_NO_FILE_COPY, path=self.project.target)
            show_error(self, _("Save a copy"), describe(error))
            return
        self.statusBar().showMessage(save_copy_interactively(self, self.project) or "", 8000)

    def recent_project_paths(self) -> list[str]:
        """Recently opened projects except this one."""
        return [p for p in recent_projects(self.settings) if p != str(self.project.target)]

    def choose_language(self, code: str) -> None:
        """Keep `code` (a key of i18n.LANGUAGES, "" for the system's) for the next start, and say so."""
        self.settings.setValue(S.LANGUAGE.key, code)
        self.settings.sync()
        if code:
            message = _("{language} will be used after Annotator restarts").format(
                language=i18n.LANGUAGES.get(code, code))
        else:
            message = _("The system's language will be used after Annotator restarts")
        self.statusBar().showMessage(message, 10000)

    def show_shortcuts(self) -> None:
        """List the keyboard shortcuts: span labels' keys, document labels' keys, the window's."""
        ShortcutsDialog.show_for(self, [*self.workspace.labels, *self.document_codes_panel.labels()])

    def show_about(self) -> None:
        """About Annotator."""
        QMessageBox.about(self, _("About Annotator"), about_text())

    def open_codebook(self) -> None:
        """Edit the labels (not while a background write runs: some of its changes write at once)."""
        from annotator.ui.codebook.codebook_dialog import CodebookDialog

        if self.background.refuse_write() is not None:
            return
        CodebookDialog.ask(self.project, self.events, self.undo_stack, self)

    # ----- slots ----------------------------------------------------------------------------

    def _on_snap_toggled(self, checked: bool) -> None:
        self.workspace.snap_to_words = checked
        self.settings.setValue(S.SNAP_TO_WORDS.key, checked)

    def _on_colour_blind_toggled(self, checked: bool) -> None:
        self.workspace.set_colour_blind_safe(checked)
        self.settings.setValue(S.COLOUR_BLIND_SAFE.key, checked)

    def _on_events_saved(self) -> None:
        self.saved_label.setText(_("Saved {time}").format(time=QTime.currentTime().toString("HH:mm:ss")))
        self.saved_label.setStyleSheet("")

    def _on_events_refused(self, message: str) -> None:
        # Nothing was lost: say why in passing; the saved indicator stays as it is.
        self.statusBar().showMessage(message, 10000)

    def _on_events_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        if self.server_live is not None and not self.server_live.reachable:
            return  # the banner and the saved indicator say so, without a box for every try
        self.saved_label.setText(_("Not saved"))
        self.saved_label.setStyleSheet("color: #d55e00; font-weight: bold;")
        show_error(self, _("Not saved"), message)

    def _on_server_reachable_changed(self, reachable: bool) -> None:
        """While the server is away the saved indicator says so; once it is back, what it said
        before (nothing shown was lost: a change the server did not take is not shown as done)."""
        label = self.saved_label
        if not reachable:
            if self._saved_before_away is None:
                self._saved_before_away = (label.text(), label.styleSheet(), label.toolTip())
            label.setText(_("Server away"))
            label.setStyleSheet("color: #5c4400; font-weight: bold;")
            label.setToolTip(_("The project's server cannot be reached: changes are not made until it "
                               "is back"))
        elif self._saved_before_away is not None:
            text, style, tip = self._saved_before_away
            self._saved_before_away = None
            label.setText(text)
            label.setStyleSheet(style)
            label.setToolTip(tip)

    def _on_workspace_message_posted(self, message: str) -> None:
        self.statusBar().showMessage(message, 5000)

    def _on_workspace_document_shown(self, document_id: int) -> None:
        doc = self.workspace.document
        if doc is not None:
            self.settings.setValue(S.last_document_key(self.project.target), doc.uuid)
        self._update_title()
        self._update_counts()

    def _show_annotator(self) -> None:
        self.annotator_label.setText(_("Annotator: {name}").format(name=self.workspace.annotator))

    def _update_counts(self, *_args: object) -> None:
        docs = self.document_list.model.rowCount()
        here = self.workspace.annotation_count
        hidden = self.workspace.hidden_annotation_count
        counts = _("{documents} · {annotations}").format(
            documents=ntext(docs, "{count} document", "{count} documents"),
            annotations=ntext(here, "{count} annotation here", "{count} annotations here"))
        if hidden:
            counts = ntext(hidden, "{counts} ({count} hidden)", "{counts} ({count} hidden)", counts=counts)
        self.counts_label.setText(counts)
        self.project_label.setText(str(self.project.target))

    def _update_title(self, *_args: object) -> None:
        doc = self.workspace.document
        title = f"{doc.title} — " if doc else ""
        name = self.project.path.name if self.project.path is not None else self.project.name
        self.setWindowTitle(f"{title}{name} — Annotator")

    def _after_changes_elsewhere(self) -> None:
        """Another program changed the project on the server: re-read what the annotation events
        do not carry (reviews, links, the document's codes)."""
        self.review_mode.refresh_states()
        self.links_feature.refresh()
        doc = self.workspace.document
        if doc is not None:
            self.events.document_codes_changed.emit(doc.id)
