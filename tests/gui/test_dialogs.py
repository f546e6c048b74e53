"""The find bar, the codebook editor, the export dialog and the small dialogs, on a real project."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from annotator.domain.records import ImportedText, LabelInfo
from annotator.domain.text import text_sha256
from annotator.services import Project
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.labels import label_usage, list_labels
from annotator.services.project import open_project
from annotator.ui import dialogs
from annotator.ui.codebook_dialog import CodebookDialog
from annotator.ui.dialogs import (
    AnnotatorNameDialog,
    ColorPicker,
    ConfirmDialog,
    DeleteLabelChoice,
    ShortcutsDialog,
)
from annotator.ui.events import ProjectEvents
from annotator.ui.export_dialog import ExportDialog, ExportRequest
from annotator.ui.find_bar import FindBar

ARTICLE = "L’OTAN a déclaré que l’Otan restait unie. Otanie n’est pas l’OTAN.\n"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = open_project(tmp_path / "p.annotator")
    yield opened
    opened.close()


@pytest.fixture
def events() -> ProjectEvents:
    return ProjectEvents()


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


def by_name(project: Project) -> dict[str, LabelInfo]:
    return {label.name: label for label in list_labels(project)}


def names(project: Project) -> list[str]:
    return [label.name for label in list_labels(project)]


def import_article(project: Project, text: str = ARTICLE, name: str = "a.txt") -> int:
    outcome = import_texts(project, [ImportedText(name, f"Title {name}", "2022-03", text,
                                                  text_sha256(text))])
    return outcome[0].document.id


def when_modal(action: Callable[[QDialog], None]) -> None:
    """Run `action` on the modal dialog about to be shown by the next `ask`."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no modal dialog is showing"
        action(dialog)

    QTimer.singleShot(0, run)


# -- find bar ------------------------------------------------------------------------------------


@pytest.fixture
def bar(qtbot, project: Project) -> FindBar:
    find_bar = FindBar()
    qtbot.addWidget(find_bar)
    find_bar.set_labels(list_labels(project))
    find_bar.set_text(ARTICLE)
    find_bar.open_bar()
    return find_bar


def test_find_bar_is_hidden_until_opened(qtbot) -> None:
    find_bar = FindBar()
    qtbot.addWidget(find_bar)
    assert find_bar.isHidden()
    find_bar.open_bar()
    assert find_bar.isVisible()
    assert find_bar.input.objectName() == "findInput"


def test_typing_counts_matches_and_jumps_to_the_first(qtbot, bar: FindBar) -> None:
    highlighted: list[list[tuple[int, int]]] = []
    scrolled_to: list[tuple[int, int]] = []
    bar.matches_changed.connect(highlighted.append)
    bar.match_activated.connect(lambda start, end: scrolled_to.append((start, end)))
    qtbot.keyClicks(bar.input, "otan")
    assert bar.matches() == [(2, 6), (23, 27), (42, 46), (61, 65)]
    assert highlighted[-1] == bar.matches()
    assert scrolled_to[-1] == (2, 6)
    assert bar.counter.text() == "1 of 4"


def test_enter_and_shift_enter_step_through_matches(qtbot, bar: FindBar) -> None:
    scrolled_to: list[tuple[int, int]] = []
    bar.match_activated.connect(lambda start, end: scrolled_to.append((start, end)))
    qtbot.keyClicks(bar.input, "otan")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert scrolled_to[-1] == (23, 27)
    assert bar.counter.text() == "2 of 4"
    qtbot.keyClick(bar.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert scrolled_to[-2:] == [(2, 6), (61, 65)]  # wrapped round to the last match
    assert bar.counter.text() == "4 of 4"
    bar.next_button.click()
    assert bar.counter.text() == "1 of 4"


def test_match_case_and_whole_words_narrow_the_matches(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "OTAN")
    assert bar.counter.text() == "1 of 4"
    bar.case_button.click()
    assert [ARTICLE[s:e] for s, e in bar.matches()] == ["OTAN", "OTAN"]
    bar.case_button.click()
    bar.words_button.click()
    assert [ARTICLE[s:e] for s, e in bar.matches()] == ["OTAN", "Otan", "OTAN"]
    assert bar.counter.text() == "1 of 3"


def test_no_match_says_so_and_disables_labelling(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "Bruxelles")
    assert bar.matches() == []
    assert bar.counter.text() == "No matches"
    assert not bar.label_all_button.isEnabled()
    assert not bar.next_button.isEnabled()


def test_label_all_matches_asks_for_the_chosen_label(qtbot, bar: FindBar, project) -> None:
    bar.input.setText("l’otan")  # QTest types Latin-1 only
    bar.label_combo.setCurrentIndex(bar.label_combo.findText("claim (2)"))
    with qtbot.waitSignal(bar.label_all_requested) as requested:
        bar.label_all_button.click()
    assert requested.args == [by_name(project)["claim"].id, [(0, 6), (21, 27), (59, 65)]]


def test_new_document_recounts_without_jumping(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "otan")
    with qtbot.assertNotEmitted(bar.match_activated):
        bar.set_text("Otan, otan.")
    assert bar.matches() == [(0, 4), (6, 10)]
    assert bar.counter.text() == "2 matches"
    bar.find_next()
    assert bar.counter.text() == "1 of 2"


def test_escape_closes_the_bar_and_clears_highlights(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "otan")
    highlighted: list[list[tuple[int, int]]] = []
    bar.matches_changed.connect(highlighted.append)
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.input, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert highlighted == [[]]
    bar.open_bar()
    assert len(highlighted[-1]) == 4
    assert bar.input.selectedText() == "otan"


def test_label_list_follows_the_codebook(qtbot, bar: FindBar, project) -> None:
    labels = list_labels(project)
    bar.label_combo.setCurrentIndex(2)
    bar.set_labels(list(reversed(labels)))
    assert bar.label_combo.currentText() == "framing (3)"
    bar.set_labels([])
    qtbot.keyClicks(bar.input, "otan")
    assert not bar.label_all_button.isEnabled()


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
    assert codebook.name_edit.hasFocus() or codebook.name_edit.selectedText() == "new label"
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
    assert codebook.selected_label() is not None
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
    codebook.select_label(by_name(project)["framing"].id)
    codebook.delete_button.click()
    assert names(project) == ["source", "claim"]
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
