"""The article view (offscreen Qt) against a bare QPlainTextEdit: open, add one span, scroll.

As a script it is the child process: it prints one JSON line, `{"na": reason}` when the view is
missing or its API is not the expected one. Qt runs in a child so that a crash cannot stop the run.
"""

from __future__ import annotations

import inspect
import json
import os
import random
import sys
import time
from pathlib import Path

TEXT_CHARS = 1_000_000
SPANS = 10_000
OPENS = 3
ADDS = 20
EXPECTED_SET_DOCUMENT = ["text", "spans", "colors", "tooltips"]


def _make_spans(rng: random.Random, length: int, span_cls: type) -> list:
    """10,000 spans: nine in ten placed at random, one in ten overlapping an earlier one."""
    spans = []
    for annotation_id in range(1, SPANS + 1):
        label_id = rng.randint(1, 3)
        if spans and annotation_id % 10 == 0:
            base = rng.choice(spans)
            start = rng.randrange(base.start, base.end)
        else:
            start = rng.randrange(0, length - 300)
        end = min(length, start + rng.randint(5, 200))
        spans.append(span_cls(start, end, label_id, annotation_id))
    return spans


def _child() -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from annotator.domain.spans import Span
        from annotator.ui.workspace.document_view import DocumentView, reading_font
    except ImportError as exc:
        return {"na": f"annotator.ui.workspace.document_view not importable: {exc}"}
    params = list(inspect.signature(DocumentView.set_document).parameters)[1:]
    # Parameters after the first four are optional (e.g. `others`: other annotators' spans).
    if params[:4] != EXPECTED_SET_DOCUMENT or not hasattr(DocumentView, "change_spans"):
        return {"na": f"DocumentView API differs: set_document{tuple(params)}"}
    from bench_common import long_text
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    app = QApplication.instance() or QApplication([])
    rng = random.Random(3)
    text = long_text(rng, TEXT_CHARS)
    spans = _make_spans(rng, len(text), Span)
    colors = {1: "#56B4E9", 2: "#E69F00", 3: "#CC79A7"}
    tooltips = {s.annotation_id: f"label {s.label_id} — Camille Lefèvre" for s in spans}
    font = reading_font()

    def fresh(widget_cls: type) -> QPlainTextEdit:
        widget = widget_cls()
        if widget_cls is QPlainTextEdit:
            widget.setReadOnly(True)
            widget.setFont(font)  # same font, so both lay out about the same lines
        widget.resize(1100, 800)
        widget.show()
        app.processEvents()
        return widget

    def dispose(widget: QPlainTextEdit) -> None:
        widget.close()
        widget.deleteLater()
        app.processEvents()

    def open_view() -> tuple[float, QPlainTextEdit]:
        view = fresh(DocumentView)
        began = time.perf_counter()
        view.set_document(text, spans, colors, tooltips)
        app.processEvents()
        view.viewport().grab()
        return time.perf_counter() - began, view

    def open_bare() -> tuple[float, QPlainTextEdit]:
        bare = fresh(QPlainTextEdit)
        began = time.perf_counter()
        bare.setPlainText(text)
        app.processEvents()
        bare.viewport().grab()
        return time.perf_counter() - began, bare

    def scroll_through(widget: QPlainTextEdit) -> tuple[float, int]:
        bar = widget.verticalScrollBar()
        bar.setValue(0)
        app.processEvents()
        pages = 0
        value = 0
        began = time.perf_counter()
        while True:
            bar.setValue(value)
            widget.viewport().repaint()
            app.processEvents()
            pages += 1
            if value >= bar.maximum():
                break
            value = min(value + max(1, bar.pageStep()), bar.maximum())
        return time.perf_counter() - began, pages

    result: dict = {"text_chars": len(text), "spans": len(spans),
                    "non_bmp": sum(1 for c in text if ord(c) > 0xFFFF)}
    open_times, bare_times = [], []
    for _ in range(OPENS):
        elapsed, bare = open_bare()
        bare_times.append(elapsed)
        dispose(bare)
        elapsed, view = open_view()
        open_times.append(elapsed)
        dispose(view)
    result["open"], result["open_floor"] = open_times, bare_times

    view = open_view()[1]
    tips = dict(tooltips)
    add_times = []
    for k in range(ADDS):
        start = rng.randrange(0, 1500)
        added = Span(start, start + rng.randint(5, 60), 1 + k % 3, SPANS + 1 + k)
        tips[added.annotation_id] = "new"
        began = time.perf_counter()
        view.change_spans([added], [], tips)
        app.processEvents()
        view.viewport().repaint()
        add_times.append(time.perf_counter() - began)
    result["add"] = add_times

    result["scroll"], result["scroll_pages"] = scroll_through(view)
    dispose(view)
    bare = open_bare()[1]
    result["scroll_floor"], result["scroll_floor_pages"] = scroll_through(bare)
    dispose(bare)
    return result


def run() -> tuple[list, list[str]]:
    """Run the view measurements in a child process and turn them into rows."""
    from bench_common import Row, median, millis, na_row, progress, ratio, run_child, seconds, verdict

    progress("document view (offscreen Qt)")
    open_what = "view: open 1 MB text with 10,000 spans to first paint"
    add_what = f"view: add one span (change_spans + repaint), median of {ADDS}"
    scroll_what = "view: scroll 1 MB page by page with repaint, per page"
    try:
        got = run_child([str(Path(__file__).resolve())], "view child")
    except RuntimeError as exc:
        reason = str(exc)
        return ([na_row(open_what, "ratio <= 3", "view crashed"),
                 na_row(add_what, "< 16 ms", "view crashed"),
                 na_row(scroll_what, "ratio <= 2", "view crashed")], [f"view: {reason}"])
    data = got.data
    if "na" in data:
        reason = data["na"]
        return ([na_row(open_what, "ratio <= 3", "no view"), na_row(add_what, "< 16 ms", "no view"),
                 na_row(scroll_what, "ratio <= 2", "no view")], [f"view: n/a: {reason}"])
    t_open, t_bare = median(data["open"]), median(data["open_floor"])
    r_open = ratio(t_open, t_bare)
    t_add = median(data["add"])
    per_page = data["scroll"] / data["scroll_pages"]
    per_page_floor = data["scroll_floor"] / data["scroll_floor_pages"]
    r_scroll = ratio(per_page, per_page_floor)
    rows = [
        Row(f"{open_what} (median of {OPENS})", seconds(t_open), seconds(t_bare), f"{r_open:.2f}",
            "ratio <= 3", verdict(r_open <= 3)),
        Row(add_what, millis(t_add), "-", "-", "< 16 ms", verdict(t_add < 0.016)),
        Row(scroll_what, millis(per_page), millis(per_page_floor), f"{r_scroll:.2f}",
            "ratio <= 2", verdict(r_scroll <= 2)),
    ]
    notes = [
        f"view: text {data['text_chars']:,} code points ({data['non_bmp']} outside the BMP), "
        f"{data['spans']:,} spans; floor = QPlainTextEdit with the same font and size",
        "view open times: DocumentView " + ", ".join(seconds(s) for s in data["open"])
        + "; bare " + ", ".join(seconds(s) for s in data["open_floor"]),
        f"view add one span: worst of {len(data['add'])} {millis(max(data['add']))}",
        f"view scroll: DocumentView {data['scroll_pages']} pages in {seconds(data['scroll'])}; "
        f"bare {data['scroll_floor_pages']} pages in {seconds(data['scroll_floor'])}",
    ]
    return rows, notes


if __name__ == "__main__":
    print(json.dumps(_child()))
    sys.stdout.flush()
    os._exit(0)  # skip Qt teardown; nothing is left to save
