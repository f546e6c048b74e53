"""Import of a folder of articles (what `annotator import` does) against read + hash + executemany."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time
from pathlib import Path

from bench_common import Row, article, import_folder, median, progress, ratio, seconds, verdict

TARGET_S = 5.0


def write_articles(folder: Path, count: int, seed: int = 5) -> int:
    """Write `count` articles of about 5 KB: UTF-8 (some with a BOM or a seed header), ~5% cp1252."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    legacy = 0
    for number in range(count):
        is_legacy = number % 20 == 7
        text = article(rng, number, emoji=not is_legacy)
        if number % 10 == 3:
            text = f" date 20{rng.randint(18, 24)}-{rng.randint(1, 12):02d} {text}"
        if is_legacy:
            data = text.encode("cp1252")
            legacy += 1
        else:
            data = text.encode("utf-8")
            if number % 50 == 11:
                data = b"\xef\xbb\xbf" + data
        suffix = ".md" if number % 25 == 4 else ".txt"
        (folder / f"article-{number:04d}{suffix}").write_bytes(data)
    return legacy


def _documents_schema(template: Path) -> list[str]:
    """The CREATE statements of the project's documents table and its indexes."""
    conn = sqlite3.connect(template)
    try:
        return [sql for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'documents' AND sql IS NOT NULL "
            "ORDER BY type DESC")]
    finally:
        conn.close()


def _floor(folder: Path, db_path: Path, schema: list[str]) -> int:
    rows = []
    stamp = "2024-03-05T09:14:26+00:00"
    for number, file in enumerate(sorted(p for p in folder.iterdir() if p.is_file())):
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        title = text.split("\n", 1)[0].strip()[:200]
        rows.append((f"uuid-{number}", title, None, file.name, sha, text, len(text), stamp))
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        for sql in schema:
            conn.execute(sql)
        conn.executemany(
            "INSERT INTO documents (uuid, title, date, source_name, sha256, text, length, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(rows)


def run(work: Path, count: int = 1000, repeats: int = 3) -> tuple[list[Row], list[str]]:
    """Time `repeats` imports into fresh projects and as many floor runs, alternately."""
    from annotator.services.project import open_project

    folder = work / "articles"
    legacy = write_articles(folder, count)
    template = work / "schema-template.annotator"
    open_project(template).close()
    schema = _documents_schema(template)
    measured_s: list[float] = []
    plain_s: list[float] = []
    floor_s: list[float] = []
    for attempt in range(repeats):
        progress(f"import {attempt + 1}/{repeats}")
        for suggest, times in ((None, measured_s), (False, plain_s)):
            target = work / f"import-{attempt}-{suggest}.annotator"
            began = time.perf_counter()
            imported = import_folder(folder, target, suggest=suggest)
            times.append(time.perf_counter() - began)
            if imported != count:
                raise RuntimeError(f"imported {imported} of {count} files")
        floor_db = work / f"import-floor-{attempt}.sqlite"
        began = time.perf_counter()
        _floor(folder, floor_db, schema)
        floor_s.append(time.perf_counter() - began)
    t_measured, t_plain, t_floor = median(measured_s), median(plain_s), median(floor_s)
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    what = f"import {count:,} articles ({size_mb:.1f} MB, {legacy} cp1252) into a new project"
    rows = [Row(f"{what}, quotations proposed (median of {repeats})", seconds(t_measured),
                seconds(t_floor), f"{ratio(t_measured, t_floor):.2f}", "< 5 s",
                verdict(t_measured < TARGET_S)),
            Row(f"{what}, --no-suggest (median of {repeats})", seconds(t_plain), seconds(t_floor),
                f"{ratio(t_plain, t_floor):.2f}", "< 5 s", verdict(t_plain < TARGET_S))]
    notes = ["import times: annotator " + ", ".join(f"{s:.2f}" for s in measured_s) + " s; --no-suggest "
             + ", ".join(f"{s:.2f}" for s in plain_s) + " s; floor "
             + ", ".join(f"{s:.2f}" for s in floor_s) + " s (annotator includes creating the "
             "project file; floor: read, decode, sha256, one executemany)"]
    return rows, notes
