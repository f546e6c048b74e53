"""Merges, brat and REFI-QDA report how far they are, and stop when told: nothing half done."""

from __future__ import annotations

import pytest
from tests.helpers import ARTICLE, imported, project_with_article, span_of
from tests.pg_cluster import project_place

from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.interchange import export_brat, import_brat
from annotator.services.merge import merge_file
from annotator.services.project import open_project
from annotator.services.qdpx_export import export_qdpx, import_qdpx

pytestmark = pytest.mark.usefixtures("backend")


class Stop(Exception):
    """What the window's Cancel raises inside the work."""


def _stopping_at(stage: str, seen: list[tuple[int, int, str]], after: int = 0):
    """A progress callable recording each report and raising at the `after`-th one of `stage`."""
    def progress(done: int, total: int, at: str) -> None:
        seen.append((done, total, at))
        if at == stage and sum(s == stage for _, _, s in seen) > after:
            raise Stop
    return progress


@pytest.fixture
def colleague(tmp_path):
    path = tmp_path / "bob.annotator"
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    for n in range(5):
        add_annotation(project, outcome.document.id, "claim", "bob", n, n + 20)
    project.close()
    return path


def test_a_merge_reports_its_stages_and_one_stopped_while_storing_stores_nothing(tmp_path, colleague):
    project, document = project_with_article(tmp_path)
    seen: list[tuple[int, int, str]] = []
    with pytest.raises(Stop):
        merge_file(project, colleague, _stopping_at("storing", seen, after=1))
    stages = [stage for _, _, stage in seen]
    assert stages[0] == "reading" and "checking" in stages and stages[-1] == "storing"
    assert all(done <= total for done, total, stage in seen if stage != "reading")
    assert list_annotations(project, document.id) == []  # rolled back

    seen.clear()
    report = merge_file(project, colleague, lambda *args: seen.append(args))
    assert report.annotations_added == 5 and len(list_annotations(project, document.id)) == 5
    project.close()


def test_a_brat_import_stops_reading_when_told_and_stores_nothing(tmp_path):
    folder = tmp_path / "brat" / "zoe"
    folder.mkdir(parents=True)
    start, end = span_of(ARTICLE, "le ministre")
    for n in range(6):
        (folder / f"a{n}.txt").write_text(f"{ARTICLE}\n{n}\n", encoding="utf-8")
        (folder / f"a{n}.ann").write_text(f"T1\tsource {start} {end}\tle ministre\n", encoding="utf-8")
    project = open_project(project_place(tmp_path / "p.annotator"))
    seen: list[tuple[int, int, str]] = []
    with pytest.raises(Stop):
        import_brat(project, folder.parent, progress=_stopping_at("reading", seen, after=2))
    assert seen == [(0, 6, "reading"), (1, 6, "reading"), (2, 6, "reading")]  # the rest unread
    assert list_documents(project) == []
    reading, report = import_brat(project, folder.parent, progress=lambda *args: None)
    assert report.documents_added == 6
    project.close()


def test_stopped_exports_leave_no_file(tmp_path):
    project, document = project_with_article(tmp_path)
    import_texts(project, [imported(f"{ARTICLE}\n{n}\n", f"{n}.txt", f"Article {n}") for n in range(4)])
    for doc in list_documents(project):
        add_annotation(project, doc.id, "claim", "ana", 0, 9)
    before = sorted(p.name for p in tmp_path.iterdir())
    seen: list[tuple[int, int, str]] = []
    with pytest.raises(Stop):
        export_brat(project, tmp_path / "brat", progress=_stopping_at("writing", seen, after=2))
    assert [(done, stage) for done, _, stage in seen] == [(0, "writing"), (1, "writing"), (2, "writing")]
    with pytest.raises(Stop):
        export_qdpx(project, tmp_path / "all.qdpx", progress=_stopping_at("writing", [], after=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no folder, no file

    written = export_qdpx(project, tmp_path / "all.qdpx", progress=lambda *args: None)
    assert written.documents == 5
    other = open_project(tmp_path / "other.annotator")
    with pytest.raises(Stop):
        import_qdpx(other, tmp_path / "all.qdpx", progress=_stopping_at("checking", []))
    assert list_documents(other) == []
    other.close()
    project.close()
