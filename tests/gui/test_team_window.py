"""Team work in the window: the My assignments filter, the done mark, blind mode, whose spans may
change, and the progress window."""

from __future__ import annotations

from tests.helpers import span_of

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.assignments import assign, list_assignments
from annotator.ui.team.team_feature import DONE_MARK, TO_DO_MARK, AssigneeDialog

TEXT = "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"
OTHER = "« Nous tiendrons », a dit la ministre.\n"


def _open(open_window):
    window = open_window([(TEXT, "a.txt", "First"), (OTHER, "b.txt", "Second")])
    docs = window.document_list.model.documents()
    return window, {doc.title: doc.id for doc in docs}


def _listed(window) -> list[str]:
    proxy = window.document_list.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_my_assignments_lists_only_mine_with_their_done_mark(open_window):
    window, ids = _open(open_window)
    assign(window.project, "ana", [ids["Second"]])
    feature = window.team_feature
    feature.refresh()
    assert _listed(window) == ["First", f"{TO_DO_MARK} Second"]
    feature.mine_box.setChecked(True)
    assert _listed(window) == [f"{TO_DO_MARK} Second"]
    assert feature.set_done(ids["Second"], True)
    assert _listed(window) == [f"{DONE_MARK} Second"]
    feature.mine_box.setChecked(False)
    assert len(_listed(window)) == 2


def test_a_lead_assigns_from_the_document_lists_context_menu(open_window, monkeypatch):
    window, ids = _open(open_window)
    monkeypatch.setattr(AssigneeDialog, "ask", classmethod(lambda cls, parent, title, suggested: "ben"))
    menu = window.team_feature.document_menu(ids["First"])
    texts = [action.text() for action in menu.actions()]
    assert texts == ["Assign to me", "Assign to…", "Take back from…"]
    menu.actions()[1].trigger()
    assert [(r.annotator, r.title) for r in list_assignments(window.project)] == [("ben", "First")]
    assert "Assigned to ben" in window.statusBar().currentMessage()
    menu.actions()[0].trigger()
    assert [r.annotator for r in list_assignments(window.project)] == ["ana", "ben"]
    assert window.team_feature.document_menu(ids["First"]).actions()[0].text() == "Mark done"


def test_blind_mode_hides_a_colleagues_spans_in_the_window_until_done(open_window):
    window, ids = _open(open_window)
    doc_id = window.workspace.document.id
    add_annotation(window.project, doc_id, "source", "ana", *span_of(TEXT, "le ministre"))
    add_annotation(window.project, doc_id, "claim", "ben", *span_of(TEXT, "sauvera"))
    assign(window.project, "ana", [doc_id])
    window.team_feature.refresh()
    window.workspace.show_document(doc_id)
    assert {a.annotator for a in window.workspace.annotations} == {"ana", "ben"}
    window.team_feature.blind_action.setChecked(True)
    assert {a.annotator for a in window.workspace.annotations} == {"ana"}
    assert window.team_feature.done_action.isEnabled()
    window.team_feature.done_action.trigger()
    assert {a.annotator for a in window.workspace.annotations} == {"ana", "ben"}
    window.team_feature.blind_action.setChecked(False)


def test_a_project_files_holder_still_deletes_a_colleagues_merged_span(open_window):
    # the own-annotations rule is a team project's (on a server); a file is its holder's
    window, ids = _open(open_window)
    doc_id = window.workspace.document.id
    theirs = add_annotation(window.project, doc_id, "claim", "ben", *span_of(TEXT, "sauvera"))
    window.workspace.show_document(doc_id)
    window.workspace.delete_annotations([theirs.id])
    assert list_annotations(window.project, doc_id) == []


def test_the_progress_window_shows_done_documents_and_agreement(open_window):
    window, ids = _open(open_window)
    doc_id = ids["First"]
    for name in ("ana", "ben"):
        add_annotation(window.project, doc_id, "source", name, *span_of(TEXT, "le ministre"))
        assign(window.project, name, [doc_id])
    from annotator.services.assignments import mark_done

    mark_done(window.project, "ben", [doc_id])
    shown = window.team_feature.show_progress()
    assert shown.table.rowCount() == 2
    assert [shown.table.item(r, 2).text() for r in range(2)] == ["0", "1"]
    assert "no document is done by two" in shown.agreement_label.text()
    mark_done(window.project, "ana", [doc_id])
    window.team_feature.show_progress()
    assert "over 1 document done by two or more: alpha" in shown.agreement_label.text()
