"""File dialogs open where the analyst works: the folder used last, else the project's folder."""

from __future__ import annotations

from annotator.ui.file_dialogs import remember_folder, start_folder


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
