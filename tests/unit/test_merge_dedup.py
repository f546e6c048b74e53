"""Merging a colleague's project: a review or link that repeats one of ours under another UUID."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported
from tests.pg_cluster import committed_rows, project_place

from annotator.domain import merge as M
from annotator.domain.records import IncomingBatch, IncomingLink, IncomingReview
from annotator.services.annotations import add_annotation
from annotator.services.copy import copy_project_between
from annotator.services.documents import import_texts
from annotator.services.merge import merge_batch, merge_file
from annotator.services.project import open_project

STAMP = "2024-03-05T09:14:26.512Z"
LATER = "2024-04-01T08:00:00.000Z"
OUR_REVIEW = "0b5c1f4e-3b1e-4a53-9a55-3a1f2b9d0c11"
THEIR_REVIEW = "7d2e4a10-5c3b-4e8f-9a01-b2c3d4e5f607"
OUR_LINK = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b"
THEIR_LINK = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
#: ana's three annotations, by label: claim "Selon le ministre, ...", source "le ministre".
SPANS = {"claim": (47, 90), "source": (32, 43), "framing": (1, 5)}
REVIEW = {"on": "claim", "reviewer": "carla", "verdict": "accepted", "comment": "ok", "at": STAMP}
LINK = {"relation": "attributed_to", "from": "claim", "to": "source", "annotator": "ana",
        "at": STAMP}

pytestmark = pytest.mark.usefixtures("backend")


def annotate(path: Path | str) -> dict[str, str]:
    """A project with the shared article and ana's annotations; their UUIDs by label."""
    project = open_project(path)
    try:
        (outcome,) = import_texts(project, [imported(ARTICLE)])
        return {label: add_annotation(project, outcome.document.id, label, "ana", *span).uuid
                for label, span in SPANS.items()}
    finally:
        project.close()


def add_review_and_link(path: Path | str, uuids: dict[str, str], review_uuid: str, link_uuid: str,
                        review: dict[str, str], link: dict[str, str]) -> None:
    project = open_project(path)
    try:
        merge_batch(project, IncomingBatch(
            "setup",
            reviews=(IncomingReview("setup", review_uuid, uuids[review["on"]], review["reviewer"],
                                    review["verdict"], review["comment"], review["at"]),),
            links=(IncomingLink("setup", link_uuid, link["relation"], uuids[link["from"]],
                                uuids[link["to"]], link["annotator"], link["at"]),),
        ))
    finally:
        project.close()


def two_projects(tmp_path: Path, same_annotation_uuids: bool, review: dict[str, str] = REVIEW,
                 link: dict[str, str] = LINK) -> tuple[Path | str, Path, dict[str, str]]:
    """Ours and bob's: the same annotations (a copy of our project, or annotated again under other
    UUIDs), our review and link, and bob's under other UUIDs with the given content."""
    ours, bob = project_place(tmp_path / "ours.annotator"), tmp_path / "bob.annotator"
    uuids = annotate(ours)
    if same_annotation_uuids:
        copy_to(ours, bob)
        theirs = uuids
    else:
        theirs = annotate(bob)
        assert set(theirs.values()).isdisjoint(uuids.values())
    add_review_and_link(ours, uuids, OUR_REVIEW, OUR_LINK, REVIEW, LINK)
    add_review_and_link(bob, theirs, THEIR_REVIEW, THEIR_LINK, review, link)
    return ours, bob, uuids


def copy_to(ours: Path | str, out: Path) -> None:
    """A copy of our project as a file, as a colleague would get it."""
    copy_project_between(ours, out)


def rows(target: Path | str) -> dict[str, list[tuple]]:
    """Reviews and links as a user sees them (by annotation UUID), and every table's rows."""
    return {
        "reviews": sorted(committed_rows(
            target, "SELECT r.uuid, a.uuid, r.reviewer, r.verdict, r.comment, r.created_at "
                    "FROM reviews r JOIN annotations a ON a.id = r.annotation_id")),
        "links": sorted(committed_rows(
            target, "SELECT k.uuid, f.uuid, t.uuid, k.relation, k.annotator FROM links k "
                    "JOIN annotations f ON f.id = k.from_annotation_id "
                    "JOIN annotations t ON t.id = k.to_annotation_id")),
        **{table: sorted(map(repr, committed_rows(target, f"SELECT * FROM {table}")))
           for table in ("documents", "labels", "annotations")},
    }


def merge(ours: Path | str, bob: Path) -> M.MergeReport:
    project = open_project(ours)
    try:
        return merge_file(project, bob)
    finally:
        project.close()


@pytest.mark.parametrize("same_annotation_uuids", [True, False],
                         ids=["annotations-same-uuid", "annotations-other-uuid-same-content"])
def test_a_review_and_a_link_repeated_under_other_uuids_are_skipped_and_reported(
    tmp_path, same_annotation_uuids
):
    ours, bob, uuids = two_projects(tmp_path, same_annotation_uuids)
    before = rows(ours)
    report = merge(ours, bob)
    assert (report.reviews_added, report.links_added, report.changed) == (0, 0, False)
    assert report.skipped[-2:] == (
        (f"bob.annotator: review {THEIR_REVIEW}", M.SKIP_SAME_REVIEW),
        (f"bob.annotator: link {THEIR_LINK}", M.SKIP_SAME_LINK),
    )
    expected_annotation_skip = (
        M.SKIP_UNCHANGED if same_annotation_uuids else f"{M.SKIP_DUPLICATE}: UUID {uuids['claim']}")
    assert len(report.skipped) == 5 and report.skipped[0][1] == expected_annotation_skip
    lines = report.summary_lines()
    assert "  1 × review duplicates an existing one (same annotation, reviewer, verdict, time)" in lines
    assert "  1 × link duplicates an existing one (same annotations, relation)" in lines
    assert lines[-1] == "nothing changed in the project"
    assert rows(ours) == before


# 09:14:26.512 UTC written with a +01:00 offset; and a whole second written without
# milliseconds (both spellings keep the instant).
@pytest.mark.parametrize(("ours_at", "theirs_at"), [
    (STAMP, "2024-03-05T10:14:26.512+01:00"),
    ("2024-03-05T09:14:26.000Z", "2024-03-05T09:14:26Z"),
], ids=["offset", "no-milliseconds"])
def test_the_same_review_time_written_another_way_is_the_same_review(tmp_path, ours_at, theirs_at):
    ours, bob = project_place(tmp_path / "ours.annotator"), tmp_path / "bob.annotator"
    uuids = annotate(ours)
    copy_to(ours, bob)
    add_review_and_link(ours, uuids, OUR_REVIEW, OUR_LINK, {**REVIEW, "at": ours_at}, LINK)
    add_review_and_link(bob, uuids, THEIR_REVIEW, THEIR_LINK, {**REVIEW, "at": theirs_at}, LINK)
    before = rows(ours)
    report = merge(ours, bob)
    assert (f"bob.annotator: review {THEIR_REVIEW}", M.SKIP_SAME_REVIEW) in report.skipped
    assert report.reviews_added == 0
    assert rows(ours) == before


@pytest.mark.parametrize(("field", "value"), [
    ("on", "source"), ("reviewer", "dora"), ("verdict", "rejected"), ("at", LATER)])
@pytest.mark.parametrize("same_annotation_uuids", [True, False],
                         ids=["annotations-same-uuid", "annotations-other-uuid-same-content"])
def test_a_review_differing_in_one_field_is_added(tmp_path, same_annotation_uuids, field, value):
    theirs = {**REVIEW, field: value}
    ours, bob, uuids = two_projects(tmp_path, same_annotation_uuids, review=theirs)
    report = merge(ours, bob)
    assert report.reviews_added == 1
    assert all(not reason.startswith("review") for _, reason in report.skipped)
    assert rows(ours)["reviews"] == sorted([
        (OUR_REVIEW, uuids["claim"], "carla", "accepted", "ok", STAMP),
        (THEIR_REVIEW, uuids[theirs["on"]], theirs["reviewer"], theirs["verdict"], "ok",
         theirs["at"]),
    ])


@pytest.mark.parametrize(("change", "ends"), [
    ({"relation": "cites"}, ("claim", "source")),
    ({"from": "framing"}, ("framing", "source")),
    ({"to": "framing"}, ("claim", "framing")),
    ({"from": "source", "to": "claim"}, ("source", "claim")),  # links have a direction
], ids=["relation", "from", "to", "reversed"])
@pytest.mark.parametrize("same_annotation_uuids", [True, False],
                         ids=["annotations-same-uuid", "annotations-other-uuid-same-content"])
def test_a_link_differing_in_relation_or_an_end_is_added(tmp_path, same_annotation_uuids, change,
                                                         ends):
    theirs = {**LINK, **change}
    ours, bob, uuids = two_projects(tmp_path, same_annotation_uuids, link=theirs)
    report = merge(ours, bob)
    assert report.links_added == 1
    assert all(not reason.startswith("link") for _, reason in report.skipped)
    assert rows(ours)["links"] == sorted([
        (OUR_LINK, uuids["claim"], uuids["source"], "attributed_to", "ana"),
        (THEIR_LINK, uuids[ends[0]], uuids[ends[1]], theirs["relation"], "ana"),
    ])


def test_a_link_differing_only_in_who_made_it_and_when_is_the_same_link(tmp_path):
    # The project holds one link per pair of ends and relation: bob's is skipped, not refused.
    ours, bob, _ = two_projects(tmp_path, True, link={**LINK, "annotator": "bob", "at": LATER})
    before = rows(ours)
    report = merge(ours, bob)
    assert report.skipped[-1] == (f"bob.annotator: link {THEIR_LINK}", M.SKIP_SAME_LINK)
    assert report.links_added == 0
    assert rows(ours) == before
