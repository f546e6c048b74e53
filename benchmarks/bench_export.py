"""CSV export of a large project against a bare sqlite3 + csv floor; each run in its own process.

As a script it is the child process: `bench_export.py measured|floor PROJECT OUT`; it prints one
JSON line with the elapsed time of the export alone (imports and opening excluded).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from pathlib import Path

FLOOR_SQL = """
SELECT a.uuid, d.uuid, d.title, d.date, d.sha256, a.annotator, l.name, a.start, a."end",
       a.note, a.created_at, a.updated_at, a.document_id, d.outlet, d.url, a.origin
FROM annotations AS a
JOIN documents AS d ON d.id = a.document_id
JOIN labels AS l ON l.id = a.label_id
ORDER BY a.document_id, a.start, a."end", a.id
"""


def _own_peak_rss() -> int | None:
    """This process's peak resident memory in bytes: VmHWM from /proc, else ru_maxrss.

    VmHWM comes first: on Linux ru_maxrss (also RUSAGE_CHILDREN in the parent) carries the
    parent's high-water mark across fork and exec, so a big parent would hide the child's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _child_measured(project_path: str, out_path: str) -> dict:
    from bench_common import timed_on_project

    from annotator.operations import export_annotations

    elapsed, rows = timed_on_project(project_path, lambda p: export_annotations(p, out_path))
    return {"seconds": elapsed, "rows": rows, "peak_rss_bytes": _own_peak_rss()}


def _child_floor(project_path: str, out_path: str, header: list[str]) -> dict:
    import csv

    started = time.perf_counter()
    conn = sqlite3.connect(project_path)
    try:
        rows_cursor = conn.execute(FLOOR_SQL)
        text_cursor = conn.cursor()
        current_id = -1
        text = ""
        n = 0
        with open(out_path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(header)
            while True:
                batch = rows_cursor.fetchmany(5000)
                if not batch:
                    break
                for a_uuid, d_uuid, title, date, sha, who, label, start, end, note, created, \
                        updated, document_id, outlet, url, origin in batch:
                    if document_id != current_id:
                        current_id = document_id
                        text = text_cursor.execute(
                            "SELECT text FROM documents WHERE id = ?", (document_id,)
                        ).fetchone()[0]
                    # The generated project holds no reviews: the four review columns are empty.
                    writer.writerow((a_uuid, d_uuid, title, date, sha, who, label, start, end,
                                     text[start:end], note, created, updated, "", "", "", "",
                                     outlet, url, origin))
                    n += 1
    finally:
        conn.close()
    return {"seconds": time.perf_counter() - started, "rows": n, "peak_rss_bytes": _own_peak_rss()}


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run(project: Path, work: Path, repeats: int) -> tuple[list, list[str]]:
    """Time the export and its floor alternately in child processes; rows and notes."""
    from bench_common import (
        Row,
        median,
        progress,
        ratio,
        run_child,
        seconds,
        verdict,
    )

    from annotator.domain.records import EXPORT_COLUMNS

    conn = sqlite3.connect(project)
    try:
        in_project = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    finally:
        conn.close()
    script = str(Path(__file__).resolve())
    header = json.dumps(list(EXPORT_COLUMNS))
    measured_out, floor_out = work / "export-measured.csv", work / "export-floor.csv"
    measured_s: list[float] = []
    floor_s: list[float] = []
    measured_rss: list[int] = []
    floor_rss: list[int] = []
    notes: list[str] = []
    for attempt in range(repeats):
        progress(f"export {attempt + 1}/{repeats}: annotator")
        got = run_child([script, "measured", str(project), str(measured_out)], "export child")
        if got.data["rows"] != in_project:
            raise RuntimeError(f"export wrote {got.data['rows']} rows, expected {in_project}")
        measured_s.append(got.data["seconds"])
        if got.peak_rss_bytes is not None:
            measured_rss.append(got.peak_rss_bytes)
        progress(f"export {attempt + 1}/{repeats}: floor")
        got = run_child([script, "floor", str(project), str(floor_out), header], "floor child")
        floor_s.append(got.data["seconds"])
        if got.peak_rss_bytes is not None:
            floor_rss.append(got.peak_rss_bytes)
        if attempt == 0:
            same = _file_digest(measured_out) == _file_digest(floor_out)
            size_mb = measured_out.stat().st_size / 1e6
            notes.append(f"export: {size_mb:.0f} MB of CSV; annotator and floor files byte-identical: "
                         f"{'yes' if same else 'NO'}")
        measured_out.unlink(missing_ok=True)
        floor_out.unlink(missing_ok=True)
    size = f"{in_project:,} annotations, 1,000 docs"
    t_measured, t_floor = median(measured_s), median(floor_s)
    r = ratio(t_measured, t_floor)
    rows = [Row(f"CSV export, {size} (median of {repeats})", seconds(t_measured), seconds(t_floor),
                f"{r:.2f}", "ratio <= 1.5", verdict(r <= 1.5))]
    notes.append("export times: annotator " + ", ".join(f"{s:.2f}" for s in measured_s)
                 + " s; floor " + ", ".join(f"{s:.2f}" for s in floor_s) + " s")
    if measured_rss and floor_rss:
        peak, floor_peak = max(measured_rss) / 2**20, max(floor_rss) / 2**20
        rows.append(Row(f"CSV export peak RSS, {size} (whole process, VmHWM)", f"{peak:.0f} MB",
                        f"{floor_peak:.0f} MB", f"{peak / floor_peak:.2f}", "< 150 MB",
                        verdict(peak < 150)))
    else:
        rows.append(Row("CSV export peak RSS", "n/a", "n/a", "n/a", "< 150 MB",
                        "n/a (peak RSS not available here)"))
    return rows, notes


if __name__ == "__main__":
    mode, project_arg, out_arg = sys.argv[1:4]
    if mode == "measured":
        result = _child_measured(project_arg, out_arg)
    else:
        result = _child_floor(project_arg, out_arg, json.loads(sys.argv[4]))
    print(json.dumps(result))
