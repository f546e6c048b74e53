"""The Qt application: one QApplication, the annotator's name, the first run on the sample articles."""

from __future__ import annotations

import getpass
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

# The Qt binding's import hook reads the whole source of every module imported after it and
# leaves it in linecache: the program's own light modules come before it. The project's layers
# (the database toolkit) load only once the window is on screen (`annotator.ui`), which clears
# that cache.
from annotator import __version__, i18n
from annotator import settings as S
from annotator.assets import icon_path, seeds_dir
from annotator.domain.errors import AnnotatorError, describe
from annotator.i18n import _

# isort: split
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui.widgets.theme import apply_system_scheme


def _read_sources_without_keeping_them() -> None:
    """The binding asks of each module imported after it whether its source names the binding,
    with `inspect.getsource`, which keeps every line of every module in linecache for the life of
    the program (megabytes, read again by a traceback anyway). Ask the module's loader for the
    same text instead: the same answer, nothing kept. Left as it is where the binding has no such
    check."""
    try:
        import shibokensupport.feature as feature  # type: ignore[import-not-found]
    except ImportError:
        return
    through_linecache = getattr(feature, "_mod_uses_pyside", None)
    if through_linecache is None or getattr(through_linecache, "__name__", "") == "uses_binding":
        return

    def uses_binding(module: object) -> bool:
        get_source = getattr(getattr(module, "__loader__", None), "get_source", None)
        if get_source is None:
            return bool(through_linecache(module))
        try:
            source = get_source(getattr(module, "__name__", ""))
        except (ImportError, OSError, SyntaxError, UnicodeDecodeError):
            return False  # as the binding's own check: no readable source, no use of it
        return bool(source) and "PySide6" in source

    feature._mod_uses_pyside = uses_binding


_read_sources_without_keeping_them()

if TYPE_CHECKING:
    from annotator.domain.records import ImportedText


def application() -> QApplication:
    """The running QApplication, created once with the app's names and icon."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setOrganizationName(S.ORGANIZATION)
    app.setApplicationName(S.APPLICATION)
    app.setApplicationDisplayName("Annotator")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_path("annotator"))))
    apply_system_scheme(app)
    install_language(app)
    return app


_qt_translators: list[QTranslator] = []
"""Qt's own translations in use (held here: a translator must outlive its installation)."""


def install_language(app: QApplication) -> str:
    """Speak the language chosen in View → Language (the setting; "" follows the system) in our
    strings and in Qt's own (standard dialogs and buttons, from Qt's qtbase catalogue); the
    language now in force."""
    choice = str(user_settings().value(S.LANGUAGE.key, S.LANGUAGE.default) or "")
    lang = i18n.setup(choice)
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    # Qt's own figures (spin boxes) group and separate as our text does: French `1 000`.
    QLocale.setDefault(QLocale.system() if lang == i18n.SOURCE_LANGUAGE else QLocale(lang))
    if lang != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    return lang


_open_windows: dict[int, QWidget] = {}
"""The windows the application opened, held until each is destroyed (a closed one deletes itself)."""


def keep_until_destroyed(window: QWidget) -> None:
    """Hold `window` (nothing else may) and let it go once it is destroyed, e.g. after closing
    when it deletes itself on close."""
    key = id(window)
    _open_windows[key] = window
    window.destroyed.connect(lambda _object=None, key=key: _open_windows.pop(key, None))


def open_windows() -> list[QWidget]:
    """The windows the application holds now."""
    return list(_open_windows.values())


def user_settings() -> QSettings:
    """The user's preferences (never project data)."""
    settings = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, S.ORGANIZATION, S.APPLICATION
    )
    if not settings.contains(S.SETTINGS_VERSION_KEY):
        settings.setValue(S.SETTINGS_VERSION_KEY, S.SETTINGS_VERSION)
    return settings


def suggested_annotator_name() -> str:
    """The OS user name, as a first guess for the annotator's name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def resolve_annotator_name(given: str | None) -> str | None:
    """The name given on the command line, else the remembered one, else asked (None if refused)."""
    store = user_settings()
    name = (given or "").strip() or str(store.value(S.ANNOTATOR_NAME.key, "") or "").strip()
    if not name:
        from annotator.ui.widgets.dialogs import AnnotatorNameDialog

        name = (AnnotatorNameDialog.ask(None, suggested_annotator_name()) or "").strip()
    if name:
        store.setValue(S.ANNOTATOR_NAME.key, name)
    return name or None


def read_sample_articles() -> list[ImportedText]:
    """The sample articles shipped in `seeds/`, decoded."""
    from annotator.operations import read_files

    texts, _problems = read_files(sorted(seeds_dir().glob("*.txt")))
    return texts


def import_sample_articles(project_path: Path) -> None:
    """Import the sample articles into a project (once), without a window."""
    from annotator.services.project import import_seeds_once, open_project

    project = open_project(project_path)
    try:
        import_seeds_once(project, read_sample_articles)
    finally:
        project.close()


def _show_uncaught(exc_type, exc, tb) -> None:
    """Errors escaping a slot: a user's mistake gets its message, a bug gets a report, never a crash."""
    from annotator.ui.widgets.dialogs import show_error

    if isinstance(exc, AnnotatorError):
        show_error(None, "Annotator", describe(exc))
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    print(details, file=sys.stderr)
    show_error(
        None,
        _("Unexpected error"),
        _("Annotator hit an unexpected error: {error}. Your saved work is safe in the project file.").format(
            error=exc),
    )


def run_app(project_path: Path, annotator_name: str | None, seed_first_run: bool) -> int:
    """Show the window on `project_path` and run until it is closed."""
    app = application()
    previous_hook, sys.excepthook = sys.excepthook, _show_uncaught
    try:
        return _run(app, project_path, annotator_name, seed_first_run)
    finally:
        sys.excepthook = previous_hook


def _run(app: QApplication, project_path: Path, annotator_name: str | None, seed_first_run: bool) -> int:
    from annotator.ui import open_main_window, show_main_window_first
    from annotator.ui.widgets.dialogs import show_error

    name = resolve_annotator_name(annotator_name)
    if name is None:
        return 1
    # The window is on screen before the project is opened; it is filled in as soon as it is.
    window = show_main_window_first(project_path)
    if window is None:  # closed before its project was opened
        return 0
    try:
        open_main_window(project_path, name, import_samples=seed_first_run, into=window)
    except AnnotatorError as exc:
        show_error(window, _("Cannot open the project"), describe(exc))
        window.close()
        return 1
    return app.exec()
