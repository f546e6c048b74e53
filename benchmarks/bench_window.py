"""The main window as the analyst drives it, on 1 MB articles with 10,000 spans each.

Every row times what the analyst waits for, through the real window: a click in the document
list until the article is painted, a label key on a selection until the annotation is committed
and the article repainted, Delete, Ctrl+Z, A in review mode, a relabel, Label all in the find
bar, paging through the article. Two layouts of the spans: one span in each 100-character slot,
and 2,000 clusters of 5 overlapping spans; a quarter of the spans are a colleague's, some are
linked and some reviewed. Floors are measured in the same process, interleaved with the
measurements: INSERT + COMMIT on a copy of the project file plus the repaint of a bare
QPlainTextEdit for an edit; setPlainText and paint of a bare QPlainTextEdit for an open.

The edit rows stop when the article is painted: the annotation table is painted in a frame of
its own right after (the "side panels painted too" rows time that as well).

As a script it is the child (offscreen Qt): `bench_window.py PROJECT` prints one JSON line;
`--rss PROJECT` is the window alone, for its peak RSS; `--floor PROJECT` the peak-RSS floor (a
bare editor showing the same texts); `--scaling PROJECT` opens and adds only (the scaling rows:
the same articles with 20,000 spans each, against the 10,000-span run).
`bench_window.py --standalone [LAYOUT...]` prints the table.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import sqlite3
import sys
import time
import uuid
from pathlib import Path

SPANS = 10_000
SCALED_SPANS = 20_000  # the scaling rows: the same text with twice the spans
TEXT_CHARS = 1_000_000
LAYOUTS = ("slots", "clusters")
ME = "Bench Éloïse"
COLLEAGUE = "Camille Lefèvre"
CREATED = "2024-03-05T09:14:26.512034+00:00"
OPENS = 5  # document-list clicks per layout (each: small article -> long A)
SWITCHES = 10  # clicks between the two long articles
EDITS = 30  # adds (each undone), deletes (each undone), relabels (each undone)
ACCEPTS = 30
PAGES = 60  # page-through: pages from the middle of the article
PAGE_ROUNDS = 3  # ... timed in this many stretches, the view's and the floor's in turn
LABEL_ALL = 5
WARM_UP = 2
EDIT_TARGET = 0.016
OPEN_TARGET = 0.100
PAGE_RATIO_TARGET = 1.3
RSS_RATIO_TARGET = 1.5
SCALE_OPEN_TARGET = 2.0  # twice the spans: open takes at most twice as long
SCALE_ADD_TARGET = 1.3  # ... and adding a span about as long (median against median)


# ----- the project (built by the parent, not timed) -----------------------------------------


def _layout_spans(layout: str, rng: random.Random, count: int = SPANS) -> list[tuple[int, int]]:
    """`count` (start, end) pairs in the given layout, in reading order (10,000: one span per
    100-character slot, or 2,000 clusters 500 characters apart; more spans: narrower slots)."""
    spans = []
    scale = SPANS / count  # slots and clusters shrink in proportion
    if layout == "slots":  # one span in each slot, none overlapping
        width = int(100 * scale)
        for slot in range(count):
            start = slot * width + rng.randint(0, int(20 * scale))
            spans.append((start, start + rng.randint(5, int(70 * scale))))
    else:  # clusters of 5 overlapping spans
        width = int(500 * scale)
        for cluster in range(count // 5):
            base = cluster * width + rng.randint(0, int(40 * scale))
            for depth in range(5):
                start = base + depth * rng.randint(3, 9)
                spans.append((start, start + rng.randint(30, max(31, int(160 * scale)))))
    return spans


def build(path: Path, layout: str, seed: int = 5, spans: int = SPANS) -> dict:
    """A project with a short article and two long ones (`spans` spans each, `layout`), a quarter
    of the spans a colleague's, links between claims and sources, reviews of the colleague's spans."""
    from bench_common import article, import_into, long_text

    from annotator.domain.records import ImportedText
    from annotator.domain.text import text_sha256

    rng = random.Random(seed)
    short = article(rng, 1, 1500)
    texts = [short, long_text(rng, TEXT_CHARS), long_text(rng, TEXT_CHARS)]
    titles = ("Brève du matin", "Article long A", "Article long B")
    dates = ("2024-01", "2024-02", "2024-03")
    import_into(path, [ImportedText(f"{n}.txt", title, date, text, text_sha256(text))
                       for n, (title, date, text) in enumerate(zip(titles, dates, texts, strict=True))])
    conn = sqlite3.connect(path)
    try:
        docs = dict(conn.execute("SELECT title, id FROM documents").fetchall())
        ann_sql = ("INSERT INTO annotations (uuid, document_id, label_id, annotator, start, \"end\", "
                   "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for title in titles[1:]:
            document_id = docs[title]
            rows = []
            for k, (start, end) in enumerate(_layout_spans(layout, rng, spans)):
                who = COLLEAGUE if k % 4 == 3 else ME
                note = "à vérifier" if k % 50 == 0 else ""
                rows.append((str(uuid.uuid4()), document_id, 1 + k % 3, who, start, end, note,
                             CREATED, CREATED))
            conn.executemany(ann_sql, rows)
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM annotations WHERE document_id = ? ORDER BY start, \"end\" DESC, id",
                (document_id,))]
            labels = dict(conn.execute(
                "SELECT id, label_id FROM annotations WHERE document_id = ?", (document_id,)))
            links = []
            for k in range(0, len(ids) - 12, 31):  # about 320 claim -> source links
                claim = next((i for i in ids[k:k + 6] if labels[i] == 2), None)
                source = next((i for i in ids[k + 6:k + 12] if labels[i] == 1), None)
                if claim is not None and source is not None:
                    links.append((str(uuid.uuid4()), "attributed_to", claim, source, ME, CREATED))
            conn.executemany(
                "INSERT INTO links (uuid, relation, from_annotation_id, to_annotation_id, annotator, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)", links)
            theirs = [r[0] for r in conn.execute(
                "SELECT id FROM annotations WHERE document_id = ? AND annotator = ? ORDER BY start",
                (document_id, COLLEAGUE))]
            verdicts = ("accepted", "rejected", "commented")
            reviews = [(str(uuid.uuid4()), ann_id, ME, verdicts[n % 3],
                        "d'accord ?" if n % 3 == 2 else "", CREATED)
                       for n, ann_id in enumerate(theirs[::5])]  # about 500
            conn.executemany(
                "INSERT INTO reviews (uuid, annotation_id, reviewer, verdict, comment, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", reviews)
        conn.commit()
        counts = {
            "annotations": conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
            "links": conn.execute("SELECT count(*) FROM links").fetchone()[0],
            "reviews": conn.execute("SELECT count(*) FROM reviews").fetchone()[0],
            "text_chars": len(texts[1]),
        }
    finally:
        conn.close()
    return counts


# ----- the child: the window ---------------------------------------------------------------


def _peak_rss() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


class _GcClock:
    """Time spent in garbage collections (all, and full ones) while running."""

    def __init__(self) -> None:
        self.total = 0.0
        self.full = 0.0
        self.full_count = 0
        self._began = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        spent = time.perf_counter() - self._began
        self.total += spent
        if info.get("generation") == 2:
            self.full += spent
            self.full_count += 1

    def reading(self) -> tuple[float, float, int]:
        return self.total, self.full, self.full_count


def _settings_folder(work: Path) -> None:
    from PySide6.QtCore import QSettings

    folder = work / "settings"
    folder.mkdir(exist_ok=True)
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _offscreen_desktop() -> None:
    """Qt offscreen on one 1920x1080 screen (unless told otherwise): the offscreen platform's own
    screen is 800x800, and windows are kept inside their screen, so the 1400x860 window (and the
    text it shows a page of) would shrink."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return  # a platform or screen chosen by the caller (a run that set plain offscreen still gets one)
    import tempfile

    screen = Path(tempfile.mkdtemp(prefix="annotator-bench-screen-")) / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1920,
                                               "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"


def _floor_child(project: Path) -> dict:
    """Peak RSS of a bare editor in a main window showing the two long texts in turn."""
    _offscreen_desktop()
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    from annotator.ui.workspace.document_view import reading_font

    conn = sqlite3.connect(project)
    texts = [r[0] for r in conn.execute("SELECT text FROM documents ORDER BY date")][1:]
    conn.close()
    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    bare = QPlainTextEdit(window)
    bare.setReadOnly(True)
    bare.setFont(reading_font())
    window.setCentralWidget(bare)
    window.resize(1400, 860)
    window.show()
    for text in (*texts, *texts):
        bare.setPlainText(text)
        app.processEvents()
        bare.viewport().repaint()
        _page_through(app, bare, PAGES)
    return {"peak_rss_bytes": _peak_rss()}


def _rss_child(project: Path) -> dict:
    """Peak RSS of the window alone (no floor widgets in the process): both long articles shown
    in turn, a few spans added and undone, pages turned."""
    _offscreen_desktop()
    work = project.parent / f"{project.stem}-rss"
    work.mkdir(exist_ok=True)
    _settings_folder(work)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.ui import open_main_window
    from annotator.ui.app import application

    app = application()
    win = open_main_window(project, ME)
    win.resize(1400, 860)
    app.processEvents()
    view = win.document_view
    docs = {d.title: d.id for d in win.document_list.model.documents()}
    for title in ("Article long A", "Article long B", "Article long A"):
        win.document_list.select_document(docs[title])
        app.processEvents()
    text = view.stored_text
    for n in range(5):
        start = text.index(" ", 500_000 + 997 * n) + 1
        view.select_range(start, text.index(" ", start))
        QTest.keyClick(view, Qt.Key.Key_2)
        app.processEvents()
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        app.processEvents()
    _page_through(app, view, PAGES)
    return {"peak_rss_bytes": _peak_rss()}


def _page_through(app, widget, pages: int, skip: int = 0) -> float:
    """Time `pages` page-downs with repaint from the middle of the text (`skip` pages further
    down, not timed); seconds per page."""
    bar = widget.verticalScrollBar()
    bar.setValue(min(bar.maximum() // 2 + skip * max(1, bar.pageStep()), bar.maximum()))
    app.processEvents()
    widget.viewport().repaint()
    began = time.perf_counter()
    for _ in range(pages):
        bar.setValue(min(bar.value() + max(1, bar.pageStep()), bar.maximum()))
        app.processEvents()
        widget.viewport().repaint()
    return (time.perf_counter() - began) / pages


def _page_in_turn(app, view, floor, pages: int, rounds: int) -> tuple[float, float]:
    """Page through the same stretches of the text in `view` and in `floor` in turn (`rounds`
    stretches of pages / rounds each, from the middle): the median of each one's seconds per
    page, so that a slow moment of the machine weighs on both sides alike."""
    from bench_common import median

    per_round = pages // rounds
    got, floors = [], []
    for k in range(rounds):
        got.append(_page_through(app, view, per_round, skip=k * per_round))
        floors.append(_page_through(app, floor, per_round, skip=k * per_round))
    return median(got), median(floors)


def _child(project: Path, scaling: bool = False) -> dict:
    """Every row's timings; `scaling`: only opening and adding (for the scaling rows)."""
    _offscreen_desktop()
    work = project.parent / f"{project.stem}-child"
    work.mkdir(exist_ok=True)
    _settings_folder(work)
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPlainTextEdit

    from annotator.domain.spans import snap_to_words
    from annotator.ui import open_main_window
    from annotator.ui.app import application
    from annotator.ui.workspace.document_view import reading_font

    rng = random.Random(17)
    floor_path = work / "floor-copy.annotator"
    shutil.copyfile(project, floor_path)  # the edit floor writes to a copy: the window sees no outside write
    floor_conn = sqlite3.connect(floor_path, isolation_level=None)
    floor_conn.execute("PRAGMA journal_mode=WAL")
    floor_conn.execute("PRAGMA synchronous=FULL")
    floor_doc = floor_conn.execute("SELECT id FROM documents ORDER BY date LIMIT 1").fetchone()[0]

    app = application()
    started = time.perf_counter()
    win = open_main_window(project, ME)
    win.resize(1400, 860)
    win.windowHandle().requestActivate()
    QTest.qWaitForWindowActive(win)
    app.processEvents()
    window_open = time.perf_counter() - started
    view = win.document_view

    class Painted(QObject):
        count = 0

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint:
                Painted.count += 1
            return False

    painted = Painted()
    view.viewport().installEventFilter(painted)

    class AnyPaint(QObject):
        count = 0

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint:
                AnyPaint.count += 1
            return False

    any_paint = AnyPaint()
    app.installEventFilter(any_paint)

    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.setFont(reading_font())
    bare.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    bare.resize(view.size())
    bare.show()
    app.processEvents()
    win.activateWindow()
    win.windowHandle().requestActivate()
    QTest.qWaitForWindowActive(win)

    clock = _GcClock()
    gc_spent: dict[str, list[float]] = {}
    full_spent: dict[str, list[int]] = {}
    idle_times: dict[str, list[float]] = {}

    def settle() -> None:
        """Take events until nothing waits for the article's paint and a pass of the event loop
        paints nothing more (twice in a row): the side panels are painted too."""
        quiet = 0
        deadline = time.perf_counter() + 1.0
        while quiet < 2 and time.perf_counter() < deadline:
            before = AnyPaint.count
            app.processEvents()
            waiting = view.after_paint_pending
            quiet = quiet + 1 if AnyPaint.count == before and not waiting else 0

    def timed(what: str, action) -> float:
        """Run the user's action and take the events it caused until the article is painted
        (painted anew if those events did not paint it); the time until the whole window is idle
        (side panels painted too) is kept apart."""
        before = clock.reading()
        paints = Painted.count
        began = time.perf_counter()
        action()
        app.processEvents()
        if Painted.count == paints:
            view.viewport().repaint()
        elapsed = time.perf_counter() - began
        settle()
        idle_times.setdefault(what, []).append(time.perf_counter() - began)
        after = clock.reading()
        gc_spent.setdefault(what, []).append(after[0] - before[0])
        full_spent.setdefault(what, []).append(after[2] - before[2])
        return elapsed

    docs = {d.title: d for d in win.document_list.model.documents()}
    short, long_a, long_b = (docs[t].id for t in ("Brève du matin", "Article long A", "Article long B"))
    doc_texts = {
        d: r[0] for d in (long_a, long_b)
        for r in [floor_conn.execute("SELECT text FROM documents WHERE id = ?", (d,)).fetchone()]
    }

    def click_document(document_id: int) -> None:
        panel = win.document_list
        index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(document_id), 0))
        panel.view.scrollTo(index)
        pos = panel.view.visualRect(index).center()
        QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, pos)

    def floor_open(text: str) -> float:
        began = time.perf_counter()
        bare.setPlainText(text)
        app.processEvents()
        bare.viewport().repaint()
        return time.perf_counter() - began

    def floor_edit() -> float:
        row = (str(uuid.uuid4()), floor_doc, 1, "Bench floor", 0, 5, "", CREATED, CREATED)
        began = time.perf_counter()
        floor_conn.execute("BEGIN IMMEDIATE")
        floor_conn.execute(
            "INSERT INTO annotations (uuid, document_id, label_id, annotator, start, \"end\", note, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        floor_conn.execute("COMMIT")
        bare.viewport().repaint()
        elapsed = time.perf_counter() - began
        floor_conn.execute("DELETE FROM annotations WHERE uuid = ?", (row[0],))
        return elapsed

    result: dict = {"window_open": window_open}

    # ----- open and switch ------------------------------------------------------------------
    opens, open_floor = [], []
    for n in range(WARM_UP + OPENS):
        click_document(short)
        app.processEvents()
        paints = Painted.count
        t = timed("open", lambda: click_document(long_a))
        assert win.workspace.document.id == long_a and Painted.count > paints
        f = floor_open(doc_texts[long_a if n % 2 else long_b])
        if n >= WARM_UP:
            opens.append(t)
            open_floor.append(f)
    switches, switch_floor = [], []
    for n in range(WARM_UP + SWITCHES):
        target = long_b if win.workspace.document.id == long_a else long_a
        t = timed("switch", lambda target=target: click_document(target))
        assert win.workspace.document.id == target
        f = floor_open(doc_texts[target])
        if n >= WARM_UP:
            switches.append(t)
            switch_floor.append(f)
    result.update(open=opens, open_floor=open_floor, switch=switches, switch_floor=switch_floor)

    # ----- edits on long A, scrolled to its middle --------------------------------------------
    if win.workspace.document.id != long_a:
        click_document(long_a)
        app.processEvents()
    text = view.stored_text
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    app.processEvents()
    view.viewport().repaint()
    first, last = view.visible_range()
    win.windowHandle().requestActivate()
    QTest.qWaitForWindowActive(win)

    def count() -> int:
        return win.workspace.annotation_count

    def key(k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(view, k, modifier)

    def undo() -> None:
        key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    adds, add_undos, edit_floor = [], [], []
    taken: set[tuple[int, int]] = {(a.start, a.end) for a in win.workspace.annotations
                                    if a.label_id == 2 and a.annotator == ME}
    n = 0
    while len(adds) < EDITS:
        start = rng.randrange(first, max(first + 1, last - 60))
        span = snap_to_words(text, start, start + rng.randint(4, 40))
        if span is None or span in taken:
            continue
        taken.add(span)
        view.select_range(*span)  # the analyst's drag
        app.processEvents()
        before = count()
        t = timed("add", lambda: key(Qt.Key.Key_2))
        assert count() == before + 1, "the label key added nothing"
        u = timed("undo", undo)
        assert count() == before, "undo did not take the span back"
        f = floor_edit()
        n += 1
        if n > WARM_UP:
            adds.append(t)
            add_undos.append(u)
            edit_floor.append(f)
    if scaling:
        result.update(add=adds, spans=win.workspace.annotation_count)
        floor_conn.close()
        return result

    mine_on_screen = [a for a in win.workspace.annotations
                      if a.annotator == ME and first <= a.start and a.end <= last]
    relabels, relabel_undos = [], []
    for n in range(WARM_UP + EDITS):
        ann = mine_on_screen[n % len(mine_on_screen)]
        to = 1 + ann.label_id % 3
        t = timed("relabel", lambda ann=ann, to=to: win.workspace.relabel(ann.id, to))
        assert win.tag_panel.model.annotation_at(win.tag_panel.model.row_of(ann.id)).label_id == to
        u = timed("undo", undo)
        if n >= WARM_UP:
            relabels.append(t)
            relabel_undos.append(u)

    deletes, delete_undos = [], []
    for n in range(WARM_UP + EDITS):
        ann = next(a for a in win.workspace.annotations
                   if a.annotator == ME and first <= a.start < last and (a.start + n) % 3 == 0)
        win.tag_panel.table.select_annotation(ann.id)  # the analyst's click on the highlight
        view.setFocus()
        app.processEvents()
        before = count()
        t = timed("delete", lambda: key(Qt.Key.Key_Delete))
        assert count() == before - 1, "Delete removed nothing"
        u = timed("undo", undo)
        assert count() == before, "undo did not put the span back"
        if n >= WARM_UP:
            deletes.append(t)
            delete_undos.append(u)
    result.update(add=adds, relabel=relabels, delete=deletes, edit_floor=edit_floor,
                  undo=add_undos + relabel_undos + delete_undos)

    # ----- review mode: accept the colleague's spans one after the other ----------------------
    review = win.review_mode
    review.start(COLLEAGUE)
    app.processEvents()
    accepts = []
    for n in range(WARM_UP + ACCEPTS):
        current = review.current
        t = timed("accept", lambda: key(Qt.Key.Key_A))
        assert review.current is not current, "A did not move on"
        if n >= WARM_UP:
            accepts.append(t)
    review_undos = [timed("undo", undo) for _ in range(5)]
    result.update(accept=accepts, review_undo=review_undos)
    key(Qt.Key.Key_Escape)
    app.processEvents()

    # ----- Label all matches in the find bar ----------------------------------------------------
    label_all = []
    find = win.find_bar
    words = ["Matignon", "l’INSEE", "Hélène Périer", "Benoît Hamon", "Zoé Lefèvre"]
    for word in words[:LABEL_ALL]:
        key(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        app.processEvents()
        find.input.setText(word)
        app.processEvents()
        matches = len(find.matches())
        before = count()
        t = timed("label all", find.label_all_button.click)
        added = count() - before
        label_all.append((t, matches, added))
        undo()
        app.processEvents()
        key(Qt.Key.Key_Escape)
        app.processEvents()
    result["label_all"] = label_all

    # ----- page through ------------------------------------------------------------------------
    view.setFocus()
    bare.setPlainText(text)
    app.processEvents()
    result["page"], result["page_floor"] = _page_in_turn(app, view, bare, PAGES, PAGE_ROUNDS)

    result["idle"] = idle_times
    gc_total, gc_full, gc_full_count = clock.reading()
    result["gc"] = {"total": gc_total, "full": gc_full, "full_count": gc_full_count,
                    "per_action": {k: [sum(v), sum(full_spent[k])] for k, v in gc_spent.items()}}
    result["peak_rss_bytes"] = _peak_rss()
    floor_conn.close()
    return result


# ----- the parent: rows ------------------------------------------------------------------------


def run(work: Path, layouts: tuple[str, ...] = LAYOUTS) -> tuple[list, list[str]]:
    """Build a project per layout, drive the window on each in a child process, make the rows."""
    from bench_common import na_row, progress, run_child

    rows: list = []
    notes: list[str] = []
    script = str(Path(__file__).resolve())
    for layout in layouts:
        progress(f"window: building the {layout} project (not timed)")
        path = work / f"window-{layout}.annotator"
        built = build(path, layout)
        progress(f"window: driving the main window ({layout})")
        try:
            got = run_child([script, str(path)], f"window child ({layout})").data
            got["peak_rss_bytes"] = run_child([script, "--rss", str(path)],
                                              f"window peak RSS ({layout})").data["peak_rss_bytes"]
            floor = run_child([script, "--floor", str(path)], f"window floor ({layout})").data
        except RuntimeError as exc:
            rows.append(na_row(f"window ({layout})", "-", "child failed"))
            notes.append(f"window ({layout}): n/a: {exc}")
            continue
        layout_rows, layout_notes = _layout_rows(layout, got, floor, built)
        rows.extend(layout_rows)
        notes.extend(layout_notes)
        path.unlink(missing_ok=True)
        progress(f"window: building the {layout} project with {SCALED_SPANS:,} spans (not timed)")
        scaled_path = work / f"window-{layout}-scaled.annotator"
        build(scaled_path, layout, spans=SCALED_SPANS)
        try:
            scaled = run_child([script, "--scaling", str(scaled_path)],
                               f"window scaling child ({layout})").data
        except RuntimeError as exc:
            rows.append(na_row(f"window: scaling ({layout})", "-", "child failed"))
            notes.append(f"window scaling ({layout}): n/a: {exc}")
            continue
        scale_rows, scale_notes = _scaling_rows(layout, got, scaled)
        rows.extend(scale_rows)
        notes.extend(scale_notes)
        scaled_path.unlink(missing_ok=True)
    notes.append("window: the edit rows time until the article is painted (a pass of the event loop "
                 "that paints it); the side panels (the table) follow in a frame of their own; "
                 "relabel calls what the highlight's Label as menu calls")
    notes.append("window: floors: INSERT + COMMIT on a copy of the project file plus a bare "
                 "QPlainTextEdit's repaint (edits); a bare QPlainTextEdit's setPlainText and paint "
                 "(open); the same editor paging through the same pages (page down: "
                 f"{PAGE_ROUNDS} stretches of {PAGES // PAGE_ROUNDS} pages, the article's and "
                 "the editor's in turn, median per page of each); a bare editor in a main window "
                 "showing the same texts (peak RSS)")
    return rows, notes


def _scaling_rows(layout: str, got: dict, scaled: dict) -> tuple[list, list[str]]:
    """Open and add with twice the spans, against the same in the layout's own run."""
    from bench_common import Row, median, millis, percentile, ratio, seconds, verdict

    where = f"1 MB, {SCALED_SPANS:,} spans vs {SPANS:,}, {layout}"
    opens, opens_base = median(scaled["open"]), median(got["open"])
    adds, adds_base = median(scaled["add"]), median(got["add"])
    rows = [
        Row(f"window: scaling: document-list click to painted, median ({where})", seconds(opens),
            seconds(opens_base), f"{ratio(opens, opens_base):.2f}", f"ratio <= {SCALE_OPEN_TARGET:g}",
            verdict(ratio(opens, opens_base) <= SCALE_OPEN_TARGET)),
        Row(f"window: scaling: add one span, median ({where})", millis(adds), millis(adds_base),
            f"{ratio(adds, adds_base):.2f}", f"ratio <= {SCALE_ADD_TARGET:g}",
            verdict(ratio(adds, adds_base) <= SCALE_ADD_TARGET)),
        Row(f"window: scaling: add one span p95 ({where})", millis(percentile(scaled["add"], 95)),
            millis(percentile(got["add"], 95)), "-", "p95 <= 16 ms",
            verdict(percentile(scaled["add"], 95) <= EDIT_TARGET)),
    ]
    notes = [f"window scaling ({layout}): {scaled['spans']:,} spans in the article; open times "
             + ", ".join(seconds(t) for t in scaled["open"]) + "; switch median "
             + seconds(median(scaled["switch"]))]
    return rows, notes


def _layout_rows(layout: str, got: dict, floor: dict, built: dict) -> tuple[list, list[str]]:
    """The rows and notes of one layout."""
    from bench_common import Row, median, millis, percentile, ratio, seconds, verdict

    rows: list = []
    where = f"1 MB, 10,000 spans, {layout}"

    def open_rows(name: str, values: list[float], floors: list[float]) -> None:
        p50, f50 = median(values), median(floors)
        rows.append(Row(f"window: {name}, median of {len(values)} ({where})", seconds(p50),
                        seconds(f50), f"{ratio(p50, f50):.1f}", "<= 100 ms", verdict(p50 <= OPEN_TARGET)))
        rows.append(Row(f"window: {name} p95 ({where})", seconds(percentile(values, 95)),
                        seconds(percentile(floors, 95)), "-", "-", "-"))

    def edit_rows(name: str, values: list[float], idle: str) -> None:
        floors = got["edit_floor"]
        p50, p95 = median(values), percentile(values, 95)
        f50, f95 = median(floors), percentile(floors, 95)
        rows.append(Row(f"window: {name} p50 ({where})", millis(p50), millis(f50),
                        f"{ratio(p50, f50):.1f}", "-", "-"))
        rows.append(Row(f"window: {name} p95 ({where})", millis(p95), millis(f95),
                        f"{ratio(p95, f95):.1f}", "p95 <= 16 ms", verdict(p95 <= EDIT_TARGET)))
        spent = got["idle"][idle]
        rows.append(Row(f"window: {name}, side panels painted too, p50 / p95 ({where})",
                        f"{millis(median(spent))} / {millis(percentile(spent, 95))}"))

    open_rows("document-list click to painted", got["open"], got["open_floor"])
    open_rows("switch between the two long articles", got["switch"], got["switch_floor"])
    edit_rows("select + label key (add one span)", got["add"], "add")
    edit_rows("relabel one span", got["relabel"], "relabel")
    edit_rows("Delete one span", got["delete"], "delete")
    edit_rows("Ctrl+Z (add, relabel, delete, accept)", got["undo"] + got["review_undo"], "undo")
    edit_rows("A in review mode (accept, go to next)", got["accept"], "accept")
    label_all = got["label_all"]
    rows.append(Row(f"window: Label all matches, median of {len(label_all)} ({where})",
                    millis(median([t for t, _, _ in label_all]))))
    page, page_floor = got["page"], got["page_floor"]
    rows.append(Row(f"window: page down with repaint, per page ({where})", millis(page),
                    millis(page_floor), f"{ratio(page, page_floor):.2f}", "ratio <= 1.3",
                    verdict(ratio(page, page_floor) <= PAGE_RATIO_TARGET)))
    rss, rss_floor = got.get("peak_rss_bytes"), floor.get("peak_rss_bytes")
    if rss and rss_floor:
        rows.append(Row(f"window: peak RSS ({where})", f"{rss / 1e6:.0f} MB",
                        f"{rss_floor / 1e6:.0f} MB", f"{ratio(rss, rss_floor):.2f}",
                        "ratio <= 1.5", verdict(ratio(rss, rss_floor) <= RSS_RATIO_TARGET)))
    gc_info = got["gc"]
    per = ", ".join(f"{k} {v[0] * 1000:.0f} ms/{v[1]} full" for k, v in gc_info["per_action"].items())
    notes = [
        f"window ({layout}): {built['annotations']:,} annotations in the project, "
        f"{built['links']} links, {built['reviews']} reviews; long articles of "
        f"{built['text_chars']:,} code points; window opened in {seconds(got['window_open'])}",
        f"window ({layout}): open times " + ", ".join(seconds(s) for s in got["open"])
        + "; floor " + ", ".join(seconds(s) for s in got["open_floor"]),
        f"window ({layout}): worst add {millis(max(got['add']))}, worst accept "
        f"{millis(max(got['accept']))}, worst undo {millis(max(got['undo']))}",
        f"window ({layout}): Label all " + ", ".join(
            f"{m} matches ({a} new) {millis(t)}" for t, m, a in label_all),
        f"window ({layout}): garbage collection {gc_info['total'] * 1000:.0f} ms in all, "
        f"{gc_info['full_count']} full ones ({gc_info['full'] * 1000:.0f} ms); by action: {per}",
    ]
    return rows, notes


def main(argv: list[str]) -> None:
    """Child entry point: print one JSON line."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if argv[0] == "--floor":
        data = _floor_child(Path(argv[1]))
    elif argv[0] == "--rss":
        data = _rss_child(Path(argv[1]))
    elif argv[0] == "--scaling":
        data = _child(Path(argv[1]), scaling=True)
    else:
        data = _child(Path(argv[0]))
    print(json.dumps(data))
    sys.stdout.flush()
    os._exit(0)  # skip Qt teardown; nothing is left to save


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] != "--standalone":
    main(sys.argv[1:])
elif __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import markdown_table

    with tempfile.TemporaryDirectory(prefix="annotator-bench-window-") as tmp:
        table_rows, table_notes = run(Path(tmp), tuple(sys.argv[2:]) or LAYOUTS)
    print(markdown_table(table_rows))
    print("\nNotes:\n" + "\n".join(f"- {note}" for note in table_notes))
