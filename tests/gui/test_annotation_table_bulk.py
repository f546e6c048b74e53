"""The annotation table keeps up with a crowded document: thousands of rows come and go at once."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from annotator.domain.records import AnnotationInfo, LabelInfo
from annotator.ui.workspace.annotation_table import ANNOTATION_ID_ROLE, COLUMN_LABEL
from annotator.ui.workspace.tag_panel import TagPanel

LABELS = [
    LabelInfo(1, "u-source", "source", "#56b4e9", "1", "", 0),
    LabelInfo(2, "u-claim", "claim", "#e69f00", "2", "", 1),
]
WORDS = 13_000
TEXT = "".join(f"mot{i % 10} " for i in range(WORDS))  # every word is 5 characters


def _annotation(annotation_id: int, word: int, label: LabelInfo) -> AnnotationInfo:
    start = word * 5
    return AnnotationInfo(annotation_id, f"uuid-{annotation_id}", 7, label.id, label.name, "ana",
                          start, start + 4, "", "2024-01-01T00:00:00", "2024-01-01T00:00:00")


def _panel(qtbot, annotations: list[AnnotationInfo]) -> TagPanel:
    panel = TagPanel()
    qtbot.addWidget(panel)
    panel.set_labels(LABELS)
    panel.set_document(TEXT, annotations, LABELS, 7)
    panel.resize(480, 600)
    panel.show()
    return panel


def _shown_ids(panel: TagPanel) -> list[int]:
    proxy = panel.table.proxy
    return [proxy.index(row, 0).data(ANNOTATION_ID_ROLE) for row in range(proxy.rowCount())]


def test_labelling_undoing_and_redoing_3000_matches_among_10000_is_quick(qtbot):
    existing = [_annotation(i + 1, i, LABELS[0]) for i in range(10_000)]
    # Most matches are on words that already carry another label; the rest come after them.
    matches = [_annotation(20_000 + i, i * 4 + 1, LABELS[1]) for i in range(3_000)]
    panel = _panel(qtbot, existing)
    model = panel.model
    reading = sorted((*existing, *matches), key=lambda a: (a.start, -a.end, a.id))

    began = time.perf_counter()
    model.add_annotations(matches)  # label all matches
    QApplication.processEvents()
    model.remove_annotations(matches)  # undo
    QApplication.processEvents()
    model.add_annotations(matches)  # redo
    QApplication.processEvents()
    took = time.perf_counter() - began

    assert took < 1.0, f"the table took {took:.2f} s"
    assert panel.header_text() == "Annotations in this document (13000)"
    assert _shown_ids(panel) == [a.id for a in reading]
    assert all(model.row_of(a.id) == row for row, a in enumerate(reading))
    assert panel.table.select_annotation(matches[-1].id)
    assert panel.table.selected_annotation_ids() == (matches[-1].id,)
    model.add_annotations(matches[:100])  # already shown: nothing doubles
    assert model.rowCount() == 13_000


def test_a_few_rows_come_and_go_one_by_one_keeping_the_selection(qtbot):
    existing = [_annotation(i + 1, i * 3, LABELS[0]) for i in range(200)]
    panel = _panel(qtbot, existing)
    model = panel.model
    kept = existing[150]
    panel.table.select_annotation(kept.id)
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, _last: inserted.append(first))

    new = [_annotation(1_000 + i, i * 3 + 1, LABELS[1]) for i in range(5)]
    model.add_annotations(new)
    assert len(inserted) == 5
    assert panel.table.selected_annotation_ids() == (kept.id,)
    assert [model.row_of(a.id) for a in new] == [1, 3, 5, 7, 9]
    assert model.index(model.row_of(new[2].id), COLUMN_LABEL).data() == "claim"

    model.remove_annotations(new[:2])
    assert panel.table.selected_annotation_ids() == (kept.id,)
    assert model.row_of(new[0].id) is None
    assert [model.row_of(a.id) for a in new[2:]] == [3, 5, 7]
    assert model.row_of(kept.id) == 153
    assert panel.header_text() == "Annotations in this document (203)"
