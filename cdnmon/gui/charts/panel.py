"""The chart area of the main window: origin bandwidth per domain in three views.

- ``multiples``: one small plot per domain, time axes linked (the default: domains differ
  by orders of magnitude, so one shared y axis would flatten the small ones);
- ``overlay``: every domain in one plot, to compare shapes;
- ``stacked``: filled layers summing to the total the origin actually served.

Every curve is created once per series and afterwards only fed ``setData``; nothing is
cleared and re-plotted on refresh (the long-running pyqtgraph leak). A series' provisional
minutes (still partial, far below their final value) continue its line dashed and faded.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cdnmon.gui.charts.axes import DisplayZone
from cdnmon.gui.charts.bandwidth_plot import BandwidthPlot, Swatch
from cdnmon.gui.charts.provisional_curve import SplitCurve
from cdnmon.gui.charts.stacking import StackedPlot
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import provider_title
from cdnmon.gui.locale_format import day_and_time, format_bps, moment
from cdnmon.gui.theme import LIGHT, Theme
from cdnmon.live.curves import curve_arrays, value_at
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points, coarsened, shifted
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, MINUTE

WEEK = 7 * DAY
VIEWS = ("multiples", "overlay", "stacked")
_NO_DATA = np.empty(0)
READOUT_HINT = QT_TRANSLATE_NOOP("ChartPanel", "Point at a chart to read exact values.")


@dataclass
class _Series:
    label: str
    x: np.ndarray
    y: np.ndarray
    interval: int
    provisional_after: float | None
    colour_index: int


class _Pending(NamedTuple):
    """What set_series was given for a series whose plot is not built yet."""

    label: str
    snapshot: Snapshot | None


def _nbsp(text: str) -> str:
    return html.escape(text, quote=False).replace(" ", "&nbsp;")


# Small multiples narrower or shorter than this stop being readable: scroll instead.
MIN_PLOT_WIDTH = 420
MIN_PLOT_HEIGHT = 170


def _grid_columns(count: int, width: int) -> int:
    """Columns for small multiples: near-square grids, as many as the width allows."""
    wanted = 1 if count <= 1 else 2 if count <= 4 else 3 if count <= 9 else 4
    return max(1, min(wanted, width // MIN_PLOT_WIDTH))


class ChartPanel(QWidget):
    drawn = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        theme: Theme = LIGHT,
        utc_offset_s: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._zone = DisplayZone(utc_offset_s)
        self._theme = theme
        self._view = "multiples"
        self._series: dict[SeriesKey, _Series] = {}
        self._errors: dict[SeriesKey, str] = {}
        self._threshold: float | None = None
        self._time_range: tuple[float, float] | None = None
        self._readout_t: float | None = None

        self._readout = QLabel(self.tr(READOUT_HINT))
        self._readout.setWordWrap(True)
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._error_strip = QLabel()
        self._error_strip.setWordWrap(True)
        self._error_strip.setVisible(False)
        self._pages = QStackedWidget()
        self._widgets = {view: pg.GraphicsLayoutWidget() for view in VIEWS}
        self._columns = 1
        # Many domains scroll rather than shrink into unreadable slivers.
        self._multiples_scroll = QScrollArea()
        self._multiples_scroll.setWidgetResizable(True)
        self._multiples_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._multiples_scroll.setWidget(self._widgets["multiples"])
        self._pages.addWidget(self._multiples_scroll)
        for view in VIEWS[1:]:
            self._pages.addWidget(self._widgets[view])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for widget in (self._readout, self._error_strip):
            widget.setContentsMargins(6, 2, 6, 2)
            layout.addWidget(widget)
        layout.addWidget(self._pages, stretch=1)

        self._small: dict[SeriesKey, tuple[BandwidthPlot, SplitCurve]] = {}
        self._overlay = BandwidthPlot(self._zone, theme)
        self._overlay_curves: dict[SeriesKey, SplitCurve] = {}
        self._stacked = StackedPlot(self._zone, theme)
        for view, plot in (("overlay", self._overlay), ("stacked", self._stacked)):
            # The legend gets its own row above the plot: inside, twenty entries would
            # cover the data (and a translucent box over a stacked chart lies about colours).
            plot.legend = pg.LegendItem(colCount=1, sampleType=Swatch)
            self._widgets[view].ci.addItem(plot.legend, row=0, col=0)
            self._widgets[view].ci.addItem(plot, row=1, col=0)
        # Restacking costs O(all series); coalesce a burst of set_series into one pass.
        # Re-gridding moves every plot: once per burst of changes, not once per change.
        self._layout_timer = QTimer(self, singleShot=True, interval=25)
        self._layout_timer.timeout.connect(self._relayout_multiples)
        # A plot costs tens of ms to build: build them one per event-loop turn, in display
        # order (announced ones ahead of their data), so no batch freezes the window.
        self._announced: dict[SeriesKey, _Pending] = {}
        # Earlier windows (a day, a week before) drawn dashed in the domain's own plot.
        self._earlier: dict[tuple[SeriesKey, int], pg.PlotDataItem] = {}
        self._built_this_turn = False
        self._build_timer = QTimer(self, singleShot=True, interval=0)
        self._build_timer.timeout.connect(self._build_next)
        self._turn_timer = QTimer(self, singleShot=True, interval=0)
        self._turn_timer.timeout.connect(self._end_turn)
        self._restack_timer = QTimer(self, singleShot=True, interval=0)
        self._restack_timer.timeout.connect(self._restack)
        self._stack_stale = False
        # ~30 readout updates a second is smooth; every mouse event would be wasted work.
        self._mouse_proxies = [
            pg.SignalProxy(widget.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)
            for widget in self._widgets.values()
        ]
        self.set_theme(theme)

    # ---- public API ---------------------------------------------------------------------

    @property
    def has_data(self) -> bool:
        placed = not self._layout_timer.isActive()
        return placed and any(bool(np.isfinite(s.y).any()) for s in self._series.values())

    def view(self) -> str:
        return self._view

    def set_view(self, view: str) -> None:
        if view not in VIEWS:
            raise ValueError(f"unknown chart view {view!r}; expected one of {', '.join(VIEWS)}")
        self._view = view
        page = self._multiples_scroll if view == "multiples" else self._widgets[view]
        self._pages.setCurrentWidget(page)
        if view == "stacked" and self._stack_stale:
            self._restack()
        self._render_errors()
        self._render_readout()  # the stacked view adds a total

    def series_keys(self) -> list[SeriesKey]:
        """Every series given data, drawn already or waiting for its plot."""
        waiting = [key for key, pending in self._announced.items() if pending.snapshot]
        return [*self._series, *waiting]

    def curve_data(self, key: SeriesKey) -> tuple[np.ndarray, np.ndarray]:
        """What the domain's own chart draws, settled and provisional lines together:
        x (epoch s) and y (bit/s, NaN at gaps)."""
        return self._small[key][1].data()

    @property
    def building(self) -> bool:
        """Plots are still being built or placed (one per event-loop turn)."""
        return bool(self._announced) or self._layout_timer.isActive()

    def announce(self, labels: dict[SeriesKey, str]) -> None:
        """Domains about to be fetched: their (empty) plots get built ahead of the data."""
        for key in sorted(labels):
            if key not in self._series and key not in self._announced:
                self._announced[key] = _Pending(labels[key], None)
        if self._announced:
            self._build_timer.start()

    def flush(self) -> None:
        """Build every waiting plot and place it now, however long that takes."""
        while self._announced:
            self._build_next()
        if self._layout_timer.isActive():
            self._layout_timer.stop()
            self._relayout_multiples()

    def _build_next(self) -> None:
        """Build one plot (in display order), then let the event loop breathe."""
        if not self._announced:
            return
        key = min(self._announced)
        self._create(key, self._announced.pop(key))
        self._built_this_turn = True
        self._turn_timer.start()
        if self._announced:
            self._build_timer.start()

    def set_series(self, key: SeriesKey, label: str, snapshot: Snapshot) -> None:
        pending = _Pending(label, snapshot)
        if key not in self._series:
            if self._built_this_turn or self._announced.keys() - {key}:
                # Wait in line: building several plots in one turn would freeze the window.
                self._announced[key] = pending
                self._build_timer.start()
            else:
                self._announced.pop(key, None)
                self._create(key, pending)
                self._built_this_turn = True
                self._turn_timer.start()
            return
        self._update(key, pending)

    def _create(self, key: SeriesKey, pending: _Pending) -> None:
        shot = pending.snapshot
        series = _Series(pending.label, _NO_DATA, _NO_DATA, MINUTE, None, self._free_colour())
        if shot is not None:
            series.x, series.y = shot.x, shot.y
            series.interval, series.provisional_after = shot.interval, shot.provisional_after
        self._series[key] = series
        self._add_items(key, series)
        self._draw(key, series)

    def _update(self, key: SeriesKey, pending: _Pending) -> None:
        label, shot = pending
        series = self._series[key]
        if shot is not None:
            series.x, series.y = shot.x, shot.y
            series.interval, series.provisional_after = shot.interval, shot.provisional_after
        if label != series.label:
            series.label = label
            for plot, item in self._legend_entries(key):
                plot.legend.getLabel(item).setText(label)
            self._fit_legends()
        self._draw(key, series)

    def _draw(self, key: SeriesKey, series: _Series) -> None:
        x, y, after = series.x, series.y, series.provisional_after
        self._small[key][1].set_data(x, y, after)
        self._overlay_curves[key].set_data(x, y, after)
        self._update_provisional(key)
        self._invalidate_stack()
        if self._readout_t is not None:
            self._render_readout()
        if self.has_data:  # else ``drawn`` follows once the new plot is placed
            self.drawn.emit()

    def set_earlier(self, key: SeriesKey, offset: int, points: Points) -> None:
        """Draw the same window ``offset`` seconds earlier, shifted onto this one, dashed.

        Shown in the domain's own chart (overlaid, the dashes of twenty domains would be
        noise); empty ``points`` hide it. The curve is made once, then only given data.
        """
        if key not in self._small:
            return
        curve = self._earlier.get((key, offset))
        if curve is None:
            curve = self._small[key][0].add_curve("#000000")
            curve.setZValue(-1)  # under today's line
            self._earlier[(key, offset)] = curve
            self._colour_earlier(key, offset, curve)
        x, y = curve_arrays(*shifted(points, offset), self._series[key].interval)
        curve.setData(x, y)

    def clear_earlier(self) -> None:
        for curve in self._earlier.values():
            curve.setData([], [])

    def _colour_earlier(self, key: SeriesKey, offset: int, curve: pg.PlotDataItem) -> None:
        colour = pg.mkColor(self._theme.series_colour(self._series[key].colour_index))
        colour.setAlpha(150 if offset < WEEK else 90)
        style = Qt.PenStyle.DashLine if offset < WEEK else Qt.PenStyle.DotLine
        curve.setPen(pg.mkPen(colour, width=1, style=style))

    def remove_series(self, key: SeriesKey) -> None:
        self._announced.pop(key, None)
        for pair in [pair for pair in self._earlier if pair[0] == key]:
            del self._earlier[pair]  # its plot goes below, and the curve with it
        if self._series.pop(key, None) is None:
            return
        self._errors.pop(key, None)
        plot, _curve = self._small.pop(key)
        grid = self._widgets["multiples"].ci
        if plot in grid.items:  # not yet, if it came and went within one burst
            grid.removeItem(plot)
        curve = self._overlay_curves.pop(key)
        self._overlay.legend.removeItem(curve.settled)
        curve.remove_from(self._overlay)
        self._stacked.remove_layer(key)
        self._layout_timer.start()
        self._fit_legends()
        self._update_provisional()
        self._invalidate_stack()
        self._render_errors()
        if self._readout_t is not None:
            self._render_readout()

    def set_time_range(self, start: float, end: float) -> None:
        self._time_range = (start, end)
        for plot in self._all_plots():
            plot.setXRange(start, end, padding=0)  # also turns x auto-range off
        self._relabel_time_axes()
        self._update_provisional()

    def set_threshold(self, bps: float | None) -> None:
        self._threshold = bps
        for plot in self._all_plots():
            plot.set_threshold(bps)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for widget in self._widgets.values():
            widget.setBackground(theme.background)
        for plot in self._all_plots():
            plot.apply_theme(theme)
        for key, series in self._series.items():
            self._colour_items(key, theme.series_colour(series.colour_index))
        for (key, offset), curve in self._earlier.items():
            self._colour_earlier(key, offset, curve)
        self._readout.setStyleSheet(f"color: {theme.foreground};")
        self._error_strip.setStyleSheet(f"color: {theme.error};")
        self._render_readout()

    def set_error(self, key: SeriesKey, message: str | None) -> None:
        if message is None:
            self._errors.pop(key, None)
        else:
            self._errors[key] = message
        if key in self._small:
            self._small[key][0].set_error(message)
        self._render_errors()

    def error_text(self, key: SeriesKey) -> str:
        """The full error shown for ``key`` (the plot's copy may be cut to fit), or ""."""
        return self._errors.get(key, "")

    def show_readout_at(self, t: float) -> None:
        self._readout_t = t
        for plot in self._all_plots():
            plot.set_crosshair(t)
        self._render_readout()

    def readout_text(self) -> str:
        return self._readout.text() if self._readout_t is None else self._readout_plain

    # ---- items ----------------------------------------------------------------------------

    def _free_colour(self) -> int:
        """The lowest palette slot not in use, so removing a domain recolours no other."""
        used = {s.colour_index for s in self._series.values()}
        return next(i for i in range(len(used) + 1) if i not in used)

    def _add_items(self, key: SeriesKey, series: _Series) -> None:
        provider, account, domain = key
        colour = self._theme.series_colour(series.colour_index)
        plot = BandwidthPlot(self._zone, self._theme, small=True)
        plot.set_title(domain, f"{account} · {provider_title(provider)}")
        plot.set_threshold(self._threshold)
        plot.set_error(self._errors.get(key))
        if self._readout_t is not None:
            plot.set_crosshair(self._readout_t)
        self._small[key] = (plot, plot.add_series_curve(colour))
        # A stable order (by provider, account, domain), not the order answers arrived in.
        self._small = dict(sorted(self._small.items()))
        self._overlay_curves[key] = self._overlay.add_series_curve(colour, series.label)
        self._stacked.add_layer(key, colour, series.label)
        self._place_small(key, plot)
        self._fit_legends()

    def _place_small(self, key: SeriesKey, plot: BandwidthPlot) -> None:
        """Append the plot to the grid at once (the scene must own it: an orphan item
        crashes on teardown); one re-grid later puts it in order if it arrived early."""
        count = len(self._small)
        grid = self._widgets["multiples"].ci
        columns = self._columns
        grid.addItem(plot, row=(count - 1) // columns, col=(count - 1) % columns)
        self._fit_multiples_height(count)
        first = next(iter(self._small.values()))[0]
        if plot is not first:
            plot.setXLink(first)
        if self._time_range is not None:
            plot.setXRange(*self._time_range, padding=0)
        in_order = key == next(reversed(self._small))
        wanted = self._columns_for(count + len(self._announced))  # the grid to come
        if wanted != columns or not in_order:
            self._layout_timer.start()
        else:
            self._relabel_time_axes()

    def _colour_items(self, key: SeriesKey, colour: str) -> None:
        self._small[key][1].set_colour(colour)
        self._overlay_curves[key].set_colour(colour)
        self._stacked.colour_layer(key, colour)

    def _legend_entries(self, key: SeriesKey) -> list[tuple[BandwidthPlot, pg.PlotDataItem]]:
        return [
            (self._overlay, self._overlay_curves[key].settled),
            (self._stacked, self._stacked.layers[key].line.settled),
        ]

    def _all_plots(self) -> list[BandwidthPlot]:
        return [self._overlay, self._stacked, *(plot for plot, _ in self._small.values())]

    def _view_plots(self) -> list[BandwidthPlot]:
        if self._view == "multiples":
            return [plot for plot, _ in self._small.values()]
        return [self._overlay if self._view == "overlay" else self._stacked]

    def _end_turn(self) -> None:
        self._built_this_turn = False

    def _fit_legends(self) -> None:
        """As many legend columns as the widest label allows: a short, wide legend."""
        metrics = self.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(s.label) for s in self._series.values()), default=100
        )
        columns = max(1, min(len(self._series), (self.width() - 40) // (widest + 50)))
        for plot in (self._overlay, self._stacked):
            if plot.legend.columnCount != columns:
                plot.legend.setColumnCount(columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_legends()
        if self._small and self._columns_for(len(self._small)) != self._columns:
            self._relayout_multiples()

    def _columns_for(self, count: int) -> int:
        return _grid_columns(count, self._multiples_scroll.viewport().width() or self.width())

    def _fit_multiples_height(self, count: int) -> None:
        rows = -(-count // self._columns)
        self._widgets["multiples"].setMinimumHeight(rows * MIN_PLOT_HEIGHT)

    def _relayout_multiples(self) -> None:
        """Re-grid the small plots (moving existing items; their curves stay as they are)."""
        grid = self._widgets["multiples"].ci
        plots = [plot for plot, _ in self._small.values()]
        for plot in plots:
            if plot in grid.items:
                grid.removeItem(plot)
        columns = self._columns = self._columns_for(len(plots) + len(self._announced))
        self._fit_multiples_height(len(plots))
        for index, plot in enumerate(plots):
            grid.addItem(plot, row=index // columns, col=index % columns)
            plot.setXLink(plots[0] if index else None)
        if self._time_range is not None:
            for plot in plots:
                plot.setXRange(*self._time_range, padding=0)
        self._relabel_time_axes()
        if self.has_data:
            self.drawn.emit()

    def _relabel_time_axes(self) -> None:
        """Name the zone under every plot in a single view; only under the bottom row of
        small multiples, where repeating it would just be noise."""
        at = None if self._time_range is None else self._time_range[1]
        for plot in (self._overlay, self._stacked):
            plot.time_axis.show_zone_label(True, at)
        plots = [plot for plot, _ in self._small.values()]
        for index, plot in enumerate(plots):
            plot.time_axis.show_zone_label(index + self._columns >= len(plots), at)

    # ---- data -----------------------------------------------------------------------------

    def _range_end(self) -> float | None:
        if self._time_range is not None:
            return self._time_range[1]
        ends = [float(s.x[-1]) + s.interval for s in self._series.values() if s.x.size]
        return max(ends, default=None)

    def _earliest_provisional(self) -> float | None:
        starts = [s.provisional_after for s in self._series.values() if s.provisional_after]
        return min(starts, default=None)

    def _update_provisional(self, key: SeriesKey | None = None) -> None:
        """Shade from a series' provisional_after to the range end; the single-plot views
        shade from the earliest provisional minute of any series."""
        end = self._range_end()
        for each in self._series if key is None else [key]:
            self._small[each][0].set_provisional(self._series[each].provisional_after, end)
        earliest = self._earliest_provisional()
        for plot in (self._overlay, self._stacked):
            plot.set_provisional(earliest, end)

    def _invalidate_stack(self) -> None:
        self._stack_stale = True
        if self._view == "stacked":
            self._restack_timer.start()

    def _restack(self) -> None:
        self._stack_stale = False
        keys = list(self._series)
        interval = max((self._series[key].interval for key in keys), default=60)
        # A 1-minute domain stacked on a 5-minute one is summed as its 5-minute means.
        curves = [
            (s.x, s.y) if s.interval == interval else coarsened((s.x, s.y), interval)
            for s in (self._series[key] for key in keys)
        ]
        # A total is provisional as soon as any layer under it is.
        self._stacked.set_stack(keys, curves, interval, self._earliest_provisional())

    # ---- readout and errors -----------------------------------------------------------

    def _mouse_moved(self, event: tuple) -> None:
        position = event[0]
        for plot in self._view_plots():
            if plot.vb.sceneBoundingRect().contains(position):
                self.show_readout_at(plot.vb.mapSceneToView(position).x())
                return

    def _render_readout(self) -> None:
        t = self._readout_t
        if t is None:
            self._readout_plain = self.tr(READOUT_HINT)
            self._readout.setText(self._readout_plain)
            return
        when = f"{day_and_time(moment(t, self._zone.offset_at(t)))} {self._zone.label(t)}"
        earliest = self._earliest_provisional()
        if earliest is not None and t >= earliest:
            when = arg(self.tr("%1 (provisional)"), when)
        entries: list[tuple[str | None, str, str | None]] = []  # swatch, label, value
        values = []
        for series in self._series.values():
            value = value_at(series.x, series.y, t, series.interval)
            values.append(value)
            colour = self._theme.series_colour(series.colour_index)
            entries.append((colour, series.label, None if value is None else format_bps(value)))
        if self._view == "stacked" and values:
            # A total with a hole in it would understate: say so instead.
            total = self.tr("incomplete") if None in values else format_bps(sum(values))
            entries.append((None, self.tr("total"), total))
        no_data = self.tr("no data")
        plain = [f"{label} {value or no_data}" for _, label, value in entries]
        self._readout_plain = " | ".join([when, *plain])
        rich = [self._readout_entry(*entry) for entry in entries]
        self._readout.setText("&nbsp;&nbsp; ".join([f"<b>{_nbsp(when)}</b>", *rich]))

    def _readout_entry(self, colour: str | None, label: str, value: str | None) -> str:
        swatch = f"<span style='color:{colour}'>■</span>&nbsp;" if colour else ""
        if value is None:
            no_data = _nbsp(self.tr("no data"))
            shown = f"<span style='color:{self._theme.muted}'>{no_data}</span>"
        else:
            shown = f"<b>{_nbsp(value)}</b>"
        return f"{swatch}{_nbsp(label)}&nbsp;{shown}"  # wraps between entries, not inside

    def _render_errors(self) -> None:
        """Errors go next to what they affect: on the domain's own small plot, or (when
        that plot is not on screen) in a strip above the chart."""
        inline = self._view == "multiples"
        lines = [
            f"⚠ {html.escape(key[2], quote=False)}: {html.escape(message, quote=False)}"
            for key, message in self._errors.items()
            if not (inline and key in self._small)
        ]
        self._error_strip.setText("<br>".join(lines))
        self._error_strip.setVisible(bool(lines))
