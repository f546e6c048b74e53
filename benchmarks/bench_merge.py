"""Merging a colleague's project (1,000 documents, 100,000 annotations) against a bare SQL floor.

The floor copies the same rows with sqlite3 alone (ATTACH + INSERT … SELECT, matching documents
by SHA-256 and labels by name): what any merge must at least pay, without checks or a report.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

DOCUMENTS = 1000
ANNOTATIONS = 100_000
TARGET_S = 10.0

FLOOR_SQL = (
    """INSERT INTO main.documents (uuid, title, date, source_name, sha256, text, length,
           imported_at, author, outlet, url, language)
       SELECT uuid, title, date, source_name, sha256, text, length, imported_at, author, outlet,
              url, language
       FROM other.documents WHERE sha256 NOT IN (SELECT sha256 FROM main.documents)""",
    """INSERT INTO main.annotations (uuid, document_id, label_id, annotator, start, "end", note,
           created_at, updated_at)
       SELECT a.uuid, md.id, ml.id, a.annotator, a.start, a."end", a.note, a.created_at,
              a.updated_at
       FROM other.annotations AS a
       JOIN other.documents AS od ON od.id = a.document_id
       JOIN main.documents AS md ON md.sha256 = od.sha256
       JOIN other.labels AS ol ON ol.id = a.label_id
       JOIN main.labels AS ml ON ml.name = ol.name
       WHERE a.uuid NOT IN (SELECT uuid FROM main.annotations)""",
)


def _floor(target: Path, other: Path) -> tuple[float, int]:
    started = time.perf_counter()
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("ATTACH DATABASE ? AS other", (f"{other.as_uri()}?mode=ro",))
        conn.execute("BEGIN IMMEDIATE")
        for sql in FLOOR_SQL:
            conn.execute(sql)
        conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    finally:
        conn.close()
    return elapsed, count


def _measured(target: Path, other: Path) -> tuple[float, object]:
    from bench_common import timed_on_project

    from annotator.services.merge import merge_file

    return timed_on_project(target, lambda project: merge_file(project, other))


def run(work: Path) -> tuple[list, list[str]]:
    """Build the projects (not timed), then time merge and floor into a copy of each target."""
    from bench_common import Row, build_project, progress, ratio, seconds, verdict

    from annotator.services.project import open_project

    work.mkdir(parents=True, exist_ok=True)
    other = work / "colleague.annotator"
    same_docs = work / "same-documents.annotator"
    empty = work / "empty.annotator"
    progress(f"merge: generating a colleague project of {DOCUMENTS:,} documents and "
             f"{ANNOTATIONS:,} annotations (not timed)")
    build_project(other, DOCUMENTS, ANNOTATIONS)
    build_project(same_docs, DOCUMENTS, 0)  # the same seed: the same texts, other UUIDs
    open_project(empty).close()
    rows: list = []
    notes: list[str] = []
    what = f"{DOCUMENTS:,} docs, {ANNOTATIONS:,} annotations"
    for label, base in (("into a project holding the same documents", same_docs),
                        ("into an empty project", empty)):
        measured_copy, floor_copy = work / "measured.annotator", work / "floor.annotator"
        shutil.copyfile(base, measured_copy)
        shutil.copyfile(base, floor_copy)
        progress(f"merge {label}: annotator")
        t_measured, report = _measured(measured_copy, other)
        progress(f"merge {label}: floor")
        t_floor, floor_count = _floor(floor_copy, other)
        added = report.annotations_added  # type: ignore[attr-defined]
        if added != ANNOTATIONS or floor_count != ANNOTATIONS:
            raise RuntimeError(f"merge added {added}, floor {floor_count}, expected {ANNOTATIONS}")
        rows.append(Row(f"merge colleague ({what}) {label}", seconds(t_measured),
                        seconds(t_floor), f"{ratio(t_measured, t_floor):.1f}", "< 10 s",
                        verdict(t_measured < TARGET_S)))
        if base is same_docs:
            progress("merge the same project again (nothing to change)")
            t_again, again = _measured(measured_copy, other)
            unchanged = not again.changed  # type: ignore[attr-defined]
            rows.append(Row(f"merge the same colleague project again ({what})", seconds(t_again),
                            "-", "-", "< 10 s", verdict(t_again < TARGET_S and unchanged)))
            notes.append(f"merge: merging again changed nothing: {'yes' if unchanged else 'NO'}")
        measured_copy.unlink()
        floor_copy.unlink()
        for sidecar in work.glob("*.annotator-*"):
            sidecar.unlink(missing_ok=True)
    notes.append("merge: measured includes copying the colleague's file, reading it, all checks "
                 "(covered text, duplicates, UUIDs) and the summary; the floor is sqlite3 ATTACH + "
                 "INSERT … SELECT of the same rows in one transaction")
    return rows, notes
