"""Document labels in the window: the codebook dialog's kind choice, undoable."""

from __future__ import annotations

import pytest
from tests.helpers import imported

from annotator.services.document_codes import set_document_code
from annotator.services.documents import import_texts
from annotator.services.labels import list_labels
from annotator.ui.codebook.codebook_dialog import CodebookDialog


@pytest.fixture
def codebook(qtbot, project, events, stack) -> CodebookDialog:
    dialog = CodebookDialog(project, events, stack)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_new_label_becomes_a_document_label_and_undo_makes_it_a_span_label_again(
        codebook, project, stack, events, qtbot) -> None:
    with qtbot.waitSignal(events.saved):
        codebook.add_button.click()
    assert codebook.kind_combo.currentData() == "span"
    with qtbot.waitSignal(events.saved):
        codebook.kind_combo.setCurrentIndex(codebook.kind_combo.findData("document"))
    assert [lab.name for lab in list_labels(project, kind="document")] == ["new label"]
    assert [lab.name for lab in list_labels(project)] == ["source", "claim", "framing"]
    assert [codebook.model.label_at(r).name for r in range(codebook.model.rowCount())] == [
        "source", "claim", "framing", "new label"]
    assert codebook.usage_label.text() == "Used by 0 document codes"
    stack.undo()
    assert list_labels(project, kind="document") == []
    assert codebook.kind_combo.currentData() == "span"
    stack.redo()
    assert [lab.name for lab in list_labels(project, kind="document")] == ["new label"]


def test_the_kind_of_a_used_label_does_not_change(codebook, project, events, qtbot) -> None:
    (outcome,) = import_texts(project, [imported("An article.")])
    with qtbot.waitSignal(events.saved):
        codebook.add_button.click()
    with qtbot.waitSignal(events.saved):
        codebook.kind_combo.setCurrentIndex(codebook.kind_combo.findData("document"))
    (label,) = list_labels(project, kind="document")
    set_document_code(project, outcome.document.id, label.id, "ana")
    events.labels_changed.emit()
    codebook.select_label(label.id)
    with qtbot.waitSignal(events.refused):
        codebook.kind_combo.setCurrentIndex(codebook.kind_combo.findData("span"))
    assert "its kind cannot change while it is used" in codebook.message.text()
    assert [lab.name for lab in list_labels(project, kind="document")] == [label.name]
    assert codebook.kind_combo.currentData() == "document"
