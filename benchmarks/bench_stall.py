"""How long the window stops answering while long work runs: the longest event-loop stall.

A 10 ms QTimer ticks in the real main window (offscreen Qt, in a child process) while the window's
own actions run, their dialogs answered through the `ask()` seams as the tests do: File > Merge a
colleague's project of 100,000 annotations into a project holding the same 1,000 documents,
File > Import a folder of 1,000 articles into an empty project, and Export CSV of 1,000,000
annotations (100,000 with --quick). The longest gap between two ticks, from the action's trigger
until its result is shown, is the stall; the target is 50 ms. "Charts first open" times
Corpus > Charts from the trigger until its window is shown, and until the first chart is drawn
(target 0.5 s each).

As a script it is the child: `bench_stall.py KIND ARGS...` prints one JSON line;
`bench_stall.py --standalone [--quick]` prints the table.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

MERGE_DOCUMENTS = 1000
MERGE_ANNOTATIONS = 100_000
IMPORT_FILES = 1000
EXPORT_ROWS = 1_000_000
QUICK_EXPORT_ROWS = 100_000
PROBE_MS = 10
SETTLE_S = 0.5
"""How long the probe keeps running after the work is done: the refresh it causes is part of the wait."""
TARGET_STALL_MS = 50.0
TARGET_CHARTS_S = 0.5
ME = "Bench Éloïse"


# ----- child ----------------------------------------------------------------------------------


class _Probe:
    """A 10 ms timer recording the longest gap between two of its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        self._tick()
        self.timer.stop()


def _window(project: Path, work: Path):
    from PySide6.QtCore import QSettings

    folder = work / "settings"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from annotator.ui import open_main_window
    from annotator.ui.app import application

    app = application()
    window = open_main_window(project, ME)
    window.resize(1400, 860)
    for _ in range(5):
        app.processEvents()
    return app, window


def _drive(app, window, trigger) -> dict:
    """Trigger an action with the probe running; until the work is done and the window has
    settled (SETTLE_S more)."""
    probe = _Probe()
    probe.start()
    began = time.perf_counter()
    trigger()
    while True:
        app.processEvents()
        if not window.background.busy:
            break
        time.sleep(0.001)
    elapsed = time.perf_counter() - began
    # The window refreshes over the next few turns (document list, article, then the panels after
    # the article's paint): the probe goes on until it has settled.
    settled = time.perf_counter() + SETTLE_S
    while time.perf_counter() < settled:
        app.processEvents()
        time.sleep(0.001)
    probe.stop()
    return {"stall_s": probe.longest, "elapsed_s": elapsed, "ticks": probe.ticks}


def _merge_child(project: Path, colleague: Path) -> dict:
    from annotator.ui.interchange.merge_action import MergeFileDialog, MergeSummaryDialog

    MergeFileDialog.ask = classmethod(lambda cls, parent: colleague)  # type: ignore[method-assign]
    added: list[int] = []
    MergeSummaryDialog.present = classmethod(  # type: ignore[method-assign]
        lambda cls, parent, report: added.append(report.annotations_added))
    app, window = _window(project, project.parent)
    from PySide6.QtGui import QAction

    data = _drive(app, window, window.findChild(QAction, "mergeAction").trigger)
    data["added"] = added[0] if added else 0
    return data


def _import_child(project: Path, folder: Path) -> dict:
    from annotator.services.documents import list_documents
    from annotator.ui.interchange.file_actions import ImportFilesDialog

    ImportFilesDialog.ask = classmethod(  # type: ignore[method-assign]
        lambda cls, parent, folder=False, chosen=folder: [chosen])
    app, window = _window(project, project.parent)
    data = _drive(app, window, lambda: window.import_documents(folder=True))
    data["documents"] = len(list_documents(window.project))
    return data


def _export_child(project: Path, out: Path) -> dict:
    from annotator.ui.interchange.export_dialog import ExportDialog, ExportRequest

    ExportDialog.ask = classmethod(  # type: ignore[method-assign]
        lambda cls, *a, **k: ExportRequest(path=out, format="csv"))
    app, window = _window(project, project.parent)
    data = _drive(app, window, window.export_action.trigger)
    with out.open("rb") as fh:
        data["lines"] = sum(1 for _ in fh) - 1
    return data


def _charts_child(project: Path) -> dict:
    from PySide6.QtGui import QAction

    from annotator.ui.corpus.charts_panel import ChartsPanel

    app, window = _window(project, project.parent)
    probe = _Probe()
    probe.start()
    began = time.perf_counter()
    window.findChild(QAction, "chartsAction").trigger()
    panel = window.findChild(ChartsPanel)
    panel.repaint()
    shown = time.perf_counter() - began
    while panel.figure is None or window.background.busy:
        app.processEvents()
        time.sleep(0.001)
    panel.canvas.repaint()
    drawn = time.perf_counter() - began
    app.processEvents()
    probe.stop()
    return {"shown_s": shown, "drawn_s": drawn, "stall_s": probe.longest}


def child_main(argv: list[str]) -> None:
    """Child entry point: print one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    kind, *paths = argv
    args = [Path(p) for p in paths]
    data = {"merge": _merge_child, "import": _import_child, "export": _export_child,
            "charts": _charts_child}[kind](*args)
    print(json.dumps(data))
    sys.stdout.flush()
    os._exit(0)  # skip Qt teardown; nothing is left to save


# ----- parent ---------------------------------------------------------------------------------


def run(work: Path, quick: bool = False) -> tuple[list, list[str]]:
    """Build the data (not timed), drive the window in a child per action, make the rows."""
    from bench_app import _compile_package
    from bench_common import Row, build_project, millis, progress, run_child, seconds, verdict
    from bench_import import write_articles

    from annotator.services.project import open_project

    work.mkdir(parents=True, exist_ok=True)
    script = str(Path(__file__).resolve())
    rows: list = []
    # As installed: a module the work imports is not compiled from its source meanwhile.
    notes: list[str] = [_compile_package().replace("app start:", "stall:")]

    def stall_row(what: str, data: dict) -> None:
        stall = data["stall_s"] * 1000
        rows.append(Row(f"longest event-loop stall (10 ms timer), {what}", millis(data["stall_s"]),
                        "-", "-", f"<= {TARGET_STALL_MS:.0f} ms", verdict(stall <= TARGET_STALL_MS)))
        notes.append(f"stall, {what}: work took {seconds(data['elapsed_s'])}, "
                     f"{data['ticks']} ticks of the 10 ms timer")

    progress(f"stall: generating a colleague project of {MERGE_DOCUMENTS:,} documents and "
             f"{MERGE_ANNOTATIONS:,} annotations (not timed)")
    colleague, same = work / "colleague.annotator", work / "same-documents.annotator"
    build_project(colleague, MERGE_DOCUMENTS, MERGE_ANNOTATIONS)
    build_project(same, MERGE_DOCUMENTS, 0)
    progress("stall: merging through the window")
    merged = run_child([script, "merge", str(same), str(colleague)], "stall merge child").data
    stall_row(f"merge of {MERGE_ANNOTATIONS:,} annotations", merged)
    notes.append(f"stall merge: {merged['added']:,} annotations added")

    progress("stall: Corpus > Charts on the merged project")
    charts = run_child([script, "charts", str(same)], "stall charts child").data
    rows.append(Row("Charts first open: trigger to window shown", millis(charts["shown_s"]), "-",
                    "-", f"<= {TARGET_CHARTS_S} s", verdict(charts["shown_s"] <= TARGET_CHARTS_S)))
    rows.append(Row("Charts first open: trigger to first chart drawn", millis(charts["drawn_s"]),
                    "-", "-", f"<= {TARGET_CHARTS_S} s",
                    verdict(charts["drawn_s"] <= TARGET_CHARTS_S)))
    notes.append(f"charts: longest stall while opening {millis(charts['stall_s'])} "
                 f"({MERGE_ANNOTATIONS:,} annotations, by document)")
    colleague.unlink()
    same.unlink()

    progress(f"stall: writing {IMPORT_FILES:,} articles (not timed)")
    folder = work / "articles"
    write_articles(folder, IMPORT_FILES)
    empty = work / "empty.annotator"
    open_project(empty).close()
    progress("stall: importing the folder through the window")
    imported = run_child([script, "import", str(empty), str(folder)], "stall import child").data
    stall_row(f"import of {IMPORT_FILES:,} files", imported)
    notes.append(f"stall import: {imported['documents']:,} documents in the project")
    shutil.rmtree(folder)
    empty.unlink()

    n_rows = QUICK_EXPORT_ROWS if quick else EXPORT_ROWS
    progress(f"stall: generating {n_rows:,} annotations to export (not timed)")
    big = work / "export.annotator"
    build_project(big, MERGE_DOCUMENTS, n_rows)
    progress("stall: exporting through the window")
    out = work / "export.csv"
    exported = run_child([script, "export", str(big), str(out)], "stall export child").data
    stall_row(f"CSV export of {n_rows:,} annotations", exported)
    notes.append(f"stall export: {exported['lines']:,} lines written (a text may hold line breaks)")
    out.unlink(missing_ok=True)
    big.unlink()
    for sidecar in work.glob("*.annotator-*"):
        sidecar.unlink(missing_ok=True)
    return rows, notes


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] != "--standalone":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    child_main(sys.argv[1:])
elif __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import markdown_table

    with tempfile.TemporaryDirectory(prefix="annotator-bench-stall-") as tmp:
        table_rows, table_notes = run(Path(tmp), quick="--quick" in sys.argv)
    print(markdown_table(table_rows))
    print("\n".join(f"- {n}" for n in table_notes))
