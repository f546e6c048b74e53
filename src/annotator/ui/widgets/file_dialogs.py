"""Where file dialogs open: the folder used last, else the folder of the latest project; which
CSV (plain or for a spreadsheet) the analyst saves."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator import settings as S
from annotator.i18n import N_, _
from annotator.ui.app import user_settings


def start_folder(file_name: str = "") -> str:
    """The folder a file dialog should open in (with `file_name` proposed in it, if given)."""
    store = user_settings()
    folder = str(store.value(S.LAST_FOLDER.key, "") or "")
    if not folder or not Path(folder).is_dir():
        recent = store.value(S.RECENT_PROJECTS.key, []) or []
        if isinstance(recent, str):
            recent = [recent]
        folder = next(
            (str(Path(p).parent) for p in recent if Path(p).parent.is_dir()), str(Path.home())
        )
    return str(Path(folder) / file_name) if file_name else folder


def remember_folder(chosen: str | Path | list[str]) -> None:
    """Remember where the user just picked a file or folder, for the next dialog."""
    if isinstance(chosen, list):
        if not chosen:
            return
        chosen = chosen[0]
    if not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    user_settings().setValue(S.LAST_FOLDER.key, str(folder))


def ask_save_path(parent: QWidget | None, title: str, file_name: str, file_filter: str) -> Path | None:
    """Where to save `file_name` (asked in the folder used last, its suffix added if left out)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start_folder(file_name), file_filter)
    return _picked(chosen, file_name)


def _picked(chosen: str, file_name: str) -> Path | None:
    """The path picked in a save dialog (remembered), with `file_name`'s suffix if it has none."""
    remember_folder(chosen)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(Path(file_name).suffix)


#: The file types a CSV save dialog offers: the plain CSV, and the CSV for a spreadsheet
#: (a BOM, formula-like cells prefixed with `'`, as `--spreadsheet` on the command line).
#: Marked for translation; the dialog shows them translated.
CSV_FILTER = N_("CSV files (*.csv)")
SPREADSHEET_CSV_FILTER = N_("CSV for Excel or LibreOffice (*.csv)")


def spreadsheet_csv_wanted() -> bool:
    """Whether the analyst last chose CSV for a spreadsheet (in a save dialog or the export)."""
    return bool(user_settings().value(S.EXPORT_SPREADSHEET.key, False, type=bool))


def ask_csv_path(parent: QWidget | None, title: str, file_name: str) -> Path | None:
    """Where to save a CSV; the file type picked (plain, or for a spreadsheet) is remembered.

    The type chosen last is offered first; `spreadsheet_csv_wanted()` then tells the writer.
    """
    plain, spreadsheet = _(CSV_FILTER), _(SPREADSHEET_CSV_FILTER)
    filters = [plain, spreadsheet]
    if spreadsheet_csv_wanted():
        filters.reverse()
    chosen, selected = QFileDialog.getSaveFileName(
        parent, title, start_folder(file_name), ";;".join([*filters, _("All files (*)")])
    )
    if chosen and selected in filters:
        user_settings().setValue(S.EXPORT_SPREADSHEET.key, selected == spreadsheet)
    return _picked(chosen, file_name)
