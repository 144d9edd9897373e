"""The stacked-total plot: one filled band per domain, summing to what the origin served.

pyqtgraph clips and downsamples curves but not fills, and FillBetweenItem rebuilds its
path point by point in Python (~12 ms per 10k-point layer, measured). So the bands are fed
only the visible, peak-downsampled slice, and their path is built in one vectorised call.

Totals from the earliest provisional minute on are drawn apart: dashed top edges over
fainter bands, so the partial newest minutes do not read as the origin going quiet.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtGui import QPainterPath

from cdnmon.gui.charts.axes import DisplayZone
from cdnmon.gui.charts.bandwidth_plot import BandwidthPlot
from cdnmon.gui.charts.provisional_curve import SplitCurve
from cdnmon.gui.theme import Theme
from cdnmon.live.curves import Curve, provisional_start, split_slices, stack, visible_peaks

# The English source; BandwidthPlot shows it translated.
TOTAL_ORIGIN_BANDWIDTH = QT_TRANSLATE_NOOP("BandwidthPlot", "Total origin bandwidth")
FILL_ALPHA = "99"  # translucent enough to keep the grid readable through the bands
PROVISIONAL_FILL_ALPHA = "40"  # the provisional tail of a band: present, plainly not final


def band_path(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> QPainterPath:
    """One closed polygon (top edge forward, bottom edge back) per run of finite points."""
    finite = np.isfinite(x) & np.isfinite(low) & np.isfinite(high)
    if not finite.any():
        return QPainterPath()
    edges = np.diff(np.concatenate(([0], finite.astype(np.int8), [0])))
    runs = zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True)
    xs, ys, lengths = [], [], []
    for start, stop in runs:
        forward = slice(start, stop)
        xs += [x[forward], x[forward][::-1]]
        ys += [high[forward], low[forward][::-1]]
        lengths.append(2 * (stop - start))
    connect = np.ones(sum(lengths), dtype=np.int32)
    connect[np.cumsum(lengths) - 1] = 0  # each polygon is its own sub-path
    return pg.arrayToQPath(np.concatenate(xs), np.concatenate(ys), connect, finiteCheck=False)


class StackFill(pg.FillBetweenItem):
    """FillBetweenItem between two PlotCurveItems, with the vectorised path above."""

    def updatePath(self) -> None:
        if self.curves is None:
            self.setPath(QPainterPath())
            return
        lower, upper = self.curves
        x, low = lower.getData()
        _, high = upper.getData()
        if x is None or high is None or len(x) != len(high):
            self.setPath(QPainterPath())
            return
        self.setPath(band_path(x, low, high))


@dataclass
class _Band:
    lower: pg.PlotCurveItem  # fill edges: never drawn, shared NaN mask
    upper: pg.PlotCurveItem
    fill: StackFill

    @classmethod
    def add_to(cls, plot: pg.PlotItem, brush: str) -> _Band:
        lower, upper = pg.PlotCurveItem(), pg.PlotCurveItem()
        fill = StackFill(lower, upper, brush=brush)
        plot.addItem(fill)
        return cls(lower, upper, fill)

    def set_data(self, x: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        self.lower.blockSignals(True)  # rebuild the band's path once, not twice
        self.lower.setData(x, low, connect="finite")
        self.lower.blockSignals(False)
        self.upper.setData(x, high, connect="finite")


@dataclass
class _Layer:
    line: SplitCurve  # the visible top edge; its settled part is in the legend
    settled: _Band
    provisional: _Band


class StackedPlot(BandwidthPlot):
    def __init__(self, zone: DisplayZone, theme: Theme) -> None:
        super().__init__(zone, theme, axis_title=TOTAL_ORIGIN_BANDWIDTH)
        self.layers: dict[Hashable, _Layer] = {}
        self._totals: tuple[list[Hashable], np.ndarray, list[np.ndarray]] | None = None
        self._provisional_after: float | None = None
        self._refill_timer = QTimer(self, singleShot=True, interval=0)
        self._refill_timer.timeout.connect(self.refill)
        self.vb.sigXRangeChanged.connect(self._refill_timer.start)
        self.vb.sigResized.connect(self._refill_timer.start)

    def add_layer(self, key: Hashable, colour: str, label: str | None) -> None:
        """A band and its top edge; ``label`` names it in the legend (None: left out)."""
        line = self.add_series_curve(colour, label)
        settled = _Band.add_to(self, colour + FILL_ALPHA)
        provisional = _Band.add_to(self, colour + PROVISIONAL_FILL_ALPHA)
        self.layers[key] = _Layer(line, settled, provisional)

    def remove_layer(self, key: Hashable) -> None:
        layer = self.layers.pop(key)
        self._totals = None  # they include this layer: drawn again by the next set_stack
        self.legend.removeItem(layer.line.settled)
        layer.line.remove_from(self)
        for band in (layer.settled, layer.provisional):
            self.removeItem(band.fill)

    def colour_layer(self, key: Hashable, colour: str) -> None:
        layer = self.layers[key]
        layer.line.set_colour(colour)
        layer.settled.fill.setBrush(colour + FILL_ALPHA)
        layer.provisional.fill.setBrush(colour + PROVISIONAL_FILL_ALPHA)

    def set_stack(
        self,
        keys: list[Hashable],
        curves: list[Curve],
        interval: int,
        provisional_after: float | None = None,
    ) -> None:
        """Stack ``curves`` bottom-up in ``keys`` order and draw the visible part; totals
        at or after ``provisional_after`` are drawn as provisional."""
        self._provisional_after = provisional_after
        if not keys:
            self._totals = None
            return
        layers = stack(curves, interval)
        self._totals = (keys, layers[0][0], [total for _, total in layers])
        self.refill()

    def refill(self) -> None:
        if self._totals is None:
            return
        keys, x, totals = self._totals
        start, end = self.vb.viewRange()[0]
        x, totals = visible_peaks(x, totals, start, end, max(400, int(self.vb.width())))
        settled, provisional = split_slices(x.size, provisional_start(x, self._provisional_after))
        below: np.ndarray | None = None
        for key, total in zip(keys, totals, strict=True):
            base = np.zeros_like(total) if below is None else below.copy()
            base[np.isnan(total)] = np.nan  # the band ends where its top edge does
            layer = self.layers[key]
            layer.line.set_data(x, total, self._provisional_after)
            layer.settled.set_data(x[settled], base[settled], total[settled])
            layer.provisional.set_data(x[provisional], base[provisional], total[provisional])
            below = total
