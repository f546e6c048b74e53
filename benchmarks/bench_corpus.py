"""Corpus retrieval and statistics on 1,000 documents / 100,000 annotations, against bare sqlite3.

(a) filling the Retrieve window's model with every annotation in context (retrieval service and
model reset, offscreen) against a floor: one bare sqlite3 select of the same rows, sliced the
same way; (b) `annotator stats` end to end in-process against a floor: bare GROUP BY counts.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import sqlite3
import time
import uuid
from pathlib import Path

DOCUMENTS = 1_000
ANNOTATIONS = 100_000
OUTLETS = ("Le Quotidien", "La Gazette", "L’Hebdo", "Radio Nord", "")
LINKS = 20_000
REPEATS = 3

FLOOR_ROWS_SQL = """
SELECT a.id, a.document_id, d.title, d.date, d.outlet, l.name, a.annotator, a.start, a."end",
       a.note
FROM annotations AS a JOIN labels AS l ON l.id = a.label_id JOIN documents AS d
  ON d.id = a.document_id
ORDER BY a.document_id, a.start
"""
FLOOR_STATS_SQL = (
    "SELECT {group} AS g, l.name, a.annotator, count(*) FROM annotations AS a "
    "JOIN labels AS l ON l.id = a.label_id JOIN documents AS d ON d.id = a.document_id "
    "GROUP BY g, l.name, a.annotator",
    "SELECT l.name, count(*) FROM links AS k JOIN annotations AS a ON a.id = k.to_annotation_id "
    "JOIN labels AS l ON l.id = a.label_id GROUP BY l.name",
)
#: The floor groups the counts as `annotator stats --by` groups the documents.
FLOOR_GROUP = {None: "'corpus'", "document": "a.document_id", "month": "substr(d.date, 1, 7)"}


def add_outlets_and_links(path: Path, seed: int = 11) -> int:
    """Give the documents outlets and link claims to sources of the same document."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    try:
        for (doc_id,) in conn.execute("SELECT id FROM documents").fetchall():
            conn.execute("UPDATE documents SET outlet = ? WHERE id = ?", (rng.choice(OUTLETS), doc_id))
        ids = dict(conn.execute("SELECT name, id FROM labels"))
        by_doc: dict[int, tuple[list[int], list[int]]] = {}
        rows = conn.execute("SELECT id, document_id, label_id FROM annotations WHERE label_id IN "
                            "(?, ?)", (ids["source"], ids["claim"]))
        for ann_id, doc_id, label_id in rows:
            sources, claims = by_doc.setdefault(doc_id, ([], []))
            (sources if label_id == ids["source"] else claims).append(ann_id)
        links: set[tuple[int, int]] = set()
        docs = [pair for pair in by_doc.values() if pair[0] and pair[1]]
        while len(links) < LINKS:
            sources, claims = rng.choice(docs)
            links.add((rng.choice(claims), rng.choice(sources)))
        conn.executemany(
            "INSERT INTO links (uuid, relation, from_annotation_id, to_annotation_id, annotator, "
            "created_at) VALUES (?, 'attributed_to', ?, ?, 'bench', '2024-01-01T00:00:00+00:00')",
            [(str(uuid.uuid4()), a, b) for a, b in links],
        )
        conn.commit()
    finally:
        conn.close()
    return len(links)


def _floor_retrieve(path: Path, context: int = 40) -> int:
    conn = sqlite3.connect(path)
    try:
        texts: dict[int, str] = {}
        rows = []
        for ann_id, doc_id, title, date, outlet, label, who, start, end, note in conn.execute(
            FLOOR_ROWS_SQL
        ):
            text = texts.get(doc_id)
            if text is None:
                text = texts[doc_id] = conn.execute(
                    "SELECT text FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()[0]
            rows.append((ann_id, doc_id, title, date, outlet, label, who,
                         text[max(0, start - context) : start], text[start:end],
                         text[end : end + context], start, end, note))
        return len(rows)
    finally:
        conn.close()


def _floor_stats(path: Path, by: str | None) -> int:
    conn = sqlite3.connect(path)
    try:
        return sum(len(conn.execute(sql.format(group=FLOOR_GROUP[by])).fetchall())
                   for sql in FLOOR_STATS_SQL)
    finally:
        conn.close()


def _measure_retrieve(path: Path) -> int:
    from annotator.services.project import open_project
    from annotator.services.retrieval import retrieve
    from annotator.ui.corpus.retrieve_window import RetrieveModel

    project = open_project(path)
    try:
        model = RetrieveModel()
        model.set_rows(retrieve(project))
        return model.rowCount()
    finally:
        project.close()


def _measure_stats(path: Path, by: str | None) -> int:
    from annotator.cli import main

    argv = ["stats", "--project", str(path)] + (["--by", by] if by else [])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    if code != 0:
        raise RuntimeError(f"annotator stats exited with {code}")
    return len(out.getvalue().splitlines())


def _best(action, repeats: int = REPEATS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    return min(times), result


def run(work: Path) -> tuple[list, list[str]]:
    """Build the project, then time retrieval and statistics against their floors."""
    from bench_common import Row, build_project, progress, ratio, seconds, verdict

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (models need one)
    path = work / "corpus.annotator"
    progress(f"corpus: generating {DOCUMENTS:,} documents, {ANNOTATIONS:,} annotations (not timed)")
    build_project(path, DOCUMENTS, ANNOTATIONS)
    n_links = add_outlets_and_links(path)
    size = f"{ANNOTATIONS:,} annotations, {DOCUMENTS:,} docs"
    rows: list = []
    notes = [f"corpus: {n_links:,} attributed_to links, {len(OUTLETS)} outlets; best of {REPEATS}"]

    progress("corpus: retrieve")
    floor_s, floor_n = _best(lambda: _floor_retrieve(path))
    took, n = _best(lambda: _measure_retrieve(path))
    if n != floor_n:
        raise RuntimeError(f"retrieve filled {n} rows, the floor read {floor_n}")
    rows.append(Row(f"Retrieve window filled, all {size}", seconds(took), seconds(floor_s),
                    f"{ratio(took, floor_s):.2f}", "< 1 s", verdict(took < 1.0)))

    for by in FLOOR_GROUP:
        progress(f"corpus: stats --by {by or 'corpus'}")
        floor_s, _ = _best(lambda b=by: _floor_stats(path, b))
        took, lines = _best(lambda b=by: _measure_stats(path, b))
        what = f"annotator stats{' --by ' + by if by else ''}, {size}"
        rows.append(Row(what, seconds(took), seconds(floor_s), f"{ratio(took, floor_s):.2f}",
                        "< 2 s", verdict(took < 2.0)))
        notes.append(f"corpus: stats --by {by or '(none)'} printed {lines:,} lines")
    path.unlink(missing_ok=True)
    return rows, notes


if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory() as tmp:
        result_rows, result_notes = run(Path(tmp))
    for row in result_rows:
        print(row)
    print("\n".join(result_notes))
