"""Agreement of two annotators over 100,000 spans in 1,000 documents, against a bare sqlite3 floor.

Measured: `services.agreement.agreement_report` end to end (validation, reading spans and texts,
tokens, span matching, kappa and alpha per label and overall) on an open project. Floor: reading
the same spans and texts with bare sqlite3, nothing computed. Alternated, median of three.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

N_DOCUMENTS = 1000
N_SPANS = 100_000
REPEATS = 3

FLOOR_SPANS_SQL = """
SELECT a.document_id, a.annotator, l.name, a.start, a."end"
FROM annotations AS a JOIN labels AS l ON l.id = a.label_id
WHERE a.annotator IN (?, ?)
"""


def _floor(path: Path, annotators: tuple[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    try:
        spans = conn.execute(FLOOR_SPANS_SQL, annotators).fetchall()
        texts = dict(conn.execute("SELECT id, text FROM documents").fetchall())
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    assert texts
    return elapsed, len(spans)


def run(work: Path) -> tuple[list, list[str]]:
    """Build the project, time the agreement and its floor; rows and notes."""
    from bench_common import (
        ANNOTATORS,
        Row,
        build_project,
        median,
        progress,
        seconds,
        timed_on_project,
        verdict,
    )

    from annotator.services.agreement import agreement_report

    path = work / "agreement.annotator"
    progress(f"agreement: building {N_DOCUMENTS:,} documents with {N_SPANS:,} spans")
    build_project(path, N_DOCUMENTS, N_SPANS)
    pair = (ANNOTATORS[0], ANNOTATORS[1])
    measured: list[float] = []
    floors: list[float] = []
    report = None
    for attempt in range(REPEATS):
        progress(f"agreement {attempt + 1}/{REPEATS}")
        took, report = timed_on_project(path, lambda p: agreement_report(p, pair), create=False)
        measured.append(took)
        floor, n_spans = _floor(path, pair)
        floors.append(floor)
    assert report is not None
    spans = report.figure("*", "f1_exact").units
    if spans != n_spans:
        raise RuntimeError(f"agreement saw {spans} spans, the floor {n_spans}")
    t, t_floor = median(measured), median(floors)
    rows = [Row(
        f"agreement of 2 annotators, {spans:,} spans, {report.documents:,} docs, "
        f"{report.tokens:,} tokens (median of {REPEATS})",
        seconds(t), seconds(t_floor), f"{t / t_floor:.1f}" if t_floor else "-", "< 2 s",
        verdict(t < 2.0),
    )]
    notes = [
        "agreement times: " + ", ".join(f"{s:.2f}" for s in measured) + " s; floor (bare sqlite3 "
        "reading the same spans and texts, nothing computed) "
        + ", ".join(f"{s:.2f}" for s in floors) + " s",
        f"agreement: overall kappa {report.figure('*', 'cohen_kappa').value:.4f}, alpha "
        f"{report.figure('*', 'krippendorff_alpha').value:.4f} (random spans: near 0 expected)",
    ]
    return rows, notes


if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory(prefix="annotator-bench-agreement-") as tmp:
        result_rows, result_notes = run(Path(tmp))
    for row in result_rows:
        print(row)
    for note in result_notes:
        print("-", note)
