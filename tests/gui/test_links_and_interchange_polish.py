"""What an analyst notices around links, document details and brat / REFI-QDA in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from tests.gui.test_link_mode import ARTICLE as LINK_ARTICLE
from tests.gui.test_link_mode import _links, _window

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import list_documents
from annotator.services.links import add_link
from annotator.ui.interchange.brat_actions import BratAnnotatorQuestion, BratFolderDialog, BratSummary
from annotator.ui.interchange.qdpx_actions import QdpxFileDialog, QdpxSummary
from annotator.ui.links.link_dialogs import LinkTargetDialog
from annotator.ui.undo_stack import undo_step
from annotator.ui.workspace.document_details import DocumentDetailsDialog
from annotator.ui.workspace.document_list import COLUMN_TITLE
from annotator.ui.workspace.span_margin import SpanMargin


def test_the_highlight_menu_offers_link_to(open_window, monkeypatch):
    window, ids = _window(open_window)
    claim = next(a for a in window.workspace.annotations if a.id == ids["claim"])
    offered: list[list[str]] = []

    def choose(cls, parent, prompt, options):
        offered.append([option.text for option in options])
        return next(o for o in options if o.annotation.id == ids["source"])

    monkeypatch.setattr(LinkTargetDialog, "ask", classmethod(choose))
    menu = QMenu(window.document_view)
    for extra in window.workspace.context_menu_extras:
        extra(menu, claim)
    (link_to,) = [a for a in menu.actions() if a.objectName() == "linkToMenuAction"]
    assert link_to.text() == "Link to…" and link_to.isEnabled()
    link_to.trigger()
    assert any("Jens Stoltenberg" in line for line in offered[0])
    assert _links(window) == [("attributed_to", ids["claim"], ids["source"])]
    assert window.statusBar().currentMessage().startswith("Linked: «l’Alliance reste unie»")


def test_a_long_link_line_fits_the_panel_and_its_tooltip_is_whole(open_window):
    window = open_window([(LINK_ARTICLE, "a.txt", "OTAN")])
    doc = window.workspace.document
    source_text = "Le secrétaire général Jens Stoltenberg"
    claim_text = "l’Alliance reste unie"
    source = add_annotation(window.project, doc.id, "source", "ana", 0, len(source_text))
    start = LINK_ARTICLE.index(claim_text)
    claim = add_annotation(window.project, doc.id, "claim", "ana", start, start + len(claim_text))
    window.workspace.show_document(doc.id)
    window.resize(900, 600)
    window.tag_panel.table.select_annotation(claim.id)
    add_link(window.project, claim.id, source.id, "ana", "attributed_to")
    window.links_feature.refresh()
    panel = window.tag_panel.links
    panel.list.resize(160, panel.list.height())
    panel.list.elide_items()
    whole = "→ attributed to «Le secrétaire général Jens Stoltenberg»"
    assert panel.entries() == [whole]
    item = panel.list.item(0)
    assert item.text().endswith("…") and len(item.text()) < len(whole)
    assert item.toolTip() == whole
    assert panel.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_a_wrapped_partner_is_framed_line_by_line_up_to_its_last_word(open_window):
    window, ids = _window(open_window)
    view, overlay = window.document_view, window.links_feature.overlay
    window.resize(700, 600)
    view.setFixedWidth(224 + SpanMargin.margin_width())  # the claim wraps onto a second line
    overlay.set_links([], {ids["claim"]: _bounds(ids["claim"], window)}, {}, None)
    rects = overlay.line_rects(ids["claim"])
    start, end = _bounds(ids["claim"], window)
    assert len(rects) >= 2
    last_word_end = view.cursorRect(view.cursor_for(end, end)).left()
    assert abs(rects[-1].right() - last_word_end) <= 2  # not drawn on to the edge of the page
    first_start = view.cursorRect(view.cursor_for(start, start)).left()
    assert abs(rects[0].left() - first_start) <= 2


def _bounds(annotation_id: int, window) -> tuple[int, int]:
    ann = next(a for a in window.workspace.annotations if a.id == annotation_id)
    return ann.start, ann.end


def test_remove_rule_waits_until_a_rule_is_chosen(project, events, stack, qtbot):
    from annotator.ui.codebook.codebook_dialog import CodebookDialog

    dialog = CodebookDialog(project, events, stack)
    qtbot.addWidget(dialog)
    panel = dialog.link_rules
    assert not panel.remove_button.isEnabled()
    panel.rules.setCurrentRow(0)
    assert panel.remove_button.isEnabled()
    panel.remove_button.click()
    assert panel.rule_lines() == ["framing —frames→ claim"]
    assert not panel.remove_button.isEnabled()  # the list was re-read: nothing chosen
    dialog.disconnect_events()


def test_a_link_rule_change_reaches_link_mode_and_keeps_the_selection(open_window, qtbot):
    from annotator.ui.links.link_rules_panel import LinkRulesPanel

    window, ids = _window(open_window)
    view, hint = window.document_view, window.tag_panel.links.hint
    window.tag_panel.table.select_annotation(ids["source"])
    view.select_range(0, 2)
    assert hint.text() == "No links yet: press L to link this source"
    panel = LinkRulesPanel(window.project, window.events, window.undo_stack)
    qtbot.addWidget(panel)
    panel.rules.setCurrentRow(0)  # claim —attributed_to→ source
    assert panel.remove_selected()
    assert hint.text() == "The codebook allows no links for «source» spans"
    assert window.tag_panel.table.selected_annotation_ids() == (ids["source"],)
    assert view.selected_range() == (0, 2)  # the article was not laid out anew
    undo_step(window.undo_stack)
    assert hint.text() == "No links yet: press L to link this source"
    panel.disconnect_events()


def test_saved_details_are_confirmed_shown_on_hover_and_undone(article_window, monkeypatch):
    window = article_window
    changes = {"outlet": "RT France", "url": "https://francais.rt.example/101234"}
    monkeypatch.setattr(DocumentDetailsDialog, "ask", classmethod(lambda cls, p, d: dict(changes)))
    window.findChild(QAction, "documentDetailsAction").trigger()
    assert window.statusBar().currentMessage() == (
        "Document details saved (outlet, URL); Ctrl+Z undoes it"
    )
    assert len(window.undo_stack.undoText()) < 70  # the Edit menu stays narrow
    model = window.document_list.model
    tooltip = model.data(model.index(0, COLUMN_TITLE), Qt.ItemDataRole.ToolTipRole)
    assert "Outlet: RT France" in tooltip and "URL: https://francais.rt.example/101234" in tooltip
    undo_step(window.undo_stack)
    tooltip = model.data(model.index(0, COLUMN_TITLE), Qt.ItemDataRole.ToolTipRole)
    assert "Outlet" not in tooltip


def _flat_brat_folder(tmp_path):
    from tests.helpers import ARTICLE

    folder = tmp_path / "flat"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("le ministre")
    (folder / "a.ann").write_text(f"T1\tsource {start} {start + 11}\tle ministre\n")
    return folder


def test_a_brat_folder_naming_no_annotator_is_imported_as_you(article_window, tmp_path,
                                                             monkeypatch, qtbot):
    window = article_window
    folder = _flat_brat_folder(tmp_path)
    monkeypatch.setattr(BratFolderDialog, "ask", classmethod(lambda cls, parent, export: folder))
    asked: list[str] = []
    monkeypatch.setattr(BratAnnotatorQuestion, "ask",
                        classmethod(lambda cls, p, name, reason: asked.append(name) or True))
    shown: list[list[str]] = []
    monkeypatch.setattr(BratSummary, "present", classmethod(lambda cls, p, t, lines: shown.append(lines)))
    window.findChild(QAction, "importBratAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert asked == ["ana"]
    assert shown[0][0] == "Added 1 annotation"
    (document,) = list_documents(window.project)
    assert [(a.label, a.annotator) for a in list_annotations(window.project, document.id)] == [
        ("source", "ana")
    ]


def test_declining_the_annotator_question_imports_nothing(article_window, tmp_path, monkeypatch,
                                                          qtbot):
    window = article_window
    folder = _flat_brat_folder(tmp_path)
    monkeypatch.setattr(BratFolderDialog, "ask", classmethod(lambda cls, parent, export: folder))
    monkeypatch.setattr(BratAnnotatorQuestion, "ask", classmethod(lambda cls, p, name, reason: False))
    window.findChild(QAction, "importBratAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    (document,) = list_documents(window.project)
    assert list_annotations(window.project, document.id) == []


def test_importing_the_same_qdpx_again_says_nothing_new(article_window, tmp_path, monkeypatch,
                                                       qtbot):
    window = article_window
    out = tmp_path / "again.qdpx"
    monkeypatch.setattr(QdpxFileDialog, "ask", classmethod(lambda cls, parent, export: out))
    shown: list[list[str]] = []
    monkeypatch.setattr(QdpxSummary, "present", classmethod(lambda cls, p, t, lines: shown.append(lines)))
    window.findChild(QAction, "exportQdpxAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    window.findChild(QAction, "importQdpxAction").trigger()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert shown[0][0] == "Nothing new: the project already holds all of it"
