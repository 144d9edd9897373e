"""The chart area of the main window: origin bandwidth per domain in three views.

- ``multiples``: one small plot per domain, time axes linked (the default: domains differ
  by orders of magnitude, so one shared y axis would flatten the small ones); only the
  plots on screen exist (``cdnmon.gui.charts.grid``);
- ``overlay``: every domain in one plot, to compare shapes;
- ``stacked``: filled layers summing to the total the origin actually served.

Every series is held as its snapshot's arrays; a view's items are made once (the overlay's
and the stacked plot's only while that view is shown) and afterwards only fed ``setData``;
nothing is cleared and re-plotted on refresh (the long-running pyqtgraph leak). Changes are
drawn at most once a frame, however many answers arrive in it. A series' provisional
minutes (still partial, far below their final value) continue its line dashed and faded.
"""

from __future__ import annotations

import bisect
import heapq
import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from cdnmon.gui.charts.axes import DisplayZone
from cdnmon.gui.charts.bandwidth_plot import BandwidthPlot, OffloadView, Swatch
from cdnmon.gui.charts.grid import ChartSeries, MultiplesGrid
from cdnmon.gui.charts.provisional_curve import SplitCurve
from cdnmon.gui.charts.stacking import StackedPlot
from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import day_and_time, format_bps, moment, percent
from cdnmon.gui.theme import LIGHT, Theme
from cdnmon.live.curves import curve_arrays, value_at
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points, coarsened, shifted
from cdnmon.live.snapshot import Snapshot

VIEWS = ("multiples", "overlay", "stacked")
READOUT_HINT = QT_TRANSLATE_NOOP("ChartPanel", "Point at a chart to read exact values.")
FRAME_MS = 16  # changes are drawn at most this often: about once a frame at 60 Hz
# Overlay and stacked items made per frame when a view with many series opens (~3 ms each).
ITEMS_PER_FRAME = 12
READOUT_ENTRIES = 24  # more would bury the chart under the readout: "and N more"
LEGEND_ENTRIES = 24  # the same for a legend
ERROR_LINES = 5


def _nbsp(text: str) -> str:
    return html.escape(text, quote=False).replace(" ", "&nbsp;")


class _Colours:
    """Palette slots: a new series takes the lowest free one, so removing a domain
    recolours no other."""

    def __init__(self) -> None:
        self._next = 0
        self._freed: list[int] = []  # a heap; every entry is below ``_next``

    def take(self) -> int:
        if self._freed:
            return heapq.heappop(self._freed)
        self._next += 1
        return self._next - 1

    def give_back(self, index: int) -> None:
        heapq.heappush(self._freed, index)


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
        self._series: dict[SeriesKey, ChartSeries] = {}
        self._order: list[SeriesKey] = []  # display order: by provider, account, domain
        self._with_data: set[SeriesKey] = set()  # series with a finite point to draw
        self._colours = _Colours()
        self._errors: dict[SeriesKey, str] = {}  # also for series not (yet) charted
        self._threshold: float | None = None
        self._time_range: tuple[float, float] | None = None
        self._readout_t: float | None = None
        self._readout_plain = ""

        self._readout = QLabel(self.tr(READOUT_HINT))
        self._readout.setWordWrap(True)
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._error_strip = QLabel()
        self._error_strip.setWordWrap(True)
        self._error_strip.setVisible(False)
        self.grid = MultiplesGrid(self._series, self._order, self._zone, theme)
        self.grid.shown_changed.connect(self._shown_changed)
        self._widgets = {
            "multiples": self.grid.view,
            "overlay": pg.GraphicsLayoutWidget(),
            "stacked": pg.GraphicsLayoutWidget(),
        }
        self._pages = QStackedWidget()
        self._pages.addWidget(self.grid)
        for view in VIEWS[1:]:
            self._pages.addWidget(self._widgets[view])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for widget in (self._readout, self._error_strip):
            widget.setContentsMargins(6, 2, 6, 2)
            layout.addWidget(widget)
        layout.addWidget(self._pages, stretch=1)

        self._overlay = BandwidthPlot(self._zone, theme)
        self._overlay_curves: dict[SeriesKey, SplitCurve] = {}
        self._overlay_drawn: dict[SeriesKey, int] = {}  # series version each curve shows
        # A legend's last entry, "and N more", when it leaves series out: (its sample, N).
        self._legend_rest: dict[BandwidthPlot, tuple[pg.PlotDataItem, int]] = {}
        self._stacked = StackedPlot(self._zone, theme)
        for view, plot in (("overlay", self._overlay), ("stacked", self._stacked)):
            # The legend gets its own row above the plot: inside, twenty entries would
            # cover the data (and a translucent box over a stacked chart lies about colours).
            plot.legend = pg.LegendItem(colCount=1, sampleType=Swatch)
            self._widgets[view].ci.addItem(plot.legend, row=0, col=0)
            self._widgets[view].ci.addItem(plot, row=1, col=0)
        # Every change is drawn by the next frame: a burst of answers costs one redraw.
        self._frame = QTimer(self, singleShot=True, interval=FRAME_MS)
        self._frame.timeout.connect(self._draw_frame)
        self._order_changed = False
        self._changes = 0  # grows with every change of any series' data or membership
        self._stacked_at = -1  # ``_changes`` when the stack was last computed
        self._earliest: tuple[int, float | None] = (-1, None)  # (_changes, its value)
        # ~30 readout updates a second is smooth; every mouse event would be wasted work.
        self._mouse_proxies = [
            pg.SignalProxy(widget.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)
            for widget in self._widgets.values()
        ]
        self.set_theme(theme)

    # ---- public API ---------------------------------------------------------------------

    @property
    def has_data(self) -> bool:
        return bool(self._with_data) and not self._order_changed

    @property
    def building(self) -> bool:
        """Plots are still being built, or changes wait for the next frame."""
        return self.grid.building or self._frame.isActive() or self._single_missing() > 0

    def screenful_drawn(self) -> bool:
        """Every chart on screen is built and shows its data (as far as it has arrived)."""
        if self.building:
            return False
        if self._view != "multiples":
            return self.has_data
        shown = self.grid.shown()
        return bool(shown) and all(key in self._with_data for key in shown)

    def view(self) -> str:
        return self._view

    def set_view(self, view: str) -> None:
        if view not in VIEWS:
            raise ValueError(f"unknown chart view {view!r}; expected one of {', '.join(VIEWS)}")
        self._view = view
        page = self.grid if view == "multiples" else self._widgets[view]
        self._pages.setCurrentWidget(page)
        self._draw_frame()  # the view's own items, made now (or over the next frames)
        self._render_readout()  # the stacked view adds a total

    def series_keys(self) -> list[SeriesKey]:
        """Every series announced or given data, in display order."""
        return list(self._order)

    def curve_data(self, key: SeriesKey) -> tuple[np.ndarray, np.ndarray]:
        """What the domain's own chart draws, settled and provisional lines together:
        x (epoch s) and y (bit/s, NaN at gaps). KeyError when its chart is not on screen."""
        curve = self.grid.slot_curve(key)
        if curve is None:
            raise KeyError(key)
        return curve.data()

    def overlay_curve(self, key: SeriesKey) -> SplitCurve | None:
        """The series' line in the overlay (made once that view is shown)."""
        return self._overlay_curves.get(key)

    def announce(self, labels: dict[SeriesKey, str]) -> None:
        """Domains about to be fetched: they get their place in the grid ahead of the data."""
        for key, label in sorted(labels.items()):  # colours taken in display order
            if key not in self._series:
                self._add(key, label)
        self._schedule()

    def flush(self) -> None:
        """Build every item the screen needs and draw every change now."""
        self._draw_frame(everything=True)
        self.grid.flush()

    def set_series(self, key: SeriesKey, label: str, snapshot: Snapshot) -> None:
        series = self._series.get(key) or self._add(key, label)
        series.x, series.y, series.interval = snapshot.x, snapshot.y, snapshot.interval
        edge = snapshot.edge
        series.edge = None if edge is None else (edge.x, edge.y)
        series.offload = None if edge is None else (edge.offload_x, edge.offload_y)
        # From its first provisional point: the same split of the line, and a shade that
        # moves once a minute, not with every answer's clock.
        after = snapshot.provisional_after
        series.provisional_after = -(-after // series.interval) * series.interval
        series.version += 1
        if bool(np.isfinite(series.y).any()):
            self._with_data.add(key)
        else:
            self._with_data.discard(key)
        if label != series.label:
            series.label = label
            for plot, item in self._legend_entries(key):
                plot.legend.getLabel(item).setText(label)
            self._fit_legends()
        self._changes += 1
        self._schedule()

    def set_earlier(self, key: SeriesKey, offset: int, points: Points) -> None:
        """Draw the same window ``offset`` seconds earlier, shifted onto this one, dashed.

        Shown in the domain's own chart (overlaid, the dashes of twenty domains would be
        noise); empty ``points`` hide it. Its curve is made once, then only given data.
        """
        series = self._series.get(key)
        if series is None:
            return
        series.earlier[offset] = curve_arrays(*shifted(points, offset), series.interval)
        series.version += 1
        self._schedule()

    def earlier_curve(self, key: SeriesKey, offset: int) -> pg.PlotDataItem | None:
        """The compare curve drawn in the domain's chart (None while it is off screen)."""
        return self.grid.earlier_curve(key, offset)

    def edge_items(self, key: SeriesKey) -> tuple[pg.PlotDataItem | None, OffloadView | None]:
        """The edge line and the offload axis drawn in the domain's chart (None while its
        chart is off screen or has had no edge)."""
        return self.grid.edge_items(key)

    def clear_earlier(self) -> None:
        for series in self._series.values():
            if series.earlier:
                series.earlier.clear()
                series.version += 1
        self._schedule()

    def remove_series(self, key: SeriesKey) -> None:
        series = self._series.pop(key, None)
        self._errors.pop(key, None)
        if series is None:
            return
        del self._order[bisect.bisect_left(self._order, key)]
        self._with_data.discard(key)
        self._colours.give_back(series.colour_index)
        curve = self._overlay_curves.pop(key, None)
        self._overlay_drawn.pop(key, None)
        if curve is not None:
            self._overlay.legend.removeItem(curve.settled)
            curve.remove_from(self._overlay)
        if key in self._stacked.layers:
            self._stacked.remove_layer(key)
        self._order_changed = True
        self._changes += 1
        self._schedule()

    def set_time_range(self, start: float, end: float) -> None:
        self._time_range = (start, end)
        self.grid.set_time_range(start, end)
        for plot in (self._overlay, self._stacked):
            plot.setXRange(start, end, padding=0)  # also turns x auto-range off
        self._relabel_time_axes()
        self._schedule()  # the provisional shading reaches to the range's end

    def set_threshold(self, bps: float | None) -> None:
        self._threshold = bps
        self.grid.set_threshold(bps)
        for plot in (self._overlay, self._stacked):
            plot.set_threshold(bps)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for widget in self._widgets.values():
            widget.setBackground(theme.background)
        self.grid.set_theme(theme)
        for plot in (self._overlay, self._stacked):
            plot.apply_theme(theme)
        for key, curve in self._overlay_curves.items():
            curve.set_colour(self._colour(key))
        for key in self._stacked.layers:
            self._stacked.colour_layer(key, self._colour(key))
        self._readout.setStyleSheet(f"color: {theme.foreground};")
        self._error_strip.setStyleSheet(f"color: {theme.error};")
        self._render_readout()

    def set_error(self, key: SeriesKey, message: str | None) -> None:
        if self._errors.get(key) == message:
            return
        if message is None:
            self._errors.pop(key, None)
        else:
            self._errors[key] = message
        if (series := self._series.get(key)) is not None:
            series.error = message
            series.version += 1
        self._schedule()

    def error_text(self, key: SeriesKey) -> str:
        """The full error shown for ``key`` (the plot's copy may be cut to fit), or ""."""
        return self._errors.get(key, "")

    def show_readout_at(self, t: float) -> None:
        self._readout_t = t
        self.grid.set_crosshair(t)
        for plot in (self._overlay, self._stacked):
            plot.set_crosshair(t)
        self._render_readout()

    def readout_text(self) -> str:
        return self._readout.text() if self._readout_t is None else self._readout_plain

    # ---- series -------------------------------------------------------------------------

    def _add(self, key: SeriesKey, label: str) -> ChartSeries:
        series = ChartSeries(label, self._colours.take(), error=self._errors.get(key))
        self._series[key] = series
        bisect.insort(self._order, key)
        self._order_changed = True
        self._changes += 1
        return series

    def _colour(self, key: SeriesKey) -> str:
        return self._theme.series_colour(self._series[key].colour_index)

    def _schedule(self) -> None:
        if not self._frame.isActive():
            self._frame.start()

    def _draw_frame(self, everything: bool = False) -> None:
        """Draw what changed since the last frame: the grid's plots on screen, and the
        overlay or stacked plot if that is the view shown."""
        self._frame.stop()
        if self._order_changed:
            self._order_changed = False
            self.grid.relayout()
            self._fit_legends()
        else:
            self.grid.refresh()
        end = self._range_end()
        self.grid.set_provisional_end(end)
        if self._view != "multiples":
            plot = self._overlay if self._view == "overlay" else self._stacked
            plot.set_provisional(self._earliest_provisional(), end)
        if self._view == "overlay":
            self._draw_overlay(everything)
        elif self._view == "stacked":
            self._draw_stacked(everything)
        if self._view != "multiples":
            # Painted once every series has its items: with hundreds, a paint after each
            # frame's few would cost far more than making them.
            self._widgets[self._view].setUpdatesEnabled(self._single_missing() == 0)
        self._render_errors()
        if self._readout_t is not None:
            self._render_readout()
        if self.has_data:
            self.drawn.emit()

    def _single_missing(self) -> int:
        """Series the overlay or stacked view shown has no items for yet."""
        if self._view == "overlay":
            return len(self._order) - len(self._overlay_curves)
        if self._view == "stacked":
            return len(self._order) - len(self._stacked.layers)
        return 0

    def _draw_overlay(self, everything: bool) -> None:
        made = 0
        for key in self._order:
            series = self._series[key]
            curve = self._overlay_curves.get(key)
            if curve is None:
                if made == ITEMS_PER_FRAME and not everything:
                    self._schedule()  # the rest over the next frames: no long freeze
                    continue
                made += 1
                name = series.label if self._legend_has_room(self._overlay) else None
                curve = self._overlay.add_series_curve(self._colour(key), name)
                self._overlay_curves[key] = curve
            if self._overlay_drawn.get(key) != series.version:
                self._overlay_drawn[key] = series.version
                curve.set_data(series.x, series.y, series.provisional_after)
        self._count_the_rest(self._overlay, len(self._overlay_curves))

    def _draw_stacked(self, everything: bool) -> None:
        missing = [key for key in self._order if key not in self._stacked.layers]
        if not everything and len(missing) > ITEMS_PER_FRAME:
            missing = missing[:ITEMS_PER_FRAME]
            self._schedule()
        for key in missing:
            name = self._series[key].label if self._legend_has_room(self._stacked) else None
            self._stacked.add_layer(key, self._colour(key), name)
        self._count_the_rest(self._stacked, len(self._stacked.layers))
        if self._single_missing() == 0 and self._stacked_at != self._changes:
            self._restack()

    def _restack(self) -> None:
        """Stack every series (O(all points): once a frame at most)."""
        self._stacked_at = self._changes
        keys = list(self._order)
        series = [self._series[key] for key in keys]
        interval = max((s.interval for s in series), default=60)
        # A 1-minute domain stacked on a 5-minute one is summed as its 5-minute means.
        curves = [
            (s.x, s.y) if s.interval == interval else coarsened((s.x, s.y), interval)
            for s in series
        ]
        # A total is provisional as soon as any layer under it is.
        self._stacked.set_stack(keys, curves, interval, self._earliest_provisional())

    def _range_end(self) -> float | None:
        if self._time_range is not None:
            return self._time_range[1]
        ends = [float(s.x[-1]) + s.interval for s in self._series.values() if s.x.size]
        return max(ends, default=None)

    def _earliest_provisional(self) -> float | None:
        """From here on some series is provisional (computed once per change: a frame, the
        readout and the stack all ask, and there may be thousands of series)."""
        if self._earliest[0] != self._changes:
            starts = [s.provisional_after for s in self._series.values() if s.provisional_after]
            self._earliest = (self._changes, min(starts, default=None))
        return self._earliest[1]

    # ---- items ----------------------------------------------------------------------------

    def _legend_entries(self, key: SeriesKey) -> list[tuple[BandwidthPlot, pg.PlotDataItem]]:
        """The series' entries in the legends (none while it is left out of one)."""
        entries = []
        if key in self._overlay_curves:
            entries.append((self._overlay, self._overlay_curves[key].settled))
        if key in self._stacked.layers:
            entries.append((self._stacked, self._stacked.layers[key].line.settled))
        return [(plot, item) for plot, item in entries if plot.legend.getLabel(item)]

    def _legend_has_room(self, plot: BandwidthPlot) -> bool:
        return len(plot.legend.items) - (plot in self._legend_rest) < LEGEND_ENTRIES

    def _count_the_rest(self, plot: BandwidthPlot, drawn: int) -> None:
        """End the legend with how many drawn series it leaves out: every entry re-lays
        out the whole legend, and hundreds would push the plot off the panel."""
        legend, rest = plot.legend, self._legend_rest.get(plot)
        named = len(legend.items) - (rest is not None)
        if rest is not None and rest[1] == drawn - named:
            return
        if rest is not None:
            legend.removeItem(rest[0])  # added again below, to stay the last entry
            del self._legend_rest[plot]
        if drawn > named:
            sample = rest[0] if rest else pg.PlotDataItem(pen=pg.mkPen(0, 0, 0, 0))
            legend.addItem(sample, self.tr("and %n more", "", drawn - named))
            self._legend_rest[plot] = (sample, drawn - named)
        self._fit_legends()

    def _view_plots(self) -> list[BandwidthPlot]:
        if self._view == "multiples":
            return self.grid.plots()
        return [self._overlay if self._view == "overlay" else self._stacked]

    def _fit_legends(self) -> None:
        """As many legend columns as the widest label allows: a short, wide legend."""
        metrics = self.fontMetrics()
        for plot in (self._overlay, self._stacked):
            labels = [label.text for _, label in plot.legend.items]
            widest = max((metrics.horizontalAdvance(text) for text in labels), default=100)
            columns = max(1, min(len(labels), (self.width() - 40) // (widest + 50)))
            if plot.legend.columnCount != columns:
                plot.legend.setColumnCount(columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_legends()

    def _relabel_time_axes(self) -> None:
        """Name the zone under the overlay and stacked plots (the grid names it under its
        bottom row only)."""
        at = None if self._time_range is None else self._time_range[1]
        for plot in (self._overlay, self._stacked):
            plot.time_axis.show_zone_label(True, at)

    def _shown_changed(self) -> None:
        """Other series scrolled into view (or their plots were built): the readout and
        the errors strip follow."""
        self._render_errors()
        if self._readout_t is not None:
            self._render_readout()
        if self.has_data:
            self.drawn.emit()

    # ---- readout and errors -----------------------------------------------------------

    def _mouse_moved(self, event: tuple) -> None:
        position = event[0]
        for plot in self._view_plots():
            if plot.isVisible() and plot.vb.sceneBoundingRect().contains(position):
                self.show_readout_at(plot.vb.mapSceneToView(position).x())
                return

    def _render_readout(self) -> None:
        t = self._readout_t
        if t is None:
            self._readout_plain = self.tr(READOUT_HINT)
            self._readout.setText(self._readout_plain)
            return
        when = f"{day_and_time(moment(t, self._zone.offset_at(t)))} {self._zone.label(t)}"
        # The charts on screen in the grid; every series in the overlay and stacked views.
        keys = self.grid.shown() if self._view == "multiples" else self._order
        listed = keys[:READOUT_ENTRIES]
        # Provisional if a value read out is (the stacked total counts every series), not
        # because a series off screen is an hour late.
        if self._view == "stacked":
            earliest = self._earliest_provisional()
        else:
            starts = (self._series[key].provisional_after for key in listed)
            earliest = min((start for start in starts if start), default=None)
        if earliest is not None and t >= earliest:
            when = arg(self.tr("%1 (provisional)"), when)
        entries: list[tuple[str | None, str, str | None]] = []  # swatch, label, value
        for key in listed:
            series = self._series[key]
            value = value_at(series.x, series.y, t, series.interval)
            shown = None if value is None else format_bps(value)
            offload = series.offload and value_at(*series.offload, t, series.interval)
            if shown is not None and offload is not None:
                shown = arg(self.tr("%1, offload %2"), shown, percent(offload))
            entries.append((self._colour(key), series.label, shown))
        if len(keys) > READOUT_ENTRIES:
            entries.append((None, self.tr("and %n more", "", len(keys) - READOUT_ENTRIES), ""))
        if self._view == "stacked" and keys:
            values = [value_at(s.x, s.y, t, s.interval) for s in self._series.values()]
            # A total with a hole in it would understate: say so instead.
            total = self.tr("incomplete") if None in values else format_bps(sum(values))
            entries.append((None, self.tr("total"), total))
        no_data = self.tr("no data")
        plain = [f"{label} {no_data if value is None else value}" for _, label, value in entries]
        self._readout_plain = " | ".join([when, *(line.rstrip() for line in plain)])
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
        inline = set(self.grid.shown()) if self._view == "multiples" else set()
        lines = [
            f"⚠ {html.escape(key[2], quote=False)}: {html.escape(message, quote=False)}"
            for key, message in self._errors.items()
            if key not in inline
        ]
        if len(lines) > ERROR_LINES:
            more = self.tr("and %n more", "", len(lines) - ERROR_LINES)
            lines = [*lines[:ERROR_LINES], html.escape(more, quote=False)]
        text = "<br>".join(lines)
        if text != self._error_strip.text():
            self._error_strip.setText(text)
        self._error_strip.setVisible(bool(lines))
