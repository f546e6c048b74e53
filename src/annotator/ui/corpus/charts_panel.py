"""The Charts panel: annotations by label per document, outlet or month, and claims per source.

The chart is drawn with Qt's painter, on screen as in the files it saves (PNG at 200 dpi, or SVG
for a paper), so the panel needs no plotting library: its first chart is drawn a moment after
it opens. The figures are counted on the worker thread (`BackgroundWork`), from the annotations
of each group and label alone for the label charts (`label_counts`); the chart is drawn when
they arrive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, InvalidInput, describe
from annotator.domain.stats import StatTable
from annotator.domain.wording import ntext
from annotator.i18n import N_, _, number, pgettext
from annotator.io.atomic import replaced_when_done
from annotator.services.stats import corpus_stats, label_counts
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
#: A saved chart's size in inches (9 x 5.5), drawn at SCREEN_DPI: 1800 x 1100 pixels at 200 dpi.
FIGURE_INCHES = (9.0, 5.5)
SCREEN_DPI = 96
SOURCE_COLOR = "#0072b2"
GRID_COLOR = QColor(0, 0, 0, 60)
TEXT_COLOR = QColor("#222222")


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label_bars(
    table: StatTable, labels: Sequence[str], most: int | None = None
) -> tuple[list[str], dict[str, list[int]]]:
    """Groups and, per label, the annotations of each group, from a table of
    (group, label, annotations, ...) rows (`labels` or `label_counts`).

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


@dataclass(frozen=True)
class BarChart:
    """What one chart shows: bars per group, stacked by series (a label and its colour)."""

    title: str
    axis: str  # what the bars count
    groups: tuple[str, ...]
    series: tuple[tuple[str, str, tuple[int, ...]], ...]  # (name, colour, value of each group)
    horizontal: bool
    legend: str = ""  # the legend's title; no legend when empty
    status: str = ""  # the line under the chart

    def totals(self) -> list[int]:
        """Each group's bar length (its stacked values)."""
        return [sum(values[i] for _name, _color, values in self.series)
                for i in range(len(self.groups))]


def label_chart(kind: str, table: StatTable, labels: Sequence[tuple[str, str]],
                most: int | None) -> BarChart:
    """The stacked bars of a `label_counts` table, coloured as `labels` (name, colour)."""
    groups, series = label_bars(table, [name for name, _color in labels], most)
    colors = dict(labels)
    status = {"document": ntext(len(groups), "{count} documents", "{count} documents"),
              "outlet": ntext(len(groups), "{count} outlets", "{count} outlets"),
              "month": ntext(len(groups), "{count} months", "{count} months")}[kind]
    return BarChart(
        _(next(text for text, chart in CHARTS if chart == kind)),
        pgettext("chart axis", "annotations"), tuple(_short(g) for g in groups),
        tuple((name, colors.get(name) or "#888888", tuple(values))
              for name, values in series.items()),
        horizontal=kind == "document",
        legend=pgettext("chart legend", "label") if series and groups else "",
        status=status if groups else _("Nothing to chart yet"))


def sources_chart(table: StatTable, most: int) -> BarChart:
    """Horizontal bars of the sources with the most claims, from a `source_claims` table."""
    ranked = top_sources(table, most)
    return BarChart(
        _("Claims per source (normalised text)"), pgettext("chart axis", "claims attributed"),
        tuple(_short(name) for name, _n in ranked),
        (("", SOURCE_COLOR, tuple(n for _name, n in ranked)),),
        horizontal=True,
        status=ntext(len(ranked), "{count} sources with the most claims",
                     "{count} sources with the most claims")
        if ranked else _("No claim is linked to a source yet"))


def value_ticks(top: int, room: float, spacing: float) -> list[int]:
    """Whole-number ticks from 0 past `top` (1, 2 or 5 times a power of ten apart), as many as
    fit `room` with at least `spacing` between two."""
    most = max(2, int(room // max(spacing, 1.0)))
    step = 1
    for power in range(0, 12):
        for base in (1, 2, 5):
            step = base * 10 ** power
            if math.ceil(max(top, 1) / step) <= most:
                last = math.ceil(max(top, 1) / step) * step
                return list(range(0, last + 1, step))
    return [0, top]


def paint_chart(painter: QPainter, size: QSize, chart: BarChart, font: QFont) -> None:
    """Draw `chart` in a `size` area: title, bars, the value axis with its grid, the groups'
    names, the legend at the right."""
    width, height = float(size.width()), float(size.height())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    small = QFont(font)
    metrics = QFontMetricsF(small)
    line = metrics.height()
    title_font = QFont(font)
    title_font.setPointSizeF(font.pointSizeF() * 1.2 if font.pointSizeF() > 0 else 12)
    title_font.setBold(True)
    pad = line * 0.8
    painter.setPen(TEXT_COLOR)
    painter.setFont(title_font)
    title_height = QFontMetricsF(title_font).height() * 1.5
    painter.drawText(QRectF(0, pad * 0.5, width, title_height),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, chart.title)
    painter.setFont(small)

    legend_width = 0.0
    if chart.legend:
        names = [chart.legend] + [name for name, _c, _v in chart.series]
        legend_width = max(metrics.horizontalAdvance(n) for n in names) + line * 2.2
    plot = QRectF(pad, pad * 0.5 + title_height, width - 2 * pad - legend_width,
                  height - pad * 1.5 - title_height)
    plot.adjust(0, line * 0.6, 0, 0)  # room for the highest tick's figure under the title
    groups = chart.groups
    totals = chart.totals()
    top = max(totals, default=0)
    names_room = 0.0
    if chart.horizontal:
        names_room = min(max((metrics.horizontalAdvance(g) for g in groups), default=0.0) + pad,
                         plot.width() * 0.45)
        plot.adjust(names_room, 0, 0, -line * 2.6)  # the groups' names left, ticks and axis below
    else:
        step = max(1, -(-len(groups) // MAX_TICK_LABELS))
        shown = list(range(0, len(groups), step))
        crowded = len(shown) > 6
        longest = max((metrics.horizontalAdvance(groups[i]) for i in shown), default=0.0)
        below = longest * 0.72 + line if crowded else line * 1.4
        below = min(below, plot.height() * 0.4)
        tick_room = metrics.horizontalAdvance(number(max(top, 1) * 2))
        plot.adjust(tick_room + line * 1.8, 0, 0, -below)

    # The value axis: ticks, grid lines, its title.
    length = plot.width() if chart.horizontal else plot.height()
    ticks = value_ticks(top, length, metrics.horizontalAdvance("00000") if chart.horizontal
                        else line * 2)
    scale = length / ticks[-1] if ticks[-1] else 0.0
    grid = QPen(GRID_COLOR)
    grid.setWidthF(0.8)
    for tick in ticks:
        text = number(tick)
        if chart.horizontal:
            x = plot.left() + tick * scale
            painter.setPen(grid)
            painter.drawLine(int(round(x)), int(plot.top()), int(round(x)), int(plot.bottom()))
            painter.setPen(TEXT_COLOR)
            painter.drawText(QRectF(x - 40, plot.bottom() + 2, 80, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        else:
            y = plot.bottom() - tick * scale
            painter.setPen(grid)
            painter.drawLine(int(plot.left()), int(round(y)), int(plot.right()), int(round(y)))
            painter.setPen(TEXT_COLOR)
            painter.drawText(QRectF(plot.left() - 200 - line * 0.3, y - line / 2, 200, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    painter.setPen(TEXT_COLOR)
    if chart.horizontal:
        painter.drawText(QRectF(plot.left(), plot.bottom() + line * 1.2, plot.width(), line * 1.3),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, chart.axis)
    else:
        painter.save()
        painter.translate(pad * 0.5, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), line * 1.2),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, chart.axis)
        painter.restore()

    # The bars, stacked, each group in a slot of its own (the first at the top or the left).
    count = len(groups)
    slot = (plot.height() if chart.horizontal else plot.width()) / max(count, 1)
    thickness = slot * 0.8
    painter.setPen(Qt.PenStyle.NoPen)
    for i in range(count):
        start = 0
        for _name, color, values in chart.series:
            value = values[i]
            if value:
                if chart.horizontal:
                    rect = QRectF(plot.left() + start * scale, plot.top() + i * slot + slot * 0.1,
                                  value * scale, thickness)
                else:
                    rect = QRectF(plot.left() + i * slot + slot * 0.1,
                                  plot.bottom() - (start + value) * scale, thickness, value * scale)
                painter.fillRect(rect, QColor(color))
            start += value

    # The groups' names.
    painter.setPen(TEXT_COLOR)
    if chart.horizontal:
        for i, name in enumerate(groups):
            painter.drawText(QRectF(plot.left() - names_room, plot.top() + i * slot,
                                    names_room - line * 0.4, slot),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight,
                                                names_room - line * 0.4))
    else:
        for i in shown:
            x = plot.left() + i * slot + slot / 2
            if crowded:
                painter.save()
                painter.translate(x, plot.bottom() + line * 0.3)
                painter.rotate(-45)
                advance = metrics.horizontalAdvance(groups[i])
                painter.drawText(QRectF(-advance, 0, advance, line),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, groups[i])
                painter.restore()
            else:
                painter.drawText(QRectF(x - slot / 2, plot.bottom() + line * 0.2, slot, line),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                 metrics.elidedText(groups[i], Qt.TextElideMode.ElideRight, slot))

    # The two axis lines.
    axis_pen = QPen(TEXT_COLOR)
    axis_pen.setWidthF(1.0)
    painter.setPen(axis_pen)
    painter.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))
    painter.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))

    # The legend, beside the chart.
    if chart.legend:
        x = plot.right() + line
        y = plot.top()
        painter.drawText(QRectF(x, y, legend_width, line), Qt.AlignmentFlag.AlignLeft, chart.legend)
        for n, (name, color, _values) in enumerate(chart.series, start=1):
            top_y = y + n * line * 1.3
            painter.fillRect(QRectF(x, top_y + line * 0.2, line * 0.9, line * 0.6), QColor(color))
            painter.setPen(TEXT_COLOR)
            painter.drawText(QRectF(x + line * 1.3, top_y, legend_width, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)


class ChartView(QWidget):
    """Paints the chart shown (or a word while the first one is counted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        self.chart: BarChart | None = None
        self.waiting = _("Drawing…")

    def show_chart(self, chart: BarChart) -> None:
        """Paint `chart` from now on."""
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.status)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """Draw the chart over the whole widget."""
        painter = QPainter(self)
        try:
            if self.chart is None:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.waiting)
            else:
                paint_chart(painter, self.size(), self.chart, self.font())
        finally:
            painter.end()


def write_chart(chart: BarChart, out: IO[bytes], fmt: str) -> None:
    """Write `chart` to the open binary file `out` as PNG (200 dpi) or SVG, 9 x 5.5 inches."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    size = QSize(round(FIGURE_INCHES[0] * SCREEN_DPI), round(FIGURE_INCHES[1] * SCREEN_DPI))
    font = QApplication.font()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "svg":
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setResolution(SCREEN_DPI)
        generator.setTitle(chart.title)
        painter = QPainter(generator)
        try:
            paint_chart(painter, size, chart, font)
        finally:
            painter.end()
    else:
        zoom = PNG_DPI / SCREEN_DPI
        image = QImage(round(size.width() * zoom), round(size.height() * zoom),
                       QImage.Format.Format_ARGB32)
        # Fonts are sized as on screen (the image's resolution while painting), then zoomed.
        image.setDotsPerMeterX(round(SCREEN_DPI / 0.0254))
        image.setDotsPerMeterY(round(SCREEN_DPI / 0.0254))
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.scale(zoom, zoom)
            paint_chart(painter, size, chart, font)
        finally:
            painter.end()
        image.setDotsPerMeterX(round(PNG_DPI / 0.0254))
        image.setDotsPerMeterY(round(PNG_DPI / 0.0254))
        image.save(buffer, "PNG")
    buffer.close()
    out.write(bytes(data.data()))


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
        self.figure: BarChart | None = None  # the chart shown, once the first one is counted
        self.canvas = ChartView(self)
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
        """Count the chosen chart's figures on the worker thread, then draw it (a chart asked
        meanwhile replaces it). False if it could not start."""
        kind = self.chart_combo.currentData()
        # Only documents and sources are ranked and cut; every outlet and month is shown.
        self.most_spin.setEnabled(kind in ("document", "sources"))
        project = self._context.project
        most = self.most_spin.value()
        labels = [(label.name, label.color) for label in self._context.workspace.labels]
        if self._task is not None:
            self._task.cancel()

        def work(_progress: object) -> BarChart:
            if kind == "sources":
                tables = corpus_stats(project, None)
                return sources_chart(next(t for t in tables if t.name == "source_claims"), most)
            return label_chart(kind, label_counts(project, kind), labels,
                               most if kind == "document" else None)

        def failed(error: BaseException) -> bool:
            self._task = None
            if isinstance(error, AnnotatorError):
                show_error(self, _("Charts"), describe(error))
                return True
            return False

        def cancelled() -> None:
            self._task = None

        self._task = self._context.background.run(
            work, self._paint, title=_("Drawing the chart…"),
            cancellable=True, failed=failed, cancelled=cancelled,
        )
        return self._task is not None

    def _paint(self, chart: BarChart) -> None:
        self._task = None
        self.figure = chart
        self.canvas.show_chart(chart)
        self.status.setText(chart.status)

    def save(self, path: Path, fmt: str) -> None:
        """Write the chart shown as PNG or SVG (the file appears only once complete, never over
        the project)."""
        if self.figure is None:
            raise InvalidInput(_("the chart is still being drawn; save it once it is shown"))
        with replaced_when_done(path, project=self._context.project.path) as out:
            write_chart(self.figure, out, fmt)

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
