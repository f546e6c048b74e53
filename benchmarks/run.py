"""Annotator benchmarks: speed and memory against floors measured in the same run, as a Markdown table.

    PYTHONPATH=src python benchmarks/run.py [--quick] [--out FILE]

Every measurement with a floor measures the floor in the same run on the same generated data.
The script reports and never gates: it exits 0 whatever the results.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import Row, na_row, progress  # noqa: E402

FULL_ANNOTATIONS = 1_000_000
QUICK_ANNOTATIONS = 100_000
DOCUMENTS = 1000
COLUMNS = ("what", "measured", "floor (same run)", "ratio", "target", "ok")


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "unknown"
    return f"{total / 2**30:.1f} GiB"


def machine_lines(quick: bool) -> list[str]:
    """What the numbers were measured on."""
    import annotator

    pyside = _version("PySide6-Essentials")
    if pyside == "not installed":
        pyside = _version("PySide6")
    return [
        f"- machine: {os.cpu_count()} CPUs ({_cpu_model()}), {_memory()} RAM, {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}, SQLAlchemy {_version('SQLAlchemy')}, PySide6 {pyside}",
        f"- annotator {annotator.__version__} from {Path(annotator.__file__).resolve().parent}",
        f"- mode: {'--quick' if quick else 'full'}; started {time.strftime('%Y-%m-%d %H:%M:%S')}",
    ]


def markdown_table(rows: list[Row]) -> str:
    """Rows as a Markdown table with padded columns."""
    cells = [list(COLUMNS)] + [
        [str(v).replace("|", "\\|") for v in (r.what, r.measured, r.floor, r.ratio, r.target, r.ok)]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
             for line in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


Section = Callable[[], tuple[list[Row], list[str]]]


def _guarded(name: str, section: Section, fallback: list[Row]) -> tuple[list[Row], list[str]]:
    """Run one section; a failure becomes n/a rows and a note instead of stopping the run."""
    began = time.perf_counter()
    try:
        rows, notes = section()
    except Exception as exc:  # noqa: BLE001 (a report, not a gate)
        traceback.print_exc(file=sys.stderr)
        return fallback, [f"{name}: n/a: {type(exc).__name__}: {exc}"]
    progress(f"{name} done in {time.perf_counter() - began:.1f} s")
    return rows, notes


def run_all(work: Path, quick: bool) -> tuple[list[Row], list[str]]:
    """Every measurement, in an order where each one leaves the data the next one needs."""
    import bench_app
    import bench_export
    import bench_import
    import bench_latency
    import bench_stall
    import bench_view
    from bench_common import build_project

    n_annotations = QUICK_ANNOTATIONS if quick else FULL_ANNOTATIONS
    rows: list[Row] = []
    notes: list[str] = []
    project = work / "large.annotator"
    progress(f"generating {DOCUMENTS:,} documents and {n_annotations:,} annotations (not timed)")
    began = time.perf_counter()
    built = True
    try:
        build_project(project, DOCUMENTS, n_annotations)
        size_mb = project.stat().st_size / 1e6
        notes.append(f"generated project: {DOCUMENTS:,} documents, {n_annotations:,} annotations, "
                     f"{size_mb:.0f} MB, in {time.perf_counter() - began:.0f} s (not timed)")
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc(file=sys.stderr)
        built = False
        notes.append(f"generating the project failed: {type(exc).__name__}: {exc}")

    def add(name: str, section: Section, fallback: list[Row]) -> None:
        got_rows, got_notes = _guarded(name, section, fallback)
        rows.extend(got_rows)
        notes.extend(got_notes)

    export_na = [na_row("CSV export", "ratio <= 1.5", "failed"),
                 na_row("CSV export peak RSS", "< 150 MB", "failed")]
    latency_na = [na_row("add_annotation p99", "p99 < 5 ms", "failed")]
    if built:
        add("export", lambda: bench_export.run(project, work, repeats=3), export_na)
        add("add_annotation", lambda: bench_latency.run(project), latency_na)
    else:
        rows.extend(export_na + latency_na)
    project.unlink(missing_ok=True)
    add("import", lambda: bench_import.run(work / "import", DOCUMENTS),
        [na_row("import 1,000 articles", "< 5 s", "failed")])
    add("view", bench_view.run, [na_row("document view", "-", "failed")])
    add("app start", lambda: bench_app.run(work / "app"),
        [na_row("app start to main window painted", "<= 0.6 s", "failed"),
         na_row("app start to sample article painted", "-", "failed")])
    add("stall", lambda: bench_stall.run(work / "stall", quick),
        [na_row("longest event-loop stall during long work", "<= 50 ms", "failed")])
    for module_name, title, target in FEATURE_BENCHMARKS:
        folder = work / module_name
        folder.mkdir()
        module = importlib.import_module(module_name)
        add(title, lambda m=module, f=folder: m.run(f), [na_row(title, target, "failed")])
    return rows, notes


#: Benchmarks of single features: module (with `run(work) -> (rows, notes)`), title, target.
FEATURE_BENCHMARKS = (
    ("bench_merge", "merge a colleague's project", "< 10 s"),
    ("bench_agreement", "agreement", "< 2 s"),
    ("bench_html_import", "import 1,000 HTML articles", "< 60 s"),
    ("bench_brat", "brat import", "< 10 s"),
    ("bench_corpus", "retrieval and statistics", "< 1 s / < 2 s"),
    ("bench_review_delete", "delete annotations with reviews", "< 1 s"),
    ("bench_window", "the main window as the analyst drives it", "p95 <= 16 ms / <= 100 ms"),
    ("bench_suggest", "suggested quotations and speakers", "P >= 0.85, F1 >= 0.75; 1 MB <= 1 s"),
    ("bench_server", "a project on a PostgreSQL server", "see bench_server.py"),
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the machine and the table, optionally write them to a file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_ANNOTATIONS:,} annotations instead of {FULL_ANNOTATIONS:,}")
    parser.add_argument("--out", type=Path, metavar="FILE", help="also write the report here")
    args = parser.parse_args(argv)
    try:
        import annotator  # noqa: F401
    except ImportError:
        print("benchmarks: cannot import annotator; run with PYTHONPATH=src or install it",
              file=sys.stderr)
        return 2
    header = machine_lines(args.quick)
    print("\n".join(header), flush=True)
    (work_parent := Path(tempfile.gettempdir())).mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="annotator-bench-", dir=work_parent) as tmp:
        work = Path(tmp)
        for folder in ("import", "app"):
            (work / folder).mkdir()
        rows, notes = run_all(work, args.quick)
    report = "\n".join([*header, "", markdown_table(rows), "", "Notes:",
                        *(f"- {note}" for note in notes)])
    print()
    print(report.split("\n", len(header) + 1)[-1])
    if args.out is not None:
        try:
            args.out.write_text(report + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"benchmarks: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
