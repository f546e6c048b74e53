"""The window on a project on a PostgreSQL server: opened by its address, colleagues' changes
shown within 2 s without moving the analyst's selection, and a server that stops and returns."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from shiboken6 import isValid
from tests.helpers import imported, span_of
from tests.pg_cluster import (
    PG_BIN,
    PORT,
    Cluster,
    _missing,
    _run,
    committed_rows,
    start_cluster,
    stop_cluster,
)

from annotator import cli
from annotator.services.annotations import add_annotation, delete_annotation, relabel_annotation
from annotator.services.documents import import_texts
from annotator.services.project import open_project
from annotator.ui import open_main_window
from annotator.ui.undo_stack import undo_step

#: A long article: scrolling it means something.
PARAGRAPH = "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025. L’opposition doute.\n"
ARTICLE = PARAGRAPH * 200
#: What the live view promises: a colleague's change is on screen within this many milliseconds.
LIVE_MS = 2000


@pytest.fixture
def server_project(pg_url: str) -> Iterator[tuple[str, int]]:
    """A server project holding one long article: its address and the article's id."""
    project = open_project(pg_url)
    try:
        (outcome,) = import_texts(project, [imported(ARTICLE, title="Réforme")])
    finally:
        project.close()
    yield pg_url, outcome.document.id


@pytest.fixture
def windows(qtbot) -> Iterator[list]:
    """The windows a test opens; those still open are closed at the end."""
    opened: list = []
    yield opened
    for window in opened:
        if isValid(window):
            window.close()


def _open(windows: list, address: str, name: str):
    window = open_main_window(address, name, create=False)
    windows.append(window)
    window.windowHandle().requestActivate()
    QTest.qWaitForWindowActive(window)
    return window


def _label(window, start: int, end: int, key: str = "1") -> None:
    window.document_view.select_range(start, end)
    window.workspace.label_key(key)


def _spans(window) -> set[tuple[str, str, int, int]]:
    return {(a.label, a.annotator, a.start, a.end) for a in window.workspace.annotations}


def test_the_command_opens_the_window_on_a_server_address(server_project, qtbot):
    address, _doc = server_project
    seen: list[str] = []

    def look_and_close() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "mainWindow" and isValid(widget) and widget.isVisible():
                seen.append(widget.windowTitle())
                seen.append(widget.findChild(QLabel, "projectStatus").text())
                widget.close()

    QTimer.singleShot(300, look_and_close)
    assert cli.main(["--project", address, "--annotator", "ana"]) == 0
    database = address.rsplit("/", 1)[-1]
    assert seen == [f"Réforme — {database} — Annotator", address]


def test_file_open_server_project_asks_an_address_and_opens_it(server_project, pg_cluster, windows,
                                                             monkeypatch):
    from annotator.ui.server.address_dialog import ServerAddressDialog

    first_address, _doc = server_project
    first = _open(windows, first_address, "ana")
    address = pg_cluster.url(pg_cluster.new_database())
    project = open_project(address)
    import_texts(project, [imported("Un autre texte.", title="Autre")])
    project.close()
    monkeypatch.setattr(ServerAddressDialog, "ask", classmethod(lambda cls, parent, initial="": address))
    first.open_server_project()
    (window,) = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"
                 and isValid(w) and w.isVisible()]
    windows.append(window)
    assert window.project.on_server and window is not first
    assert window.workspace.document.title == "Autre"
    assert window.findChild(QLabel, "projectStatus").text() == address


def test_the_address_dialog_takes_only_a_server_address(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from annotator.ui.server.address_dialog import ServerAddressDialog

    dialog = ServerAddressDialog()
    qtbot.addWidget(dialog)
    open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
    dialog.address_edit.setText("/home/ana/projet.annotator")
    assert not open_button.isEnabled()
    assert "postgresql://" in dialog.problem.text()
    dialog.address_edit.setText("  postgresql://ana@db.example.org/newsroom ")
    assert open_button.isEnabled() and dialog.problem.text() == ""
    assert dialog.address() == "postgresql://ana@db.example.org/newsroom"


def test_save_a_copy_of_a_server_project_is_refused_saying_why(server_project, windows, monkeypatch):
    address, _doc = server_project
    window = _open(windows, address, "ana")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window.save_copy()
    assert len(shown) == 1 and "server" in shown[0] and address in shown[0]


def test_a_colleagues_annotation_appears_in_the_other_window_within_2_s(server_project, windows, qtbot):
    address, doc_id = server_project
    mine = _open(windows, address, "ana")
    theirs = _open(windows, address, "bruno")
    start, end = span_of(ARTICLE, "12 000 emplois")
    _label(theirs, start, end, "2")
    assert _spans(theirs) == {("claim", "bruno", start, end)}
    qtbot.waitUntil(lambda: _spans(mine) == {("claim", "bruno", start, end)}, timeout=LIVE_MS)
    # and back the other way
    other = span_of(ARTICLE, "L’opposition", 3)
    _label(mine, *other)
    qtbot.waitUntil(lambda: ("source", "ana", *other) in _spans(theirs), timeout=LIVE_MS)
    assert mine.tag_panel.table.model().rowCount() == 2


def test_a_colleagues_changes_leave_the_analysts_selection_and_scroll_alone(server_project, windows, qtbot):
    address, doc_id = server_project
    window = _open(windows, address, "ana")
    view = window.document_view
    colleague = open_project(address)
    try:
        # the analyst scrolled half-way down and is selecting words there, not yet labelled
        selecting = span_of(ARTICLE, "la réforme", 120)
        view.select_range(*selecting)
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        scrolled = bar.value()
        assert scrolled > 0
        near_top = span_of(ARTICLE, "12 000 emplois", 2)
        added = add_annotation(colleague, doc_id, "claim", "bruno", *near_top)
        qtbot.waitUntil(lambda: ("claim", "bruno", *near_top) in _spans(window), timeout=LIVE_MS)
        assert view.selected_range() == selecting
        assert bar.value() == scrolled
        assert window.tag_panel.table.model().rowCount() == 1
        # a relabel and a deletion by the colleague show too, the selection still in place
        relabel_annotation(colleague, added.id, "framing")
        qtbot.waitUntil(lambda: ("framing", "bruno", *near_top) in _spans(window), timeout=LIVE_MS)
        delete_annotation(colleague, added.id)
        qtbot.waitUntil(lambda: _spans(window) == set(), timeout=LIVE_MS)
        assert view.selected_range() == selecting
        assert bar.value() == scrolled
        # the analyst labels the selection as if nothing happened
        window.workspace.label_key("1")
        assert _spans(window) == {("source", "ana", *selecting)}
    finally:
        colleague.close()


def test_a_colleagues_review_and_link_appear_too(server_project, windows, qtbot):
    from annotator.services.links import add_link
    from annotator.services.reviews import review_annotation

    address, doc_id = server_project
    window = _open(windows, address, "ana")
    claim = span_of(ARTICLE, "12 000 emplois")
    source = span_of(ARTICLE, "le ministre")
    _label(window, *source, "1")
    _label(window, *claim, "2")
    ids = {a.label: a.id for a in window.workspace.annotations}
    colleague = open_project(address)
    try:
        review_annotation(colleague, ids["claim"], "bruno", "rejected", "trop large")
        qtbot.waitUntil(lambda: window.tag_panel.model.review_state(ids["claim"]).reviews, timeout=LIVE_MS)
        add_link(colleague, ids["claim"], ids["source"], "bruno")
        qtbot.waitUntil(lambda: len(window.links_feature.links) == 1, timeout=LIVE_MS)
    finally:
        colleague.close()


def test_undo_stays_valid_while_a_colleague_writes(server_project, windows, qtbot):
    address, doc_id = server_project
    window = _open(windows, address, "ana")
    colleague = open_project(address)
    try:
        mine = span_of(ARTICLE, "la réforme", 4)
        _label(window, *mine)
        theirs = span_of(ARTICLE, "la réforme", 5)
        add_annotation(colleague, doc_id, "source", "bruno", *theirs)
        qtbot.waitUntil(lambda: len(_spans(window)) == 2, timeout=LIVE_MS)
        undo_step(window.undo_stack)  # takes back my span only, found by its UUID
        assert _spans(window) == {("source", "bruno", *theirs)}
        rows = committed_rows(address, 'SELECT annotator, start, "end" FROM annotations')
        assert rows == [("bruno", *theirs)]
    finally:
        colleague.close()


# ----- a server that stops and comes back --------------------------------------------------------

_OPTIONS = "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c max_connections=50"


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[Cluster]:
    """A cluster of this module's own, since its test stops it (the session's goes on)."""
    reason = _missing()
    if reason is not None:
        import os

        if os.environ.get("ANNOTATOR_PG_TESTS") == "require":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


def _pg_ctl(cluster: Cluster, *args: str) -> None:
    _run([str(PG_BIN / "pg_ctl"), "-D", str(cluster.root / "data"), *args], cluster.run_as,
         cluster.root / "server.log")


def _stop(cluster: Cluster) -> None:
    _pg_ctl(cluster, "-m", "fast", "-w", "stop")


def _start(cluster: Cluster) -> None:
    _pg_ctl(cluster, "-l", str(cluster.root / "server.log"), "-o",
            f"-k {cluster.socket_dir} -p {PORT} {_OPTIONS}", "-w", "start")


def test_a_server_that_stops_is_said_changes_are_refused_and_the_window_resumes(own_cluster, windows, qtbot):
    address = own_cluster.url(own_cluster.new_database())
    project = open_project(address)
    import_texts(project, [imported(ARTICLE, title="Réforme")])
    project.close()
    window = _open(windows, address, "ana")
    banner = window.findChild(QLabel, "serverBanner")
    assert banner is not None and not banner.isVisible()
    before = span_of(ARTICLE, "12 000 emplois")
    _label(window, *before)
    acknowledged = {("source", "ana", *before)}
    assert _spans(window) == acknowledged
    stopped = True
    _stop(own_cluster)
    try:
        qtbot.waitUntil(banner.isVisible, timeout=LIVE_MS)
        assert "server" in banner.text()
        # the analyst's selection survives; labelling it is refused, said, and not shown as done
        pending = span_of(ARTICLE, "la réforme", 7)
        window.document_view.select_range(*pending)
        assert window.workspace.label_key("1") is False
        assert "server" in window.statusBar().currentMessage()
        # (what the window shows, read without the server)
        assert window.workspace.annotation_count == 1
        assert window.tag_panel.table.model().rowCount() == 1
        assert window.document_view.selected_range() == pending
        assert not window.undo_stack.canRedo() and window.undo_stack.count() == 1
        _start(own_cluster)
        stopped = False
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
        # what was acknowledged is there; the selection is still waiting, and now it is labelled
        rows = committed_rows(address, 'SELECT annotator, start, "end" FROM annotations')
        assert rows == [("ana", *before)]
        assert window.document_view.selected_range() == pending
        assert window.workspace.label_key("1") is True
        assert _spans(window) == acknowledged | {("source", "ana", *pending)}
        rows = committed_rows(address, 'SELECT annotator, start, "end" FROM annotations ORDER BY start')
        assert rows == sorted([("ana", *before), ("ana", *pending)], key=lambda r: r[1])
        # and colleagues' changes show again
        colleague = open_project(address)
        try:
            theirs = span_of(ARTICLE, "L’opposition", 9)
            add_annotation(colleague, window.workspace.document.id, "claim", "bruno", *theirs)
        finally:
            colleague.close()
        qtbot.waitUntil(lambda: ("claim", "bruno", *theirs) in _spans(window), timeout=LIVE_MS)
    finally:
        if stopped:
            _start(own_cluster)


@contextmanager
def _server_that_does_not_answer(cluster: Cluster) -> Iterator[None]:
    """In place of the stopped server, a socket that takes connections and never answers: what a
    remote host that went quiet looks like to a window trying to reach it."""
    path = cluster.socket_dir / f".s.PGSQL.{PORT}"
    quiet = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        quiet.bind(str(path))
        quiet.listen(64)
        yield
    finally:
        quiet.close()
        path.unlink(missing_ok=True)


def test_the_window_keeps_answering_while_it_tries_a_server_that_does_not_answer(own_cluster, windows, qtbot):
    from annotator.ui.server.live import RETRY_CONNECT_S

    address = own_cluster.url(own_cluster.new_database())
    project = open_project(address)
    import_texts(project, [imported(ARTICLE, title="Réforme")])
    project.close()
    window = _open(windows, address, "ana")
    banner = window.findChild(QLabel, "serverBanner")
    stopped = True
    _stop(own_cluster)
    try:
        qtbot.waitUntil(banner.isVisible, timeout=LIVE_MS)
        with _server_that_does_not_answer(own_cluster):
            ticks: list[float] = []
            probe = QTimer()
            probe.setInterval(10)
            probe.timeout.connect(lambda: ticks.append(time.monotonic()))
            probe.start()
            began = time.monotonic()
            # long enough for tries that each wait for an answer that never comes
            qtbot.waitUntil(lambda: time.monotonic() - began > 2 * RETRY_CONNECT_S + 1.5, timeout=10_000)
            probe.stop()
            stalls = [later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)]
            assert len(ticks) > 100 and max(stalls) < 0.100, f"longest stall {max(stalls) * 1000:.0f} ms"
            assert banner.isVisible() and "server" in banner.toolTip()
        _start(own_cluster)
        stopped = False
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3 * RETRY_CONNECT_S * 1000)
        start, end = span_of(ARTICLE, "12 000 emplois")
        _label(window, start, end)
        assert committed_rows(address, 'SELECT annotator, start, "end" FROM annotations') == [
            ("ana", start, end)]
    finally:
        if stopped:
            _start(own_cluster)


def test_the_saved_indicator_says_the_server_is_away_and_comes_back_without_a_write(own_cluster, windows,
                                                                                     qtbot):
    address = own_cluster.url(own_cluster.new_database())
    project = open_project(address)
    first, second = (o.document for o in import_texts(project, [
        imported(ARTICLE, title="Réforme"), imported("Un autre texte.", "autre.txt", title="Autre")]))
    project.close()
    window = _open(windows, address, "ana")
    window.document_list.select_document(first.id)
    start, end = span_of(ARTICLE, "12 000 emplois")
    _label(window, start, end)
    saved = window.saved_label
    before = saved.text(), saved.styleSheet()
    assert before[0].startswith("Saved ") and before[1] == ""
    banner = window.findChild(QLabel, "serverBanner")
    stopped = True
    _stop(own_cluster)
    try:
        qtbot.waitUntil(banner.isVisible, timeout=LIVE_MS)
        assert saved.text() == "Server away" and "#d55e00" not in saved.styleSheet()
        # a read that fails while the server is away (another document asked for) changes nothing
        window.document_list.select_document(second.id)
        assert "server" in window.statusBar().currentMessage()
        assert window.workspace.document.id == first.id
        assert saved.text() == "Server away" and "#d55e00" not in saved.styleSheet()
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        _start(own_cluster)
        stopped = False
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
        # back as it was, with nothing written meanwhile
        assert (saved.text(), saved.styleSheet()) == before
        assert committed_rows(address, 'SELECT annotator, start, "end" FROM annotations') == [
            ("ana", start, end)]
    finally:
        if stopped:
            _start(own_cluster)
