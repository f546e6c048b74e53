"""The Corpus menu: Retrieve, corpus search with one-step labelling, and charts saved for a paper."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtTest import QTest
from tests.helpers import span_of

from annotator.cli import main
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import list_documents
from annotator.ui.corpus.charts_panel import ChartsPanel, SaveChartDialog
from annotator.ui.corpus.corpus_search_window import CorpusSearchWindow
from annotator.ui.corpus.retrieve_window import ExportRowsDialog, RetrieveWindow
from annotator.ui.corpus.stats_window import SaveStatsDialog, StatsWindow

TEXT_1 = "Selon le ministre, la réforme sauvera des emplois 😮.\nL’opposition dément."
TEXT_2 = "Le ministre répond. Le porte-parole du ministre confirme."


@pytest.fixture
def window(open_window):
    win = open_window([(TEXT_1, "1.txt", "Premier"), (TEXT_2, "2.txt", "Second")], date="2023-04")
    docs = {d.title: d.id for d in list_documents(win.project)}
    add_annotation(win.project, docs["Premier"], "source", "ana", *span_of(TEXT_1, "le ministre"))
    add_annotation(win.project, docs["Premier"], "claim", "ben", *span_of(TEXT_1, "emplois 😮"))
    add_annotation(win.project, docs["Second"], "source", "ana", *span_of(TEXT_2, "Le porte-parole"))
    win.docs = docs
    return win


def _open(window, action_name: str, kind):
    window.findChild(QAction, action_name).trigger()
    found = window.findChild(kind)
    assert found is not None and found.isVisible()
    return found


def test_retrieve_fills_filters_exports_and_opens_the_span(window, qtbot, tmp_path, monkeypatch):
    retrieve = _open(window, "retrieveAction", RetrieveWindow)
    qtbot.waitUntil(lambda: retrieve.model.rowCount() == 3)  # filled on opening, all ticked
    assert retrieve.run()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert retrieve.model.rowCount() == 3
    assert retrieve.count_label.text() == "3 annotations"
    emoji_row = next(r for r in range(3) if retrieve.model.row_at(r).text == "emplois 😮")
    left = retrieve.model.index(emoji_row, 4)
    assert left.data().endswith("sauvera des ")
    assert left.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight

    retrieve.filter_edit.setText("PORTE")
    assert retrieve.proxy.rowCount() == 1
    assert retrieve.count_label.text() == "1 of 3 annotations"
    out = tmp_path / "shown.csv"
    monkeypatch.setattr(ExportRowsDialog, "ask", classmethod(lambda cls, parent: out))
    assert retrieve.export_shown() == out
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("annotation_id,document_id,document_title")
    assert len(lines) == 2 and "Le porte-parole" in lines[1]

    retrieve.filter_edit.clear()
    annotators = retrieve.annotators_list
    annotators.item(1).setCheckState(Qt.CheckState.Unchecked)  # ben
    assert retrieve.run()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert {retrieve.model.row_at(r).annotator for r in range(retrieve.model.rowCount())} == {"ana"}

    table = retrieve.table
    index = retrieve.proxy.index(1, 5)  # «Le porte-parole» in the second document
    assert index.data() == "Le porte-parole"
    qtbot.waitExposed(retrieve)
    table.scrollTo(index)
    where = table.visualRect(index).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.workspace.document.id == window.docs["Second"]
    assert window.document_view.selected_range() == span_of(TEXT_2, "Le porte-parole")


def test_retrieve_refuses_a_bad_date(window, message_boxes):
    retrieve = _open(window, "retrieveAction", RetrieveWindow)
    retrieve.date_from.setText("avril")
    assert not retrieve.run()
    assert "avril" in message_boxes[0][1]


def test_corpus_search_labels_selected_hits_in_one_step_and_ctrl_z_undoes(window, qtbot):
    search = _open(window, "corpusSearchAction", CorpusSearchWindow)
    search.pattern_edit.setText("minist(")
    search.regex_box.setChecked(True)
    assert not search.run()
    assert "not a valid regular expression" in search.count_label.text()

    search.pattern_edit.setText(r"\bministre\b")
    assert search.run()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert search.model.rowCount() == 3
    assert search.count_label.text() == "3 hits in 2 documents"
    search.table.selectAll()
    search.label_combo.setCurrentIndex(search.label_combo.findText("framing"))
    assert search.label_selected()
    assert window.undo_stack.count() == 1
    assert "Label 3 hits in 2 documents as «framing»" in search.count_label.text()
    shown = window.workspace.document.id

    def framings() -> int:
        return sum(a.label == "framing" for d in window.docs.values()
                   for a in list_annotations(window.project, d))

    assert framings() == 3
    assert sum(a.label == "framing" for a in window.workspace.annotations) == sum(
        h.document_id == shown for h in search.selected_hits())

    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert framings() == 0
    assert not any(a.label == "framing" for a in window.workspace.annotations)

    assert search.label_selected()  # again: the same hits, one step
    assert not search.label_selected()  # nothing new now
    assert "already has this label" in search.count_label.text()


def test_chart_saved_as_png_and_svg(window, tmp_path, monkeypatch, qtbot):
    charts = _open(window, "chartsAction", ChartsPanel)
    charts.choose("document")
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert charts.status.text() == "2 documents"
    for fmt in ("png", "svg"):
        out = tmp_path / f"chart.{fmt}"
        monkeypatch.setattr(SaveChartDialog, "ask", classmethod(lambda cls, parent, f, o=out: o))
        assert charts.save_interactively(fmt) == out
    png = (tmp_path / "chart.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() > 1000
    root = ET.parse(tmp_path / "chart.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert charts.most_spin.isEnabled()  # documents are ranked and cut
    charts.choose("month")
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert not charts.most_spin.isEnabled()  # every month is shown
    charts.choose("sources")
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert charts.status.text() == "No claim is linked to a source yet"


def test_open_retrieve_window_follows_a_new_annotation(window, qtbot):
    retrieve = _open(window, "retrieveAction", RetrieveWindow)
    retrieve.annotators_list.item(1).setCheckState(Qt.CheckState.Unchecked)  # ben
    assert retrieve.run()
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    assert retrieve.model.rowCount() == 2
    added = add_annotation(window.project, window.docs["Second"], "claim", "ana",
                           *span_of(TEXT_2, "confirme"))
    window.events.annotations_added.emit((added,))
    qtbot.waitUntil(lambda: retrieve.model.rowCount() == 3, timeout=3000)
    assert "confirme" in {retrieve.model.row_at(r).text for r in range(3)}
    assert retrieve.annotators_list.item(1).checkState() == Qt.CheckState.Unchecked  # kept

    retrieve.hide()  # a hidden window catches up when shown again
    later = add_annotation(window.project, window.docs["Premier"], "framing", "ana",
                           *span_of(TEXT_1, "la réforme"))
    window.events.annotations_added.emit((later,))
    qtbot.wait(400)
    assert retrieve.model.rowCount() == 3
    retrieve.show()
    qtbot.waitUntil(lambda: retrieve.model.rowCount() == 4, timeout=3000)


def test_statistics_saved_csv_equals_the_command_line_and_follows_changes(
    window, qtbot, tmp_path, monkeypatch, capsys
):
    stats = _open(window, "statisticsAction", StatsWindow)
    stats.by_combo.setCurrentIndex(stats.by_combo.findData("month"))
    added = add_annotation(window.project, window.docs["Second"], "claim", "ben",
                           *span_of(TEXT_2, "confirme"))
    window.events.annotations_added.emit((added,))
    qtbot.waitUntil(lambda: not stats.follower.stale, timeout=3000)
    qtbot.waitUntil(lambda: not window.background.busy)  # the work runs off the window's thread
    out = tmp_path / "stats.csv"
    monkeypatch.setattr(SaveStatsDialog, "ask", classmethod(lambda cls, parent: out))
    assert stats.save_csv() == out
    capsys.readouterr()
    assert main(["stats", "--project", str(window.project.path), "--by", "month",
                 "--format", "csv"]) == 0
    cli = capsys.readouterr().out
    assert out.read_bytes().decode("utf-8") == cli  # the same bytes, CRLF line ends included
    assert "labels,month,2023-04,claim,,,annotations,2" in cli.splitlines()


def test_statistics_say_what_they_count_leave_rejected_out_and_show_whole_headings(window, qtbot):
    from annotator.services.reviews import review_annotation

    ben_claim = next(a for a in list_annotations(window.project, window.docs["Premier"])
                     if a.annotator == "ben")
    review_annotation(window.project, ben_claim.id, "ana", "rejected")
    stats = _open(window, "statisticsAction", StatsWindow)
    qtbot.waitUntil(lambda: bool(stats.tables) and not window.background.busy, timeout=3000)
    assert stats.counted.text() == "Counted: every annotator's annotations, rejected ones left out"
    assert not stats.rejected_box.isChecked()
    labels = {row[1]: row[2] for row in stats.tables[0].rows}
    assert labels["claim"] == 0  # ben's claim was rejected
    stats.rejected_box.setChecked(True)
    qtbot.waitUntil(lambda: stats.include_rejected and not window.background.busy, timeout=3000)
    assert {row[1]: row[2] for row in stats.tables[0].rows}["claim"] == 1
    assert stats.counted.text() == "Counted: every annotator's annotations, rejected ones included"

    sources = stats.tabs.widget(next(i for i in range(stats.tabs.count())
                                     if stats.tabs.tabText(i) == "Sources per article"))
    header = sources.horizontalHeader()
    for column in range(sources.model().columnCount()):
        text = sources.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text), text


def test_retrieve_double_click_selects_the_row_it_opens(window, qtbot):
    retrieve = _open(window, "retrieveAction", RetrieveWindow)
    qtbot.waitUntil(lambda: retrieve.model.rowCount() == 3 and not window.background.busy)
    qtbot.waitExposed(retrieve)
    table = retrieve.table
    table.selectRow(0)
    last = retrieve.proxy.index(2, 5)
    table.scrollTo(last)
    table.doubleClicked.emit(last)  # as the view reports it, whatever the press selected before
    opened = retrieve.model.row_at(retrieve.proxy.mapToSource(last).row())
    assert window.document_view.selected_range() == (opened.start, opened.end)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]
    assert table.currentIndex().row() == 2
