"""Link mode in the window: select a claim, press L, click its source; see, undo and delete links."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from tests.helpers import span_of

from annotator.services.annotations import add_annotation
from annotator.services.links import list_links
from annotator.ui.links.link_dialogs import LinkTargetDialog
from annotator.ui.main_window import MainWindow

ARTICLE = (
    "Le secrétaire général Jens Stoltenberg a déclaré que « l’Alliance reste unie » 😮.\n"
    "Un pari risqué, selon les observateurs.\n"
)


def _point(window: MainWindow, phrase: str) -> QPoint:
    """The middle of a phrase in viewport coordinates."""
    view = window.document_view
    start, end = span_of(ARTICLE, phrase)
    a = view.cursorRect(view.cursor_for(start, start))
    b = view.cursorRect(view.cursor_for(end, end))
    return QPoint((a.center().x() + b.center().x()) // 2, a.center().y())


def _window(open_window) -> tuple[MainWindow, dict[str, int]]:
    window = open_window([(ARTICLE, "a.txt", "OTAN")])
    doc = window.workspace.document
    spans = (("source", "source", "Jens Stoltenberg"), ("claim", "claim", "l’Alliance reste unie"),
             ("framing", "framing", "Un pari risqué"), ("claim2", "claim", "selon les observateurs"))
    ids = {
        name: add_annotation(window.project, doc.id, label, "ana", *span_of(ARTICLE, phrase)).id
        for name, label, phrase in spans
    }
    window.workspace.show_document(doc.id)
    return window, ids


def _links(window: MainWindow) -> list[tuple[str, int, int]]:
    return [(k.relation, k.from_annotation_id, k.to_annotation_id)
            for k in list_links(window.project, window.workspace.document.id)]


def _tooltip_at(window: MainWindow, phrase: str) -> str:
    viewport = window.document_view.viewport()
    pos = _point(window, phrase)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text()


def test_link_a_claim_to_its_source_see_it_undo_it(open_window):
    window, ids = _window(open_window)
    view, table = window.document_view, window.tag_panel.table
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, "reste unie"))
    assert table.selected_annotation_ids() == (ids["claim"],)
    assert window.tag_panel.links.hint.text() == "No links yet: press L to link this claim"

    QTest.keyClick(view, Qt.Key.Key_L)
    assert window.statusBar().currentMessage() == (
        "Click the source this claim is attributed to (Esc to cancel)"
    )
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, "les observ"))
    assert "can be linked with «framing» or «source», not a «claim»" in (
        window.statusBar().currentMessage()
    )
    assert _links(window) == []
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, "Stoltenberg"))

    assert _links(window) == [("attributed_to", ids["claim"], ids["source"])]
    assert table.selected_annotation_ids() == (ids["claim"],)  # the claim stays selected
    assert window.tag_panel.links.entries() == ["→ attributed to «Jens Stoltenberg»"]
    assert "→ attributed to «Jens Stoltenberg»" in _tooltip_at(window, "reste unie")
    assert "← source of «l’Alliance reste unie»" in _tooltip_at(window, "Stoltenberg")
    assert window.links_feature.overlay.arcs()  # the arc from the claim to its source is drawn

    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _links(window) == []
    assert window.tag_panel.links.entries() == []
    assert "attributed to" not in _tooltip_at(window, "reste unie")


def test_deleting_the_source_deletes_the_link_and_undo_restores_both(open_window, monkeypatch):
    window, ids = _window(open_window)
    view, table = window.document_view, window.tag_panel.table
    table.select_annotation(ids["framing"])
    window.find_action.trigger()
    window.find_bar.label_combo.setFocus()
    QTest.keyClick(window.find_bar.label_combo, Qt.Key.Key_L)  # a combo box takes its own keys
    assert not window.links_feature.linking
    QTest.keyClick(view, Qt.Key.Key_L)
    assert window.statusBar().currentMessage() == "Click the claim this framing frames (Esc to cancel)"
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not window.links_feature.linking

    offered = []
    monkeypatch.setattr(LinkTargetDialog, "ask", classmethod(
        lambda cls, parent, prompt, options: offered.extend(options) or options[-1]))
    table.select_annotation(ids["claim"])
    QTest.keyClick(view, Qt.Key.Key_L)
    QTest.keyClick(view, Qt.Key.Key_L)  # L again: pick from the list, nearest first
    assert [c.annotation.id for c in offered] == [ids["framing"], ids["source"]]  # nearest first
    assert _links(window) == [("attributed_to", ids["claim"], ids["source"])]

    table.select_annotation(ids["source"])
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert _links(window) == []
    assert window.statusBar().currentMessage() == "Deleted 1 annotation and 1 link"

    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _links(window) == [("attributed_to", ids["claim"], ids["source"])]
    table.select_annotation(ids["source"])
    assert window.tag_panel.links.entries() == ["← source of «l’Alliance reste unie»"]

    window.tag_panel.links.list.setFocus()
    QTest.keyClick(window.tag_panel.links.list, Qt.Key.Key_Delete)  # deletes the link, not the span
    assert _links(window) == []
    assert table.selected_annotation_ids() == (ids["source"],)


def test_the_codebook_lists_link_rules_and_adds_them_undoably(project, events, stack, qtbot):
    from annotator.ui.codebook.codebook_dialog import CodebookDialog
    from annotator.ui.undo_stack import undo_step

    dialog = CodebookDialog(project, events, stack)
    qtbot.addWidget(dialog)
    panel = dialog.link_rules
    assert panel.rule_lines() == ["claim —attributed_to→ source", "framing —frames→ claim"]
    panel.from_combo.setCurrentText("claim")
    panel.to_combo.setCurrentText("claim")
    panel.relation_edit.setText("responds_to")
    assert panel.add_rule()
    assert "claim —responds_to→ claim" in panel.rule_lines()
    panel.relation_edit.setText("two words")
    assert not panel.add_rule()
    assert "one word" in dialog.message.text()
    undo_step(stack)
    assert "claim —responds_to→ claim" not in panel.rule_lines()
    dialog.disconnect_events()


def test_the_link_picker_tells_identical_texts_apart_by_context_and_place(open_window, qtbot):
    text = ("Selon l’OTAN, la Russie masse des troupes.\n\n"
            "Le ministre cite aussi l’OTAN dans son discours.\n"
            "Pour les experts, l’OTAN hésite encore.\n")
    window = open_window([(text, "a.txt", "OTAN")])
    doc = window.workspace.document
    claim = add_annotation(window.project, doc.id, "claim", "ana",
                           *span_of(text, "la Russie masse des troupes"))
    for nth in range(3):
        add_annotation(window.project, doc.id, "source", "ben", *span_of(text, "OTAN", nth))
    window.workspace.show_document(doc.id)
    dialog = LinkTargetDialog("Link", window.links_feature.candidates(window.workspace.annotation(claim.id)))
    qtbot.addWidget(dialog)
    shown = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert len(shown) == 3 and len(set(shown)) == 3
    first, second, third = sorted(shown, key=lambda row: row.split("paragraph ")[1])
    assert first.splitlines() == ["attributed to «OTAN»  · source, ben",
                                  "Selon l’«OTAN», la Russie masse des… · paragraph 1, character 8"]
    assert second.splitlines()[1] == ("Le ministre cite aussi l’«OTAN» dans son discours. · paragraph 2, "
                                      f"character {text.index('OTAN', 10)}")
    assert third.splitlines()[1].startswith("Pour les experts, l’«OTAN» hésite encore. · paragraph 3")
