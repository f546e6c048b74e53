"""App start as the analyst sees it, in a fresh process, on a project holding the seed article.

`annotator --project P` is started for real (offscreen Qt, its own settings folder); two moments
are timed from the spawn of the process:

- the main window painted: the window is on screen, before its project is opened (the row with
  the target);
- the sample article painted: the project is open and the article is in the window with its
  highlights (a breakdown, with no target).

As a script it is the child: with ANNOTATOR_BENCH_EXIT_ON_SHOW=1 and a project path it prints
"shown <seconds> <seconds> cpu <seconds> <seconds>" (from its first line to each moment, then the
process's CPU time at each, which a busy machine disturbs less) and exits once the article is
painted; with `--floor` it shows a bare QMainWindow and prints "shown <seconds>".
`bench_app.py --standalone` prints the table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

EXIT_ON_SHOW = "ANNOTATOR_BENCH_EXIT_ON_SHOW"
TARGET_S = 0.6
TARGET = "<= 0.6 s"
RUNS = 5
TIMEOUT_S = 60
ANNOTATOR = "Bench Éloïse"


def _floor_child(started: float) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    floor_window = QMainWindow()
    floor_window.resize(1200, 800)
    floor_window.show()
    app.processEvents()  # the first expose and paint
    if floor_window.isVisible() and os.environ.get(EXIT_ON_SHOW) == "1":
        print(f"shown {time.perf_counter() - started:.6f}", flush=True)
        os._exit(0)
    print("no main window shown", flush=True)
    os._exit(4)


def _child(project_arg: str) -> None:
    """Start Annotator on the project; exit once its article is painted."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if project_arg == "--floor":
        _floor_child(started)
    # Watch the application's paint events from its creation on (the start-up path is unchanged).
    import annotator.ui.app as app_module

    moments: dict[str, float] = {}
    make_application = app_module.application

    def application():
        app = make_application()
        if not moments:
            moments["created"] = time.perf_counter()
            app.installEventFilter(_paint_watcher(app, moments, started))
        return app

    app_module.application = application
    from annotator.cli import main

    code = main(["--project", project_arg, "--annotator", ANNOTATOR])
    print(f"annotator exited ({code}) before its article was painted", flush=True)
    os._exit(4)


def _paint_watcher(app, moments: dict[str, float], started: float):
    """An event filter noting when the main window is first painted, then its article."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    def painted(name: str) -> None:
        moments[name] = time.perf_counter()
        moments[f"{name}-cpu"] = time.process_time()
        if "article" in moments and os.environ.get(EXIT_ON_SHOW) == "1":
            print(f"shown {moments['window'] - started:.6f} {moments['article'] - started:.6f} "
                  f"cpu {moments['window-cpu']:.6f} {moments['article-cpu']:.6f}", flush=True)
            os._exit(0)

    class Watcher(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                window = watched.window()
                if window.objectName() == "mainWindow":
                    if "window" not in moments and "window-painting" not in moments:
                        moments["window-painting"] = 0.0
                        QTimer.singleShot(0, lambda: painted("window"))  # once this paint is done
                    view = getattr(window, "document_view", None)
                    workspace = getattr(window, "workspace", None)
                    if ("article-painting" not in moments and view is not None and workspace is not None
                            and watched is view.viewport() and workspace.document is not None
                            and view.document().characterCount() > 1):
                        moments["article-painting"] = 0.0
                        QTimer.singleShot(0, lambda: painted("article"))
            return False

    return Watcher(app)


def _prepare_project(work: Path) -> Path:
    from bench_common import import_folder

    from annotator.assets import seeds_dir

    path = work / "app-start.annotator"
    import_folder(seeds_dir(), path)
    return path


def _one_start(project_arg: str, env: dict[str, str]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Wall times from spawn to each moment the child printed (its own times added to the
    spawn-to-first-line offset), and the child's CPU time at each."""
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), project_arg],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"window not shown within {TIMEOUT_S} s") from None
    wall = time.perf_counter() - began
    for line in out.splitlines():
        if line.startswith("shown "):
            words = line.split()[1:]
            cpu = [float(x) for x in words[words.index("cpu") + 1:]] if "cpu" in words else []
            inside = [float(x) for x in (words[:words.index("cpu")] if cpu else words)]
            # the process ended right after its last moment: what came before its first line
            offset = wall - inside[-1]
            return tuple(offset + x for x in inside), tuple(cpu)
    tail = " | ".join((out.strip().splitlines() + err.strip().splitlines())[-3:])
    raise RuntimeError(f"exit {proc.returncode}: {tail}")


def _compile_package() -> str:
    """Byte-compile the annotator package as `pip install` does, so that a checkout run with
    PYTHONDONTWRITEBYTECODE set does not time the compiler (not timed)."""
    import compileall

    import annotator

    folder = Path(annotator.__file__).resolve().parent
    ok = compileall.compile_dir(str(folder), quiet=1)
    return f"app start: {folder} byte-compiled first, as an install does ({'ok' if ok else 'failed'})"


def run(work: Path) -> tuple[list, list[str]]:
    """Time RUNS cold-ish starts (the first also warms the OS file cache) and report the medians."""
    from bench_common import Row, child_env, median, na_row, progress, ratio, seconds, verdict

    what = "app start to main window painted (seed project, subprocess)"
    article_what = "app start to sample article painted (breakdown, no target)"
    progress("app start")
    compiled = _compile_package()
    project_path = _prepare_project(work)
    config = work / "user-config"  # the child never reads or writes the user's own settings
    config.mkdir(exist_ok=True)
    env = child_env(**{EXIT_ON_SHOW: "1", "QT_QPA_PLATFORM": "offscreen",
                       "XDG_CONFIG_HOME": str(config)})
    try:
        starts, floors = [], []
        for _ in range(RUNS):
            starts.append(_one_start(str(project_path), env))
            floors.append(_one_start("--floor", env)[0][0])
    except RuntimeError as exc:
        return [na_row(what, TARGET, "child failed"), na_row(article_what, "-", "child failed")], [
            f"app start: n/a: {exc}"]
    windows, articles = [w for (w, _), _cpu in starts], [a for (_, a), _cpu in starts]
    cpu_windows, cpu_articles = [w for _, (w, _) in starts], [a for _, (_, a) in starts]
    t, t_article, t_floor = median(windows), median(articles), median(floors)
    rows = [
        Row(f"{what}, median of {RUNS}", seconds(t), seconds(t_floor), f"{ratio(t, t_floor):.2f}",
            TARGET, verdict(t <= TARGET_S)),
        Row(f"{article_what}, median of {RUNS}", seconds(t_article), seconds(t_floor),
            f"{ratio(t_article, t_floor):.2f}"),
    ]
    return rows, [compiled,
                  "app start: `annotator --project P` in a fresh process; window painted: "
                  + ", ".join(seconds(w) for w in windows) + "; article painted: "
                  + ", ".join(seconds(a) for a in articles)
                  + "; floor = a bare QMainWindow shown in a fresh process",
                  "app start: the child's CPU time (interpreter start included) to the window painted: "
                  + ", ".join(seconds(w) for w in cpu_windows) + "; to the article painted: "
                  + ", ".join(seconds(a) for a in cpu_articles)]


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] != "--standalone":
    _child(sys.argv[1])
elif __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import markdown_table

    with tempfile.TemporaryDirectory(prefix="annotator-bench-app-") as tmp:
        table_rows, table_notes = run(Path(tmp))
    print(markdown_table(table_rows))
    print("\nNotes:\n" + "\n".join(f"- {note}" for note in table_notes))
