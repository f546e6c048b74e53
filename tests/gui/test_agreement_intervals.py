"""The Agreement window's intervals and its By document tab: the same figures as
`annotator agreement --ci` and `--by document`, a document opened from its row, the CSV saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView
from tests.helpers import span_of

from annotator.domain.agreement_documents import DEFAULT_RESAMPLES, DEFAULT_SEED
from annotator.services.agreement import agreement_by_document, agreement_with_intervals
from annotator.services.annotations import add_annotation
from annotator.services.documents import list_documents
from annotator.ui.review import agreement_window
from annotator.ui.review.agreement_window import AgreementModel, AgreementWindow
from annotator.ui.review.document_agreement_model import DOCUMENT_ROLE

TEXTS = [
    ("Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n", "a.txt", "Réforme"),
    ("L’opposition parle d’un « désastre annoncé » et cite l’INSEE.\n", "b.txt", "Opposition"),
    ("Le syndicat réclame un débat, le patronat se dit prêt à discuter.\n", "c.txt", "Syndicats"),
    ("Oui.\n", "d.txt", "Court"),
]
#: (file, annotator, label, words): ana and ben agree on a.txt, half on b.txt, little on c.txt;
#: on d.txt both mark everything as a source (no disagreement possible: alpha is undefined).
WORK = [
    ("a.txt", "ana", "source", "le ministre"), ("a.txt", "ben", "source", "le ministre"),
    ("a.txt", "ana", "claim", "sauvera"), ("a.txt", "ben", "claim", "sauvera"),
    ("b.txt", "ana", "source", "L’opposition"), ("b.txt", "ben", "source", "L’opposition"),
    ("b.txt", "ana", "claim", "désastre annoncé"), ("b.txt", "ben", "source", "l’INSEE"),
    ("c.txt", "ana", "source", "Le syndicat"), ("c.txt", "ben", "claim", "réclame un débat"),
    ("c.txt", "ben", "source", "le patronat"),
    ("d.txt", "ana", "source", "Oui."), ("d.txt", "ben", "source", "Oui."),
]


def _annotated(open_window):
    window = open_window(TEXTS)
    by_file = {doc.source_name: doc for doc in list_documents(window.project)}
    text_of = {file: text for text, file, _title in TEXTS}
    for file, annotator, label, words in WORK:
        add_annotation(window.project, by_file[file].id, label, annotator,
                       *span_of(text_of[file], words))
    window.events.contents_changed.emit()
    return window


def _open(window, qtbot) -> AgreementWindow:
    next(a for a in window.menu("reviewMenu").actions()
         if a.objectName() == "agreementAction").trigger()
    agreement = window.findChild(AgreementWindow, "agreementWindow")
    qtbot.waitUntil(lambda: agreement.model.rowCount() > 0)
    return agreement


def _with_intervals(agreement: AgreementWindow, qtbot) -> None:
    agreement.intervals_box.setChecked(True)
    qtbot.waitUntil(lambda: agreement.model.report is not None
                    and agreement.model.report.bootstrap is not None)


def _rows(agreement: AgreementWindow, column: int, role=Qt.ItemDataRole.DisplayRole) -> dict:
    model = agreement.model
    return {(model.index(r, 0).data(), model.index(r, 1).data()): model.index(r, column).data(role)
            for r in range(model.rowCount())}


def _listed(agreement: AgreementWindow, column: int = 0) -> list[str]:
    proxy = agreement.document_proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_intervals_are_the_command_lines_with_its_defaults(open_window, qtbot):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    assert agreement.table.isColumnHidden(AgreementModel.INTERVAL)  # until asked for
    assert not agreement.resamples_box.isEnabled()
    assert (agreement.resamples_box.value(), agreement.seed_box.value()) == (
        DEFAULT_RESAMPLES, DEFAULT_SEED)

    _with_intervals(agreement, qtbot)
    assert not agreement.table.isColumnHidden(AgreementModel.INTERVAL)
    assert agreement.model.headerData(AgreementModel.INTERVAL, Qt.Orientation.Horizontal) == "95% CI"
    assert "1,000 resamples, seed 1" in agreement.summary.text()
    expected = agreement_with_intervals(window.project, ["ana", "ben"])
    shown = _rows(agreement, AgreementModel.INTERVAL)
    tips = _rows(agreement, AgreementModel.INTERVAL, Qt.ItemDataRole.ToolTipRole)
    assert len(shown) == len(expected.figures)
    for fig in expected.figures:
        low, high = fig.interval.low, fig.interval.high
        cell = shown[(fig.label, fig.measure)]
        if low is None:
            assert cell == "–"
            assert tips[(fig.label, fig.measure)]  # the reason is a hover away
        else:
            assert cell == f"[{low:.4f}, {high:.4f}]"
    # The value column keeps the point estimates.
    assert _rows(agreement, 3)[("*", "cohen_kappa")] == f"{expected.figure('*', 'cohen_kappa').value:.4f}"

    # Another seed gives the service's intervals for that seed.
    agreement.seed_box.setValue(7)
    reseeded = agreement_with_intervals(window.project, ["ana", "ben"], seed=7)
    alpha = reseeded.figure("*", "krippendorff_alpha").interval
    qtbot.waitUntil(lambda: "seed 7" in agreement.summary.text())
    assert _rows(agreement, AgreementModel.INTERVAL)[("*", "krippendorff_alpha")] == (
        f"[{alpha.low:.4f}, {alpha.high:.4f}]")

    # Unticked: the column goes, the figures stay.
    agreement.intervals_box.setChecked(False)
    qtbot.waitUntil(lambda: agreement.model.report.bootstrap is None)
    assert agreement.table.isColumnHidden(AgreementModel.INTERVAL)
    assert agreement.model.rowCount() == len(expected.figures)


def test_an_undefined_interval_says_why(open_window, qtbot):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    agreement.label_box.setCurrentText("claim")
    qtbot.waitUntil(lambda: ("claim", "f1_exact") in _rows(agreement, 0))
    _with_intervals(agreement, qtbot)
    expected = agreement_with_intervals(window.project, ["ana", "ben"], ["claim"])
    undefined = [fig for fig in expected.figures if fig.interval.low is None]
    assert undefined  # claims are rare: some figures cannot be bounded
    shown = _rows(agreement, AgreementModel.INTERVAL)
    tips = _rows(agreement, AgreementModel.INTERVAL, Qt.ItemDataRole.ToolTipRole)
    for fig in undefined:
        assert shown[(fig.label, fig.measure)] == "–"
        tip = tips[(fig.label, fig.measure)]
        assert "resamples" in tip or "undefined" in tip, tip


def test_intervals_on_one_document_are_refused_with_the_reason_and_the_figures_stay(
    open_window, qtbot
):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    _with_intervals(agreement, qtbot)
    agreement.scope_box.setCurrentIndex(1)  # the current document only
    qtbot.waitUntil(lambda: "No intervals" in agreement.summary.text())
    assert "at least two documents" in agreement.summary.text()
    assert agreement.model.rowCount() > 0
    assert agreement.table.isColumnHidden(AgreementModel.INTERVAL)


def test_documents_are_listed_lowest_alpha_first_and_sort_by_any_column(open_window, qtbot):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    agreement.tabs.setCurrentIndex(AgreementWindow.DOCUMENTS_TAB)
    report, documents = agreement_by_document(window.project, ["ana", "ben"])

    def alpha(doc):
        return next(f.value for f in doc.figures if f.label == "*" and f.measure == "krippendorff_alpha")

    expected = sorted(documents, key=lambda d: (alpha(d) is None, alpha(d) or 0.0))
    assert alpha(expected[-1]) is None  # "Court": both marked everything
    assert _listed(agreement) == [doc.title for doc in expected]
    model = agreement.document_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Document", "Tokens", "f1_exact", "f1_overlap", "cohen_kappa",
                       "krippendorff_alpha"]
    alphas = _listed(agreement, model.alpha_column)
    assert alphas[:-1] == [f"{alpha(doc):.4f}" for doc in expected[:-1]] and alphas[-1] == "–"
    assert _listed(agreement, 1) == [str(doc.tokens) for doc in expected]

    # Highest alpha first: the undefined one stays last.
    agreement.document_table.horizontalHeader().setSortIndicator(model.alpha_column,
                                                                  Qt.SortOrder.DescendingOrder)
    assert _listed(agreement) == [doc.title for doc in reversed(expected[:-1])] + ["Court"]
    agreement.document_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by tokens
    tokens = [int(t) for t in _listed(agreement, 1)]
    assert tokens == sorted(tokens)

    agreement.document_filter.setText("opp")
    assert _listed(agreement) == ["Opposition"]


def test_enter_or_a_double_click_on_a_document_opens_it_in_the_main_window(open_window, qtbot):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    agreement.tabs.setCurrentIndex(AgreementWindow.DOCUMENTS_TAB)
    table = agreement.document_table
    proxy = agreement.document_proxy
    row_of = {_listed(agreement)[row]: row for row in range(proxy.rowCount())}
    by_title = {doc.title: doc for doc in list_documents(window.project)}
    assert window.workspace.document.title == "Court"  # the first listed is shown at start

    agreement.activateWindow()
    table.setFocus()
    table.setCurrentIndex(proxy.index(row_of["Syndicats"], 0))
    assert agreement.open_button.isEnabled()
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.document.title == "Syndicats")
    assert window.document_list.current_document_id() == by_title["Syndicats"].id

    index = proxy.index(row_of["Opposition"], 2)
    where = table.visualRect(index).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # as a hand does
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.workspace.document.title == "Opposition")
    assert index.data(DOCUMENT_ROLE) == by_title["Opposition"].uuid

    table.setCurrentIndex(proxy.index(row_of["Réforme"], 0))
    agreement.open_button.click()
    qtbot.waitUntil(lambda: window.workspace.document.title == "Réforme")


def test_saved_csv_has_the_interval_columns_and_the_documents_tab_saves_each_document(
    open_window, qtbot, tmp_path, monkeypatch
):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    _with_intervals(agreement, qtbot)
    target = tmp_path / "figures.csv"
    monkeypatch.setattr(agreement_window.SaveAgreementDialog, "ask",
                        classmethod(lambda cls, parent: target))
    agreement.save_button.click()
    lines = target.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "label,measure,value,units,ci_low,ci_high,ci_undefined_resamples"
    kappa = agreement_with_intervals(window.project, ["ana", "ben"]).figure("*", "cohen_kappa")
    row = next(line for line in lines if line.startswith("*,cohen_kappa,"))
    assert [float(x) for x in row.split(",")[4:6]] == [kappa.interval.low, kappa.interval.high]
    agreement.copy_button.click()
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text().split("\r\n")[0] == lines[0]

    agreement.tabs.setCurrentIndex(AgreementWindow.DOCUMENTS_TAB)
    assert "each document" in agreement.save_button.toolTip()
    by_document = tmp_path / "documents.csv"
    monkeypatch.setattr(agreement_window.SaveDocumentAgreementDialog, "ask",
                        classmethod(lambda cls, parent: by_document))
    agreement.save_button.click()
    rows = by_document.read_bytes().decode("utf-8").split("\r\n")
    assert rows[0].endswith(",document_id,document_title")
    titles = {line.rsplit(",", 1)[-1] for line in rows[1:] if line}
    assert titles == {"Réforme", "Opposition", "Syndicats", "Court"}
    assert f"Saved {by_document}." == agreement.summary.text()


def test_the_new_controls_are_named_and_reached_with_the_keyboard(open_window, qtbot):
    window = _annotated(open_window)
    agreement = _open(window, qtbot)
    for widget in (agreement.intervals_box, agreement.resamples_box, agreement.seed_box,
                   agreement.tabs, agreement.document_table, agreement.document_filter,
                   agreement.open_button, agreement.table):
        assert widget.accessibleName(), widget.objectName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.objectName()
    assert agreement.document_table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    # Space on the focused box ticks it, as a click would.
    agreement.activateWindow()
    agreement.intervals_box.setFocus()
    QTest.keyClick(agreement.intervals_box, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: agreement.model.report.bootstrap is not None)
    assert agreement.resamples_box.isEnabled() and agreement.seed_box.isEnabled()
