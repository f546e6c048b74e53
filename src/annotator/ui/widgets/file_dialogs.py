"""Where file dialogs open: the folder used last, else the folder of the latest project; which
CSV (plain or for a spreadsheet) the analyst saves; the file dialog itself, named and described
for screen readers (`FileChooser`)."""

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


class FileChooser:
    """Qt's file dialog, its title as its accessible name and `description` saying what the file
    is for (Qt's static choosers give screen readers neither). Each call runs one modal dialog
    opening at `start` (a folder, or a file proposed in its folder) and returns what was picked
    ("" or [] when cancelled) with the file type chosen. The seam tests replace."""

    @classmethod
    def save_file(cls, parent: QWidget | None, title: str, start: str, file_filter: str,
                  description: str) -> tuple[str, str]:
        """A file to write (it may not exist yet)."""
        dialog = _file_dialog(parent, title, start, file_filter, description)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        return _first(dialog)

    @classmethod
    def open_file(cls, parent: QWidget | None, title: str, start: str, file_filter: str,
                  description: str) -> tuple[str, str]:
        """One existing file to read."""
        dialog = _file_dialog(parent, title, start, file_filter, description)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return _first(dialog)

    @classmethod
    def open_files(cls, parent: QWidget | None, title: str, start: str, file_filter: str,
                   description: str) -> tuple[list[str], str]:
        """Existing files to read, as many as the analyst picks."""
        dialog = _file_dialog(parent, title, start, file_filter, description)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()

    @classmethod
    def folder(cls, parent: QWidget | None, title: str, start: str, description: str) -> str:
        """An existing folder."""
        dialog = _file_dialog(parent, title, start, "", description)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        return _first(dialog)[0]


def _file_dialog(parent: QWidget | None, title: str, start: str, file_filter: str,
                 description: str) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setObjectName("fileChooser")
    dialog.setAccessibleName(title)
    dialog.setAccessibleDescription(description)
    place = Path(start) if start else None
    if place is not None and not place.is_dir() and place.parent.is_dir():
        dialog.setDirectory(str(place.parent))
        dialog.selectFile(place.name)
    elif place is not None:
        dialog.setDirectory(str(place))
    if file_filter:
        dialog.setNameFilter(file_filter)
    return dialog


def _first(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def ask_save_path(parent: QWidget | None, title: str, file_name: str, file_filter: str,
                  description: str = "") -> Path | None:
    """Where to save `file_name` (asked in the folder used last, its suffix added if left out);
    `description` says what the file will hold (read by screen readers)."""
    description = description or _("Choose the folder and the name of the file to write")
    chosen, _filter = FileChooser.save_file(parent, title, start_folder(file_name), file_filter, description)
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
    chosen, selected = FileChooser.save_file(
        parent, title, start_folder(file_name), ";;".join([*filters, _("All files (*)")]),
        _("Choose where to write the CSV file; its type says whether it is for Excel or LibreOffice"))
    if chosen and selected in filters:
        user_settings().setValue(S.EXPORT_SPREADSHEET.key, selected == spreadsheet)
    return _picked(chosen, file_name)
