"""Side panels: the document list, the label buttons and the annotation table."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from tests.helpers import imported, span_of

from annotator.domain.records import DocumentInfo, LabelInfo
from annotator.services import Project
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.labels import list_labels
from annotator.services.project import open_project
from annotator.ui.widgets.label_panel import LabelPanel
from annotator.ui.workspace.annotation_table import (
    ANNOTATION_ID_ROLE,
    COLUMN_LABEL,
    COLUMN_NOTE,
    COLUMN_TEXT,
    AnnotationTableModel,
)
from annotator.ui.workspace.document_list import (
    COLUMN_COUNT,
    COLUMN_TITLE,
    DOCUMENT_ID_ROLE,
    DocumentListPanel,
    DocumentTableModel,
)
from annotator.ui.workspace.tag_panel import TagPanel

ARTICLE = (
    "Le ministre a déclaré lundi que le budget augmentera de 3 %.\n"
    "Selon des sources proches du dossier, la réforme sera votée en mai.\n"
    "Les opposants parlent d’un « coup de force » sans précédent."
)
OTHER = "Une autre dépêche, sans rapport.\nElle parle de météo et de pluie."
THIRD = "Troisième texte : le beta-test du nouveau service commence demain."


@dataclass
class Setup:
    project: Project
    documents: list[DocumentInfo]
    labels: list[LabelInfo]

    def span(self, piece: str, text: str = ARTICLE) -> tuple[int, int]:
        return span_of(text, piece)

    def label(self, name: str) -> LabelInfo:
        return next(lab for lab in self.labels if lab.name == name)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    project = open_project(tmp_path / "p.annotator")
    import_texts(
        project,
        [
            imported(ARTICLE, "budget.txt", "Budget en hausse", "2023-01"),
            imported(OTHER, "meteo.txt", "Pluie attendue", "2023-02"),
            imported(THIRD, "beta.txt", "Beta-test du service", "2023-03"),
        ],
    )
    yield Setup(project, list_documents(project), list_labels(project))
    project.close()


def _annotate(setup: Setup) -> int:
    doc = setup.documents[0]
    add_annotation(setup.project, doc.id, "source", "alice", *setup.span("Le ministre"))
    add_annotation(
        setup.project,
        doc.id,
        "claim",
        "bob",
        *setup.span("budget augmentera de 3 %.\nSelon"),
        note="chiffre à vérifier",
    )
    add_annotation(setup.project, doc.id, "framing", "alice", *setup.span("coup de force"))
    return doc.id


def _tag_panel(qtbot, setup: Setup) -> TagPanel:
    doc_id = _annotate(setup)
    panel = TagPanel()
    qtbot.addWidget(panel)
    panel.set_labels(setup.labels)
    panel.set_document(ARTICLE, list_annotations(setup.project, doc_id), setup.labels, doc_id)
    panel.resize(480, 500)
    panel.show()
    return panel


# --- document list ---------------------------------------------------------------------------


def test_document_model_passes_the_model_tester_and_counts(qtmodeltester, setup: Setup) -> None:
    model = DocumentTableModel()
    model.set_documents(setup.documents)
    qtmodeltester.check(model)
    first = setup.documents[0]
    row = model.row_of(first.id)
    assert model.index(row, COLUMN_TITLE).data() == "Budget en hausse"
    assert model.index(row, COLUMN_TITLE).data(DOCUMENT_ID_ROLE) == first.id
    tooltip = model.index(row, COLUMN_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "budget.txt" in tooltip and "Budget en hausse" in tooltip
    changed = []
    model.dataChanged.connect(lambda top, bottom, _roles: changed.append((top.row(), top.column())))
    model.change_count(first.id, +2)
    model.change_count(first.id, -1)
    assert model.index(row, COLUMN_COUNT).data() == 1
    assert changed == [(row, COLUMN_COUNT), (row, COLUMN_COUNT)]
    assert model.row_of(99999) is None


def test_document_list_selects_filters_and_keeps_the_open_document(qtbot, setup: Setup) -> None:
    panel = DocumentListPanel()
    qtbot.addWidget(panel)
    panel.set_documents(setup.documents)
    panel.show()
    budget, meteo, beta = setup.documents
    assert panel.view.objectName() == "documentList"
    assert panel.filter_edit.placeholderText() == "Filter documents"

    with qtbot.waitSignal(panel.document_selected) as picked:
        assert panel.select_document(meteo.id)
    assert picked.args == [meteo.id]
    assert panel.current_document_id() == meteo.id

    # Typing a filter that hides the open document must not open another one.
    opened = []
    panel.document_selected.connect(opened.append)
    qtbot.keyClicks(panel.filter_edit, "BETA")
    assert panel.proxy.rowCount() == 1
    assert panel.current_document_id() == meteo.id
    assert opened == []

    # Clicking the one row left opens it.
    rect = panel.view.visualRect(panel.proxy.index(0, COLUMN_TITLE))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [beta.id]

    # Selecting a hidden document clears the filter.
    assert panel.select_document(budget.id)
    assert panel.filter_edit.text() == ""
    assert opened == [beta.id, budget.id]
    assert not panel.select_document(123456)

    # Reloading the list keeps the open document without announcing it again.
    panel.set_documents(list_documents(setup.project))
    assert panel.current_document_id() == budget.id
    assert opened == [beta.id, budget.id]

    panel.change_count(budget.id, 4)
    row = panel.model.row_of(budget.id)
    assert panel.model.index(row, COLUMN_COUNT).data() == 4


# --- label buttons ---------------------------------------------------------------------------


def test_label_buttons_show_key_name_definition_and_emit_ids(qtbot, setup: Setup) -> None:
    panel = LabelPanel()
    qtbot.addWidget(panel)
    panel.set_labels(setup.labels)
    assert panel.objectName() == "labelPanel"
    source = setup.label("source")
    button = panel.findChild(QPushButton, "labelButton:source")
    assert button is not None
    assert button.text() == "1  source"
    assert button.focusPolicy() == Qt.FocusPolicy.TabFocus  # a click leaves the focus in the article
    assert not button.icon().isNull()
    assert "<b>source</b>" in button.toolTip()
    assert "key 1" in button.toolTip()
    assert source.definition.split('"')[0].strip() in button.toolTip()
    with qtbot.waitSignal(panel.label_clicked) as clicked:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicked.args == [source.id]

    names = {b.objectName() for b in panel.findChildren(QPushButton)}
    assert {"labelButton:source", "labelButton:claim", "labelButton:framing"} <= names

    panel.set_labels([setup.label("claim")])
    assert panel.button_for(source.id) is None
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, "labelButton:source") is None)


# --- annotation table ------------------------------------------------------------------------


def test_annotation_model_passes_the_model_tester(qtmodeltester, setup: Setup) -> None:
    doc_id = _annotate(setup)
    model = AnnotationTableModel()
    model.set_document(ARTICLE, list_annotations(setup.project, doc_id), setup.labels, doc_id)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    claim_row = model.row_of(model.annotations()[1].id)
    text_cell = model.index(claim_row, COLUMN_TEXT)
    assert text_cell.data() == "budget augmentera de 3 %. \u23ce Selon"
    assert "Selon" in text_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(claim_row, COLUMN_LABEL).data() == "claim"
    assert model.index(claim_row, COLUMN_LABEL).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.flags(model.index(0, COLUMN_NOTE)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(text_cell) & Qt.ItemFlag.ItemIsEditable


def test_long_spans_are_cut_in_the_cell_but_whole_in_the_tooltip(setup: Setup) -> None:
    text = "x" * 500
    doc = import_texts(setup.project, [imported(text, "long.txt", "Long", "2023-04")])[0].document
    add_annotation(setup.project, doc.id, "claim", "alice", 0, 500)
    model = AnnotationTableModel()
    model.set_document(text, list_annotations(setup.project, doc.id), setup.labels, doc.id)
    cell = model.index(0, COLUMN_TEXT)
    assert len(cell.data()) == 200 and cell.data().endswith("\u2026")
    assert "x" * 500 in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_set_data_asks_for_changes_and_writes_nothing(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    model = panel.model
    doc_id = model.document_id()
    first = model.annotation_at(0)
    framing = setup.label("framing")
    with qtbot.waitSignal(model.label_change_requested) as relabel:
        assert model.setData(model.index(0, COLUMN_LABEL), framing.id) is False
    assert relabel.args == [first.id, framing.id]
    with qtbot.waitSignal(model.note_change_requested) as note:
        assert model.setData(model.index(0, COLUMN_NOTE), "vérifié") is False
    assert note.args == [first.id, "vérifié"]
    stored = list_annotations(setup.project, doc_id)[0]
    assert (stored.label, stored.note) == ("source", "")
    assert model.index(0, COLUMN_LABEL).data() == "source"


def test_label_editor_lists_labels_and_requests_the_pick(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    table = panel.table
    first = panel.model.annotation_at(0)
    table.edit(table.proxy.index(0, COLUMN_LABEL))
    combo = table.findChild(QComboBox, "labelEditor")
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["source", "claim", "framing"]
    assert combo.currentText() == "source"
    claim = setup.label("claim")
    with qtbot.waitSignal(panel.model.label_change_requested) as requested:
        combo.setCurrentIndex(combo.findData(claim.id))
        combo.activated.emit(combo.currentIndex())
    assert requested.args == [first.id, claim.id]


def test_delete_key_emits_selected_ids_in_reading_order(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    table = panel.table
    ids = [a.id for a in panel.model.annotations()]
    assert table.objectName() == "annotationTable"
    table.selectAll()
    table.setFocus()
    assert table.selected_annotation_ids() == tuple(ids)
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        with qtbot.waitSignal(table.delete_requested) as requested:
            qtbot.keyClick(table, key)
        assert requested.args == [tuple(ids)]
    assert len(list_annotations(setup.project, panel.model.document_id())) == 3


def test_selecting_rows_and_filtering(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    table = panel.table
    ids = [a.id for a in panel.model.annotations()]
    assert panel.header_text() == "Annotations in this document (3)"
    with qtbot.waitSignal(table.annotation_selected) as selected:
        assert table.select_annotation(ids[2])
    assert selected.args == [ids[2]]
    assert table.selected_annotation_ids() == (ids[2],)

    picked = []
    table.annotation_selected.connect(picked.append)
    qtbot.keyClicks(panel.filter_edit, "BOB")
    assert table.proxy.rowCount() == 1
    assert table.proxy.index(0, 0).data(ANNOTATION_ID_ROLE) == ids[1]
    assert panel.header_text() == "Annotations in this document (1 of 3)"
    assert picked == []
    assert not table.select_annotation(ids[0])  # hidden by the filter
    panel.filter_edit.clear()
    assert table.proxy.rowCount() == 3


def test_model_follows_added_removed_and_updated_annotations(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    model = panel.model
    doc_id = model.document_id()
    new = add_annotation(setup.project, doc_id, "claim", "carol", *setup.span("la réforme"))
    elsewhere = add_annotation(setup.project, setup.documents[1].id, "claim", "carol", 0, 4)
    model.add_annotations((new, elsewhere))
    assert [a.id for a in model.annotations()] == [
        a.id for a in list_annotations(setup.project, doc_id)
    ]
    assert panel.header_text() == "Annotations in this document (4)"

    changed = dataclasses.replace(new, note="à suivre")
    model.update_annotations((changed,))
    assert model.index(model.row_of(new.id), COLUMN_NOTE).data() == "à suivre"

    model.remove_annotations((new, elsewhere))
    assert model.row_of(new.id) is None
    assert panel.header_text() == "Annotations in this document (3)"


def test_removing_the_current_row_does_not_pick_a_neighbour(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    table = panel.table
    first, second, _third = panel.model.annotations()
    table.select_annotation(first.id)
    picked = []
    table.annotation_selected.connect(picked.append)
    panel.model.remove_annotations((first,))
    assert picked == []
    assert table.selected_annotation_ids() == ()

    # A click on the row Qt made current still announces it, to jump to it in the text.
    rect = table.visualRect(table.proxy.index(panel.model.row_of(second.id), COLUMN_TEXT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picked == [second.id]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picked == [second.id, second.id]


def test_sorting_by_label_then_back_to_reading_order(qtbot, setup: Setup) -> None:
    panel = _tag_panel(qtbot, setup)
    table = panel.table
    reading = [a.id for a in panel.model.annotations()]

    def shown() -> list[int]:
        return [table.proxy.index(r, 0).data(ANNOTATION_ID_ROLE) for r in range(3)]

    table.sortByColumn(COLUMN_LABEL, Qt.SortOrder.DescendingOrder)
    assert [table.proxy.index(r, COLUMN_LABEL).data() for r in range(3)] == [
        "source",
        "framing",
        "claim",
    ]
    table.sortByColumn(COLUMN_TEXT, Qt.SortOrder.AscendingOrder)
    assert shown() == reading
