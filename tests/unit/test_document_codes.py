"""Document codes: document-kind labels set on a whole article, stored, merged, measured,
exported and carried by REFI-QDA."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported, project_with_article
from tests.pg_cluster import files_only

from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.services.annotations import add_annotation
from annotator.services.document_codes import (
    DocumentCodeRefused,
    document_code_counts,
    iter_document_code_rows,
    list_document_codes,
    remove_document_code,
    restore_document_code,
    set_document_code,
)
from annotator.services.documents import import_texts, list_documents
from annotator.services.labels import (
    add_label,
    delete_label,
    label_usage,
    list_labels,
    update_label,
)
from annotator.services.project import open_project

FIXTURES = Path(__file__).parent.parent / "fixtures"

pytestmark = pytest.mark.usefixtures("backend")


def _stance(project, name="stance: pro", key="4"):
    return add_label(project, name, "#cc79a7", key, "The article argues for the reform.", kind="document")


# ----- store ---------------------------------------------------------------------------------


def test_a_project_at_revision_0004_upgrades_with_a_backup_and_keeps_its_labels(tmp_path):
    files_only("a project file made by an older version")
    path = tmp_path / "p0004.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "project_schema_0004.sql").read_text(encoding="utf-8"))
    conn.execute("INSERT INTO labels (uuid, name, color, shortcut, definition, position) "
                 "VALUES ('0b7c5d1e-4a4c-4c51-9d1f-0e8d2f7a1b10', 'claim', '#e69f00', '2', '', 0)")
    conn.commit()
    conn.close()
    before = list(sqlite3.connect(path).iterdump())
    project = open_project(path)
    try:
        assert project.backup_path is not None and project.backup_path.name.endswith(".bak-0004")
        assert list(sqlite3.connect(project.backup_path).iterdump()) == before
        (claim,) = list_labels(project, kind=None)
        assert (claim.name, claim.kind) == ("claim", "span")
        (outcome,) = import_texts(project, [imported("A whole article.")])
        stance = _stance(project)
        code = set_document_code(project, outcome.document.id, stance.id, "ana")
        assert list_document_codes(project, outcome.document.id) == [code]
    finally:
        project.close()


def test_the_schema_refuses_an_unknown_kind_and_a_second_identical_code(tmp_path):
    project, doc = project_with_article(tmp_path)
    stance = _stance(project)
    set_document_code(project, doc.id, stance.id, "ana")
    target = project.target
    project.close()
    assert _refused(target, "UPDATE labels SET kind = 'paragraph' WHERE name = 'claim'")
    assert _refused(target, "INSERT INTO document_codes (uuid, document_id, label_id, annotator, note, "
                            "created_at, updated_at) SELECT 'x', document_id, label_id, annotator, '', "
                            "created_at, updated_at FROM document_codes")


def _refused(target: Path | str, sql: str) -> bool:
    """Whether the project's schema refuses `sql`, run on a connection of its own."""
    if isinstance(target, str):
        import psycopg

        try:
            with psycopg.connect(target) as conn:
                conn.execute(sql)
        except psycopg.IntegrityError:
            return True
        return False
    conn = sqlite3.connect(target)
    try:
        conn.execute(sql)
    except sqlite3.IntegrityError:
        return True
    finally:
        conn.close()
    return False


# ----- services --------------------------------------------------------------------------------


def test_span_labels_stay_what_every_caller_lists(tmp_path):
    project, _ = project_with_article(tmp_path)
    stance = _stance(project)
    assert [lab.name for lab in list_labels(project)] == ["source", "claim", "framing"]
    assert list_labels(project, kind="document") == [stance]
    assert [lab.kind for lab in list_labels(project, kind=None)] == ["span"] * 3 + ["document"]
    with pytest.raises(InvalidInput, match="unknown label kind 'genre'"):
        list_labels(project, kind="genre")
    with pytest.raises(InvalidInput, match="unknown label kind"):
        add_label(project, "genre", "#000000", kind="genre")
    assert len(list_labels(project, kind=None)) == 4


def test_set_list_remove_and_restore_a_code(tmp_path):
    project, doc = project_with_article(tmp_path)
    stance = _stance(project)
    code = set_document_code(project, doc.id, "stance: pro", " ana ", note="  clear from the lead ")
    assert (code.label, code.annotator, code.note) == ("stance: pro", "ana", "clear from the lead")
    assert code.created_at == code.updated_at and code.created_at.endswith("Z")
    other = set_document_code(project, doc.id, stance.id, "ben")
    assert list_document_codes(project, doc.id) == [code, other]
    assert document_code_counts(project) == ({"ana": 1, "ben": 1}, {"stance: pro": 2})
    assert label_usage(project, stance.id) == 2

    removed = remove_document_code(project, code)
    assert removed == code
    assert list_document_codes(project, doc.id) == [other]
    back = restore_document_code(project, removed)
    assert back == code
    with pytest.raises(ChangedSince, match="in the project again"):
        restore_document_code(project, removed)


def test_bad_codes_are_refused_and_change_nothing(tmp_path):
    project, doc = project_with_article(tmp_path)
    stance = _stance(project)
    claim = next(lab for lab in list_labels(project) if lab.name == "claim")
    set_document_code(project, doc.id, stance.id, "ana")
    before = list_document_codes(project, doc.id)
    with pytest.raises(DocumentCodeRefused, match="«claim» labels spans") as refused:
        set_document_code(project, doc.id, claim.id, "ana")
    assert refused.value.reason == "span_label"
    with pytest.raises(DocumentCodeRefused, match="ana already coded this document") as refused:
        set_document_code(project, doc.id, stance.id, "ana")
    assert refused.value.reason == "already_set"
    with pytest.raises(NotFound, match="unknown document 999"):
        set_document_code(project, 999, stance.id, "ana")
    with pytest.raises(NotFound, match="unknown label 'genre'"):
        set_document_code(project, doc.id, "genre", "ana")
    with pytest.raises(InvalidInput):
        set_document_code(project, doc.id, stance.id, "   ")
    assert list_document_codes(project, doc.id) == before


def test_removing_a_code_changed_since_is_refused(tmp_path):
    project, doc = project_with_article(tmp_path)
    stance = _stance(project)
    code = set_document_code(project, doc.id, stance.id, "ana")
    removed = remove_document_code(project, code)
    again = restore_document_code(project, removed)
    assert again.uuid == code.uuid
    remove_document_code(project, again)
    with pytest.raises(NotFound, match="no longer in the project"):
        remove_document_code(project, again)


def test_a_label_kind_changes_only_while_unused_and_deleting_moves_codes(tmp_path):
    project, doc = project_with_article(tmp_path)
    pro = _stance(project)
    against = _stance(project, "stance: against", "5")
    claim = next(lab for lab in list_labels(project) if lab.name == "claim")
    add_annotation(project, doc.id, claim.id, "ana", 0, 5)
    with pytest.raises(InvalidInput, match="used by 1 annotation; its kind cannot change"):
        update_label(project, claim.id, kind="document")
    set_document_code(project, doc.id, pro.id, "ana")
    set_document_code(project, doc.id, pro.id, "ben")
    set_document_code(project, doc.id, against.id, "ben")
    with pytest.raises(InvalidInput, match="used by 2 document codes"):
        update_label(project, pro.id, kind="span")
    with pytest.raises(InvalidInput, match="cannot move the document label"):
        delete_label(project, pro.id, move_to=claim.id)
    deletion = delete_label(project, pro.id, move_to=against.id)
    assert (deletion.moved_annotations, deletion.deleted_annotations) == (1, 1)
    codes = list_document_codes(project, doc.id)
    assert sorted((c.label, c.annotator) for c in codes) == [("stance: against", "ana"),
                                                           ("stance: against", "ben")]
    before, after = update_label(project, add_label(project, "genre", "#000000").id, kind="document")
    assert (before.kind, after.kind) == ("span", "document")


def test_export_rows_follow_documents_then_codebook_then_annotator(tmp_path):
    project, doc = project_with_article(tmp_path)
    (second,) = import_texts(project, [imported("Another article.", "b.txt", "Second")])
    pro = _stance(project)
    against = _stance(project, "stance: against", "5")
    set_document_code(project, second.document.id, pro.id, "ana")
    set_document_code(project, doc.id, against.id, "ben", "hedged")
    set_document_code(project, doc.id, pro.id, "ben")
    rows = list(iter_document_code_rows(project))
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        ("Article", "stance: pro", "ben", ""),
        ("Article", "stance: against", "ben", "hedged"),
        ("Second", "stance: pro", "ana", ""),
    ]
    assert [r[3] for r in iter_document_code_rows(project, annotators=["ana"])] == ["ana"]


# ----- command line ----------------------------------------------------------------------------


def _coded_project(tmp_path):
    project, doc = project_with_article(tmp_path)
    pro = _stance(project)
    against = _stance(project, "stance: against", "5")
    set_document_code(project, doc.id, pro.id, "ana", "=lead")
    set_document_code(project, doc.id, against.id, "ben")
    target = project.target
    project.close()
    return target, doc


def test_export_document_codes_writes_one_row_per_document_code_and_annotator(tmp_path, capsys):
    import pandas as pd

    from annotator.cli import main

    path, doc = _coded_project(tmp_path)
    out = tmp_path / "codes.csv"
    assert main(["export", "-p", str(path), "--document-codes", "--out", str(out)]) == 0
    assert "2 document codes written" in capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"document_id,document_title,label,annotator,note,created_at,updated_at,"
                          b"document_code_id,review_status,reviewer,review_comment,reviewed_at\r\n")
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert df[["document_id", "label", "annotator", "note"]].values.tolist() == [
        [doc.uuid, "stance: pro", "ana", "=lead"], [doc.uuid, "stance: against", "ben", ""]]
    guarded = tmp_path / "guarded.csv"
    assert main(["export", "-p", str(path), "--document-codes", "--spreadsheet", "--label",
                 "STANCE: PRO", "--out", str(guarded)]) == 0
    text = guarded.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and "'=lead" in text and "against" not in text


def test_export_document_codes_refuses_bad_options_and_writes_nothing(tmp_path, capsys):
    from annotator.cli import main

    path, _ = _coded_project(tmp_path)
    out = tmp_path / "codes.csv"
    for extra, message in ((["--label", "claim"], "unknown document label 'claim'"),
                           (["--format", "jsonl"], "CSV only"),
                           (["--document", "x"], "--document does not apply"),
                           (["--links"], "either --links or --document-codes")):
        assert main(["export", "-p", str(path), "--document-codes", "--out", str(out), *extra]) != 0
        assert message in capsys.readouterr().err
        assert not out.exists()
    if isinstance(path, Path):  # the project file itself is no place for an export
        before = path.read_bytes()
        assert main(["export", "-p", str(path), "--document-codes", "--out", str(path)]) != 0
        assert path.read_bytes() == before


def test_info_counts_document_codes_and_labels_shows_kinds(tmp_path, capsys):
    from annotator.cli import main

    path, _ = _coded_project(tmp_path)
    assert main(["info", "-p", str(path)]) == 0
    out = capsys.readouterr().out
    assert "document codes: 2" in out and "       1  stance: pro" in out
    assert "per label:\n" in out and "stance" not in out.split("per label:")[1].split("document codes")[0]
    assert main(["labels", "-p", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[1] source  #56b4e9  (span)" in out
    assert out.index("document labels") < out.index("[4] stance: pro  #cc79a7  (document)")


# ----- merge -----------------------------------------------------------------------------------


def _colleague(tmp_path, text=None):
    """A colleague's project file with the same article, their own document label and two codes
    (a file wherever the test's own project lives)."""
    project = open_project(tmp_path / "theirs.annotator")
    (outcome,) = import_texts(project, [imported(ARTICLE if text is None else text)])
    doc = outcome.document
    genre = add_label(project, "genre: opinion", "#0072b2", "6", "A column or an editorial.",
                      kind="document")
    pro = _stance(project)
    codes = [set_document_code(project, doc.id, genre.id, "ben", "signed column"),
             set_document_code(project, doc.id, pro.id, "ben")]
    path = Path(project.path)
    project.close()
    return path, codes


def test_merging_a_colleague_brings_their_codes_and_document_labels_once(tmp_path):
    from annotator.services.merge import merge_file

    theirs, their_codes = _colleague(tmp_path)
    project, doc = project_with_article(tmp_path)
    _stance(project)
    set_document_code(project, doc.id, "stance: pro", "ana")
    report = merge_file(project, theirs)
    assert (report.document_codes_added, report.labels_created) == (2, ("genre: opinion",))
    assert "document codes added: 2" in report.summary_lines()
    (genre,) = [lab for lab in list_labels(project, kind="document") if lab.name == "genre: opinion"]
    assert (genre.kind, genre.definition) == ("document", "A column or an editorial.")
    codes = list_document_codes(project, doc.id)
    assert sorted((c.label, c.annotator, c.note) for c in codes) == [
        ("genre: opinion", "ben", "signed column"), ("stance: pro", "ana", ""),
        ("stance: pro", "ben", "")]
    assert {c.uuid for c in codes if c.annotator == "ben"} == {c.uuid for c in their_codes}
    again = merge_file(project, theirs)
    assert (again.document_codes_added, again.changed) == (0, False)
    assert len(list_document_codes(project, doc.id)) == 3


def test_a_newer_code_replaces_ours_and_a_same_code_under_another_uuid_is_skipped(tmp_path):
    from annotator.domain.records import IncomingBatch, IncomingDocumentCode
    from annotator.services.merge import merge_batch

    project, doc = project_with_article(tmp_path)
    pro = _stance(project)
    mine = set_document_code(project, doc.id, pro.id, "ana", "first reading")
    newer = IncomingDocumentCode("codes.csv, row 2", "stance: pro", "ana", doc.sha256, uuid=mine.uuid,
                                 note="second reading", created_at=mine.created_at,
                                 updated_at="2999-01-01T00:00:00Z")
    twin = IncomingDocumentCode("codes.csv, row 3", "stance: pro", "ana", doc.sha256,
                                uuid="3f0c6f1e-8b7a-4a8e-9a53-0d3c8d1f2e01")
    report = merge_batch(project, IncomingBatch("codes.csv", document_codes=(newer, twin)))
    assert (report.document_codes_updated, report.document_codes_added) == (1, 0)
    assert report.skipped == (("codes.csv, row 3",
                               "document code duplicates an existing one (same document, label, "
                               "annotator)"),)
    (code,) = list_document_codes(project, doc.id)
    assert (code.uuid, code.note, code.updated_at) == (mine.uuid, "second reading",
                                                       "2999-01-01T00:00:00Z")


def test_bad_incoming_codes_refuse_the_whole_merge_naming_each(tmp_path):
    from annotator.domain.merge import MergeRefused
    from annotator.domain.records import IncomingAnnotation, IncomingBatch, IncomingDocumentCode
    from annotator.services.annotations import list_annotations
    from annotator.services.merge import merge_batch

    project, doc = project_with_article(tmp_path)
    pro = _stance(project)
    before = (list_labels(project, kind=None), list_annotations(project, doc.id))
    batch = IncomingBatch("codes.csv", annotations=(
        IncomingAnnotation("codes.csv, row 2", "claim", 0, 5, "ana", doc.sha256),
        IncomingAnnotation("codes.csv, row 3", pro.name, 0, 5, "ana", doc.sha256),
    ), document_codes=(
        IncomingDocumentCode("codes.csv, row 4", "claim", "ana", doc.sha256),
        IncomingDocumentCode("codes.csv, row 5", pro.name, "ana", "0" * 64),
        IncomingDocumentCode("codes.csv, row 6", pro.name, "ana", doc.sha256, uuid="not-a-uuid"),
        IncomingDocumentCode("codes.csv, row 7", pro.name, "ana", doc.sha256, updated_at="yesterday"),
    ))
    with pytest.raises(MergeRefused) as refused:
        merge_batch(project, batch)
    message = str(refused.value)
    assert "codes.csv: not merged, nothing was changed (5 problems)" in message
    for expected in ("row 3: the label 'stance: pro' codes whole documents here",
                     "row 4: the label 'claim' labels spans here",
                     "row 5: document_sha256 " + "0" * 64 + " is in neither project",
                     "row 6: its id 'not-a-uuid' is not a UUID",
                     "row 7: 'yesterday' is not an ISO 8601 date and time"):
        assert expected in message
    assert (list_labels(project, kind=None), list_annotations(project, doc.id)) == before
    assert list_document_codes(project, doc.id) == []


def test_a_label_of_another_kind_in_the_colleagues_codebook_refuses_the_merge(tmp_path):
    from annotator.domain.merge import MergeRefused
    from annotator.services.merge import merge_file

    theirs, _ = _colleague(tmp_path)
    project, doc = project_with_article(tmp_path)
    add_label(project, "genre: opinion", "#0072b2", "6")  # a span label here
    with pytest.raises(MergeRefused, match="the label 'genre: opinion' is a document label there "
                                           "and a span label here"):
        merge_file(project, theirs)
    assert list_document_codes(project, doc.id) == []
    assert [lab.name for lab in list_labels(project, kind="document")] == []


# ----- agreement -------------------------------------------------------------------------------


def _five_coded_documents(tmp_path):
    """ana and ben code five articles pro or against; carl codes only the first."""
    project, first = project_with_article(tmp_path)
    outcomes = import_texts(project, [imported(f"Article number {n}.", f"{n}.txt", f"Article {n}")
                                      for n in range(2, 6)])
    docs = [first.id, *(o.document.id for o in outcomes)]
    pro = _stance(project)
    against = _stance(project, "stance: against", "5")
    ana = [pro, pro, against, against, pro]
    ben = [pro, against, pro, against, pro]
    for doc, a, b in zip(docs, ana, ben, strict=True):
        set_document_code(project, doc, a.id, "ana")
        set_document_code(project, doc, b.id, "ben")
    set_document_code(project, docs[0], pro.id, "carl")
    return project, docs, ana, ben


def test_document_code_agreement_per_label_matches_worked_values_and_references(tmp_path):
    import krippendorff
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    from annotator.services.document_codes import document_code_agreement_report

    project, docs, ana, ben = _five_coded_documents(tmp_path)
    report = document_code_agreement_report(project, ["ana", "ben"])
    assert (report.documents, report.labels) == (5, ("stance: pro", "stance: against"))
    kappa = report.figure("stance: pro", "cohen_kappa")
    # agreed on 3 of 5; each said pro 3 times: p_e = 0.6*0.6 + 0.4*0.4 = 0.52
    assert kappa.value == pytest.approx((0.6 - 0.52) / (1 - 0.52)) and kappa.units == 5
    a = [int(lab.name == "stance: pro") for lab in ana]
    b = [int(lab.name == "stance: pro") for lab in ben]
    assert kappa.value == pytest.approx(cohen_kappa_score(a, b))

    three = document_code_agreement_report(project, ["ana", "ben", "carl"], labels=["STANCE: PRO"])
    alpha = three.figure("stance: pro", "krippendorff_alpha")
    carl = [1.0] + [np.nan] * 4  # carl coded only the first article
    expected = krippendorff.alpha(reliability_data=[a, b, carl], level_of_measurement="nominal")
    assert alpha.value == pytest.approx(expected) and alpha.units == 5
    assert three.figure("stance: pro", "cohen_kappa", ("ana", "carl")).units == 1


def test_agreement_command_document_codes_and_its_refusals(tmp_path, capsys):
    import csv
    import io

    from annotator.cli import main

    project, docs, _, _ = _five_coded_documents(tmp_path)
    path = str(project.target)
    project.close()
    assert main(["agreement", "-p", path, "--document-codes", "--annotators", "ana", "ben"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("document codes; annotators: ana, ben (kappa: each against ana); "
                          "documents: 5\n")
    assert "stance: pro" in out and "0.1667" in out
    assert main(["agreement", "-p", path, "--document-codes", "--annotators", "ana", "ben",
                 "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["label"], r["measure"], r["units"]) for r in rows] == [
        ("stance: pro", "cohen_kappa", "5"), ("stance: pro", "krippendorff_alpha", "5"),
        ("stance: against", "cohen_kappa", "5"), ("stance: against", "krippendorff_alpha", "5")]
    for extra, message in ((["--annotators", "ana"], "at least two annotators"),
                           (["--annotators", "ana", "zoe"], "no document codes by 'zoe'"),
                           (["--annotators", "ana", "ben", "--label", "claim"],
                            "unknown document label 'claim'"),
                           (["--annotators", "ana", "ben", "--ci"], "does not go with --ci")):
        assert main(["agreement", "-p", path, "--document-codes", *extra]) != 0
        assert message in capsys.readouterr().err


def test_span_agreement_leaves_document_labels_out(tmp_path):
    from annotator.services.agreement import agreement_report

    project, doc = project_with_article(tmp_path)
    _stance(project)
    add_annotation(project, doc.id, "claim", "ana", 0, 5)
    add_annotation(project, doc.id, "claim", "ben", 0, 5)
    report = agreement_report(project, ["ana", "ben"])
    assert report.labels == ("source", "claim", "framing")


# ----- REFI-QDA --------------------------------------------------------------------------------


def test_qdpx_carries_document_codes_as_codings_of_the_whole_source_and_back(tmp_path):
    import zipfile

    import xmlschema

    from annotator.services.qdpx_export import export_qdpx, import_qdpx

    project, doc = project_with_article(tmp_path)
    pro = _stance(project)
    add_annotation(project, doc.id, "claim", "ana", 0, 5)
    mine = set_document_code(project, doc.id, pro.id, "ana", "a note")
    target = tmp_path / "out.qdpx"
    result = export_qdpx(project, target)
    assert result.document_codes == 1
    assert any("1 note of document codes left out" in line for line in result.skipped)
    with zipfile.ZipFile(target) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    schema = xmlschema.XMLSchema(FIXTURES / "refi-qda/Project-mrt2019.xsd")
    schema.validate(qde)
    assert f'<Coding guid="{mine.uuid}"' in qde and 'name="stance: pro"' in qde

    other_folder = tmp_path / "other"
    other_folder.mkdir()
    other = open_project(other_folder / "new.annotator")
    reading, report = import_qdpx(other, target)
    assert report.document_codes_added == 1 and report.annotations_added == 1
    (kinds,) = [lab.kind for lab in list_labels(other, kind=None) if lab.name == "stance: pro"]
    assert kinds == "document"
    (new_doc,) = list_documents(other)
    (code,) = list_document_codes(other, new_doc.id)
    assert (code.uuid, code.label, code.annotator) == (mine.uuid, "stance: pro", "ana")
    again = export_qdpx(other, tmp_path / "again.qdpx")
    assert again.document_codes == 1
    _, twice = import_qdpx(other, target)
    assert twice.document_codes_added == 0


def test_a_whole_source_coded_with_a_code_that_also_codes_selections_becomes_a_whole_text_span(
        tmp_path):
    import zipfile

    from annotator.services.annotations import list_annotations
    from annotator.services.qdpx_export import export_qdpx, import_qdpx

    project, doc = project_with_article(tmp_path)
    add_annotation(project, doc.id, "claim", "ana", 0, 5)
    target = tmp_path / "out.qdpx"
    export_qdpx(project, target)
    with zipfile.ZipFile(target) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members["project.qde"].decode("utf-8")
    claim_guid = qde.split('name="claim"')[0].rsplit('guid="', 1)[1].split('"')[0]
    whole = (f'<Coding guid="8d0f3c52-1b7e-4d0a-9a39-5e2b1c6f7a10">'
             f'<CodeRef targetGUID="{claim_guid}"/></Coding>\n<VariableValue>')
    members["project.qde"] = qde.replace("<VariableValue>", whole, 1).encode("utf-8")
    edited = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    other = open_project(other_folder / "new.annotator")
    reading, report = import_qdpx(other, edited, default_annotator="zoe")
    assert report.document_codes_added == 0 and report.annotations_added == 2
    assert any("stored as spans over the whole text" in line for line in reading.skipped)
    (new_doc,) = list_documents(other)
    spans = {(a.start, a.end, a.annotator) for a in list_annotations(other, new_doc.id)}
    assert (0, new_doc.length, "zoe") in spans
