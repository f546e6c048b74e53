"""The Agreement window: Review > Agreement… shows the figures, follows changes, saves CSV."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.helpers import imported

from annotator.domain.agreement import MEASURES
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.project import open_project
from annotator.ui.review import agreement_window
from annotator.ui.review.agreement_window import AgreementWindow

TEXT = "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"


def _cell(window: AgreementWindow, label: str, measure: str, column: int = 3) -> str:
    model = window.model
    for row in range(model.rowCount()):
        if (model.index(row, 0).data(), model.index(row, 1).data()) == (label, measure):
            return model.index(row, column).data()
    raise KeyError((label, measure))


def test_agreement_window_shows_follows_and_saves(qtbot, tmp_path, monkeypatch):
    from annotator.ui import open_main_window

    path = tmp_path / "w.annotator"
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(TEXT, "a.txt")])
    doc_id = outcome.document.id
    add_annotation(project, doc_id, "source", "ana", 9, 17)
    add_annotation(project, doc_id, "source", "ben", 9, 17)
    add_annotation(project, doc_id, "claim", "ben", 19, 40)
    project.close()
    main = open_main_window(path, "ana")
    qtbot.addWidget(main)

    action = next(a for a in main.menu("reviewMenu").actions() if a.objectName() == "agreementAction")
    action.trigger()
    window = main.findChild(AgreementWindow, "agreementWindow")
    assert window is not None and window.isVisible()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4 * len(MEASURES))
    assert window.chosen_annotators() == ["ana", "ben"]
    assert _cell(window, "source", "f1_exact") == "1.0000"
    assert _cell(window, "claim", "precision_exact") == "0.0000"
    assert _cell(window, "claim", "recall_exact") == "–"  # ana marked no claim
    assert window.summary.text().startswith("1 document, 17 tokens")

    # Unchecking one of two annotators empties the table with a reason.
    window.annotator_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert "at least two annotators" in window.summary.text()
    window.annotator_list.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)

    # A new annotation elsewhere in the window refreshes the figures.
    added = add_annotation(main.project, doc_id, "claim", "ana", 19, 40)
    main.events.annotations_added.emit((added,))
    qtbot.waitUntil(lambda: _cell(window, "claim", "recall_exact") == "1.0000")

    # Save CSV… writes the CLI's CSV.
    target = tmp_path / "figures.csv"
    monkeypatch.setattr(agreement_window.SaveAgreementDialog, "ask",
                        classmethod(lambda cls, parent: target))
    window.save_button.click()
    lines = target.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "label,measure,value,units"
    assert "claim,recall_exact,1.0,1" in lines
