"""Document labels code whole documents: spans cannot carry them, and span figures, span
exports and REFI-QDA filters treat them as such."""

from __future__ import annotations

import zipfile

import pytest
from tests.helpers import imported, span_of

from annotator.cli import main
from annotator.domain.errors import InvalidInput
from annotator.services.annotations import (
    DOCUMENT_LABEL,
    SpanLabelRefused,
    add_annotation,
    add_annotations,
    list_annotations,
    relabel_annotation,
)
from annotator.services.document_codes import set_document_code
from annotator.services.documents import import_texts
from annotator.services.labels import add_label
from annotator.services.project import open_project, project_summary
from annotator.services.research_export import research_selection
from annotator.services.retrieval import label_hits, search_corpus

FIRST = "Le ministre défend la réforme.\n"
SECOND = "L’opposition parle d’un désastre.\n"


@pytest.fixture
def coded(tmp_path):
    """Two articles, a claim on the first, the second coded «stance: contra» by ana."""
    path = tmp_path / "p.annotator"
    project = open_project(path)
    first, second = (o.document for o in import_texts(project, [
        imported(FIRST, "first.txt", "First"), imported(SECOND, "second.txt", "Second")]))
    stance = add_label(project, "stance: contra", "#c62828", "7", kind="document")
    claim = add_annotation(project, first.id, "claim", "ana", *span_of(FIRST, "défend la réforme"))
    set_document_code(project, second.id, stance.id, "ana")
    yield project, first, second, stance, claim
    project.close()


def test_no_path_gives_a_span_a_document_label(coded) -> None:
    project, first, _second, stance, claim = coded
    for label in (stance.id, stance.name):
        with pytest.raises(SpanLabelRefused) as refused:
            add_annotation(project, first.id, label, "ana", 0, 2)
        assert refused.value.reason == DOCUMENT_LABEL
        assert str(refused.value) == "the label «stance: contra» codes whole documents, not spans of text"
    with pytest.raises(SpanLabelRefused):
        add_annotations(project, first.id, stance.id, "ana", [(0, 2), (3, 11)])
    with pytest.raises(SpanLabelRefused):
        label_hits(project, stance.id, "ana", search_corpus(project, "ministre"))
    with pytest.raises(SpanLabelRefused):
        relabel_annotation(project, claim.id, stance.name)
    assert [(a.label, a.start, a.end) for a in list_annotations(project, first.id)] == [
        ("claim", claim.start, claim.end)]


def test_summary_and_info_count_spans_by_span_label_and_codes_apart(coded, capsys) -> None:
    project, *_ = coded
    summary = project_summary(project)
    assert summary.per_label == {"source": 0, "claim": 1, "framing": 0}
    assert main(["info", "-p", str(project.path)]) == 0
    out = capsys.readouterr().out
    per_label = out.split("per label:\n")[1].split("document codes:")[0]
    assert per_label.splitlines() == ["         0  source", "         1  claim", "         0  framing"]
    assert "per document label:\n         1  stance: contra" in out


def test_wide_and_conll_give_columns_to_span_labels_only(coded, tmp_path) -> None:
    project, *_ = coded
    assert research_selection(project).labels == ("source", "claim", "framing")
    with pytest.raises(InvalidInput, match="'stance: contra' is a document label"):
        research_selection(project, labels=["STANCE: contra"])
    wide, tokens = tmp_path / "wide.csv", tmp_path / "tokens.tsv"
    assert main(["export", "-p", str(project.path), "--out", str(wide), "--format", "wide"]) == 0
    header = wide.read_text(encoding="utf-8").splitlines()[0]
    assert "count:claim" in header and "stance" not in header
    assert main(["export", "-p", str(project.path), "--out", str(tokens), "--format", "conll",
                 "--annotator", "ana"]) == 0
    assert tokens.read_text(encoding="utf-8").splitlines()[0].split("\t")[-3:] == [
        "bio:source", "bio:claim", "bio:framing"]
    refused = tmp_path / "refused.csv"
    assert main(["export", "-p", str(project.path), "--out", str(refused), "--format", "wide",
                 "--label", "stance: contra"]) == 1
    assert not refused.exists()


def test_a_qdpx_filtered_by_a_document_label_writes_the_documents_coded_with_it(coded, tmp_path) -> None:
    from annotator.services.qdpx_export import export_qdpx

    project, _first, second, stance, _claim = coded
    target = tmp_path / "stance.qdpx"
    result = export_qdpx(project, target, labels=["stance: contra"])
    assert result.document_codes == 1
    with zipfile.ZipFile(target) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        sources = [name for name in archive.namelist() if name.startswith("sources/")]
    assert len(sources) == 1 and 'name="Second"' in qde and 'name="First"' not in qde
    assert "PlainTextSelection" not in qde  # the claim's label was not asked for
    # Filtered by a span label, the coded document without such a span stays out.
    by_claim = export_qdpx(project, tmp_path / "claim.qdpx", labels=["claim"])
    assert by_claim.document_codes == 0
    with zipfile.ZipFile(tmp_path / "claim.qdpx") as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert 'name="First"' in qde and 'name="Second"' not in qde
