"""Links between spans: rules, refusals, deletion with their spans, undo, and the CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.helpers import imported, span_of
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.domain.deletion import describe_deletion
from annotator.domain.errors import InvalidInput, NotFound
from annotator.domain.links import LINK_EXPORT_COLUMNS
from annotator.services import Project
from annotator.services.annotations import (
    add_annotation,
    delete_annotations,
    delete_annotations_with_dependents,
    list_annotations,
    restore_annotations_with_dependents,
)
from annotator.services.documents import import_texts, list_documents
from annotator.services.links import (
    add_link,
    add_link_rule,
    delete_link,
    iter_link_export_rows,
    list_link_rules,
    list_links,
    remove_link_rule,
    restore_link,
)
from annotator.services.project import open_project

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

ARTICLE = (
    "Le secrétaire général Jens Stoltenberg a déclaré que « l’Alliance reste unie » 😮.\n"
    "Un pari risqué, selon les observateurs, qui notent que « l’unité a un prix ».\n"
)
OTHER = "Un autre article : Marie Curie affirme que « la science avance ».\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    opened = open_project(project_place(tmp_path / "links.annotator"))
    import_texts(opened, [imported(ARTICLE, "a.txt", "A"), imported(OTHER, "b.txt", "B")])
    yield opened
    opened.close()


def spans(project: Project) -> dict[str, int]:
    """Annotate the article: a source, two claims and a framing; ids by name."""
    doc = {d.source_name: d for d in list_documents(project)}
    a, b = doc["a.txt"].id, doc["b.txt"].id

    def add(document_id: int, text: str, label: str, words: str) -> int:
        return add_annotation(project, document_id, label, "ana", *span_of(text, words)).id

    return {
        "source": add(a, ARTICLE, "source", "Jens Stoltenberg"),
        "claim": add(a, ARTICLE, "claim", "l’Alliance reste unie"),
        "claim2": add(a, ARTICLE, "claim", "l’unité a un prix"),
        "framing": add(a, ARTICLE, "framing", "Un pari risqué"),
        "other_source": add(b, OTHER, "source", "Marie Curie"),
    }


def test_new_projects_allow_claim_to_source_and_framing_to_claim(project):
    rules = [(r.from_label, r.relation, r.to_label) for r in list_link_rules(project)]
    assert sorted(rules) == [("claim", "attributed_to", "source"), ("framing", "frames", "claim")]


def test_add_link_takes_its_relation_from_the_codebook(project):
    ids = spans(project)
    link = add_link(project, ids["claim"], ids["source"], " ana ")
    framed = add_link(project, ids["framing"], ids["claim"], "bob")
    assert (link.relation, link.annotator, link.from_annotation_id) == ("attributed_to", "ana", ids["claim"])
    assert framed.relation == "frames"
    doc = list_documents(project)[0]
    assert [k.uuid for k in list_links(project, doc.id)] == [link.uuid, framed.uuid]
    assert len(link.uuid) == 36 and link.created_at.endswith("Z")


@pytest.mark.parametrize(
    ("from_name", "to_name", "message"),
    [
        ("source", "claim", "no link from a «source» to a «claim»; it links a «claim» to a «source»"),
        ("claim", "claim2", "no link from a «claim» to a «claim»; a «claim» can be attributed to a «source»"),
        ("claim", "claim", "a span cannot be linked to itself"),
        ("claim", "other_source", "only spans of the same document can be linked"),
    ],
)
def test_links_the_codebook_does_not_allow_are_refused_with_the_reason(
    project, from_name, to_name, message
):
    ids = spans(project)
    with pytest.raises(InvalidInput, match=message):
        add_link(project, ids[from_name], ids[to_name], "ana")
    assert not list_links(project, list_documents(project)[0].id)


def test_the_same_link_twice_is_refused(project):
    ids = spans(project)
    add_link(project, ids["claim"], ids["source"], "ana")
    with pytest.raises(InvalidInput, match="already attributed to"):
        add_link(project, ids["claim"], ids["source"], "bob")
    with pytest.raises(InvalidInput, match="no «frames» link from a «claim»"):
        add_link(project, ids["claim"], ids["source"], "ana", relation="frames")


def test_link_rules_can_be_added_and_removed(project):
    ids = spans(project)
    rule = add_link_rule(project, "responds_to", "claim", "claim")
    assert add_link(project, ids["claim2"], ids["claim"], "ana").relation == "responds_to"
    with pytest.raises(InvalidInput, match="one word"):
        add_link_rule(project, "responds to", "claim", "source")
    with pytest.raises(NotFound, match="unknown label"):
        add_link_rule(project, "cites", "claim", "nope")
    assert remove_link_rule(project, rule.id) == rule
    with pytest.raises(InvalidInput, match="no link from a «claim» to a «claim»"):
        add_link(project, ids["claim"], ids["claim2"], "ana")


def test_delete_and_restore_a_link_keeps_its_identity(project):
    ids = spans(project)
    link = add_link(project, ids["claim"], ids["source"], "ana")
    gone = delete_link(project, link.id)
    assert gone == link
    assert list_links(project, list_documents(project)[0].id) == []
    assert restore_link(project, gone) == link
    assert list_links(project, list_documents(project)[0].id) == [link]
    with pytest.raises(InvalidInput, match="exists already"):
        restore_link(project, gone)


def test_deleting_a_span_deletes_its_links_and_undo_brings_them_back(project):
    ids = spans(project)
    doc_id = list_documents(project)[0].id
    attributed = add_link(project, ids["claim"], ids["source"], "ana")
    framed = add_link(project, ids["framing"], ids["claim"], "ana")
    kept = add_link(project, ids["claim2"], ids["source"], "ana")
    before = list_annotations(project, doc_id)

    deleted = delete_annotations_with_dependents(project, [ids["claim"]])
    assert [a.id for a in deleted.annotations] == [ids["claim"]]
    assert set(deleted.links) == {attributed, framed}
    assert describe_deletion(deleted) == "Deleted 1 annotation and 2 links"
    assert list_links(project, doc_id) == [kept]

    restored = restore_annotations_with_dependents(project, deleted)
    assert set(restored.links) == {attributed, framed}
    assert list_annotations(project, doc_id) == before
    assert sorted(k.uuid for k in list_links(project, doc_id)) == sorted(
        k.uuid for k in (attributed, framed, kept)
    )


def test_a_link_whose_other_span_has_gone_stays_deleted_on_restore(project):
    ids = spans(project)
    add_link(project, ids["claim"], ids["source"], "ana")
    deleted = delete_annotations_with_dependents(project, [ids["claim"]])
    delete_annotations(project, [ids["source"]])
    restored = restore_annotations_with_dependents(project, deleted)
    assert [a.id for a in restored.annotations] == [ids["claim"]]
    assert restored.links == ()


def test_deleting_spans_whose_links_join_them_counts_each_link_once(project):
    ids = spans(project)
    add_link(project, ids["claim"], ids["source"], "ana")
    deleted = delete_annotations_with_dependents(project, [ids["claim"], ids["source"]])
    assert describe_deletion(deleted) == "Deleted 2 annotations and 1 link"


def test_link_export_rows_slice_the_stored_text(project):
    ids = spans(project)
    link = add_link(project, ids["claim"], ids["source"], "ana")
    doc = list_documents(project)[0]
    anns = {a.id: a for a in list_annotations(project, doc.id)}
    (row,) = list(iter_link_export_rows(project))
    assert dict(zip(LINK_EXPORT_COLUMNS, row, strict=True)) == {
        "link_id": link.uuid,
        "relation": "attributed_to",
        "from_annotation_id": anns[ids["claim"]].uuid,
        "to_annotation_id": anns[ids["source"]].uuid,
        "from_label": "claim",
        "to_label": "source",
        "from_text": "l’Alliance reste unie",
        "to_text": "Jens Stoltenberg",
        "document_id": doc.uuid,
        "annotator": "ana",
        "created_at": link.created_at,
    }


def test_cli_writes_the_links_as_csv_and_lists_the_rules(project, tmp_path, capsys):
    ids = spans(project)
    add_link(project, ids["claim"], ids["source"], "ana")
    add_link(project, ids["framing"], ids["claim2"], "bob")
    project.close()
    out = tmp_path / "links.csv"
    assert main(["export", "--project", str(project.target), "--links", "--out", str(out)]) == 0
    assert "2 links written" in capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"link_id,relation,from_annotation_id,") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == list(LINK_EXPORT_COLUMNS)
    assert [(r["from_text"], r["relation"], r["to_text"]) for r in rows] == [
        ("l’Alliance reste unie", "attributed_to", "Jens Stoltenberg"),
        ("Un pari risqué", "frames", "l’unité a un prix"),
    ]
    assert not list(tmp_path.glob(".links.csv.*"))  # the temporary file was renamed

    assert main(["export", "--project", str(project.target), "--links", "--out", "-"]) == 0
    assert capsys.readouterr().out.count("\r\n") == 3
    assert main(["export", "--project", str(project.target), "--links", "--label", "claim",
                 "--out", str(out)]) == 1
    assert "--label does not apply" in capsys.readouterr().err

    assert main(["labels", "--project", str(project.target)]) == 0
    printed = capsys.readouterr().out
    assert "links:\n  claim -attributed_to-> source\n  framing -frames-> claim\n" in printed


def test_deleting_a_span_takes_its_reviews_and_undo_brings_them_back(project):
    from annotator.services.handle import store_of
    from annotator.store.models import Review

    ids = spans(project)
    with store_of(project).write() as session:
        session.add(Review(uuid="r-1", annotation_id=ids["claim"], reviewer="rev", verdict="accepted",
                           comment="ok", created_at="2024-01-01T00:00:00.000Z"))
        session.add(Review(uuid="r-2", annotation_id=ids["source"], reviewer="rev", verdict="accepted",
                           comment="", created_at="2024-01-01T00:00:00.000Z",
                           copy_annotation_id=ids["claim"]))
    deleted = delete_annotations_with_dependents(project, [ids["claim"]])
    assert [r.uuid for r in deleted.reviews] == ["r-1"]
    assert [r.uuid for r in deleted.review_copies] == ["r-2"]
    assert describe_deletion(deleted) == "Deleted 1 annotation and 1 review"
    restore_annotations_with_dependents(project, deleted)
    with store_of(project).read() as session:
        rows = {r.uuid: (r.annotation_id, r.copy_annotation_id) for r in session.query(Review)}
    assert rows == {"r-1": (ids["claim"], None), "r-2": (ids["source"], ids["claim"])}
