"""What the progress dialog of a folder import says, in the window's language, from reading the files
to proposing quotations in them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from annotator import i18n
from annotator import settings as S
from annotator.services.documents import list_documents
from annotator.ui.app import install_language, user_settings
from annotator.ui.interchange.file_actions import ImportFilesDialog

QUOTED = ("Le ministre Jean Dupont a déclaré : « La réforme est juste et nécessaire. » "
          "Selon Marie Curie, « la science avance ». ")


@pytest.fixture
def french() -> Iterator[None]:
    user_settings().setValue(S.LANGUAGE.key, "fr")
    install_language(QApplication.instance())
    yield
    user_settings().setValue(S.LANGUAGE.key, "")
    install_language(QApplication.instance())
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def test_a_folder_import_tells_in_french_what_it_reads_and_what_it_proposes(
    open_window, qtbot, tmp_path, monkeypatch, french
):
    window = open_window([], "import.annotator")
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(60):
        (folder / f"{number:03d}.txt").write_text(f"Article {number}\n\n" + QUOTED * 100 + "\n",
                                                  encoding="utf-8")
    monkeypatch.setattr(ImportFilesDialog, "ask",
                        classmethod(lambda cls, parent, folder=False, chosen=folder: [chosen]))
    said: list[str] = []

    def note() -> None:
        dialog = window.findChild(QProgressDialog, "backgroundProgress")
        if dialog is not None and dialog.isVisible() and dialog.labelText() not in said:
            said.append(dialog.labelText())

    watch = QTimer()
    watch.timeout.connect(note)
    watch.start(2)
    window.import_documents(folder=True)
    qtbot.waitUntil(lambda: not window.background.busy, timeout=60000)
    watch.stop()
    assert len(list_documents(window.project)) == 60
    assert any(text.startswith("Citations et sources proposées\u00a0: ") for text in said), said
    english = ("Reading", "files read", "Proposing", "written")
    assert not [text for text in said if any(word in text for word in english)], said
