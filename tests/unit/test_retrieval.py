"""Retrieving annotations in context across documents, corpus search and labelling its hits."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import imported, span_of
from tests.pg_cluster import project_place

from annotator.domain.errors import InvalidInput, NotFound
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts
from annotator.services.project import open_project
from annotator.services.retrieval import label_hits, retrieve, search_corpus, unlabel_hits

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

TEXT_1 = "Selon le ministre, la réforme « sauvera » des emplois 😮.\nL’opposition dément."
TEXT_2 = "Le ministre répond. Le MINISTRE insiste : ministres et ministère."
TEXT_3 = "Rien à signaler."


@pytest.fixture
def corpus(tmp_path: Path):
    project = open_project(project_place(tmp_path / "r.annotator"))
    outcomes = import_texts(project, [
        imported(TEXT_1, "1.txt", "Un", "2023-04-02", outlet="Le Q"),
        imported(TEXT_2, "2.txt", "Deux", "2023-05"),
        imported(TEXT_3, "3.txt", "Trois"),
    ])
    d1, d2, d3 = (o.document.id for o in outcomes)
    add_annotation(project, d1, "source", "ana", *span_of(TEXT_1, "Selon le ministre"))
    add_annotation(project, d1, "claim", "ben", *span_of(TEXT_1, "emplois 😮"), note="à revoir")
    add_annotation(project, d1, "source", "ben", *span_of(TEXT_1, "L’opposition"))
    add_annotation(project, d2, "source", "ana", *span_of(TEXT_2, "Le ministre"))
    add_annotation(project, d2, "claim", "ana", *span_of(TEXT_2, "ministère"))
    add_annotation(project, d3, "framing", "ben", 0, 4)
    yield project, (d1, d2, d3)
    project.close()


def test_everything_in_document_list_order_then_reading_order(corpus):
    project, (d1, d2, d3) = corpus
    rows = retrieve(project)
    assert [(r.document_id, r.text) for r in rows] == [
        (d1, "Selon le ministre"), (d1, "emplois 😮"), (d1, "L’opposition"),
        (d2, "Le ministre"), (d2, "ministère"), (d3, "Rien"),
    ]
    first = rows[0]
    assert (first.document_title, first.document_date, first.document_outlet) == (
        "Un", "2023-04-02", "Le Q")
    assert (first.label, first.annotator, first.start) == ("source", "ana", 0)


def test_context_at_text_edges_and_unicode(corpus):
    project, _ = corpus
    rows = {r.text: r for r in retrieve(project, context=10)}
    assert rows["Selon le ministre"].left == ""  # at the start of the text
    assert rows["Selon le ministre"].right == ", la réfor"
    emoji = rows["emplois 😮"]
    assert emoji.left == "uvera » des "[-10:]  # code points, not UTF-16 units
    assert emoji.right == ".\nL’opposi"
    assert emoji.note == "à revoir"
    assert rows["ministère"].right == "."  # near the end of the text
    assert rows["Rien"].left == "" and rows["Rien"].right == " à signale"
    bare = retrieve(project, context=0)
    assert all(r.left == "" and r.right == "" for r in bare)


def test_each_filter(corpus):
    project, (d1, d2, d3) = corpus
    assert {r.text for r in retrieve(project, labels=["claim"])} == {"emplois 😮", "ministère"}
    assert {r.annotator for r in retrieve(project, annotators=["ben"])} == {"ben"}
    assert len(retrieve(project, annotators=["ben"])) == 3
    assert {r.document_id for r in retrieve(project, document_ids=[d2, d3])} == {d2, d3}
    both = retrieve(project, labels=["source"], annotators=["ana"], document_ids=[d1])
    assert [r.text for r in both] == ["Selon le ministre"]


def test_date_range_reads_partial_dates_as_periods(corpus):
    project, (d1, d2, _d3) = corpus
    april = retrieve(project, date_from="2023-04", date_to="2023-04")
    assert {r.document_id for r in april} == {d1}
    may = retrieve(project, date_from="2023-05-15")  # the May document is dated "2023-05"
    assert {r.document_id for r in may} == {d2}
    assert {r.document_id for r in retrieve(project, date_to="2023")} == {d1, d2}
    assert retrieve(project, date_from="2024") == []  # undated documents are left out


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": ["quote"]}, "unknown label 'quote'"),
        ({"annotators": ["zoé"]}, "no annotations by 'zoé'"),
        ({"document_ids": [999]}, "unknown document 999"),
        ({"date_from": "April"}, "from date 'April' is not of the form"),
        ({"date_from": "2024", "date_to": "2023-12"}, "the date range is empty"),
        ({"context": -1}, "context width -1"),
    ],
)
def test_bad_filters_are_refused(corpus, kwargs, message):
    project, _ = corpus
    with pytest.raises(InvalidInput, match=message):
        retrieve(project, **kwargs)


def test_search_plain_regex_case_and_whole_words(corpus):
    project, (d1, d2, _d3) = corpus
    hits = search_corpus(project, "ministre")
    assert [(h.document_id, h.text) for h in hits] == [
        (d1, "ministre"), (d2, "ministre"), (d2, "MINISTRE"), (d2, "ministre"),
    ]
    assert len(search_corpus(project, "ministre", case_sensitive=True)) == 3
    assert len(search_corpus(project, "ministre", whole_words=True)) == 3
    regex = search_corpus(project, r"minist\w+", regex=True, context=5)
    assert [h.text for h in regex] == ["ministre", "ministre", "MINISTRE", "ministres", "ministère"]
    assert regex[0].left == "n le " and regex[0].right == ", la "
    assert len(search_corpus(project, "ministre", limit=2)) == 2
    assert [h.text for h in search_corpus(project, "😮")] == ["😮"]


def test_bad_regex_names_the_error(corpus):
    project, _ = corpus
    with pytest.raises(InvalidInput, match=r"not a valid regular expression '\(minist': missing \)"):
        search_corpus(project, "(minist", regex=True)
    with pytest.raises(InvalidInput, match="type something"):
        search_corpus(project, "")


def test_label_hits_across_documents_skips_existing_and_undoes(corpus):
    project, (d1, d2, _d3) = corpus
    hits = search_corpus(project, "le ministre", whole_words=True)
    # «le ministre» in 1; «Le ministre» (already a source of ana's) and «Le MINISTRE» in 2.
    assert [h.document_id for h in hits] == [d1, d2, d2]
    added = label_hits(project, "source", "ana", hits)
    assert [(a.document_id, a.start, a.label, a.annotator) for a in added] == [
        (d1, 6, "source", "ana"), (d2, 20, "source", "ana"),
    ]
    assert label_hits(project, "source", "ana", hits) == []  # nothing new the second time
    before = len(list_annotations(project, d1))
    removed = unlabel_hits(project, added)
    assert [a.id for a in removed] == [a.id for a in added]
    assert len(list_annotations(project, d1)) == before - 1
    assert len(list_annotations(project, d2)) == 2
    with pytest.raises(NotFound):
        label_hits(project, "quote", "ana", hits)
    with pytest.raises(InvalidInput):
        label_hits(project, "source", "  ", hits)


def test_label_names_match_ignoring_case(corpus):
    project, _ = corpus
    rows = retrieve(project, labels=["Claim"])
    assert {(r.label, r.text) for r in rows} == {("claim", "emplois 😮"), ("claim", "ministère")}
