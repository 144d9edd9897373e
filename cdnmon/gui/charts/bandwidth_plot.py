"""One bandwidth plot with everything that decorates it: threshold, crosshair line,
provisional shade and an inline error. Curves are added once and then only fed data."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QGraphicsItem

from cdnmon.gui.charts.axes import BandwidthAxis, DisplayZone, LocalTimeAxis, ZeroBasedViewBox
from cdnmon.gui.charts.provisional_curve import SplitCurve, line_item
from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import format_bps
from cdnmon.gui.theme import Theme

# An explicit context, not self.tr(): StackedPlot inherits these methods.
translate = QCoreApplication.translate

PROVISIONAL_TIP = QT_TRANSLATE_NOOP(
    "BandwidthPlot", "provisional: the provider still revises these minutes"
)
ORIGIN_BANDWIDTH = QT_TRANSLATE_NOOP("BandwidthPlot", "Origin bandwidth")
OFFLOAD_TIP = QT_TRANSLATE_NOOP(
    "BandwidthPlot",
    "Right axis, dotted: offload, the share of edge traffic served from the CDN's cache "
    "(1 - origin / edge). Faint line: edge bandwidth, what users were served.",
)
ERROR_MAX_LINES = 3


class Swatch(pg.ItemSample):
    """Legend sample as a filled square, like the readout's: a 1 px line sample is too
    thin to tell twenty colours apart. Clicking does nothing (hiding a stacked layer's
    line while its band stays would mislead)."""

    def paint(self, painter: QPainter, *args: object) -> None:
        painter.fillRect(QRectF(4, 4, 12, 12), pg.mkPen(self.item.opts["pen"]).color())

    def mouseClickEvent(self, event: object) -> None:
        return


class PercentAxis(pg.AxisItem):
    """The right-hand axis of offload, a fraction shown in percent."""

    def __init__(self) -> None:
        super().__init__(orientation="right")
        self.enableAutoSIPrefix(False)
        width = QFontMetrics(self.style["tickFont"] or QFont()).horizontalAdvance("-100%")
        self.setStyle(autoExpandTextSpace=False, tickTextWidth=width)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [f"{value * 100:.0f}%" for value in values]


class OffloadView:
    """Offload on its own y axis (right, 0-100%) over a plot's time axis: made the first
    time a plot has offload to show, hidden with the axis when it has none."""

    def __init__(self, plot: BandwidthPlot) -> None:
        self.axis = PercentAxis()
        plot.setAxisItems({"right": self.axis})
        self.view = pg.ViewBox(enableMouse=False)
        self.view.setMouseEnabled(x=False, y=False)
        plot.scene().addItem(self.view)
        self.axis.linkToView(self.view)
        self.view.setXLink(plot.vb)
        self.curve = pg.PlotDataItem(connect="finite")
        self.view.addItem(self.curve)
        self.axis.setToolTip(translate("BandwidthPlot", OFFLOAD_TIP))
        self._plot = plot
        self._colour = ""
        plot.vb.sigResized.connect(self._fit)
        self._fit()
        self.apply_theme(plot.theme)

    def apply_theme(self, theme: Theme) -> None:
        self.axis.setPen(theme.foreground)
        self.axis.setTextPen(theme.foreground)

    def _fit(self) -> None:
        self.view.setGeometry(self._plot.vb.sceneBoundingRect())

    def set_data(self, x: np.ndarray, y: np.ndarray, colour: str) -> None:
        shown = bool(np.isfinite(y).any())
        self._plot.showAxis("right", shown)
        self.view.setVisible(shown)
        self.curve.setData(x, y)
        if shown:
            if colour != self._colour:  # a pooled plot shows another series
                self._colour = colour
                self.curve.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine))
            # Below zero where origin exceeded edge (a refill): the axis reaches down to it.
            low = min(0.0, float(np.nanmin(y)))
            self.view.setYRange(low, 1.0, padding=0.02)


class BandwidthPlot(pg.PlotItem):
    def __init__(
        self,
        zone: DisplayZone,
        theme: Theme,
        small: bool = False,
        axis_title: str = ORIGIN_BANDWIDTH,
    ) -> None:
        """``axis_title`` is the English source text; it is shown translated."""
        self.time_axis = LocalTimeAxis(zone)
        self.bandwidth_axis = BandwidthAxis(
            translate("BandwidthPlot", axis_title), units_in_ticks=small
        )
        self.zero_view = ZeroBasedViewBox()
        super().__init__(
            viewBox=self.zero_view,
            axisItems={"bottom": self.time_axis, "left": self.bandwidth_axis},
        )
        self.theme = theme
        self.hideButtons()  # the "A" auto-range button: y always auto-ranges anyway
        # Drop "Plot Options"; the view box's menu (and Export) stays, made when first asked for.
        self.setMenuEnabled(False, enableViewBoxMenu=None)
        # Long ranges: only draw what is visible, and keep the peaks when thinning.
        self.setClipToView(True)
        self.setDownsampling(auto=True, mode="peak")
        self.setMouseEnabled(x=True, y=False)  # wheel zooms time; y follows the data
        self.setAutoVisible(y=True)
        self.enableAutoRange(axis="y")
        for axis in (self.time_axis, self.bandwidth_axis):
            # Behind the view box (pyqtgraph puts them over it), so that their opaque grid
            # lines (see OpaqueGrid) pass under the curves and bands, not across them.
            axis.setZValue(-1)
            # Axes (ticks, their text and the grid lines) are most of a repaint's cost and
            # change only with the range: kept as pixmaps, new data or a crosshair move
            # does not draw them again.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        self.threshold_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            label="",
            labelOpts={"position": 0.99, "anchors": [(1, 1), (1, 1)]},
        )
        self.threshold_line.setVisible(False)
        self.addItem(self.threshold_line, ignoreBounds=True)

        self.crosshair = pg.InfiniteLine(angle=90, movable=False)
        self.crosshair.setVisible(False)
        self.crosshair.setZValue(20)
        self.addItem(self.crosshair, ignoreBounds=True)

        self._provisional_span: tuple[float | None, float | None] | None = None
        self.provisional = pg.LinearRegionItem(movable=False)
        self.provisional.setToolTip(translate("BandwidthPlot", PROVISIONAL_TIP))
        self.provisional.setZValue(-20)
        self.provisional.setVisible(False)
        # Named in the big plots only: twenty small plots each saying "provisional" is
        # noise. Bottom of the shade: the top is where the threshold label and peaks live.
        self.provisional_label = pg.InfLineLabel(
            self.provisional.lines[0],
            text="" if small else translate("BandwidthPlot", "provisional"),
            position=0.02,
            anchors=[(1, 1), (1, 1)],
        )
        self.addItem(self.provisional, ignoreBounds=True)

        # Child of the ViewBox itself (not its data group) so it stays in the top-left
        # corner, in pixels, whatever the zoom.
        self.error_text = pg.TextItem(anchor=(0, 0))
        self.error_text.setParentItem(self.zero_view)
        self.error_text.setPos(6, 4)
        self.error_text.setZValue(30)
        self.error_text.setVisible(False)
        self._error_message: str | None = None
        self._title: tuple[str, str] | None = None
        self.zero_view.sigResized.connect(self._fit_error)
        # Set by the owner; PlotItem.addItem files named curves into it.
        self.legend: pg.LegendItem | None = None
        self.offload: OffloadView | None = None
        self.apply_theme(theme)

    def add_curve(self, colour: str, name: str | None = None) -> pg.PlotDataItem:
        curve = line_item(colour, name)
        self.addItem(curve)
        return curve

    def add_series_curve(self, colour: str, name: str | None = None) -> SplitCurve:
        """A series' line: solid where settled, dashed and faded where provisional."""
        return SplitCurve(self, colour, name)

    def set_offload(self, x: np.ndarray, y: np.ndarray, colour: str) -> None:
        """Offload (fractions, NaN at gaps) on the right axis; none shown: no axis."""
        if self.offload is None:
            if not x.size:
                return
            self.offload = OffloadView(self)
        self.offload.set_data(x, y, colour)

    def set_title(self, name: str, detail: str) -> None:
        """A small two-tone title: the domain, then (muted) which account it is."""
        self._title = (name, detail)
        self._render_title()

    def _render_title(self) -> None:
        if self._title is None:
            return
        name, detail = (html.escape(part, quote=False) for part in self._title)
        muted = f"<span style='color:{self.theme.muted}'>&nbsp;&nbsp;{detail}</span>"
        self.setTitle(
            f"<b>{name}</b>{muted if detail else ''}", color=self.theme.foreground, size="9pt"
        )

    def set_threshold(self, bps: float | None) -> None:
        self.zero_view.threshold = bps
        if bps is None:
            self.threshold_line.setVisible(False)
        else:
            # Show first: an InfLineLabel ignores text changes while its line is hidden.
            self.threshold_line.setVisible(True)
            self.threshold_line.setPos(bps)
            label = arg(translate("BandwidthPlot", "threshold %1"), format_bps(bps))
            self.threshold_line.label.setFormat(label)
        self.zero_view.updateAutoRange()

    def set_provisional(self, start: float | None, end: float | None) -> None:
        if (start, end) == self._provisional_span:
            return  # moving a region re-lays out its label: skip when nothing changed
        self._provisional_span = (start, end)
        visible = start is not None and end is not None and bool(start < end)
        self.provisional.setVisible(visible)
        if visible:
            self.provisional.setRegion((start, end))
            self.provisional_label.valueChanged()  # (see set_threshold)

    def set_crosshair(self, t: float) -> None:
        self.crosshair.setPos(t)
        self.crosshair.setVisible(True)

    def set_error(self, message: str | None) -> None:
        self._error_message = message
        self.error_text.setVisible(message is not None)
        self._fit_error()

    def error_message(self) -> str | None:
        return self._error_message

    def _fit_error(self) -> None:
        """Wrap to the plot's width and cut to a few lines, so the error never spills."""
        if self._error_message is None:
            return
        width = max(60.0, self.zero_view.width() - 12)
        metrics = QFontMetrics(self.error_text.textItem.font())
        max_chars = int(ERROR_MAX_LINES * width / max(1, metrics.averageCharWidth()) * 0.9)
        text = self._error_message
        if len(text) > max_chars:
            text = text[: max(1, max_chars - 1)].rstrip() + "…"
        self.error_text.setText(f"⚠ {text}")
        self.error_text.setTextWidth(width)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for axis in (self.time_axis, self.bandwidth_axis):
            axis.setPen(theme.foreground)
            axis.setTextPen(theme.foreground)
        if self.offload is not None:
            self.offload.apply_theme(theme)
            axis.set_background(theme.background)
        self.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        self._render_title()
        self.threshold_line.setPen(pg.mkPen(theme.threshold, width=1, style=Qt.PenStyle.DashLine))
        self.threshold_line.label.setColor(theme.threshold)
        self.crosshair.setPen(pg.mkPen(theme.muted, width=1))
        self.provisional.setBrush(pg.mkBrush(theme.provisional))
        for line in self.provisional.lines:
            line.setPen(pg.mkPen(theme.muted, width=1, style=Qt.PenStyle.DotLine))
        self.provisional_label.setColor(theme.muted)
        self.error_text.setColor(theme.error)
        self.error_text.fill = pg.mkBrush(theme.background + "e6")
        self.error_text.border = pg.mkPen(theme.error, width=1)
        self.error_text.update()
        if self.legend is not None:
            self.legend.setLabelTextColor(theme.foreground)
