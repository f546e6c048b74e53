"""brat import of 1,000 .txt/.ann pairs (50,000 spans) against a bare parse + executemany floor."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from bench_common import Row, article, median, progress, ratio, seconds, verdict

TARGET_S = 10.0
TYPES = ("Source", "Content", "Cue", "Discuss")


def write_collection(folder: Path, documents: int, spans: int, seed: int = 11) -> int:
    """`documents` pairs in annotator folders, every tenth .txt with CRLF and a BOM; spans written."""
    rng = random.Random(seed)
    written = 0
    for number in range(documents):
        text = article(rng, number, target_chars=3000)
        odd = number % 10 == 0
        raw = ("\ufeff" + text.replace("\n", "\r\n")) if odd else text
        annotator = f"annotator{number % 3}"
        target = folder / annotator
        target.mkdir(parents=True, exist_ok=True)
        (target / f"doc{number:04d}.txt").write_bytes(raw.encode("utf-8"))
        count = spans // documents + (1 if number < spans % documents else 0)
        lines: list[str] = []
        free = [at for at in range(1, len(raw) - 60)
                if raw[at - 1] not in "\r\ufeff" and not {"\r", "\n"} & set(raw[at:at + 51])]
        for t_number, start in enumerate(rng.sample(free, count), 1):
            end = start + rng.randint(3, 50)
            covered = raw[start:end]
            lines.append(f"T{t_number}\t{rng.choice(TYPES)} {start} {end}\t{covered}")
            if t_number % 5 == 0:
                lines.append(f"#{t_number}\tAnnotatorNotes T{t_number}\tnote {t_number}")
            if t_number % 4 == 0:
                lines.append(f"R{t_number}\tattributed_to Arg1:T{t_number} Arg2:T{t_number - 1}")
        (target / f"doc{number:04d}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += count
    return written


def _measured(folder: Path, project_path: Path) -> int:
    from annotator.services.interchange import import_brat
    from annotator.services.project import open_project

    project = open_project(project_path)
    try:
        _, report = import_brat(project, folder, label_map="Source=source,Content=claim")
    finally:
        project.close()
    return report.annotations_added


def _floor(folder: Path, db_path: Path) -> int:
    """Read each pair, split the .ann lines, one executemany into a bare table."""
    rows = []
    for ann in sorted(folder.rglob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").split("\n"):
            if line.startswith("T"):
                _, spec, covered = line.split("\t")
                kind, start, end = spec.split(" ")
                rows.append((ann.stem, kind, int(start), int(end), covered, len(text)))
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("CREATE TABLE spans (doc TEXT, type TEXT, start INT, end INT, covered TEXT,"
                     " length INT)")
        conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    return len(rows)


def run(work: Path, documents: int = 1000, spans: int = 50_000, repeats: int = 3
        ) -> tuple[list[Row], list[str]]:
    """Time `repeats` brat imports into fresh projects and as many floor runs, alternately."""
    folder = work / "brat"
    written = write_collection(folder, documents, spans)
    measured_s: list[float] = []
    floor_s: list[float] = []
    for attempt in range(repeats):
        progress(f"brat import {attempt + 1}/{repeats}")
        began = time.perf_counter()
        added = _measured(folder, work / f"brat-{attempt}.annotator")
        measured_s.append(time.perf_counter() - began)
        if added != written:
            raise RuntimeError(f"brat import added {added} of {written} spans")
        began = time.perf_counter()
        _floor(folder, work / f"brat-floor-{attempt}.sqlite")
        floor_s.append(time.perf_counter() - began)
    t_measured, t_floor = median(measured_s), median(floor_s)
    rows = [Row(f"brat import of {documents:,} .txt/.ann pairs, {written:,} spans "
                f"(median of {repeats})", seconds(t_measured), seconds(t_floor),
                f"{ratio(t_measured, t_floor):.2f}", "< 10 s", verdict(t_measured < TARGET_S))]
    notes = ["brat import times: annotator " + ", ".join(f"{s:.2f}" for s in measured_s)
             + " s; floor " + ", ".join(f"{s:.2f}" for s in floor_s) + " s (annotator includes "
             "creating the project, decoding, offset remapping (1 in 10 files CRLF + BOM), "
             "covered-text checks and the merge; floor: read, split the T lines, one executemany)"]
    return rows, notes
