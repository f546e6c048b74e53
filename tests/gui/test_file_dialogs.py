"""File dialogs open where the analyst works: the folder used last, else the project's folder."""

from __future__ import annotations

from annotator.ui.corpus.charts_panel import SaveChartDialog
from annotator.ui.corpus.retrieve_window import ExportRowsDialog
from annotator.ui.corpus.stats_window import SaveStatsDialog
from annotator.ui.widgets.file_dialogs import FileChooser, remember_folder, start_folder


def test_dialogs_open_in_the_projects_folder_then_where_a_file_was_last_picked(open_window, tmp_path):
    window = open_window([])
    assert start_folder() == str(window.project.path.parent)

    elsewhere = tmp_path / "colleague"
    elsewhere.mkdir()
    remember_folder(elsewhere / "ben.annotator")
    assert start_folder() == str(elsewhere)
    assert start_folder("agreement.csv") == str(elsewhere / "agreement.csv")

    elsewhere.rmdir()  # a folder that went away is not offered again
    assert start_folder() == str(window.project.path.parent)


def test_corpus_save_dialogs_open_where_files_were_last_picked_and_add_the_suffix(
    open_window, tmp_path, monkeypatch
):
    open_window([])
    picked = tmp_path / "exports"
    picked.mkdir()
    offered = []

    def save_file_name(parent, title, start, file_filter, description):
        offered.append(start)
        return str(picked / "figures"), file_filter

    monkeypatch.setattr(FileChooser, "save_file", staticmethod(save_file_name))
    assert SaveStatsDialog.ask(None) == picked / "figures.csv"
    assert offered == [str(tmp_path / "statistics.csv")]  # the project's folder
    assert ExportRowsDialog.ask(None) == picked / "figures.csv"
    assert SaveChartDialog.ask(None, "svg") == picked / "figures.svg"
    assert offered[1:] == [str(picked / "retrieved.csv"), str(picked / "chart.svg")]
