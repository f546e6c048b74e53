"""Bringing a colleague's work in: another project file or an annotation CSV."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import sqlite3
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported
from tests.pg_cluster import committed_rows, project_place

from annotator.cli import main
from annotator.domain.errors import ProjectError
from annotator.domain.merge import MergeRefused
from annotator.domain.records import IncomingBatch, IncomingLink, IncomingReview
from annotator.domain.text import text_sha256
from annotator.operations import export_annotations
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts, list_documents
from annotator.services.labels import list_labels
from annotator.services.merge import merge_batch, merge_file
from annotator.services.project import open_project

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

SECOND = "Le maire dément.\n= 40 % selon l’INSEE\n- « Faux », répond l’opposition 😮.\n"
STAMP = "2024-03-05T09:14:26.512Z"
LATER = "2024-04-01T08:00:00.000Z"


def second_text(doc_uuid: str | None = None):
    """The second article with its metadata, as a reader would hand it over."""
    return dataclasses.replace(imported(SECOND, "second.txt", "Le maire dément"),
                               outlet="Le Courrier", author="Zoé Lefèvre", uuid=doc_uuid)


def dump(target: Path | str) -> list[tuple]:
    """Every row a user could see, to compare a project before and after."""
    return [(table, sorted(map(repr, committed_rows(target, f"SELECT * FROM {table}"))))
            for table in ("documents", "labels", "annotations", "reviews", "links")]


def edit_notes(path: Path, *changes: tuple[str, str, str]) -> None:
    """Change notes and update times in a closed project file: (uuid, note, updated_at) each."""
    conn = sqlite3.connect(path)
    conn.executemany("UPDATE annotations SET note = ?, updated_at = ? WHERE uuid = ?",
                     [(note, stamp, uuid) for uuid, note, stamp in changes])
    conn.commit()
    conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def colleague(tmp_path):
    """A colleague's project: the shared article and a second one, annotated by bob, closed."""
    path = tmp_path / "bob.annotator"
    project = open_project(path)
    art, sec = (o.document for o in import_texts(project, [imported(ARTICLE), second_text()]))
    anns = [
        add_annotation(project, art.id, "claim", "bob", 47, 90),
        add_annotation(project, art.id, "source", "bob", 32, 43),
        add_annotation(project, sec.id, "claim", "bob", 17, 37),
    ]
    merge_batch(project, IncomingBatch(
        "setup",
        reviews=(IncomingReview("setup", "0b5c1f4e-3b1e-4a53-9a55-3a1f2b9d0c11", anns[0].uuid,
                                "carla", "accepted", "ok", LATER),),
        links=(IncomingLink("setup", "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b", "attributed_to",
                            anns[0].uuid, anns[1].uuid, "bob", LATER),),
    ))
    project.close()
    return path, anns, sec


@pytest.fixture
def ours(tmp_path):
    """Our project: the shared article only, one annotation by ana."""
    project = open_project(project_place(tmp_path / "ours.annotator"))
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "claim", "ana", 47, 90)
    yield project
    project.close()


def annotations_by_uuid(project) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in committed_rows(
        project.target,
        "SELECT a.uuid, a.annotator, l.name, a.start, a.\"end\", a.note, a.updated_at, d.sha256"
        " FROM annotations a JOIN labels l ON l.id = a.label_id"
        " JOIN documents d ON d.id = a.document_id")}


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# ----- another project ----------------------------------------------------------------------


def test_project_merge_adds_documents_and_annotations_keeping_annotator_and_uuid(colleague, ours):
    path, anns, second = colleague
    before = digest(path)
    report = merge_file(ours, path)
    assert (report.documents_added, report.annotations_added) == (1, 3)
    assert (report.reviews_added, report.links_added) == (1, 1)
    stored = annotations_by_uuid(ours)
    for ann in anns:
        assert stored[ann.uuid][:4] == ("bob", ann.label, ann.start, ann.end)
    docs = {d.sha256: d for d in list_documents(ours)}
    assert docs[text_sha256(SECOND)].uuid == second.uuid
    assert docs[text_sha256(SECOND)].outlet == "Le Courrier"
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("bob")) == [
        "bob.annotator"]


def test_merging_the_same_project_twice_changes_nothing(colleague, ours):
    path, _, _ = colleague
    merge_file(ours, path)
    before = dump(ours.target)
    report = merge_file(ours, path)
    assert dump(ours.target) == before
    assert not report.changed
    assert "nothing changed in the project" in report.summary_lines()
    lines = report.summary_lines()
    assert any("3 × annotation unchanged" in line for line in lines)
    # What you hold already is counted, not listed annotation by annotation.
    wheres = [where for where, _reason in report.skipped]
    assert wheres and not any(where in line for line in lines for where in wheres)


def test_later_updated_at_wins_and_ours_newer_is_kept(colleague, ours):
    path, anns, _ = colleague
    merge_file(ours, path)
    edit_notes(path, (anns[0].uuid, "revised", "2099-01-01T00:00:00.000Z"),
               (anns[1].uuid, "older", "2000-01-01T00:00:00.000Z"))
    report = merge_file(ours, path)
    assert report.annotations_updated == 1
    stored = annotations_by_uuid(ours)
    assert stored[anns[0].uuid][4] == "revised"
    assert stored[anns[1].uuid][4] == ""
    assert (f"bob.annotator: annotation {anns[1].uuid}",
            "annotation where ours is newer (same UUID, later updated_at here)") in report.skipped


def test_newer_schema_and_foreign_databases_are_refused_naming_the_file(colleague, ours, tmp_path):
    path, _, _ = colleague
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before, theirs = dump(ours.target), digest(path)
    with pytest.raises(ProjectError) as refused:
        merge_file(ours, path)
    assert str(refused.value).startswith(
        f"{path}: written by a newer version of Annotator (schema 9999); ")
    assert "annotator-merge-" not in str(refused.value)
    assert digest(path) == theirs
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError) as refused:
        merge_file(ours, foreign)
    assert str(refused.value) == (
        f"{foreign}: not an Annotator project (an SQLite database of another program)")
    assert dump(ours.target) == before


# ----- annotation CSV -----------------------------------------------------------------------


HEADER = ["document_title", "label", "start", "end", "annotator", "text"]


def test_csv_row_whose_text_differs_is_reported_and_the_rest_stored(ours, tmp_path):
    sheet = write_csv(tmp_path / "carla.csv", HEADER, [
        ["Article", "claim", 47, 90, "carla", ARTICLE[47:90]],
        ["Article", "source", 32, 43, "carla", "quelque chose"],
    ])
    report = merge_file(ours, sheet)
    assert report.annotations_added == 1
    ((where, reason),) = report.skipped
    assert where == "carla.csv, row 3"
    assert reason.startswith("annotation whose covered text differs") and "'quelque chose'" in reason
    assert sorted(v[:2] for v in annotations_by_uuid(ours).values()) == [
        ("ana", "claim"), ("carla", "claim")]


def test_generic_csv_by_title_creates_unknown_labels_and_twice_changes_nothing(ours, tmp_path):
    sheet = write_csv(tmp_path / "generic.csv", HEADER[:5], [
        ["Article", "Quote", 47, 90, "dana"],
        ["Article", "CLAIM", 0, 10, "dana"],
    ])
    report = merge_file(ours, sheet)
    assert report.labels_created == ("Quote",)
    assert any("labels created" in line and "Quote" in line for line in report.summary_lines())
    assert "Quote" in [label.name for label in list_labels(ours)]
    labels = sorted(v[1] for v in annotations_by_uuid(ours).values() if v[0] == "dana")
    assert labels == ["Quote", "claim"]
    before = dump(ours.target)
    again = merge_file(ours, sheet)
    assert dump(ours.target) == before and not again.changed
    assert all(reason.startswith("annotation duplicates an existing one") for _, reason in again.skipped)


def test_review_columns_become_one_review_and_twice_adds_nothing(ours, tmp_path):
    header = HEADER + ["review_status", "reviewer", "review_comment", "reviewed_at"]
    sheet = write_csv(tmp_path / "rev.csv", header, [
        ["Article", "claim", 47, 90, "erin", ARTICLE[47:90], "rejected", "carla", "non", LATER],
    ])
    assert merge_file(ours, sheet).reviews_added == 1
    before = dump(ours.target)
    assert merge_file(ours, sheet).reviews_added == 0
    assert dump(ours.target) == before


BAD_INPUTS = {
    "missing column": (["document_title", "label", "start", "annotator"],
                       [["Article", "claim", 1, "x"]], "row 1 (header): missing column end"),
    "wrong type": (HEADER[:5], [["Article", "claim", 1, 5, "x"], ["Article", "claim", "un", 5, "x"]],
                   "row 3: start 'un' is not a whole number"),
    "out of range": (HEADER[:5], [["Article", "claim", 1, 5000, "x"]],
                     "row 2: span [1, 5000) is out of range"),
    "start after end": (HEADER[:5], [["Article", "claim", 9, 5, "x"]],
                        "row 2: span [9, 5) is out of range"),
    "unknown document": (HEADER[:5], [["Article", "claim", 1, 5, "x"], ["Nulle part", "claim", 1, 5, "x"]],
                         "row 3: document_title 'Nulle part' is in neither project"),
    "ragged row": (HEADER[:5], [["Article", "claim", 1]], "row 2: has 3 cells"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_csv_is_refused_with_file_and_row_and_nothing_stored(ours, tmp_path, case):
    header, rows, expected = BAD_INPUTS[case]
    sheet = write_csv(tmp_path / "bad.csv", header, rows)
    before = dump(ours.target)
    with pytest.raises(MergeRefused) as refused:
        merge_file(ours, sheet)
    message = str(refused.value)
    assert message.startswith(f"{sheet}: not merged, nothing was changed")
    assert expected in message
    assert dump(ours.target) == before


def test_many_problems_are_cut_after_ten_and_not_utf8_is_refused(ours, tmp_path):
    sheet = write_csv(tmp_path / "many.csv", HEADER[:5],
                      [["Article", "claim", "x", 5, "a"]] * 14 + [["Article", "fresh label", 1, 5, "a"]])
    with pytest.raises(MergeRefused) as refused:
        merge_file(ours, sheet)
    assert "(14 problems)" in str(refused.value) and "… and 4 more" in str(refused.value)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(HEADER[:5]).encode() + b"\r\nArticle,claim,1,5,Ren\xe9\r\n")
    before = dump(ours.target)
    with pytest.raises(MergeRefused, match=r"row 2: the file is not UTF-8 text"):
        merge_file(ours, latin)
    assert dump(ours.target) == before
    assert "fresh label" not in [label.name for label in list_labels(ours)]


@pytest.mark.parametrize("spreadsheet", [False, True])
def test_csv_round_trip_gives_identical_rows(colleague, tmp_path, spreadsheet):
    path, _, _ = colleague
    source = open_project(path)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_annotations(source, str(first), spreadsheet=spreadsheet)
    art, sec = sorted(list_documents(source), key=lambda d: d.id)
    same_uuids = [dataclasses.replace(imported(ARTICLE), uuid=art.uuid), second_text(sec.uuid)]
    source.close()
    fresh = open_project(tmp_path / "fresh.annotator")
    import_texts(fresh, same_uuids)
    report = merge_file(fresh, first)
    assert (report.annotations_added, report.reviews_added, report.skipped) == (3, 1, ())
    export_annotations(fresh, str(second), spreadsheet=spreadsheet)
    fresh.close()
    assert second.read_bytes() == first.read_bytes()
    if spreadsheet:
        assert "'= 40 %" in first.read_text(encoding="utf-8")


def test_round_trip_into_separately_imported_documents_differs_only_in_document_id(colleague, tmp_path):
    path, _, _ = colleague
    source = open_project(path)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_annotations(source, str(first))
    source.close()
    fresh = open_project(tmp_path / "fresh.annotator")
    import_texts(fresh, [imported(ARTICLE), second_text()])
    merge_file(fresh, first)
    export_annotations(fresh, str(second))
    fresh.close()

    def rows(p: Path) -> list[dict[str, str]]:
        with p.open(encoding="utf-8", newline="") as fh:
            return [{k: v for k, v in r.items() if k != "document_id"} for r in csv.DictReader(fh)]

    assert rows(second) == rows(first)


# ----- command line -------------------------------------------------------------------------


def test_cli_merge_prints_summary_and_refuses_with_exit_1(colleague, tmp_path, capsys):
    path, _, _ = colleague
    target = tmp_path / "cli.annotator"
    open_project(target).close()
    assert main(["merge", "--project", str(target), str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "documents added: 2" in out and "annotations added: 3" in out
    bad = write_csv(tmp_path / "bad.csv", HEADER[:5], [["Article", "claim", 1, "deux", "x"]])
    assert main(["merge", "--project", str(target), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert str(bad) in err and "row 2: end 'deux' is not a whole number" in err


def test_document_id_finds_the_document_and_unknown_review_targets_are_skipped(ours, tmp_path):
    (doc,) = list_documents(ours)
    sheet = write_csv(tmp_path / "ids.csv", ["document_id", "label", "start", "end", "annotator"],
                      [[doc.uuid, "source", 32, 43, "fred"]])
    assert merge_file(ours, sheet).annotations_added == 1
    report = merge_batch(ours, IncomingBatch("batch.json", reviews=(
        IncomingReview("batch.json, item 1", "1c1d8e0a-3b1e-4a53-9a55-3a1f2b9d0c11",
                       "00000000-0000-4000-8000-000000000000", "carla", "accepted", "", LATER),)))
    assert report.reviews_added == 0
    ((where, reason),) = report.skipped
    assert where == "batch.json, item 1" and reason.startswith("review of an annotation in neither")


# ----- hardening: separators, timestamps in other formats, all-or-nothing -------------------


def test_a_semicolon_csv_from_a_european_spreadsheet_is_refused_naming_the_separator(ours, tmp_path):
    sheet = tmp_path / "excel.csv"
    sheet.write_text(";".join(HEADER[:5]) + "\nArticle;claim;47;90;dana\n", encoding="utf-8-sig")
    before = dump(ours.target)
    with pytest.raises(MergeRefused) as refused:
        merge_file(ours, sheet)
    assert "';'" in str(refused.value) and "comma" in str(refused.value)
    assert dump(ours.target) == before


def test_header_only_and_quoted_newlines_in_notes(ours, tmp_path):
    empty = write_csv(tmp_path / "header.csv", HEADER[:5], [])
    assert not merge_file(ours, empty).changed
    sheet = write_csv(tmp_path / "notes.csv", [*HEADER[:5], "note", "extra"], [
        ["Article", "claim", 0, 10, "dana", "ligne 1\nligne 2", "ignored"],
        ["Article", "claim", 10, 20, "dana", "", ""],
    ])
    assert merge_file(ours, sheet).annotations_added == 2
    notes = sorted(v[4] for v in annotations_by_uuid(ours).values() if v[0] == "dana")
    assert notes == ["", "ligne 1\nligne 2"]


def test_updated_at_in_another_format_compares_the_instant(colleague, ours):
    path, anns, _ = colleague
    merge_file(ours, path)
    ours_stamp = annotations_by_uuid(ours)[anns[0].uuid][5]
    edit_notes(path, (anns[0].uuid, "same instant", ours_stamp.replace("Z", "+00:00")),
               (anns[1].uuid, "theirs later", "2099-01-01 02:00:00+02:00"))
    report = merge_file(ours, path)
    assert report.annotations_updated == 1
    stored = annotations_by_uuid(ours)
    assert stored[anns[0].uuid][4] == "" and stored[anns[1].uuid][4] == "theirs later"
    # Stored in the project's own UTC form, so that it sorts with the other times.
    assert stored[anns[1].uuid][5] == "2099-01-01T00:00:00.000Z"
    assert not merge_file(ours, path).changed


def test_review_times_with_an_offset_keep_the_latest_verdict_latest(ours, tmp_path):
    from annotator.services.reviews import review_states

    (doc,) = list_documents(ours)
    header = HEADER + ["review_status", "reviewer", "review_comment", "reviewed_at"]
    row = ["Article", "claim", 47, 90, "erin", ARTICLE[47:90]]
    sheet = write_csv(tmp_path / "rev.csv", header, [
        # 22:00 UTC, then 21:30 UTC written with a +02:00 offset (earlier, though it reads later)
        [*row, "accepted", "carla", "oui", "2024-03-05T22:00:00.000Z"],
        [*row, "rejected", "carla", "non", "2024-03-05T23:30:00+02:00"],
    ])
    report = merge_file(ours, sheet)
    assert report.reviews_added == 2
    states = [s for s in review_states(ours, doc.id).values() if s.reviews]
    assert [(s.status, s.comment) for s in states] == [("accepted", "oui")]
    out = tmp_path / "out.csv"
    export_annotations(ours, str(out))
    with out.open(encoding="utf-8", newline="") as fh:
        exported = [r for r in csv.DictReader(fh) if r["annotator"] == "erin"]
    assert [(r["review_status"], r["review_comment"]) for r in exported] == [("accepted", "oui")]
    assert not merge_file(ours, sheet).changed


def test_a_bad_review_after_good_annotations_refuses_everything(ours):
    from annotator.domain.records import IncomingAnnotation

    before = dump(ours.target)
    ann = IncomingAnnotation("x, row 2", "claim", 0, 10, "dana", text_sha256(ARTICLE),
                             uuid="3f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b")
    bad = IncomingReview("x, row 3", "4f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b", ann.uuid, "carla",
                         "maybe", "", LATER)
    with pytest.raises(MergeRefused, match="row 3: verdict 'maybe'"):
        merge_batch(ours, IncomingBatch("x", annotations=(ann,), reviews=(bad,)))
    assert dump(ours.target) == before


def test_an_open_colleague_project_with_a_write_ahead_log_is_read_whole(colleague, ours):
    path, _, _ = colleague
    held = open_project(path)  # the colleague still has it open: recent work sits in the -wal
    try:
        (art, _) = list_documents(held)
        fresh = add_annotation(held, art.id, "framing", "bob", 0, 5)
        report = merge_file(ours, path)
        assert fresh.uuid in annotations_by_uuid(ours)
        assert report.annotations_added == 4
    finally:
        held.close()


def test_one_refusal_lists_type_range_and_document_problems_in_row_order(ours, tmp_path):
    length = len(ARTICLE)
    sheet = write_csv(tmp_path / "mixed.csv", HEADER[:5], [
        ["Article", "claim", "x1", 5, "a"],
        ["Article", "claim", 9, 5, "a"],
        ["Article", "claim", -1, 5, "a"],
        ["Article", "claim", 1, 5000, "a"],
        ["Nulle part", "claim", 1, 5, "a"],
        ["Article", "claim", 1, 5, "a"],
    ])
    before = dump(ours.target)
    with pytest.raises(MergeRefused) as refused:
        merge_file(ours, sheet)
    assert str(refused.value).splitlines() == [
        f"{sheet}: not merged, nothing was changed (5 problems):",
        "  mixed.csv, row 2: start 'x1' is not a whole number",
        "  mixed.csv, row 3: span [9, 5) is out of range (need 0 <= start < end)",
        "  mixed.csv, row 4: span [-1, 5) is out of range (need 0 <= start < end)",
        f"  mixed.csv, row 5: span [1, 5000) is out of range (the document has {length} characters)",
        "  mixed.csv, row 6: document_title 'Nulle part' is in neither project",
    ]
    assert dump(ours.target) == before
    many = write_csv(tmp_path / "many.csv", HEADER[:5],
                     [["Article", "claim", 1, 5000, "a"], ["Article", "claim", "x", 5, "a"]] * 6)
    with pytest.raises(MergeRefused) as refused:
        merge_file(ours, many)
    lines = str(refused.value).splitlines()
    assert lines[0].endswith("(12 problems):") and lines[-1] == "  … and 2 more"
    assert [line.split(":")[0] for line in lines[1:11]] == [
        f"  many.csv, row {n}" for n in range(2, 12)]


def test_a_duplicate_row_without_annotation_id_is_named_by_its_row_only(ours, tmp_path):
    sheet = write_csv(tmp_path / "dup.csv", HEADER[:5], [["Article", "claim", 47, 90, "ana"]])
    report = merge_file(ours, sheet)
    assert report.summary_lines()[-3:] == [
        "  1 × annotation duplicates an existing one (same document, label, annotator, span)",
        "    dup.csv, row 2",
        "nothing changed in the project",
    ]


def test_skip_groups_say_whether_annotations_reviews_or_links_were_skipped(colleague, ours):
    path, _, _ = colleague
    merge_file(ours, path)
    lines = merge_file(ours, path).summary_lines()
    assert "  3 × annotation unchanged (same UUID, same updated_at)" in lines
    assert "  1 × review already in the project (same UUID)" in lines
    assert "  1 × link already in the project (same UUID)" in lines

