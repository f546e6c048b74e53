"""Latency of one add_annotation call (WAL, synchronous=FULL) against a raw sqlite3 insert + commit."""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from pathlib import Path

from bench_common import CREATED_AT, Row, millis, percentile, progress, ratio, verdict

INSERT_SQL = (
    "INSERT INTO annotations (uuid, document_id, label_id, annotator, start, \"end\", note, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
WARM_UP = 10


def _floor_connection(path: Path) -> sqlite3.Connection:
    """A bare connection with the project's pragmas; transactions begun by hand."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _floor_insert(conn: sqlite3.Connection, row: tuple) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(INSERT_SQL, row)
    conn.execute("COMMIT")


def run(project_path: Path, calls: int = 1000) -> tuple[list[Row], list[str]]:
    """`calls` service calls, then `calls` floor inserts, on the same project file."""
    from annotator.services.annotations import add_annotation
    from annotator.services.handle import store_of
    from annotator.services.project import open_project

    rng = random.Random(11)
    floor_conn = _floor_connection(project_path)
    project = open_project(project_path)
    try:
        docs = floor_conn.execute("SELECT id, length FROM documents").fetchall()
        n_annotations = floor_conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        label_ids = [r[0] for r in floor_conn.execute("SELECT id FROM labels ORDER BY position")][:3]
        with store_of(project).read() as session:
            sync = session.connection().exec_driver_sql("PRAGMA synchronous").scalar()
        used: set[tuple] = set()
        run_tag = uuid.uuid4().hex[:6]  # fresh names: earlier runs on this file cannot clash

        def fresh_span() -> tuple[int, int, int, int]:
            while True:
                doc_id, length = rng.choice(docs)
                start = rng.randrange(0, length - 30)
                key = (doc_id, rng.choice(label_ids), start, start + rng.randint(5, 30))
                if key not in used:
                    used.add(key)
                    return key

        service_times: list[float] = []
        progress(f"add_annotation: {calls} calls, then {calls} floor inserts")
        for i in range(WARM_UP + calls):
            doc_id, label_id, start, end = fresh_span()
            began = time.perf_counter()
            add_annotation(project, doc_id, label_id, f"Bench Éloïse {run_tag}", start, end)
            elapsed = time.perf_counter() - began
            if i >= WARM_UP:
                service_times.append(elapsed)
        # One phase after the other: a write by another connection makes SQLite drop the page
        # cache of the next writer, which interleaving would charge to both sides.
        floor_times: list[float] = []
        for i in range(WARM_UP + calls):
            doc_id, label_id, start, end = fresh_span()
            row = (str(uuid.uuid4()), doc_id, label_id, f"Bench floor {run_tag}", start, end, "",
                   CREATED_AT, CREATED_AT)
            began = time.perf_counter()
            _floor_insert(floor_conn, row)
            elapsed = time.perf_counter() - began
            if i >= WARM_UP:
                floor_times.append(elapsed)
    finally:
        project.close()
        floor_conn.close()
    where = f"project with {n_annotations:,} annotations"
    p50, p99 = percentile(service_times, 50), percentile(service_times, 99)
    f50, f99 = percentile(floor_times, 50), percentile(floor_times, 99)
    rows = [
        Row(f"add_annotation p50, {calls} sequential calls, {where}", millis(p50), millis(f50),
            f"{ratio(p50, f50):.2f}", "-", "-"),
        Row(f"add_annotation p99, {calls} sequential calls, {where}", millis(p99), millis(f99),
            f"{ratio(p99, f99):.2f}", "p99 < 5 ms", verdict(p99 < 0.005)),
    ]
    notes = [f"add_annotation: service connection reports PRAGMA synchronous={sync} (2 = FULL); "
             f"worst call {millis(max(service_times))}, worst floor insert {millis(max(floor_times))}"]
    return rows, notes
