"""App start to main window shown, in a fresh process, on a project holding the seed article.

As a script it is the child: with ANNOTATOR_BENCH_EXIT_ON_SHOW=1 it prints "shown <seconds>"
and exits as soon as a main window is visible and its first paint events are processed.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

EXIT_ON_SHOW = "ANNOTATOR_BENCH_EXIT_ON_SHOW"
TARGET_S = 1.5
RUNS = 5
TIMEOUT_S = 60


def find_open_main_window() -> object | None:
    """`open_main_window` from annotator.ui (or annotator.ui.app), or None."""
    for module_name in ("annotator.ui", "annotator.ui.app"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, "open_main_window", None)
        if callable(found):
            return found
    return None


def _child(project_arg: str) -> None:
    """Open the main window (or, for the floor, a bare QMainWindow); exit once it is on screen."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if project_arg == "--floor":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        floor_window = QMainWindow()
        floor_window.resize(1200, 800)
        floor_window.show()
    else:
        open_main_window = find_open_main_window()
        if open_main_window is None:
            print("missing", flush=True)
            os._exit(3)
        _call(open_main_window, Path(project_arg))
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication.instance()
    app.processEvents()  # the first expose and paint, and anything queued with a zero timer
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if shown and os.environ.get(EXIT_ON_SHOW) == "1":
        print(f"shown {time.perf_counter() - started:.6f}", flush=True)
        os._exit(0)
    print("no main window shown", flush=True)
    os._exit(4)


def _call(open_main_window: object, project_path: Path) -> object:
    """Call it with the project path, and an annotator name if it asks for one."""
    import inspect

    params = inspect.signature(open_main_window).parameters  # type: ignore[arg-type]
    kwargs = {}
    for name in ("annotator_name", "annotator"):
        if name in params:
            kwargs[name] = "Bench Éloïse"
    return open_main_window(project_path, **kwargs)  # type: ignore[operator]


def _prepare_project(work: Path) -> Path:
    from bench_common import import_folder

    from annotator.assets import seeds_dir

    path = work / "app-start.annotator"
    import_folder(seeds_dir(), path)
    return path


def _one_start(project_arg: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall time from spawn to "shown", and the child's own time from its first line."""
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
            return wall, float(line.split()[1])
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
    """Time RUNS cold-ish starts (the first also warms the OS file cache) and report the median."""
    from bench_common import Row, child_env, median, na_row, progress, ratio, seconds, verdict

    what = "app start to main window shown (seed project, subprocess)"
    if find_open_main_window() is None:
        return [na_row(what, "< 1.5 s", "no open_main_window")], [
            "app start: n/a: neither annotator.ui.open_main_window nor "
            "annotator.ui.app.open_main_window exists yet"]
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
            floors.append(_one_start("--floor", env))
    except RuntimeError as exc:
        return [na_row(what, "< 1.5 s", "child failed")], [f"app start: n/a: {exc}"]
    walls = [w for w, _ in starts]
    t, t_floor = median(walls), median([w for w, _ in floors])
    row = Row(f"{what}, median of {RUNS}", seconds(t), seconds(t_floor), f"{ratio(t, t_floor):.2f}",
              "< 1.5 s", verdict(t < TARGET_S))
    return [row], [compiled, "app start wall times: " + ", ".join(seconds(w) for w in walls)
                   + "; inside the child (after interpreter start): "
                   + ", ".join(seconds(c) for _, c in starts)
                   + "; floor = a bare QMainWindow shown in a fresh process"]


if __name__ == "__main__":
    _child(sys.argv[1])
