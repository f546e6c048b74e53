"""A project on a PostgreSQL server against the same project in a file, measured in the same run.

    PYTHONPATH=src:. python benchmarks/bench_server.py [--quick]

Runs a throwaway PostgreSQL 15 server of its own (`tests/pg_cluster.py`: initdb in a temporary
folder, a unix socket only), restarted with its durable defaults (fsync, synchronous commit and
full-page writes on), so that a commit there is as durable as one in a project file
(`synchronous=FULL`). The figures, each beside the project file's:

- one annotation added (`add_annotation`, one transaction): p95, target 10 ms;
- a 10,000-span document shown in the window (`Workspace.show_document`): median, at most 1.5×
  the project file's;
- a colleague's annotation seen in another window on the server project (from the colleague's
  commit to the window showing it, with that 10,000-span document open): p95, target 2 s;
- merging a colleague's project of 100,000 annotations, then exporting them to CSV: at most 2×
  the project file's.

Prints a Markdown table; exits 0 whatever the results.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from bench_common import (  # noqa: E402
    Row,
    build_project,
    long_text,
    median,
    millis,
    percentile,
    progress,
    ratio,
    seconds,
    verdict,
)

COLUMNS = ("what", "server", "project file (same run)", "ratio", "target", "ok")
ADD_TARGET_S = 0.010
OPEN_RATIO = 1.5
LIVE_TARGET_S = 2.0
BULK_RATIO = 2.0


# ----- the server ---------------------------------------------------------------------------------


def start_durable_server():
    """The throwaway cluster of the tests, restarted with PostgreSQL's durable defaults."""
    from tests.pg_cluster import PG_BIN, PORT, _missing, _run, start_cluster

    reason = _missing()
    if reason is not None:
        raise SystemExit(f"no PostgreSQL server to measure: {reason}")
    cluster = start_cluster()
    data, log = cluster.root / "data", cluster.root / "server.log"
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], cluster.run_as, log)
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o",
          f"-k {cluster.socket_dir} -p {PORT} -c listen_addresses='' -c max_connections=50", "-w",
          "start"], cluster.run_as, log)
    return cluster


def _application():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.ui.app import application

    return application()


# ----- the measurements ----------------------------------------------------------------------------


def _new_place(cluster, work: Path, name: str) -> tuple[str, Path]:
    """A fresh server database and a fresh project file for the same measurement."""
    return cluster.url(cluster.new_database()), work / f"{name}.annotator"


def _article_with_spans(target, text: str, spans: int) -> int:
    """Import `text` into the project at `target` and label `spans` spans of it; its id."""
    from annotator.domain.records import ImportedText
    from annotator.domain.text import text_sha256
    from annotator.services.annotations import add_annotations
    from annotator.services.documents import import_texts
    from annotator.services.project import open_project

    project = open_project(target)
    try:
        (outcome,) = import_texts(project, [ImportedText("long.txt", "Long", None, text, text_sha256(text))])
        doc_id = outcome.document.id
        step = max(1, (len(text) - 20) // max(1, spans))
        wanted = [(i * step, i * step + 12) for i in range(spans)]
        for label, part in (("source", wanted[0::3]), ("claim", wanted[1::3]), ("framing", wanted[2::3])):
            add_annotations(project, doc_id, label, "Camille Lefèvre", part)
        return doc_id
    finally:
        project.close()


def add_latency(targets: tuple, calls: int) -> list[list[float]]:
    """`calls` add_annotation calls on a fresh span each (after a few not timed), on each target
    in turn, so that both see the same moments of a busy machine."""
    from annotator.services.annotations import add_annotation
    from annotator.services.project import open_project

    text = long_text(random.Random(3), 200_000)
    places = [(open_project(target), _article_with_spans(target, text, 0)) for target in targets]
    times: list[list[float]] = [[] for _ in targets]
    try:
        for index in range(calls + 10):
            start = index * 50
            for (project, doc_id), taken in zip(places, times, strict=True):
                began = time.perf_counter()
                add_annotation(project, doc_id, "claim", "Noé Brûlé", start, start + 20)
                if index >= 10:
                    taken.append(time.perf_counter() - began)
    finally:
        for project, _doc in places:
            project.close()
    return times


def open_document(targets: tuple, text: str, spans: int, repeats: int) -> tuple[list[list[float]], list]:
    """Show a document of `spans` spans in a window on each target, in turn: the times, and the
    windows (left open) with the document's id."""
    from annotator.ui import open_main_window

    app = _application()
    windows = []
    for target in targets:
        doc_id = _article_with_spans(target, text, spans)
        windows.append((open_main_window(target, "Noé Brûlé", create=False), doc_id))
    app.processEvents()
    times: list[list[float]] = [[] for _ in targets]
    for _ in range(repeats):
        for (window, doc_id), taken in zip(windows, times, strict=True):
            began = time.perf_counter()
            window.workspace.show_document(doc_id)
            app.processEvents()
            taken.append(time.perf_counter() - began)
    for window, _doc in windows:
        if window.workspace.annotation_count != spans:
            raise RuntimeError(f"the window shows {window.workspace.annotation_count} spans, not {spans}")
    return times, windows


def colleague_seen(address: str, window, doc_id: int, repeats: int) -> list[float]:
    """From a colleague's commit to `window` showing the annotation, `repeats` times."""
    from annotator.services.annotations import add_annotation
    from annotator.services.project import open_project

    app = _application()
    colleague = open_project(address)
    times = []
    try:
        for index in range(repeats):
            before = window.workspace.annotation_count
            start = 7 + index * 31
            add_annotation(colleague, doc_id, "source", "Léa Martin", start, start + 9)
            began = time.perf_counter()
            while window.workspace.annotation_count == before:
                if time.perf_counter() - began > 10:
                    raise RuntimeError("the colleague's annotation did not show within 10 s")
                app.processEvents()
                time.sleep(0.001)
            times.append(time.perf_counter() - began)
    finally:
        colleague.close()
    return times


def merge_and_export(target, colleague: Path, work: Path, name: str) -> tuple[float, float, int]:
    """Merge the colleague's project into an empty one at `target`, then export its CSV."""
    from annotator.operations import export_annotations
    from annotator.services.merge import merge_file
    from annotator.services.project import open_project

    project = open_project(target)
    try:
        began = time.perf_counter()
        report = merge_file(project, colleague)
        merged = time.perf_counter() - began
        out = work / f"{name}.csv"
        began = time.perf_counter()
        rows = export_annotations(project, str(out))
        exported = time.perf_counter() - began
    finally:
        project.close()
    if report.annotations_added != rows:
        raise RuntimeError(f"merged {report.annotations_added}, exported {rows}")
    return merged, exported, rows


# ----- the table ------------------------------------------------------------------------------------


def run(work: Path, quick: bool = False) -> tuple[list[Row], list[str]]:
    """Every row and note, for the full run (`run.py`); where no PostgreSQL server can be run here,
    one row saying so, and why in a note, rather than a failure."""
    from tests.pg_cluster import _missing

    reason = _missing()
    if reason is not None:
        return ([Row("a project on a PostgreSQL server", "n/a", target="see bench_server.py",
                     ok="skipped: no server")], [f"server: skipped: {reason}"])
    return measure(work, quick), []


def measure(work: Path, quick: bool) -> list[Row]:
    """The rows, each beside the project file's; raises SystemExit where no server can be run."""
    from tests.pg_cluster import stop_cluster

    calls, spans, repeats, bulk = (100, 10_000, 5, 20_000) if quick else (500, 10_000, 15, 100_000)
    rows: list[Row] = []
    progress("starting a PostgreSQL server of its own (durable settings)")
    cluster = start_durable_server()
    try:
        address, file = _new_place(cluster, work, "add")
        progress(f"add one annotation: {calls} calls on the server and on a project file, in turn")
        on_server, on_file = add_latency((address, file), calls)
        p95_server, p95_file = percentile(on_server, 95), percentile(on_file, 95)
        rows.append(Row("add one annotation, p95", millis(p95_server), millis(p95_file),
                        f"{ratio(p95_server, p95_file):.1f}", "≤ 10 ms", verdict(p95_server <= ADD_TARGET_S)))

        text = long_text(random.Random(5), spans * 40)
        address, file = _new_place(cluster, work, "open")
        progress(f"show a {spans:,}-span document in a window on each, in turn")
        (server_times, file_times), windows = open_document((address, file), text, spans, repeats)
        (server_window, doc_id), (file_window, _doc) = windows
        file_window.close()
        t_server, t_file = median(server_times), median(file_times)
        rows.append(Row(f"show a {spans:,}-span document in the window, median", seconds(t_server),
                        seconds(t_file), f"{ratio(t_server, t_file):.2f}", "≤ 1.5× file",
                        verdict(t_server <= OPEN_RATIO * t_file)))

        progress("a colleague's annotation, seen in the window on the server project")
        seen = colleague_seen(address, server_window, doc_id, 20)
        server_window.close()
        rows.append(Row(f"a colleague's annotation seen in another window ({spans:,} spans shown), p95",
                        seconds(percentile(seen, 95)), "-", "-", "≤ 2 s",
                        verdict(percentile(seen, 95) <= LIVE_TARGET_S)))

        colleague = work / "colleague.annotator"
        progress(f"a colleague's project of {bulk:,} annotations (not timed)")
        build_project(colleague, max(1, bulk // 100), bulk)
        address, file = _new_place(cluster, work, "merge")
        progress("merge and export: server, then project file")
        m_server, e_server, n_server = merge_and_export(address, colleague, work, "server")
        m_file, e_file, n_file = merge_and_export(file, colleague, work, "file")
        if n_server != n_file:
            raise RuntimeError(f"the server exported {n_server} rows, the file {n_file}")
        rows.append(Row(f"merge a colleague's {bulk:,} annotations", seconds(m_server), seconds(m_file),
                        f"{ratio(m_server, m_file):.2f}", "≤ 2× file",
                        verdict(m_server <= BULK_RATIO * m_file)))
        rows.append(Row(f"export {bulk:,} annotations to CSV", seconds(e_server), seconds(e_file),
                        f"{ratio(e_server, e_file):.2f}", "≤ 2× file",
                        verdict(e_server <= BULK_RATIO * e_file)))
    finally:
        stop_cluster(cluster)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls and 20,000 annotations to merge")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-server-") as folder:
        work = Path(folder)
        os.environ.setdefault("XDG_CONFIG_HOME", str(work / "settings"))
        rows = measure(work, args.quick)
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print(f"| {row.what} | {row.measured} | {row.floor} | {row.ratio} | {row.target} | {row.ok} |")
    print("\nThe server runs on this machine (a unix socket), with fsync and synchronous commit on.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
