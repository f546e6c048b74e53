"""The codebook dialog: every edit undoable, deleting a label confirmed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from tests.gui.dialog_support import by_name, import_article, names, when_modal

from annotator.services import Project
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import list_documents
from annotator.services.labels import label_usage, list_labels
from annotator.ui.codebook.codebook_dialog import CodebookDialog
from annotator.ui.widgets import dialogs
from annotator.ui.widgets.dialogs import (
    ColorPicker,
    ConfirmDialog,
    DeleteLabelChoice,
)

# -- codebook ------------------------------------------------------------------------------------


@pytest.fixture
def codebook(qtbot, project, events, stack) -> CodebookDialog:
    dialog = CodebookDialog(project, events, stack)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_codebook_lists_the_labels_with_key_name_and_colour(codebook: CodebookDialog) -> None:
    model = codebook.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Key", "Name", "Colour"]
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert [[key, name, colour.lower()] for key, name, colour in rows] == [
        ["1", "source", "#56b4e9"], ["2", "claim", "#e69f00"], ["3", "framing", "#cc79a7"]]
    assert codebook.name_edit.text() == "source"
    assert codebook.key_combo.currentText() == "1"
    assert codebook.definition_edit.toPlainText().startswith("Who is speaking")


def test_add_label_then_undo_and_redo(codebook, project, stack, events, qtbot) -> None:
    with qtbot.waitSignal(events.saved):
        codebook.add_button.click()
    added = by_name(project)["new label"]
    assert added.shortcut == "4"
    assert codebook.selected_label() == added
    # Its name is selected in the focused name field: typing replaces it.
    assert codebook.focusWidget() is codebook.name_edit
    assert codebook.name_edit.selectedText() == "new label"
    codebook.activateWindow()
    qtbot.waitUntil(codebook.name_edit.hasFocus)
    QTest.keyClicks(QApplication.focusWidget(), "rumour")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert names(project) == ["source", "claim", "framing", "rumour"]
    stack.undo()
    assert names(project) == ["source", "claim", "framing", "new label"]
    stack.undo()
    assert names(project) == ["source", "claim", "framing"]
    assert codebook.model.rowCount() == 3
    stack.redo()
    assert by_name(project)["new label"].id == added.id  # later commands still find it
    codebook.add_button.click()
    assert names(project)[-1] == "new label 2"


def test_rename_with_undo_and_redo(codebook, project, stack) -> None:
    codebook.select_label(by_name(project)["claim"].id)
    codebook.name_edit.setText("  assertion ")
    codebook.name_edit.editingFinished.emit()
    assert names(project) == ["source", "assertion", "framing"]
    assert codebook.model.index(1, 1).data() == "assertion"
    assert stack.undoText() == "Rename label «claim» to «assertion»"
    stack.undo()
    assert names(project) == ["source", "claim", "framing"]
    assert codebook.name_edit.text() == "claim"
    stack.redo()
    assert names(project) == ["source", "assertion", "framing"]


def test_duplicate_name_is_refused_inline(codebook, project, stack) -> None:
    codebook.select_label(by_name(project)["claim"].id)
    codebook.name_edit.setText("SOURCE")
    codebook.name_edit.editingFinished.emit()
    assert names(project) == ["source", "claim", "framing"]
    assert codebook.message.text() == "A label named «source» already exists."
    assert stack.count() == 0


def test_rekey_and_remove_key_with_undo(codebook, project, stack) -> None:
    codebook.select_label(by_name(project)["framing"].id)
    codebook.key_combo.setCurrentIndex(codebook.key_combo.findData("7"))
    assert by_name(project)["framing"].shortcut == "7"
    codebook.key_combo.setCurrentIndex(codebook.key_combo.findData(None))
    assert by_name(project)["framing"].shortcut is None
    assert codebook.model.index(2, 0).data() == "–"
    stack.undo()
    assert by_name(project)["framing"].shortcut == "7"
    stack.undo()
    assert by_name(project)["framing"].shortcut == "3"
    assert codebook.key_combo.currentData() == "3"
    stack.redo()
    assert by_name(project)["framing"].shortcut == "7"


def test_key_of_another_label_is_refused(codebook, project, stack) -> None:
    codebook.select_label(by_name(project)["framing"].id)
    assert codebook.key_combo.itemText(codebook.key_combo.findData("1")) == "1  (source)"
    codebook.key_combo.setCurrentIndex(codebook.key_combo.findData("1"))
    assert by_name(project)["framing"].shortcut == "3"
    assert codebook.key_combo.currentData() == "3"
    assert codebook.message.text() == "The key 1 is already the shortcut of «source»."
    assert stack.count() == 0


def test_recolour_with_undo(codebook, project, stack, monkeypatch) -> None:
    offered: list[str] = []

    def pick(cls, parent, initial: str) -> str:
        offered.append(initial)
        return "#123ABC"

    monkeypatch.setattr(ColorPicker, "ask", classmethod(pick))
    original = by_name(project)["claim"].color
    codebook.select_label(by_name(project)["claim"].id)
    codebook.color_button.click()
    assert offered == [original]
    assert by_name(project)["claim"].color == "#123abc"
    assert codebook.color_button.text() == "#123abc"
    stack.undo()
    assert by_name(project)["claim"].color == original


def test_cancelled_colour_changes_nothing(codebook, project, stack, monkeypatch) -> None:
    monkeypatch.setattr(ColorPicker, "ask", classmethod(lambda cls, parent, initial: None))
    before = list_labels(project)
    codebook.color_button.click()
    assert list_labels(project) == before
    assert stack.count() == 0


def test_definition_is_saved_when_the_dialog_closes(codebook, project, stack) -> None:
    codebook.select_label(by_name(project)["framing"].id)
    codebook.definition_edit.setPlainText("Loaded words.\n")
    codebook.reject()
    assert by_name(project)["framing"].definition == "Loaded words."
    stack.undo()
    assert by_name(project)["framing"].definition.startswith("Wording and emphasis")


def test_pending_name_is_saved_when_another_label_is_chosen(codebook, project) -> None:
    codebook.name_edit.setText("speaker")  # typing in "source", no Enter
    codebook.select_label(by_name(project)["framing"].id)
    assert names(project) == ["speaker", "claim", "framing"]
    assert codebook.name_edit.text() == "framing"


def test_reorder_with_undo_and_redo(codebook, project, stack) -> None:
    codebook.select_label(by_name(project)["source"].id)
    assert not codebook.up_button.isEnabled()
    codebook.down_button.click()
    codebook.down_button.click()
    assert names(project) == ["claim", "framing", "source"]
    assert codebook.selected_label().name == "source"
    assert not codebook.down_button.isEnabled()
    codebook.up_button.click()
    assert names(project) == ["claim", "source", "framing"]
    stack.undo()
    stack.undo()
    stack.undo()
    assert names(project) == ["source", "claim", "framing"]
    assert [codebook.model.index(r, 1).data() for r in range(3)] == ["source", "claim", "framing"]
    stack.redo()
    assert names(project) == ["claim", "source", "framing"]
    assert codebook.selected_label().name == "source"


def annotate(project: Project, label: str, spans: list[tuple[int, int]]) -> int:
    document_id = import_article(project)
    for start, end in spans:
        add_annotation(project, document_id, label, "ana", start, end)
    return document_id


def test_delete_label_in_use_moving_its_annotations(codebook, project, stack, events,
                                                    monkeypatch, qtbot) -> None:
    document_id = annotate(project, "claim", [(0, 6), (23, 27)])
    add_annotation(project, document_id, "source", "ana", 0, 6)  # same span: cannot be moved
    labels = by_name(project)
    asked: list[tuple[str, int, list[str]]] = []

    def choose(cls, parent, label, usage_count, other_labels):
        asked.append((label.name, usage_count, [lab.name for lab in other_labels]))
        return ("move", labels["source"].id)

    monkeypatch.setattr(DeleteLabelChoice, "ask", classmethod(choose))
    codebook.add_button.click()  # something on the undo stack
    codebook.select_label(labels["claim"].id)
    with qtbot.waitSignals([events.labels_changed, events.saved]):
        codebook.delete_button.click()
    assert asked == [("claim", 2, ["source", "framing", "new label"])]
    assert names(project) == ["source", "framing", "new label"]
    assert label_usage(project, labels["source"].id) == 2
    assert sorted((a.label, a.start) for a in list_annotations(project, document_id)) == [
        ("source", 0), ("source", 23)]
    assert stack.count() == 0
    assert "1 annotations moved to «source»" in codebook.message.text()
    assert "undo history was cleared" in codebook.message.text()


def test_delete_label_in_use_with_its_annotations(codebook, project, stack, monkeypatch) -> None:
    document_id = annotate(project, "framing", [(0, 6), (21, 25), (62, 66)])
    monkeypatch.setattr(DeleteLabelChoice, "ask",
                        classmethod(lambda cls, parent, label, n, others: ("delete", None)))
    codebook.select_label(by_name(project)["framing"].id)
    codebook.delete_button.click()
    assert names(project) == ["source", "claim"]
    assert list_annotations(project, document_id) == []
    assert list_documents(project)[0].annotation_count == 0
    assert codebook.selected_label() == by_name(project)["claim"]  # the row above, now last
    assert codebook.name_edit.text() == "claim"
    assert "3 annotations deleted" in codebook.message.text()


def test_cancelled_delete_keeps_the_label(codebook, project, monkeypatch) -> None:
    annotate(project, "claim", [(0, 6)])
    monkeypatch.setattr(DeleteLabelChoice, "ask",
                        classmethod(lambda cls, parent, label, n, others: None))
    codebook.select_label(by_name(project)["claim"].id)
    codebook.delete_button.click()
    assert names(project) == ["source", "claim", "framing"]
    assert label_usage(project, by_name(project)["claim"].id) == 1


def test_unused_label_is_deleted_after_a_simple_confirm(codebook, project, stack,
                                                        monkeypatch) -> None:
    questions: list[str] = []

    def confirm(cls, parent, title, message, accept_text):
        questions.append(message)
        return True

    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(confirm))
    monkeypatch.setattr(DeleteLabelChoice, "ask", classmethod(lambda *a: pytest.fail("asked")))
    codebook.select_label(by_name(project)["claim"].id)
    codebook.delete_button.click()
    assert names(project) == ["source", "framing"]
    assert codebook.selected_label() == by_name(project)["framing"]  # the one now in its row
    assert "No annotation uses it" in questions[0]
    assert "cannot be undone" in questions[0]


def test_delete_label_choice_dialog(qtbot, project) -> None:
    labels = list_labels(project)
    dialog = DeleteLabelChoice(labels[1], 12, [labels[0], labels[2]])
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(dialogs.QLabel)]
    assert "12 annotations use «claim»." in texts
    assert any("cannot be undone" in t for t in texts)
    assert not dialog.ok_button.isEnabled()  # nothing chosen yet
    dialog.target_combo.setCurrentIndex(1)
    dialog.move_radio.setChecked(True)
    assert dialog.choice() == ("move", labels[2].id)
    dialog.delete_radio.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert dialog.choice() == ("delete", None)


def test_codebook_ask_closes_cleanly(qtbot, project, events, stack) -> None:
    def rename_and_close(dialog: QDialog) -> None:
        assert isinstance(dialog, CodebookDialog)
        dialog.name_edit.setText("speaker")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()

    when_modal(rename_and_close)
    assert CodebookDialog.ask(project, events, stack, None) is None
    assert names(project)[0] == "speaker"
    events.labels_changed.emit()  # the closed dialog no longer listens
