"""Several annotators in one article: own spans filled, others underlined, hiding, compare mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip
from tests.gui.dialog_support import format_at as view_format_at
from tests.helpers import span_of

from annotator.ui import open_main_window
from annotator.ui.review.annotators_feature import AnnotatorsFeature

TEXT = (
    "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"
    "\n"
    "L’opposition parle d’un « désastre annoncé » et cite l’INSEE.\n"
)

# (annotator, label, words): ana's and ben's work on the same article.
WORK = [
    ("ana", "source", "le ministre"),
    ("ben", "source", "le ministre"),  # matching
    ("ana", "claim", "la réforme « sauvera » 12 000 emplois"),
    ("ben", "claim", "la réforme « sauvera » 12 000 emplois d’ici 2025"),  # other extent
    ("ana", "framing", "désastre annoncé"),
    ("ben", "claim", "désastre annoncé"),  # other label
    ("ben", "source", "l’INSEE"),  # only ben
]


def at(words: str) -> tuple[int, int]:
    return span_of(TEXT, words)


@pytest.fixture
def window(window_with_work):
    """Ana's window on an article that ana and ben both tagged (ben's work merged in)."""
    return window_with_work(TEXT, "Réforme", WORK)


def feature(win) -> AnnotatorsFeature:
    found = win.findChild(AnnotatorsFeature)
    assert found is not None
    return found


def format_at(win, cp: int) -> QTextCharFormat | None:
    """The highlight format drawn on the character at code point `cp`."""
    win.document_view.ensure_highlighted(cp, cp + 1)
    return view_format_at(win.document_view, cp)


def is_filled(fmt: QTextCharFormat | None) -> bool:
    return fmt is not None and fmt.background().style() != Qt.BrushStyle.NoBrush


def is_outlined(fmt: QTextCharFormat | None) -> bool:
    return fmt is not None and fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline


def table_annotators(win) -> set[str]:
    return {ann.annotator for ann in win.tag_panel.model.annotations()}


def tooltip_at(win, cp: int, monkeypatch) -> str:
    view = win.document_view
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, tip, *a: shown.append(tip))
    point = view.cursorRect(view.cursor_for(cp, cp)).center()
    point.setX(point.x() + 3)
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    return shown[0] if shown else ""


def test_own_spans_are_filled_and_a_colleagues_underlined_in_the_label_colour(window, monkeypatch):
    claim_color = next(lab.color for lab in window.workspace.labels if lab.name == "claim")
    own_claim = format_at(window, at("sauvera")[0])
    assert is_filled(own_claim) and is_outlined(own_claim)  # ana's claim under ben's longer one
    bens_tail = format_at(window, at("d’ici 2025")[0])
    assert not is_filled(bens_tail) and is_outlined(bens_tail)
    assert bens_tail.underlineColor() == QColor(claim_color).darker(135)
    only_ben = format_at(window, at("INSEE")[0])
    assert not is_filled(only_ben) and is_outlined(only_ben)
    assert format_at(window, at("Selon")[0]) is None
    tip = tooltip_at(window, at("d’ici")[0] + 1, monkeypatch)
    assert "claim · tagged by ben" in tip and "(you)" not in tip

    # The other annotator at the keyboard: the layers swap.
    window.workspace.annotator = "ben"
    assert is_filled(format_at(window, at("d’ici 2025")[0]))
    framing = format_at(window, at("annoncé")[0])
    assert is_filled(framing) and is_outlined(framing)  # ben's claim filled, ana's framing dashed
    assert not is_outlined(format_at(window, at("INSEE")[0]))


def test_hiding_an_annotator_takes_away_highlights_and_rows_and_is_remembered(window, qtbot):
    menu = window.findChild(type(window.menu("viewMenu")), "annotatorsMenu")
    menu.aboutToShow.emit()
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert entries["ana (you)"].isChecked() and not entries["ana (you)"].isEnabled()
    entries["ben"].trigger()  # unchecked: hidden
    assert table_annotators(window) == {"ana"}
    assert format_at(window, at("INSEE")[0]) is None
    assert not is_outlined(format_at(window, at("sauvera")[0]))
    assert window.tag_panel.header_text() == "Annotations in this document (3)"
    assert window.counts_label.text().endswith("7 annotations here (4 hidden)")

    path = window.project.path
    window.close()
    again = open_main_window(path, "ana")
    qtbot.addWidget(again)
    assert table_annotators(again) == {"ana"}
    feature(again).show_all()
    assert table_annotators(again) == {"ana", "ben"}
    assert is_outlined(format_at(again, at("INSEE")[0]))


def test_compare_lists_the_differences_and_f8_walks_through_them(window):
    feature(window).compare_action.trigger()
    panel = feature(window).panel
    assert panel.pair == ("ana", "ben")
    assert panel.summary.text().startswith("1 matching · 3 differences")
    model = panel.model
    rows = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert rows == ["Different extent", "Different labels", "Only ben"]
    assert "framing" in model.index(1, 1).data() and "claim" in model.index(1, 2).data()

    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.document_view.selected_range() == (at("la réforme")[0], at("2025")[1])
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.document_view.selected_range() == at("désastre annoncé")
    assert panel.table.currentIndex().row() == 1
    QTest.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert panel.table.currentIndex().row() == 0

    # Ana adopts ben's INSEE source: that difference becomes a match.
    window.document_view.select_range(*at("l’INSEE"))
    window.workspace.label_key("1")
    assert panel.summary.text().startswith("2 matching · 2 differences")
