"""What still read English or heavy in the French window: a link read from its claim, and Qt's
own figures (spin boxes) grouped the English way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QSpinBox
from tests.helpers import ARTICLE, span_of

from annotator import i18n
from annotator import settings as S
from annotator.services.annotations import add_annotation
from annotator.services.links import add_link
from annotator.ui.app import install_language, user_settings

NNBSP = "\u202f"


@pytest.fixture
def french() -> Iterator[None]:
    user_settings().setValue(S.LANGUAGE.key, "fr")
    install_language(QApplication.instance())
    yield
    user_settings().setValue(S.LANGUAGE.key, "")
    install_language(QApplication.instance())
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def test_a_link_reads_in_french_from_both_ends(open_window, french):
    window = open_window([(ARTICLE, "a.txt", "Article")])
    doc = window.workspace.document
    source = add_annotation(window.project, doc.id, "source", "ana", *span_of(ARTICLE, "l’INSEE")).id
    claim = add_annotation(window.project, doc.id, "claim", "ana", *span_of(ARTICLE, "désastre annoncé")).id
    add_link(window.project, claim, source, "ana")
    window.workspace.show_document(doc.id)
    window.links_feature.refresh()
    window.tag_panel.table.select_annotation(claim)
    assert window.tag_panel.links.entries() == [f"→ attribué à «{NNBSP}l’INSEE{NNBSP}»"]
    window.tag_panel.table.select_annotation(source)
    assert window.tag_panel.links.entries() == [f"← source de «{NNBSP}désastre annoncé{NNBSP}»"]


def test_qt_figures_are_grouped_as_french_writes_them(qtbot, french):
    box = QSpinBox()
    qtbot.addWidget(box)
    box.setRange(1, 100_000)
    box.setGroupSeparatorShown(True)
    box.setValue(1000)
    assert box.text() == f"1{NNBSP}000"
    assert QLocale().toString(2.5) == "2,5"


def test_qt_figures_stay_as_the_system_writes_them_in_english(qtbot):
    assert QLocale() == QLocale.system()
