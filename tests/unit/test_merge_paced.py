"""A large merge reports as it reads and writes its rows, stays all-or-nothing, and lets the
collector be turned back on only once it is done."""

from __future__ import annotations

import gc

import pytest
from tests.helpers import imported

from annotator.domain.records import ImportedText
from annotator.services.annotations import add_annotations, list_annotations
from annotator.services.collector import collector_on, collector_paused, paused_collector
from annotator.services.documents import import_texts, list_documents
from annotator.services.merge import merge_file
from annotator.services.project import open_project
from annotator.store.queries import WRITE_CHUNK

SPANS = 3 * WRITE_CHUNK + 17


def _article() -> ImportedText:
    return imported("word " * (SPANS + 10), name="long.txt", title="Long")


@pytest.fixture
def colleague(tmp_path):
    path = tmp_path / "bob.annotator"
    project = open_project(path)
    (outcome,) = import_texts(project, [_article()])
    add_annotations(project, outcome.document.id, "claim", "bob",
                    [(k, k + 1) for k in range(SPANS)])
    project.close()
    return path


def test_a_large_merge_reports_while_it_stores_and_stores_every_annotation(tmp_path, colleague):
    project = open_project(tmp_path / "ours.annotator")
    import_texts(project, [_article()])
    reports: list[tuple[int, int, str]] = []
    report = merge_file(project, colleague, lambda done, total, stage: reports.append(
        (done, total, stage)))
    assert report.annotations_added == SPANS
    (document,) = list_documents(project)
    assert len(list_annotations(project, document.id)) == SPANS
    storing = [r for r in reports if r[2] == "storing"]
    assert len(storing) > 3  # not only between the steps: every few hundred rows written
    assert [done for done, _total, _stage in reports] == sorted(
        done for done, _total, _stage in reports)  # the count never goes back


def test_a_merge_stopped_half_way_through_its_writing_stores_nothing(tmp_path, colleague):
    project = open_project(tmp_path / "ours.annotator")
    import_texts(project, [_article()])
    storing = 0

    def progress(_done: int, _total: int, stage: str) -> None:
        nonlocal storing
        storing += stage == "storing"
        if storing == 3:  # some chunks written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        merge_file(project, colleague, progress)
    (document,) = list_documents(project)
    assert list_annotations(project, document.id) == []


def test_the_collector_comes_back_on_only_when_the_last_pause_ends():
    was_on = gc.isenabled()
    gc.enable()
    try:
        with paused_collector():
            with paused_collector():
                assert not gc.isenabled() and collector_paused()
            assert not gc.isenabled()  # the outer pause goes on
        assert gc.isenabled() and not collector_paused()
        gc.disable()  # as the window does while it shows a document
        with paused_collector():
            collector_on()  # the document is shown: asked for while a merge still runs
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()
