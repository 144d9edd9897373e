"""Small multiples, virtualised: plots exist only for the rows on screen, plus one.

A person may select thousands of domains, and a plot costs about 10 ms to build and more
to paint. So the grid keeps a pool of plots sized to what its viewport shows (plus a row of
margin, so that scrolling by pixels never uncovers an empty band) and a scroll range for
every series; scrolling re-binds the pool's plots to the series of the rows now in view.
A series off screen is only the arrays the panel holds for it (``ChartSeries``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QWidget

from cdnmon.gui.charts.axes import DisplayZone
from cdnmon.gui.charts.bandwidth_plot import BandwidthPlot, OffloadView
from cdnmon.gui.charts.provisional_curve import SplitCurve
from cdnmon.gui.labels import provider_title
from cdnmon.gui.theme import Theme
from cdnmon.live.curves import Curve
from cdnmon.live.keys import SeriesKey
from cdnmon.model import DAY, MINUTE

WEEK = 7 * DAY
BUILD_BUDGET_S = 0.01  # building plots in one event-loop turn stops after this long
# Small multiples narrower or shorter than this stop being readable: scroll instead.
MIN_PLOT_WIDTH = 420
MIN_PLOT_HEIGHT = 170
_NO_DATA = np.empty(0)


def grid_columns(count: int, width: int) -> int:
    """Columns for small multiples: near-square grids, as many as the width allows."""
    wanted = 1 if count <= 1 else 2 if count <= 4 else 3 if count <= 9 else 4
    return max(1, min(wanted, width // MIN_PLOT_WIDTH))


@dataclass(eq=False)
class ChartSeries:
    """One series as the charts hold it, on screen or not: its snapshot's arrays and what
    decorates them. ``version`` grows with every change a plot showing it must redraw."""

    label: str
    colour_index: int
    x: np.ndarray = field(default_factory=lambda: _NO_DATA)
    y: np.ndarray = field(default_factory=lambda: _NO_DATA)
    interval: int = MINUTE
    provisional_after: float | None = None
    earlier: dict[int, Curve] = field(default_factory=dict)  # offset s -> shifted curve
    edge: Curve | None = None  # edge bandwidth, where it is fetched
    offload: Curve | None = None  # 1 - origin / edge, a fraction
    error: str | None = None
    version: int = 0


class _Slot:
    """A pooled plot and the series it shows now (``key`` None: none)."""

    def __init__(self, zone: DisplayZone, theme: Theme) -> None:
        self.plot = BandwidthPlot(zone, theme, small=True)
        self.curve: SplitCurve = self.plot.add_series_curve(theme.series_colour(0))
        self.earlier: dict[int, pg.PlotDataItem] = {}  # compare curves, made once each
        self.edge: pg.PlotDataItem | None = None  # made the first time a series has edge
        self.key: SeriesKey | None = None
        self.drawn = -1  # the series version drawn
        self.colour = ""
        self.zone_label: tuple[bool, float | None] | None = None


def edge_pen(colour: str) -> QPen:
    """Edge bandwidth: thin and faint in the series' colour, a backdrop to the origin."""
    faded = pg.mkColor(colour)
    faded.setAlpha(110)
    return pg.mkPen(faded, width=1)


def earlier_pen(colour: str, offset: int) -> QPen:
    """A day earlier dashed, a week earlier dotted and fainter, in the series' colour."""
    faded = pg.mkColor(colour)
    faded.setAlpha(150 if offset < WEEK else 90)
    style = Qt.PenStyle.DashLine if offset < WEEK else Qt.PenStyle.DotLine
    return pg.mkPen(faded, width=1, style=style)


class MultiplesGrid(QAbstractScrollArea):
    """See the module docstring. ``series`` and ``order`` are the panel's, read here and
    never changed; the panel calls ``relayout`` when the order changed and ``refresh``
    when series did."""

    shown_changed = Signal()  # other series are on screen now (scrolled, resized, re-bound)

    def __init__(
        self,
        series: dict[SeriesKey, ChartSeries],
        order: list[SeriesKey],
        zone: DisplayZone,
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._series, self._order = series, order
        self._zone, self._theme = zone, theme
        # A child of the viewport, moved by the pixels scrolled within the first row.
        self.view = pg.GraphicsLayoutWidget(self.viewport())
        self.view.ci.layout.setContentsMargins(0, 0, 0, 0)
        self.view.ci.layout.setSpacing(0)
        self._slots: list[_Slot] = []
        self._wanted = 0  # pool size for the current geometry
        self._columns = 1
        self._row_height = MIN_PLOT_HEIGHT
        self._pool_rows = 0
        self._first_row = 0
        self._shown: list[SeriesKey] = []
        self._threshold: float | None = None
        self._time_range: tuple[float, float] | None = None
        self._crosshair: float | None = None
        self._provisional_end: float | None = None
        self._relaying = False
        # A plot costs ~10 ms: build a few per event-loop turn, so no batch freezes the window.
        self._build_timer = QTimer(self, singleShot=True, interval=0)
        self._build_timer.timeout.connect(self._build_next)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # ---- what the panel asks ------------------------------------------------------------

    @property
    def building(self) -> bool:
        """Plots the screen needs are still being built."""
        return len(self._slots) < self._wanted

    def plots(self) -> list[BandwidthPlot]:
        """The pool's plots, in grid order (the margin row's included)."""
        return [slot.plot for slot in self._slots]

    def shown(self) -> list[SeriesKey]:
        """The series whose plots are inside the viewport, in display order."""
        return list(self._shown)

    def slot_plot(self, key: SeriesKey) -> BandwidthPlot | None:
        slot = self._slot_of(key)
        return None if slot is None else slot.plot

    def slot_curve(self, key: SeriesKey) -> SplitCurve | None:
        slot = self._slot_of(key)
        return None if slot is None else slot.curve

    def earlier_curve(self, key: SeriesKey, offset: int) -> pg.PlotDataItem | None:
        slot = self._slot_of(key)
        return None if slot is None else slot.earlier.get(offset)

    def edge_items(self, key: SeriesKey) -> tuple[pg.PlotDataItem | None, OffloadView | None]:
        """The edge line and the offload axis of ``key``'s plot (None: not made yet)."""
        slot = self._slot_of(key)
        return (None, None) if slot is None else (slot.edge, slot.plot.offload)

    def scroll_to(self, key: SeriesKey) -> None:
        """Scroll so the row holding ``key`` is the first one shown."""
        row = self._order.index(key) // self._columns
        self.verticalScrollBar().setValue(row * self._row_height)

    def flush(self) -> None:
        """Build every plot the screen needs now, however long that takes."""
        while self.building:
            self._build_slot()

    # ---- settings every plot shares -----------------------------------------------------

    def set_threshold(self, bps: float | None) -> None:
        self._threshold = bps
        for slot in self._slots:
            slot.plot.set_threshold(bps)

    def set_time_range(self, start: float, end: float) -> None:
        self._time_range = (start, end)
        for slot in self._slots:
            slot.plot.setXRange(start, end, padding=0)  # also turns x auto-range off
        self._bind_all()  # the zone label names the offset at the range's end

    def set_crosshair(self, t: float) -> None:
        self._crosshair = t
        for slot in self._slots:
            slot.plot.set_crosshair(t)

    def set_provisional_end(self, end: float | None) -> None:
        self._provisional_end = end
        for slot in self._slots:
            if slot.key is not None:
                slot.plot.set_provisional(self._series[slot.key].provisional_after, end)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.view.setBackground(theme.background)
        for slot in self._slots:
            slot.plot.apply_theme(theme)
            slot.colour = ""  # recoloured by the next bind
            slot.drawn = -1
        self._bind_all()

    # ---- geometry -----------------------------------------------------------------------

    def relayout(self) -> None:
        """Fit the pool and the scroll range to the series count and the viewport, then
        re-bind every plot (a plot whose series and data did not change is left alone)."""
        if self._relaying:
            return  # the scroll bar came or went: the loop below measures again
        self._relaying = True
        try:
            for _ in range(3):
                size = self.viewport().size()
                columns = self._fit_rows(size.width(), max(1, size.height()))
                if self.viewport().size() == size:
                    break
        finally:
            self._relaying = False
        self._wanted = min(len(self._order), columns * self._pool_rows)
        while len(self._slots) > self._wanted:
            self.view.ci.removeItem(self._slots.pop().plot)
        if columns != self._columns:
            self._columns = columns
            for slot in self._slots:
                self.view.ci.removeItem(slot.plot)
            for index, slot in enumerate(self._slots):
                self.view.ci.addItem(slot.plot, row=index // columns, col=index % columns)
        self.view.resize(size.width(), max(1, self._pool_rows * self._row_height))
        # Every cell sized up front: a plot added later moves no other (whose axes would
        # then be drawn again), so each is painted once, as it is built.
        cells = self.view.ci.layout
        for row in range(max(self._pool_rows, cells.rowCount())):
            cells.setRowFixedHeight(row, self._row_height if row < self._pool_rows else 0)
        for column in range(max(columns, cells.columnCount())):
            cells.setColumnFixedWidth(column, size.width() / columns if column < columns else 0)
        if self.building and not self._build_timer.isActive():
            self._build_timer.start()
        self._scrolled(self.verticalScrollBar().value())

    def _fit_rows(self, width: int, height: int) -> int:
        """Row height, pool rows and scroll range for this viewport; the columns."""
        count = len(self._order)
        columns = grid_columns(count, width)
        rows = -(-count // columns)
        fitting = max(1, height // MIN_PLOT_HEIGHT)
        if rows <= fitting:  # all rows fit: they share the height, nothing scrolls
            self._row_height, self._pool_rows = height // max(1, rows), rows
        else:  # whole rows fill the viewport at rest; one more is uncovered while scrolling
            self._row_height, self._pool_rows = height // fitting, fitting + 1
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, rows * self._row_height - height))
        bar.setPageStep(height)
        bar.setSingleStep(max(1, self._row_height // 4))
        return columns

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport, not the area: it also narrows when the scroll bar appears.
        if event.type() == QEvent.Type.Resize:
            self.relayout()
        return super().viewportEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Nothing to move here: ``_scrolled`` moves the view and re-binds."""

    def _scrolled(self, value: int) -> None:
        if self._relaying:
            return
        self._first_row, offset = divmod(value, max(1, self._row_height))
        self.view.move(0, -offset)
        self._bind_all()

    # ---- building and binding -----------------------------------------------------------

    def _build_next(self) -> None:
        """Build plots for up to BUILD_BUDGET_S (at least one), then let the loop breathe."""
        started = time.perf_counter()
        # Painted once the screen's plots are all built: a paint between two builds paints
        # again what the one before did (at start-up: 17 paints and ~180 ms, against one
        # of ~100 ms).
        self.view.setUpdatesEnabled(False)
        while self.building:
            self._build_slot()
            if time.perf_counter() - started > BUILD_BUDGET_S:
                break
        if self.building:
            self._build_timer.start()
        else:
            self.view.setUpdatesEnabled(True)
            # The last plot built may be the margin row's, which changes nothing shown:
            # say it anyway, or whoever waits for the screen to be complete never hears.
            self.shown_changed.emit()

    def _build_slot(self) -> None:
        slot = _Slot(self._zone, self._theme)
        plot = slot.plot
        plot.set_threshold(self._threshold)
        if self._crosshair is not None:
            plot.set_crosshair(self._crosshair)
        if self._slots:
            plot.setXLink(self._slots[0].plot)
        if self._time_range is not None:
            plot.setXRange(*self._time_range, padding=0)
        index = len(self._slots)
        self._slots.append(slot)
        self.view.ci.addItem(plot, row=index // self._columns, col=index % self._columns)
        self._bind_all()

    def refresh(self) -> None:
        """Redraw the plots whose series changed."""
        self._bind_all()

    def _bind_all(self) -> None:
        base = self._first_row * self._columns
        count = len(self._order)
        for index, slot in enumerate(self._slots):
            position = base + index
            self._bind(slot, self._order[position] if position < count else None, position)
        # On screen: the rows whose middle is inside the viewport.
        middles = self.view.y() + self._row_height * (np.arange(self._pool_rows) + 0.5)
        rows = np.flatnonzero((middles >= 0) & (middles < self.viewport().height()))
        shown = [
            slot.key
            for index, slot in enumerate(self._slots)
            if slot.key is not None and index // self._columns in rows
        ]
        if shown != self._shown:
            self._shown = shown
            self.shown_changed.emit()

    def _bind(self, slot: _Slot, key: SeriesKey | None, position: int) -> None:
        plot = slot.plot
        if key is None:  # past the last series: only ever below the last row
            if slot.key is not None:
                slot.key, slot.drawn = None, -1
                slot.curve.set_data(_NO_DATA, _NO_DATA, None)
                for curve in slot.earlier.values():
                    curve.setData([], [])
                _draw_edge(slot, None, None, slot.colour)
                plot.set_error(None)
                plot.setVisible(False)
            return
        series = self._series[key]
        if slot.key != key:
            slot.key, slot.drawn = key, -1
            provider, account, domain = key
            plot.set_title(domain, f"{account} · {provider_title(provider)}")
            plot.setVisible(True)
        # The zone is named only under the bottom row: under every plot it is noise.
        at = None if self._time_range is None else self._time_range[1]
        zone_label = (position + self._columns >= len(self._order), at)
        if zone_label != slot.zone_label:
            slot.zone_label = zone_label
            plot.time_axis.show_zone_label(*zone_label)
        if slot.drawn == series.version:
            return
        slot.drawn = series.version
        colour = self._theme.series_colour(series.colour_index)
        if colour != slot.colour:
            slot.colour = colour
            slot.curve.set_colour(colour)
            for offset, curve in slot.earlier.items():
                curve.setPen(earlier_pen(colour, offset))
            if slot.edge is not None:
                slot.edge.setPen(edge_pen(colour))
        slot.curve.set_data(series.x, series.y, series.provisional_after)
        _draw_edge(slot, series.edge, series.offload, colour)
        plot.set_provisional(series.provisional_after, self._provisional_end)
        if plot.error_message() != series.error:
            plot.set_error(series.error)
        for offset, curve in slot.earlier.items():
            if offset not in series.earlier:
                curve.setData([], [])
        for offset, (x, y) in series.earlier.items():
            if offset not in slot.earlier:
                slot.earlier[offset] = curve = plot.add_curve(colour)
                curve.setZValue(-1)  # under today's line
                curve.setPen(earlier_pen(colour, offset))
            slot.earlier[offset].setData(x, y)

    def _slot_of(self, key: SeriesKey) -> _Slot | None:
        return next((slot for slot in self._slots if slot.key == key), None)


def _draw_edge(slot: _Slot, edge: Curve | None, offload: Curve | None, colour: str) -> None:
    """An edge line under the origin, and the offload on the right axis (None: none)."""
    if edge is not None and slot.edge is None:
        slot.edge = slot.plot.add_curve(colour)
        slot.edge.setZValue(-2)  # under the origin and the compare lines
        slot.edge.setPen(edge_pen(colour))
    if slot.edge is not None:
        slot.edge.setData(*(edge or (_NO_DATA, _NO_DATA)))
    slot.plot.set_offload(*(offload or (_NO_DATA, _NO_DATA)), colour)
