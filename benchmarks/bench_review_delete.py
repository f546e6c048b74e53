"""Deleting 2,000 reviewed annotations from a project with 40,000 reviews, against a bare SQL floor.

Measured: `services.annotations.delete_annotations_with_dependents` (what the window's Delete
does: snapshot of the annotations, their links and reviews for undo, then the deletion) on an open
project. Floor: one bare sqlite3 transaction deleting the same annotations, foreign keys on (their
reviews cascade, reviews naming them as the reviewer's copy are set to NULL). Each deleting
connection must find the reviews that point at a deleted annotation as its copy: without an index on
`reviews.copy_annotation_id` that is a scan of every review per annotation.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

DOCUMENTS = 200
ANNOTATIONS = 60_000
REVIEWS = 40_000
DELETED = 2_000
REPEATS = 3
TARGET_S = 1.0

REVIEW_SQL = (
    "INSERT INTO reviews (uuid, annotation_id, reviewer, verdict, comment, created_at, "
    "copy_annotation_id) VALUES (?, ?, ?, ?, '', ?, ?)"
)


def add_reviews(path: Path, seed: int = 5) -> list[int]:
    """40,000 reviews of random annotations, each accepted one with a reviewer's copy; the ids of
    2,000 annotations to delete, chosen among the reviewed ones and the copies."""
    from bench_common import CREATED_AT

    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM annotations ORDER BY id")]
        reviewed = rng.sample(ids, REVIEWS)
        rows = []
        for n, annotation_id in enumerate(reviewed):
            accepted = n % 2 == 0
            copy = rng.choice(ids) if accepted else None
            rows.append((str(uuid.uuid4()), annotation_id, "Zoé", "accepted" if accepted else
                         "rejected", CREATED_AT, copy))
        conn.executemany(REVIEW_SQL, rows)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copies = [row[5] for row in rows if row[5] is not None]
        chosen = set(rng.sample(reviewed, DELETED // 2)) | set(rng.sample(copies, DELETED // 2))
        extra = iter(rng.sample(ids, DELETED * 2))
        while len(chosen) < DELETED:
            chosen.add(next(extra))
        return sorted(chosen)
    finally:
        conn.close()


def _floor(path: Path, ids: list[int]) -> float:
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            conn.execute(f"DELETE FROM annotations WHERE id IN ({','.join('?' * len(part))})", part)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return time.perf_counter() - started


def _fresh_copy(base: Path, copy: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, copy)
    return copy


def run(work: Path) -> tuple[list, list[str]]:
    """Build the project (not timed), then time the deletion and its floor on fresh copies."""
    from bench_common import (
        Row,
        build_project,
        median,
        progress,
        ratio,
        seconds,
        timed_on_project,
        verdict,
    )

    from annotator.services.annotations import delete_annotations_with_dependents

    work.mkdir(parents=True, exist_ok=True)
    base = work / "reviewed.annotator"
    progress(f"review delete: {DOCUMENTS:,} documents, {ANNOTATIONS:,} annotations, "
             f"{REVIEWS:,} reviews (not timed)")
    build_project(base, DOCUMENTS, ANNOTATIONS)
    ids = add_reviews(base)
    measured: list[float] = []
    floors: list[float] = []
    removed = 0
    for attempt in range(REPEATS):
        progress(f"review delete {attempt + 1}/{REPEATS}")
        copy = _fresh_copy(base, work / "measured.annotator")
        took, deleted = timed_on_project(
            copy, lambda p: delete_annotations_with_dependents(p, ids), create=False)
        measured.append(took)
        removed = len(deleted.annotations)
        floors.append(_floor(_fresh_copy(base, work / "floor.annotator"), ids))
    if removed != DELETED:
        raise RuntimeError(f"deleted {removed} annotations, expected {DELETED}")
    unindexed = _fresh_copy(base, work / "unindexed.annotator")
    conn = sqlite3.connect(unindexed)
    conn.execute("DROP INDEX ix_reviews_copy_annotation_id")
    conn.close()
    progress("review delete: floor without the index on the reviewer's copy")
    t_unindexed = _floor(unindexed, ids)
    t, t_floor = median(measured), median(floors)
    rows = [Row(
        f"delete {DELETED:,} reviewed annotations, project with {REVIEWS:,} reviews "
        f"(median of {REPEATS})",
        seconds(t), seconds(t_floor), f"{ratio(t, t_floor):.1f}", f"< {TARGET_S:g} s",
        verdict(t < TARGET_S),
    )]
    notes = [
        "review delete times: " + ", ".join(f"{s:.2f}" for s in measured) + " s; floor (bare "
        "sqlite3 DELETE of the same ids, foreign keys on, one transaction) "
        + ", ".join(f"{s:.2f}" for s in floors) + " s",
        f"review delete: the same floor without the index on reviews.copy_annotation_id took "
        f"{seconds(t_unindexed)}",
    ]
    return rows, notes
