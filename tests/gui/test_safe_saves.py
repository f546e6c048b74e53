"""What the window writes never replaces the open project, and every CSV it saves can be made for
a spreadsheet: the export dialog, Retrieve, Statistics, Charts and the REFI-QDA export."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtGui import QAction
from tests.helpers import files_state, span_of

from annotator import settings as S
from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import list_documents
from annotator.services.labels import list_labels
from annotator.ui.app import user_settings
from annotator.ui.corpus.charts_panel import ChartsPanel, SaveChartDialog
from annotator.ui.corpus.retrieve_window import ExportRowsDialog, RetrieveWindow
from annotator.ui.corpus.stats_window import SaveStatsDialog, StatsWindow
from annotator.ui.interchange.export_dialog import ExportDialog, ExportRequest
from annotator.ui.interchange.qdpx_actions import QdpxFileDialog, export_qdpx_file
from annotator.ui.widgets.file_dialogs import (
    SPREADSHEET_CSV_FILTER,
    FileChooser,
    ask_csv_path,
    spreadsheet_csv_wanted,
)

TEXT = "=Le ministre a dit : « @tous, +10 % ».\nL’opposition dément.\n"


@pytest.fixture
def window(open_window):
    win = open_window([(TEXT, "a.txt", "Premier")], date="2023-04")
    (doc,) = list_documents(win.project)
    add_annotation(win.project, doc.id, "source", "ana", *span_of(TEXT, "=Le ministre"))
    add_annotation(win.project, doc.id, "claim", "ana", *span_of(TEXT, "@tous, +10 %"), "-note")
    win.events.contents_changed.emit()
    return win


def _project_intact(window, before: dict) -> None:
    """The project file is as it was, and still the window's store: a new span lands in it."""
    path = window.project.path
    assert files_state(path) == before
    (doc,) = list_documents(window.project)
    add_annotation(window.project, doc.id, "framing", "ana", *span_of(TEXT, "dément"))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (3,)


def _targets(window) -> list:
    path = window.project.path
    link = path.parent / "export-link.csv"
    link.symlink_to(path)
    return [path, path.with_name(path.name + "-wal"), link]


def test_the_export_dialog_will_not_take_the_project(qtbot, window, tmp_path):
    path = window.project.path
    dialog = ExportDialog(list_labels(window.project), ["ana"], [], tmp_path / "out.csv", False,
                          None, path)
    qtbot.addWidget(dialog)
    assert dialog.export_button.isEnabled()
    for target in _targets(window):
        dialog.path_edit.setText(str(target))
        assert not dialog.export_button.isEnabled()
        assert "is the project itself" in dialog.message.text()
        assert dialog.request() is None
    dialog.path_edit.setText(str(tmp_path / "fine.csv"))
    assert dialog.export_button.isEnabled()


def test_the_window_refuses_to_export_onto_its_project(window, monkeypatch, message_boxes, qtbot):
    path = window.project.path
    for target in _targets(window):
        before = files_state(path)
        monkeypatch.setattr(ExportDialog, "ask", classmethod(
            lambda cls, *a, t=target, **k: ExportRequest(path=t, format="csv")))
        window.export_csv()
        qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
        assert window.statusBar().currentMessage() == "Export failed"
        assert "is the project" in message_boxes[-1][1]
        assert files_state(path) == before
    _project_intact(window, files_state(path))


def test_a_refi_qda_export_onto_the_project_is_refused(window, monkeypatch, message_boxes):
    path = window.project.path
    before = files_state(path)
    monkeypatch.setattr(QdpxFileDialog, "ask", classmethod(lambda cls, parent, export: path))
    assert export_qdpx_file(window.feature_context) is None
    assert "is the project file" in message_boxes[-1][1]
    _project_intact(window, before)


def _open(window, action_name: str, kind):
    window.findChild(QAction, action_name).trigger()
    found = window.findChild(kind)
    assert found is not None
    return found


def test_retrieve_saves_neither_onto_the_project_nor_half_a_file(window, qtbot, monkeypatch,
                                                                 message_boxes):
    retrieve = _open(window, "retrieveAction", RetrieveWindow)
    qtbot.waitUntil(lambda: retrieve.model.rowCount() == 2)
    path = window.project.path
    before = files_state(path)
    for target in _targets(window):
        monkeypatch.setattr(ExportRowsDialog, "ask", classmethod(lambda cls, p, t=target: t))
        assert retrieve.export_shown() is None
        assert "is the project" in message_boxes[-1][1]
    _project_intact(window, before)


def test_retrieve_saves_csv_for_a_spreadsheet_when_chosen(window, qtbot, tmp_path, monkeypatch):
    retrieve = _open(window, "retrieveAction", RetrieveWindow)
    qtbot.waitUntil(lambda: retrieve.model.rowCount() == 2)
    out = tmp_path / "rows.csv"
    monkeypatch.setattr(ExportRowsDialog, "ask", classmethod(lambda cls, parent: out))
    assert retrieve.export_shown() == out
    plain = out.read_bytes()
    assert plain.startswith(b"annotation_id,") and b",=Le ministre," in plain
    user_settings().setValue(S.EXPORT_SPREADSHEET.key, True)
    assert retrieve.export_shown() == out
    sheet = out.read_bytes()
    assert sheet.startswith(b"\xef\xbb\xbfannotation_id,")
    assert b",'=Le ministre," in sheet and b",'-note" in sheet
    assert sheet.count(b"\r\n") == plain.count(b"\r\n")


def test_statistics_save_like_the_command_line_and_never_onto_the_project(
    window, qtbot, tmp_path, monkeypatch, capsysbinary, message_boxes
):
    stats = _open(window, "statisticsAction", StatsWindow)
    path = window.project.path
    before = files_state(path)
    for target in _targets(window):
        monkeypatch.setattr(SaveStatsDialog, "ask", classmethod(lambda cls, p, t=target: t))
        assert stats.save_csv() is None
        assert "is the project" in message_boxes[-1][1]
    assert files_state(path) == before

    out = tmp_path / "stats.csv"
    monkeypatch.setattr(SaveStatsDialog, "ask", classmethod(lambda cls, parent: out))
    user_settings().setValue(S.EXPORT_SPREADSHEET.key, True)
    assert stats.save_csv() == out
    capsysbinary.readouterr()
    assert main(["stats", "-p", str(path), "--format", "csv", "--spreadsheet"]) == 0
    assert out.read_bytes() == capsysbinary.readouterr().out
    assert b",'=Le ministre," in out.read_bytes()


def test_charts_are_never_saved_onto_the_project(window, monkeypatch, message_boxes, qtbot):
    charts = _open(window, "chartsAction", ChartsPanel)
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    path = window.project.path
    before = files_state(path)
    for target in _targets(window):
        monkeypatch.setattr(SaveChartDialog, "ask", classmethod(lambda cls, p, f, t=target: t))
        assert charts.save_interactively("svg") is None
        assert "is the project" in message_boxes[-1][1]
    _project_intact(window, before)


def test_the_csv_type_picked_in_a_save_dialog_is_remembered(window, tmp_path, monkeypatch):
    offered: list[str] = []

    def save_file_name(parent, title, start, file_filter, description, pick=SPREADSHEET_CSV_FILTER):
        offered.append(file_filter)
        return str(tmp_path / "x"), pick

    monkeypatch.setattr(FileChooser, "save_file", staticmethod(save_file_name))
    assert not spreadsheet_csv_wanted()
    assert ask_csv_path(None, "Save", "rows.csv") == tmp_path / "x.csv"
    assert offered[0].startswith("CSV files (*.csv);;CSV for Excel or LibreOffice (*.csv)")
    assert spreadsheet_csv_wanted()
    ask_csv_path(None, "Save", "rows.csv")
    assert offered[1].startswith("CSV for Excel or LibreOffice (*.csv);;CSV files (*.csv)")


def test_agreement_figures_are_never_saved_onto_the_project(qtbot, open_window, monkeypatch):
    from annotator.ui.review import agreement_window
    from annotator.ui.review.agreement_window import AgreementWindow

    window = open_window([(TEXT, "a.txt", "Premier")])
    (doc,) = list_documents(window.project)
    for annotator in ("ana", "ben"):
        add_annotation(window.project, doc.id, "source", annotator, *span_of(TEXT, "=Le ministre"))
    window.events.contents_changed.emit()
    next(a for a in window.menu("reviewMenu").actions()
         if a.objectName() == "agreementAction").trigger()
    figures = window.findChild(AgreementWindow, "agreementWindow")
    qtbot.waitUntil(lambda: figures.model.rowCount() > 0)
    path = window.project.path
    before = files_state(path)
    for target in _targets(window):
        monkeypatch.setattr(agreement_window.SaveAgreementDialog, "ask",
                            classmethod(lambda cls, parent, t=target: t))
        figures.save_button.click()
        assert "is the project" in figures.summary.text()
    assert files_state(path) == before
