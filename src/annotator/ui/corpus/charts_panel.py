"""The Charts panel: annotations by label per document, outlet or month, and claims per source.

Drawn with matplotlib's Qt canvas; each chart can be saved as PNG (200 dpi) or SVG for a paper.
The panel opens at once: matplotlib is imported and the figures are computed on the worker thread
(`BackgroundWork`), and the chart is drawn when they arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, InvalidInput, describe
from annotator.domain.stats import StatTable
from annotator.domain.wording import ntext
from annotator.i18n import N_, _, pgettext
from annotator.io.atomic import replaced_when_done
from annotator.services.stats import corpus_stats
from annotator.ui.widgets.background import Task
from annotator.ui.widgets.dialogs import show_error
from annotator.ui.widgets.file_dialogs import ask_save_path

if TYPE_CHECKING:
    from annotator.ui.context import FeatureContext

#: The chart chooser: shown text (translated where shown) -> the grouping its figures come from
#: ("sources": per source).
CHARTS = (
    (N_("Annotations by label per document"), "document"),
    (N_("Annotations by label per outlet"), "outlet"),
    (N_("Annotations by label per month"), "month"),
    (N_("Claims per source"), "sources"),
)
PNG_DPI = 200
TITLE_CHARS = 40
MAX_TICK_LABELS = 24


def load_matplotlib() -> None:
    """Import what the panel draws with (a second or so the first time; done off the window)."""
    import matplotlib.backends.backend_qtagg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.ticker  # noqa: F401


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label_bars(
    table: StatTable, labels: Sequence[str], most: int | None = None
) -> tuple[list[str], dict[str, list[int]]]:
    """Groups and, per label, the annotations of each group, from a `labels` table.

    With `most`, only the `most` groups with the most annotations are kept (in their order).
    """
    counts: dict[str, dict[str, int]] = {}
    for group, label, count, *_rest in table.rows:
        counts.setdefault(str(group), {})[str(label)] = int(count)
    groups = list(counts)
    if most is not None and len(groups) > most:
        kept = set(sorted(groups, key=lambda g: -sum(counts[g].values()))[:most])
        groups = [g for g in groups if g in kept]
    return groups, {label: [counts[g].get(label, 0) for g in groups] for label in labels}


def top_sources(table: StatTable, most: int) -> list[tuple[str, int]]:
    """(source, claims) of the `most` sources with the most claims, from a `source_claims` table."""
    ranked = sorted(table.rows, key=lambda row: (-int(row[3]), -int(row[2]), str(row[1])))
    return [(str(row[1]), int(row[3])) for row in ranked[:most] if int(row[3]) > 0]


class SaveChartDialog:
    """Asks where to save a chart (a seam tests replace)."""

    @classmethod
    def ask(cls, parent: QWidget | None, fmt: str) -> Path | None:
        """The chosen path with the format's suffix, or None."""
        return ask_save_path(parent, _("Save chart as {format}").format(format=fmt.upper()), f"chart.{fmt}",
                             _("{format} images (*.{suffix});;All files (*)").format(
                                 format=fmt.upper(), suffix=fmt))


class ChartsPanel(QWidget):
    """A chart chooser, the chart, and Save PNG… / Save SVG…."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent, Qt.WindowType.Window)
        self.setObjectName("chartsPanel")
        self.setWindowTitle(_("Charts"))
        self._context = context
        self._task: Task | None = None
        self.figure: Any = None  # matplotlib's Figure and canvas, made when the first chart is ready
        self.canvas: QWidget = QLabel(_("Drawing…"), self)
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_combo = QComboBox(self)
        for text, kind in CHARTS:
            self.chart_combo.addItem(_(text), kind)
        self.most_spin = QSpinBox(self)
        self.most_spin.setRange(3, 200)
        self.most_spin.setValue(20)
        self.most_spin.setPrefix(_("at most "))
        self.most_spin.setSuffix(_(" bars"))
        self.most_spin.setToolTip(_("Documents: those with the most annotations; sources: the most "
                                    "claims. Outlets and months are all shown."))
        self.png_button = QPushButton(_("Save PNG…"), self)
        self.svg_button = QPushButton(_("Save SVG…"), self)
        self.png_button.clicked.connect(lambda: self.save_interactively("png"))
        self.svg_button.clicked.connect(lambda: self.save_interactively("svg"))
        self.status = QLabel(self)
        self.chart_combo.currentIndexChanged.connect(self.draw)
        self.most_spin.valueChanged.connect(self.draw)
        top = QHBoxLayout()
        for widget in (self.chart_combo, self.most_spin):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.png_button)
        top.addWidget(self.svg_button)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status)
        self.resize(980, 680)
        self.draw()

    def choose(self, kind: str) -> None:
        """Show the chart of this kind (see CHARTS)."""
        self.chart_combo.setCurrentIndex(self.chart_combo.findData(kind))
        self.draw()

    def draw(self) -> bool:
        """Compute the chosen chart's figures on the worker thread, then draw it (a chart asked
        meanwhile replaces it). False if it could not start."""
        kind = self.chart_combo.currentData()
        # Only documents and sources are ranked and cut; every outlet and month is shown.
        self.most_spin.setEnabled(kind in ("document", "sources"))
        project = self._context.project
        if self._task is not None:
            self._task.cancel()

        def work(_progress: object) -> list[StatTable]:
            load_matplotlib()
            return corpus_stats(project, None if kind == "sources" else kind)

        def failed(error: BaseException) -> bool:
            self._task = None
            if isinstance(error, AnnotatorError):
                show_error(self, _("Charts"), describe(error))
                return True
            return False

        def cancelled() -> None:
            self._task = None

        self._task = self._context.background.run(
            work, lambda tables: self._paint(kind, tables), title=_("Drawing the chart…"),
            cancellable=True, failed=failed, cancelled=cancelled,
        )
        return self._task is not None

    def _make_canvas(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(9, 5.5), layout="constrained")
        canvas = FigureCanvasQTAgg(self.figure)
        canvas.setParent(self)
        self._layout.replaceWidget(self.canvas, canvas)
        self.canvas.deleteLater()
        self.canvas = canvas

    def _paint(self, kind: str, tables: list[StatTable]) -> None:
        self._task = None
        if self.figure is None:
            self._make_canvas()
        self.figure.clear()
        axes = self.figure.add_subplot()
        named = {table.name: table for table in tables}
        if kind == "sources":
            self._draw_sources(axes, named["source_claims"])
        else:
            self._draw_labels(axes, named["labels"], kind)
        self.canvas.draw_idle()

    def _draw_labels(self, axes, table: StatTable, kind: str) -> None:
        labels = self._context.workspace.labels
        colors = {label.name: label.color for label in labels}
        most = self.most_spin.value() if kind == "document" else None
        groups, series = label_bars(table, [label.name for label in labels], most)
        positions = list(range(len(groups)))
        below = [0] * len(groups)
        horizontal = kind == "document"
        for name, values in series.items():
            if horizontal:
                axes.barh(positions, values, left=below, color=colors.get(name), label=name)
            else:
                axes.bar(positions, values, bottom=below, color=colors.get(name), label=name)
            below = [b + v for b, v in zip(below, values, strict=True)]
        names = [_short(g) for g in groups]
        if horizontal:
            axes.set_yticks(positions, names)
            axes.invert_yaxis()
            axes.set_xlabel(pgettext("chart axis", "annotations"))
        else:
            step = max(1, -(-len(groups) // MAX_TICK_LABELS))  # every step-th label, at most 24
            shown = positions[::step]
            crowded = len(shown) > 6
            axes.set_xticks(shown, [names[i] for i in shown], rotation=45 if crowded else 0,
                            ha="right" if crowded else "center")
            axes.set_ylabel(pgettext("chart axis", "annotations"))
        axes.set_title(_(next(text for text, chart in CHARTS if chart == kind)))
        if series and groups:
            axes.legend(title=pgettext("chart legend", "label"), frameon=False, loc="upper left",
                        bbox_to_anchor=(1.01, 1))
        self._tidy(axes, horizontal)
        shown = {"document": ntext(len(groups), "{count} documents", "{count} documents"),
                 "outlet": ntext(len(groups), "{count} outlets", "{count} outlets"),
                 "month": ntext(len(groups), "{count} months", "{count} months")}[kind]
        self.status.setText(shown if groups else _("Nothing to chart yet"))

    def _draw_sources(self, axes, table: StatTable) -> None:
        ranked = top_sources(table, self.most_spin.value())
        positions = list(range(len(ranked)))
        axes.barh(positions, [n for _, n in ranked], color="#0072b2")
        axes.set_yticks(positions, [_short(name) for name, _ in ranked])
        axes.invert_yaxis()
        axes.set_xlabel(pgettext("chart axis", "claims attributed"))
        axes.set_title(_("Claims per source (normalised text)"))
        self._tidy(axes, True)
        self.status.setText(
            ntext(len(ranked), "{count} sources with the most claims", "{count} sources with the most claims")
            if ranked else _("No claim is linked to a source yet")
        )

    @staticmethod
    def _tidy(axes, horizontal: bool) -> None:
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.grid(axis="x" if horizontal else "y", alpha=0.3)
        axes.set_axisbelow(True)
        from matplotlib.ticker import MaxNLocator

        (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))

    def save(self, path: Path, fmt: str) -> None:
        """Write the chart shown as PNG or SVG (the file appears only once complete, never over
        the project)."""
        if self.figure is None:
            raise InvalidInput(_("the chart is still being drawn; save it once it is shown"))
        with replaced_when_done(path, project=self._context.project.path) as out:
            self.figure.savefig(out, format=fmt, dpi=PNG_DPI if fmt == "png" else None)

    def save_interactively(self, fmt: str) -> Path | None:
        """Ask where, then save; a file that cannot be written is reported."""
        path = SaveChartDialog.ask(self, fmt)
        if path is None:
            return None
        try:
            self.save(path, fmt)
        except AnnotatorError as exc:
            show_error(self, _("Save chart"), describe(exc))
            return None
        self.status.setText(_("Saved {file}").format(file=path))
        return path
