"""Suggestions as an analyst meets them: proposed, listed, accepted (with the quotation's speaker
and the link between them), undone, dismissed and remembered, never taken for annotations."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from tests.helpers import imported, project_with_article, span_of
from tests.pg_cluster import committed_rows, project_place

from annotator.domain.errors import AnnotatorError, ChangedSince, InvalidInput, NotFound, describe
from annotator.domain.suggest import propose
from annotator.services.annotations import (
    add_annotation,
    delete_annotations_with_dependents,
    list_annotations,
    relabel_annotation,
    restore_annotations_with_dependents,
)
from annotator.services.documents import import_texts
from annotator.services.labels import list_labels
from annotator.services.links import add_link_rule, list_link_rules, list_links, remove_link_rule
from annotator.services.project import open_project, project_summary
from annotator.services.suggestions import (
    accept_suggestions,
    count_open_suggestions,
    dismiss_suggestions,
    list_suggestions,
    redo_accept,
    redo_dismiss,
    restore_suggestions,
    set_suggest_on_import,
    set_suggestion_label,
    suggest_documents,
    suggest_on_import,
    suggestion_labels,
    undo_accept,
)

QUOTED = (
    "Le ministre a déclaré : « La réforme sauvera des emplois. » "
    "La syndicaliste Marie Dupont a répondu : « Nous ne céderons pas. »\n"
)


pytestmark = pytest.mark.usefixtures("backend")


def _origins(project) -> dict[str, str]:
    return dict(committed_rows(project.target, "SELECT uuid, origin FROM annotations"))


def _committed(target, sql: str, params: tuple) -> list[tuple]:
    """Run `sql` (with ? marks) on a connection of its own, commit, and return its rows."""
    if isinstance(target, str):
        import psycopg

        with psycopg.connect(target) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    conn = sqlite3.connect(target)
    try:
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def _add_suggestion(project, document_id: int, kind: str, start: int, end: int,
                    source: int | None = None) -> int:
    """A suggestion row as the rules would leave it (the rules' own output is theirs to test)."""
    _committed(
        project.target,
        'INSERT INTO suggestions (uuid, document_id, kind, start, "end", source_suggestion_id, state, '
        "created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', '2026-01-01T00:00:00.000Z') "
        'ON CONFLICT (document_id, kind, start, "end") DO UPDATE SET '
        "source_suggestion_id = excluded.source_suggestion_id, state = 'open'",
        (str(uuid.uuid4()), document_id, kind, start, end, source))
    ((suggestion_id,),) = _committed(
        project.target,
        'SELECT id FROM suggestions WHERE document_id = ? AND kind = ? AND start = ? AND "end" = ?',
        (document_id, kind, start, end))
    return int(suggestion_id)


def _quiet(tmp_path):
    """A project holding QUOTED without the suggestions an import makes (the tests make their own)."""
    project = open_project(project_place(tmp_path / "quiet.annotator"))
    (outcome,) = import_texts(project, [imported(QUOTED)], suggest=False)
    return project, outcome.document


def _suggestion_rows(project) -> list[tuple]:
    return committed_rows(project.target, "SELECT * FROM suggestions ORDER BY id")


def _quote_with_speaker(project, doc) -> tuple[int, int]:
    """The second quotation of QUOTED and its speaker, as suggestions: (claim id, source id)."""
    source = _add_suggestion(project, doc.id, "source", *span_of(QUOTED, "Marie Dupont"))
    claim = _add_suggestion(project, doc.id, "claim", *span_of(QUOTED, "Nous ne céderons pas."), source)
    return claim, source


def test_suggestions_are_what_the_rules_propose_listed_in_reading_order(tmp_path):
    project, doc = project_with_article(tmp_path, QUOTED)
    run = suggest_documents(project)
    expected = sorted((p.kind, p.start, p.end) for p in propose(QUOTED, "fr"))
    listed = list_suggestions(project, doc.id)
    assert sorted((s.kind, s.start, s.end) for s in listed) == expected
    assert [s.start for s in listed] == sorted(s.start for s in listed)
    assert run.open == len(expected) and run.documents[0].language == "fr"
    assert {s.label_name for s in listed} <= {"claim", "source"}
    assert count_open_suggestions(project) == ({doc.id: len(expected)} if expected else {})
    # proposing again changes nothing the analyst sees, and keeps each suggestion's identity
    again = suggest_documents(project, [doc.id])
    assert again.added == 0
    assert [s.uuid for s in list_suggestions(project, doc.id)] == [s.uuid for s in listed]


def test_suggestions_are_not_annotations(tmp_path):
    project, doc = _quiet(tmp_path)
    _quote_with_speaker(project, doc)
    suggest_documents(project)
    assert list_annotations(project, doc.id) == []
    assert project_summary(project).total_annotations == 0


def test_accepting_a_quotation_makes_it_and_its_speaker_linked_annotations_marked_suggested(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, source = _quote_with_speaker(project, doc)
    accepted = accept_suggestions(project, [claim], "Ana")
    annotations = {a.label: a for a in list_annotations(project, doc.id)}
    assert set(annotations) == {"claim", "source"}
    assert QUOTED[annotations["claim"].start:annotations["claim"].end] == "Nous ne céderons pas."
    assert QUOTED[annotations["source"].start:annotations["source"].end] == "Marie Dupont"
    assert {a.annotator for a in annotations.values()} == {"Ana"}
    assert set(_origins(project).values()) == {"suggested"}
    (link,) = list_links(project, doc.id)
    ends = (link.from_annotation_id, link.to_annotation_id)
    assert ends == (annotations["claim"].id, annotations["source"].id)
    assert link.relation == "attributed_to" and not accepted.no_link_rule
    assert list_suggestions(project, doc.id) == []


def test_the_analysts_own_span_is_reused_as_the_speaker_and_kept_on_undo(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    mine = add_annotation(project, doc.id, "source", "Ana", *span_of(QUOTED, "Marie Dupont"))
    accepted = accept_suggestions(project, [claim], "Ana")
    assert [a.uuid for a in accepted.reused] == [mine.uuid]
    assert len(accepted.annotations) == 1
    assert _origins(project)[mine.uuid] == "manual"
    (link,) = list_links(project, doc.id)
    assert link.to_annotation_id == mine.id
    undo_accept(project, accepted)
    assert [a.uuid for a in list_annotations(project, doc.id)] == [mine.uuid]
    assert list_links(project, doc.id) == []


def test_a_suggestion_already_annotated_by_the_analyst_is_not_listed_for_them(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, source = _quote_with_speaker(project, doc)
    add_annotation(project, doc.id, "source", "Ana", *span_of(QUOTED, "Marie Dupont"))
    assert {s.id for s in list_suggestions(project, doc.id, "Ana")} == {claim}
    assert {s.id for s in list_suggestions(project, doc.id, "Bo")} == {claim, source}


def test_without_a_link_rule_both_are_made_unlinked_and_the_result_says_so(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    for rule in list_link_rules(project):
        remove_link_rule(project, rule.id)
    accepted = accept_suggestions(project, [claim], "Ana")
    assert len(accepted.annotations) == 2 and accepted.links == ()
    assert accepted.no_link_rule and accepted.unlinked == 1
    assert list_links(project, doc.id) == []


def test_the_link_follows_the_projects_own_rule(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    for rule in list_link_rules(project):
        remove_link_rule(project, rule.id)
    add_link_rule(project, "said_by", "claim", "source")
    accept_suggestions(project, [claim], "Ana")
    assert [link.relation for link in list_links(project, doc.id)] == ["said_by"]


def test_undo_takes_back_exactly_what_accepting_made_and_redo_brings_the_same_back(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, source = _quote_with_speaker(project, doc)
    manual = add_annotation(project, doc.id, "framing", "Ana", 0, 10)
    accepted = accept_suggestions(project, [claim], "Ana")
    undo_accept(project, accepted)
    assert [a.uuid for a in list_annotations(project, doc.id)] == [manual.uuid]
    assert list_links(project, doc.id) == []
    assert {s.id for s in list_suggestions(project, doc.id)} == {claim, source}
    again = redo_accept(project, accepted)
    assert {a.uuid for a in list_annotations(project, doc.id)} == {
        manual.uuid, *(a.uuid for a in accepted.annotations)}
    assert [link.uuid for link in list_links(project, doc.id)] == [accepted.links[0].link.uuid]
    assert set(_origins(project).values()) == {"manual", "suggested"}
    undo_accept(project, again)
    assert len(list_annotations(project, doc.id)) == 1


def test_undo_is_refused_when_an_accepted_annotation_changed_since(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    accepted = accept_suggestions(project, [claim], "Ana")
    made = next(a for a in accepted.annotations if a.label == "claim")
    relabel_annotation(project, made.id, "framing")
    with pytest.raises(ChangedSince) as refused:
        undo_accept(project, accepted)
    assert "changed since" in describe(refused.value)
    assert len(list_annotations(project, doc.id)) == 2  # nothing was taken back
    assert len(list_links(project, doc.id)) == 1


def test_accepting_twice_is_refused_and_changes_nothing(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    accept_suggestions(project, [claim], "Ana")
    with pytest.raises(ChangedSince) as refused:
        accept_suggestions(project, [claim], "Bo")
    assert "accepted or dismissed since" in describe(refused.value)
    assert {a.annotator for a in list_annotations(project, doc.id)} == {"Ana"}
    with pytest.raises(NotFound):
        accept_suggestions(project, [9999], "Ana")


def test_a_kind_without_a_label_is_refused_with_a_pointer_to_the_codebook(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    assert set_suggestion_label(project, "claim", None) is not None
    assert suggestion_labels(project)["claim"] is None
    with pytest.raises(InvalidInput) as refused:
        accept_suggestions(project, [claim], "Ana")
    assert "codebook" in describe(refused.value)
    assert list_annotations(project, doc.id) == []


def test_suggestions_are_accepted_as_the_labels_the_project_chose(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    framing = next(label for label in list_labels(project) if label.name == "framing")
    set_suggestion_label(project, "claim", framing.id)
    assert list_suggestions(project, doc.id)[-1].label_name == "framing"
    accepted = accept_suggestions(project, [claim], "Ana")
    assert {a.label for a in accepted.annotations} == {"framing", "source"}
    assert accepted.no_link_rule  # the codebook has no framing -> source rule
    with pytest.raises(AnnotatorError):
        set_suggestion_label(project, "speaker", framing.id)


def test_a_dismissal_is_remembered_when_the_document_is_proposed_for_again(tmp_path):
    project, doc = project_with_article(tmp_path, QUOTED)
    suggest_documents(project)
    listed = list_suggestions(project, doc.id)
    if not listed:
        pytest.skip("the rules propose nothing in this text")
    dismissed = dismiss_suggestions(project, [listed[0].id])
    suggest_documents(project)
    assert listed[0].uuid not in {s.uuid for s in list_suggestions(project, doc.id)}
    restore_suggestions(project, dismissed)
    assert listed[0].uuid in {s.uuid for s in list_suggestions(project, doc.id)}
    redo_dismiss(project, dismissed)
    assert listed[0].uuid not in {s.uuid for s in list_suggestions(project, doc.id)}
    with pytest.raises(ChangedSince):
        redo_dismiss(project, dismissed)


def test_a_cancelled_run_changes_nothing(tmp_path):
    project, doc = project_with_article(tmp_path, QUOTED)
    import_texts(project, [imported(QUOTED + " Encore.", name="b.txt")], suggest=False)
    dismiss_suggestions(project, [s.id for s in list_suggestions(project, doc.id)])
    before = _suggestion_rows(project)
    seen = []
    run = suggest_documents(project, progress=lambda done, total: seen.append((done, total)),
                            cancelled=lambda: len(seen) > 1)
    assert run.cancelled and run.documents == ()
    assert _suggestion_rows(project) == before
    assert seen[0] == (0, 2)


def test_an_unknown_document_is_refused_before_anything_changes(tmp_path):
    project, doc = project_with_article(tmp_path, QUOTED)
    dismiss_suggestions(project, [s.id for s in list_suggestions(project, doc.id)])
    before = _suggestion_rows(project)
    with pytest.raises(NotFound) as refused:
        suggest_documents(project, [doc.id, 4242])
    assert "4242" in describe(refused.value)
    assert _suggestion_rows(project) == before


def test_imported_articles_get_suggestions_unless_the_project_or_the_import_says_not(tmp_path):
    project, doc = project_with_article(tmp_path, QUOTED)
    assert suggest_on_import(project)
    proposed = {(p.kind, p.start, p.end) for p in propose(QUOTED, "fr")}
    assert {(s.kind, s.start, s.end) for s in list_suggestions(project, doc.id)} == proposed
    (quiet,) = import_texts(project, [imported(QUOTED + "Un.", name="b.txt")], suggest=False)
    assert list_suggestions(project, quiet.document.id) == []
    assert set_suggest_on_import(project, False) is True
    assert not suggest_on_import(project)
    (off,) = import_texts(project, [imported(QUOTED + "Deux.", name="c.txt")])
    assert list_suggestions(project, off.document.id) == []
    (asked,) = import_texts(project, [imported(QUOTED + "Trois.", name="d.txt")], suggest=True)
    assert len(list_suggestions(project, asked.document.id)) == len(proposed)



def test_an_accepted_span_deleted_and_put_back_is_still_marked_suggested(tmp_path):
    project, doc = _quiet(tmp_path)
    claim, _ = _quote_with_speaker(project, doc)
    accepted = accept_suggestions(project, [claim], "Ana")
    ids = [a.id for a in accepted.annotations]
    assert {a.origin for a in list_annotations(project, doc.id)} == {"suggested"}
    deleted = delete_annotations_with_dependents(project, ids)
    assert list_links(project, doc.id) == []
    restore_annotations_with_dependents(project, deleted)
    assert set(_origins(project).values()) == {"suggested"}
    assert len(list_links(project, doc.id)) == 1
