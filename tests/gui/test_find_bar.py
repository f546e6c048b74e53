"""The find bar: counting, stepping, labelling all matches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tests.gui.dialog_support import ARTICLE, by_name

from annotator.services import Project
from annotator.services.labels import list_labels
from annotator.ui.workspace.find_bar import FindBar

# -- find bar ------------------------------------------------------------------------------------


@pytest.fixture
def bar(qtbot, project: Project) -> FindBar:
    find_bar = FindBar()
    qtbot.addWidget(find_bar)
    find_bar.set_labels(list_labels(project))
    find_bar.set_text(ARTICLE)
    find_bar.open_bar()
    return find_bar


def test_find_bar_is_hidden_until_opened(qtbot) -> None:
    find_bar = FindBar()
    qtbot.addWidget(find_bar)
    assert find_bar.isHidden()
    find_bar.open_bar()
    assert find_bar.isVisible()
    assert find_bar.input.objectName() == "findInput"


def test_typing_counts_matches_and_jumps_to_the_first(qtbot, bar: FindBar) -> None:
    highlighted: list[list[tuple[int, int]]] = []
    scrolled_to: list[tuple[int, int]] = []
    bar.matches_changed.connect(highlighted.append)
    bar.match_activated.connect(lambda start, end: scrolled_to.append((start, end)))
    qtbot.keyClicks(bar.input, "otan")
    assert bar.matches() == [(2, 6), (23, 27), (42, 46), (61, 65)]
    assert highlighted[-1] == bar.matches()
    assert scrolled_to[-1] == (2, 6)
    assert bar.counter.text() == "1 of 4"


def test_enter_and_shift_enter_step_through_matches(qtbot, bar: FindBar) -> None:
    scrolled_to: list[tuple[int, int]] = []
    bar.match_activated.connect(lambda start, end: scrolled_to.append((start, end)))
    qtbot.keyClicks(bar.input, "otan")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert scrolled_to[-1] == (23, 27)
    assert bar.counter.text() == "2 of 4"
    qtbot.keyClick(bar.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert scrolled_to[-2:] == [(2, 6), (61, 65)]  # wrapped round to the last match
    assert bar.counter.text() == "4 of 4"
    bar.next_button.click()
    assert bar.counter.text() == "1 of 4"


def test_match_case_and_whole_words_narrow_the_matches(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "OTAN")
    assert bar.counter.text() == "1 of 4"
    bar.case_button.click()
    assert [ARTICLE[s:e] for s, e in bar.matches()] == ["OTAN", "OTAN"]
    bar.case_button.click()
    bar.words_button.click()
    assert [ARTICLE[s:e] for s, e in bar.matches()] == ["OTAN", "Otan", "OTAN"]
    assert bar.counter.text() == "1 of 3"


def test_no_match_says_so_and_disables_labelling(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "Bruxelles")
    assert bar.matches() == []
    assert bar.counter.text() == "No matches"
    assert not bar.label_all_button.isEnabled()
    assert not bar.next_button.isEnabled()


def test_label_all_matches_asks_for_the_chosen_label(qtbot, bar: FindBar, project) -> None:
    bar.input.setText("l’otan")  # QTest types Latin-1 only
    bar.label_combo.setCurrentIndex(bar.label_combo.findText("claim (2)"))
    with qtbot.waitSignal(bar.label_all_requested) as requested:
        bar.label_all_button.click()
    assert requested.args == [by_name(project)["claim"].id, [(0, 6), (21, 27), (59, 65)]]


def test_new_document_recounts_without_jumping(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "otan")
    with qtbot.assertNotEmitted(bar.match_activated):
        bar.set_text("Otan, otan.")
    assert bar.matches() == [(0, 4), (6, 10)]
    assert bar.counter.text() == "2 matches"
    bar.find_next()
    assert bar.counter.text() == "1 of 2"


def test_escape_closes_the_bar_and_clears_highlights(qtbot, bar: FindBar) -> None:
    qtbot.keyClicks(bar.input, "otan")
    highlighted: list[list[tuple[int, int]]] = []
    bar.matches_changed.connect(highlighted.append)
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.input, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert highlighted == [[]]
    bar.open_bar()
    assert len(highlighted[-1]) == 4
    assert bar.input.selectedText() == "otan"


def test_label_list_follows_the_codebook(qtbot, bar: FindBar, project) -> None:
    labels = list_labels(project)
    bar.label_combo.setCurrentIndex(2)
    bar.set_labels(list(reversed(labels)))
    assert bar.label_combo.currentText() == "framing (3)"
    bar.set_labels([])
    qtbot.keyClicks(bar.input, "otan")
    assert not bar.label_all_button.isEnabled()
