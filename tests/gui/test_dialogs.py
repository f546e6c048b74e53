"""The export dialog and the small dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox
from tests.gui.dialog_support import import_article, when_modal

from annotator.services.documents import list_documents
from annotator.services.labels import list_labels
from annotator.ui.interchange.export_dialog import ExportDialog, ExportRequest
from annotator.ui.widgets import dialogs
from annotator.ui.widgets.dialogs import (
    AnnotatorNameDialog,
    ShortcutsDialog,
)

# -- export --------------------------------------------------------------------------------------


def test_export_dialog_returns_the_request(qtbot, project, tmp_path) -> None:
    import_article(project, "first text\n", "a.txt")
    second = import_article(project, "second text\n", "b.txt")
    documents = list_documents(project)
    labels = list_labels(project)

    def set_up(dialog: QDialog) -> None:
        assert isinstance(dialog, ExportDialog)
        assert dialog.spreadsheet_check.isChecked()
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jsonl"))
        assert dialog.path_edit.text() == str(tmp_path / "out.jsonl")
        assert not dialog.spreadsheet_check.isEnabled()
        dialog.labels_box.model.set_checked("framing", False)
        dialog.documents_box.model.set_checked(documents[0].uuid, False)
        dialog.export_button.click()

    when_modal(set_up)
    request = ExportDialog.ask(None, labels, ["ana", "ben"], documents, tmp_path / "out.csv",
                               True)
    assert request == ExportRequest(
        path=tmp_path / "out.jsonl",
        format="jsonl",
        annotators=(),
        labels=("source", "claim"),
        documents=(next(d.uuid for d in documents if d.id == second),),
        spreadsheet=False,
    )


def test_export_dialog_csv_for_a_spreadsheet(qtbot, project, tmp_path) -> None:
    dialog = ExportDialog(list_labels(project), ["ana", "ben"], [], tmp_path / "out.csv", False)
    qtbot.addWidget(dialog)
    assert "adds a BOM and neutralises formulas" in dialog.spreadsheet_help.text()
    dialog.spreadsheet_check.setChecked(True)
    dialog.annotators_box.model.set_checked("ben", False)
    assert dialog.request() == ExportRequest(tmp_path / "out.csv", "csv", ("ana",), (), (), True)


def test_export_dialog_refuses_empty_filters_and_missing_folders(qtbot, project,
                                                                  tmp_path) -> None:
    dialog = ExportDialog(list_labels(project), ["ana"], [], tmp_path / "out.csv", False)
    qtbot.addWidget(dialog)
    dialog.labels_box.model.set_all(False)
    assert not dialog.export_button.isEnabled()
    assert dialog.message.text() == "Tick at least one label."
    dialog.labels_box.model.set_all(True)
    assert dialog.export_button.isEnabled()
    dialog.path_edit.setText(str(tmp_path / "missing" / "out.csv"))
    assert not dialog.export_button.isEnabled()
    assert "does not exist" in dialog.message.text()
    (tmp_path / "old.csv").write_text("x")
    dialog.path_edit.setText(str(tmp_path / "old.csv"))
    assert dialog.export_button.isEnabled()
    assert dialog.message.text() == "old.csv exists and will be replaced."


def test_cancelled_export_returns_none(qtbot, project, tmp_path) -> None:
    when_modal(lambda dialog: dialog.reject())
    assert ExportDialog.ask(None, list_labels(project), [], [], tmp_path / "o.csv", False) is None


# -- small dialogs -------------------------------------------------------------------------------


def test_annotator_name_is_trimmed_and_required(qtbot) -> None:
    def type_name(dialog: QDialog) -> None:
        assert isinstance(dialog, AnnotatorNameDialog)
        assert dialog.name_edit.text() == "camille"
        dialog.name_edit.setText("   ")
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.name_edit.setText("  Camille Martin ")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(type_name)
    assert AnnotatorNameDialog.ask(None, "camille") == "Camille Martin"
    when_modal(lambda dialog: dialog.reject())
    assert AnnotatorNameDialog.ask(None, "camille") is None


def test_annotator_name_dialog_says_it_is_stored(qtbot) -> None:
    dialog = AnnotatorNameDialog("x")
    qtbot.addWidget(dialog)
    texts = " ".join(w.text() for w in dialog.findChildren(dialogs.QLabel))
    assert "stored with every annotation" in texts


def test_shortcuts_table_lists_label_keys_and_window_keys(qtbot, project) -> None:
    dialog = ShortcutsDialog(list_labels(project))
    qtbot.addWidget(dialog)
    rows = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
            for r in range(dialog.table.rowCount())]
    assert rows[:3] == [("1", "Label the selection «source»"), ("2", "Label the selection «claim»"),
                        ("3", "Label the selection «framing»")]
    actions = dict((action, keys) for keys, action in rows)
    for action in ("Undo", "Redo", "Find in the document", "Open a project", "Import documents",
                   "Export annotations", "New project", "Quit", "Larger text", "Smaller text",
                   "Delete the selected annotation"):
        assert actions[action]
    assert actions["Find in the document"] == "Ctrl+F"


def test_about_text_names_the_version() -> None:
    from annotator import __version__

    assert f"Annotator {__version__}" in dialogs.about_text()
