"""Corpus statistics on a small project whose figures are worked out by hand, and `annotator stats`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.helpers import imported, span_of
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.domain.errors import InvalidInput
from annotator.domain.stats import covered_length, month_of, normalise_source, outlet_of
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.links import add_link
from annotator.services.project import open_project
from annotator.services.stats import corpus_stats, label_counts

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

# Three articles, two outlets (+ one without), two months (+ one undated), two annotators.
TEXT_A = "Le ministre affirme que la réforme sauvera 12 000 emplois. Selon Marie Dupont, c'est faux."
TEXT_B = "Pour MARIE  DUPONT, le ministre ment. Le ministre répond que tout va bien."
TEXT_C = "Un texte sans source."
LEN_A, LEN_B, LEN_C = 90, 74, 21  # counted by hand
# Sources: ana «Le ministre» (A) and ben the same span, ana «Marie Dupont» (A), ana «MARIE  DUPONT»
# and «Le ministre» (the second one, B). Claims: ana 2 in A, 2 in B. Framings: ben 1 in A, 2
# overlapping in C («Un texte» + «texte sans» cover «Un texte sans», 13 characters).
# Links: claim -> source (attributed_to) for A-c1 -> both «Le ministre» copies, A-c2 -> «Marie
# Dupont», B-c1 -> «MARIE  DUPONT», B-c2 -> «Le ministre»; framing A -> claim A-c1 (frames).


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = project_place(tmp_path / "stats.annotator")
    project = open_project(path)
    try:
        docs = import_texts(project, [
            imported(TEXT_A, "a.txt", "Article A", "2023-04-02", outlet="Le Quotidien"),
            imported(TEXT_B, "b.txt", "Article B", "2023-05-10", outlet="Le Quotidien"),
            imported(TEXT_C, "c.txt", "Article C"),
        ])
        a, b, c = (outcome.document.id for outcome in docs)

        def add(doc: int, text: str, label: str, who: str, part: str, nth: int = 0) -> int:
            return add_annotation(project, doc, label, who, *span_of(text, part, nth)).id

        a_s1 = add(a, TEXT_A, "source", "ana", "Le ministre")
        a_c1 = add(a, TEXT_A, "claim", "ana", "la réforme sauvera 12 000 emplois")
        a_s2 = add(a, TEXT_A, "source", "ana", "Marie Dupont")
        a_c2 = add(a, TEXT_A, "claim", "ana", "c'est faux")
        a_s3 = add(a, TEXT_A, "source", "ben", "Le ministre")
        a_f1 = add(a, TEXT_A, "framing", "ben", "la réforme")
        b_s1 = add(b, TEXT_B, "source", "ana", "MARIE  DUPONT")
        b_c1 = add(b, TEXT_B, "claim", "ana", "le ministre ment")
        b_s2 = add(b, TEXT_B, "source", "ana", "Le ministre")
        b_c2 = add(b, TEXT_B, "claim", "ana", "tout va bien")
        add(c, TEXT_C, "framing", "ben", "Un texte")
        add(c, TEXT_C, "framing", "ben", "texte sans")
        for claim, source in ((a_c1, a_s1), (a_c1, a_s3), (a_c2, a_s2), (b_c1, b_s1),
                              (b_c2, b_s2)):
            add_link(project, claim, source, "ana")
        add_link(project, a_f1, a_c1, "ben")
    finally:
        project.close()
    return path


def _tables(path: Path, by: str | None) -> dict[str, list[tuple]]:
    project = open_project(path, create=False)
    try:
        return {table.name: list(table.rows) for table in corpus_stats(project, by)}
    finally:
        project.close()


def test_corpus_counts_labels_annotators_and_coverage(project_path):
    tables = _tables(project_path, None)
    total = LEN_A + LEN_B + LEN_C
    # source: A «Le ministre» 11 (two copies, counted once) + «Marie Dupont» 12; B 13 + 11 -> 47.
    # claim: 33 + 10 + 16 + 12 = 71. framing: «la réforme» 10 + «Un texte sans» 13 = 23.
    assert tables["labels"] == [
        ("corpus", "source", 5, 47, total, pytest.approx(47 / total)),
        ("corpus", "claim", 4, 71, total, pytest.approx(71 / total)),
        ("corpus", "framing", 3, 23, total, pytest.approx(23 / total)),
    ]
    assert tables["label_annotators"] == [
        ("corpus", "source", "ana", 4), ("corpus", "source", "ben", 1),
        ("corpus", "claim", "ana", 4), ("corpus", "framing", "ben", 3),
    ]


def test_corpus_sources_claims_and_links(project_path):
    tables = _tables(project_path, None)
    # 5 source spans over 3 documents; distinct texts «le ministre» and «marie dupont»; A and B
    # each quote both, C none -> 4/3 distinct per document. «le ministre»: 3 mentions, claims A-c1
    # (linked to both copies, counted once) and B-c2, 3 links; «marie dupont»: 2, 2, 2.
    assert tables["sources"] == [
        ("corpus", 3, 5, pytest.approx(5 / 3), 2, pytest.approx(4 / 3), 2.0, 2.5),
    ]
    assert tables["source_claims"] == [
        ("corpus", "Le ministre", 3, 2, 3),
        ("corpus", "Marie Dupont", 2, 2, 2),  # the earliest of two equally frequent spellings
    ]


def test_by_outlet_and_month(project_path):
    outlets = _tables(project_path, "outlet")
    assert [row[:3] for row in outlets["sources"]] == [("Le Quotidien", 2, 5), ("unknown", 1, 0)]
    assert outlets["sources"][0][3:] == (2.5, 2, 2.0, 2.0, 2.5)
    months = _tables(project_path, "month")
    assert [row[0] for row in months["sources"]] == ["2023-04", "2023-05", "undated"]
    # April: «Le ministre» twice (A-c1 through both copies: 1 claim, 2 links), «Marie Dupont» once.
    assert [r for r in months["source_claims"] if r[0] == "2023-04"] == [
        ("2023-04", "Le ministre", 2, 1, 2), ("2023-04", "Marie Dupont", 1, 1, 1),
    ]
    # A source is shown under its most frequent spelling in the whole corpus, in every group.
    assert ("2023-05", "Marie Dupont", 1, 1, 1) in months["source_claims"]
    undated = [r for r in months["labels"] if r[0] == "undated"]
    assert undated[2] == ("undated", "framing", 2, 13, LEN_C, pytest.approx(13 / LEN_C))


def test_by_annotator_counts_the_documents_each_annotated(project_path):
    tables = _tables(project_path, "annotator")
    # ana annotated A and B; ben A and C.
    assert tables["sources"] == [
        ("ana", 2, 4, 2.0, 2, 2.0, 2.0, 2.0),
        ("ben", 2, 1, 0.5, 1, 0.5, 1.0, 1.0),
    ]
    ben_framing = next(r for r in tables["labels"] if r[:2] == ("ben", "framing"))
    assert ben_framing == ("ben", "framing", 3, 23, LEN_A + LEN_C, pytest.approx(23 / 111))


def test_by_document_in_list_order(project_path):
    tables = _tables(project_path, "document")
    assert [row[0] for row in tables["sources"]] == ["Article A", "Article B", "Article C"]
    assert tables["sources"][2] == ("Article C", 1, 0, 0.0, 0, 0.0, 0.0, 0.0)


def test_renamed_labels_follow_the_link_rule(project_path):
    from annotator.services.labels import list_labels, update_label

    project = open_project(project_path, create=False)
    try:
        source = next(lab for lab in list_labels(project) if lab.name == "source")
        update_label(project, source.id, name="speaker")
        tables = {t.name: t.rows for t in corpus_stats(project)}
    finally:
        project.close()
    assert tables["sources"][0][2] == 5
    assert tables["source_claims"][0][1] == "Le ministre"


def test_pure_helpers():
    assert covered_length([(0, 5), (3, 8), (10, 12), (10, 11)]) == 10
    assert covered_length([]) == 0
    assert normalise_source("  MARIE\u00a0 Dupont\n") == "marie dupont"
    assert month_of("2023-04-02") == "2023-04"
    assert month_of("2023") == "undated"
    assert month_of(None) == "undated"
    assert outlet_of("  ") == "unknown"


def test_cli_table(project_path, capsys):
    assert main(["stats", "--project", str(project_path)]) == 0
    out = capsys.readouterr().out
    assert "Annotations and share of text covered, by label [labels]" in out
    line = next(row for row in out.splitlines() if row.startswith("corpus  source "))
    assert line.split()[2:4] == ["5", "47"]
    assert "Le ministre" in out


def test_cli_csv_long_form(project_path, capsys):
    assert main(["stats", "--project", str(project_path), "--by", "month", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["table", "by", "group", "label", "annotator", "source", "measure",
                             "value"]
    wanted = {"table": "source_claims", "by": "month", "group": "2023-04", "label": "",
              "annotator": "", "source": "Le ministre", "measure": "links", "value": "2"}
    assert wanted in rows
    share = next(r for r in rows if r["group"] == "undated" and r["label"] == "framing"
                 and r["measure"] == "share_covered")
    assert float(share["value"]) == pytest.approx(13 / 21, abs=1e-6)


def test_cli_missing_project_is_an_error(tmp_path, capsys):
    assert main(["stats", "--project", str(tmp_path / "nope.annotator")]) == 1
    assert "nope.annotator" in capsys.readouterr().err


def test_cli_csv_has_crlf_record_ends_like_every_csv_we_write(project_path, capsysbinary):
    assert main(["stats", "--project", str(project_path), "--format", "csv"]) == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"table,by,group,label,annotator,source,measure,value\r\n")
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10


def test_chosen_source_and_claim_labels_match_ignoring_case(project_path):
    from annotator.services.stats import stats_input

    project = open_project(project_path, create=False)
    try:
        chosen = stats_input(project, source_labels=["SOURCE"], claim_labels=["Claim"])
        spelled = stats_input(project, source_labels=["source"], claim_labels=["claim"])
        with pytest.raises(InvalidInput, match="unknown source label 'quote'"):
            stats_input(project, source_labels=["quote"])
    finally:
        project.close()
    assert len(chosen.sources) == 5 and len(chosen.links) == 5
    assert (chosen.sources, chosen.links) == (spelled.sources, spelled.links)


def _reject(path: Path, label: str, who: str) -> None:
    """A reviewer rejects the (only) annotation of `label` by `who`."""
    from annotator.services.annotations import list_annotations
    from annotator.services.documents import list_documents
    from annotator.services.reviews import review_annotation

    project = open_project(path, create=False)
    try:
        found = [
            ann for doc in list_documents(project) for ann in list_annotations(project, doc.id)
            if ann.label == label and ann.annotator == who
        ]
        assert len(found) == 1
        review_annotation(project, found[0].id, "carla", "rejected")
    finally:
        project.close()


def test_rejected_annotations_are_left_out_unless_asked_for(project_path):
    _reject(project_path, "source", "ben")
    project = open_project(project_path, create=False)
    try:
        default = {t.name: t.rows for t in corpus_stats(project)}
        everything = {t.name: t.rows for t in corpus_stats(project, include_rejected=True)}
    finally:
        project.close()
    source = next(row for row in default["labels"] if row[1] == "source")
    assert source[2] == 4  # ben's «Le ministre» rejected: 5 sources become 4
    assert next(row for row in everything["labels"] if row[1] == "source")[2] == 5
    ministre = next(row for row in default["source_claims"] if row[1] == "Le ministre")
    assert ministre[2:] == (2, 2, 2)  # mentions, claims, links: the rejected copy's link is gone
    assert next(row for row in everything["source_claims"] if row[1] == "Le ministre")[2:] == (3, 2, 3)
    assert not any(row[2] == "ben" and row[1] == "source" for row in default["label_annotators"])


def test_charts_counts_are_the_statistics_annotation_counts(project_path):
    _reject(project_path, "source", "ben")
    project = open_project(project_path, create=False)
    try:
        for by in (None, "document", "outlet", "month", "annotator"):
            for rejected in (False, True):
                labels = next(t for t in corpus_stats(project, by, include_rejected=rejected)
                              if t.name == "labels")
                counts = label_counts(project, by, include_rejected=rejected)
                assert counts.rows == tuple(row[:3] for row in labels.rows)
        with pytest.raises(InvalidInput):
            label_counts(project, "weekday")
    finally:
        project.close()


def test_cli_says_what_is_counted_and_takes_include_rejected(project_path, capsys):
    _reject(project_path, "source", "ben")
    assert main(["stats", "--project", str(project_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Counted: every annotator's annotations, rejected ones left out"
    assert next(r for r in out.splitlines() if r.startswith("corpus  source ")).split()[2] == "4"
    assert main(["stats", "--project", str(project_path), "--include-rejected"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Counted: every annotator's annotations, rejected ones included"
    assert next(r for r in out.splitlines() if r.startswith("corpus  source ")).split()[2] == "5"
    assert main(["stats", "--project", str(project_path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("table,")  # CSV stays bare
