"""A series drawn as two lines: the settled minutes solid, the provisional ones (the
provider's newest minutes, still partial and revised upwards for a while) as a dashed,
faded continuation. Drawn solid, a partial newest minute plunges at the right edge and
reads as an outage; dashed and faded it reads as "not final yet"."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen

from cdnmon.live.curves import Curve, split_provisional

# Faded enough to step back behind the settled line, still plain on white and near-black.
PROVISIONAL_ALPHA = 140
# Even dashes (px at width 1): a different rhythm from the compare curves' Qt DashLine
# (4 on, 2 off), so yesterday's line is not taken for today's continuation.
PROVISIONAL_DASHES = [3.0, 3.0]


def settled_pen(colour: str) -> QPen:
    return pg.mkPen(colour, width=1)


def provisional_pen(colour: str) -> QPen:
    faded = pg.mkColor(colour)
    faded.setAlpha(PROVISIONAL_ALPHA)
    pen = pg.mkPen(faded, width=1)
    pen.setDashPattern(PROVISIONAL_DASHES)  # also makes the style a custom dash line
    return pen


def line_item(colour: str, name: str | None = None) -> pg.PlotDataItem:
    """A 1 px curve that breaks at NaN gaps (never bridging them, never drawing zeros)."""
    return pg.PlotDataItem(pen=settled_pen(colour), connect="finite", antialias=False, name=name)


class SplitCurve:
    """The settled and the provisional line of one series, both made once and afterwards
    only given data. Only the settled line carries ``name`` (and so the legend entry).

    It keeps no reference to its plot: a plot that holds its own curves (the stacked one)
    would then sit in a reference cycle, and the garbage collector could free its widgets
    at an arbitrary moment, even while Qt walks the widget list (a crash)."""

    def __init__(self, plot: pg.PlotItem, colour: str, name: str | None = None) -> None:
        self.settled = line_item(colour, name)
        self.provisional = line_item(colour)
        for item in (self.settled, self.provisional):
            plot.addItem(item)
        self.set_colour(colour)

    def set_data(self, x: np.ndarray, y: np.ndarray, provisional_after: float | None) -> None:
        (settled_x, settled_y), (provisional_x, provisional_y) = split_provisional(
            x, y, provisional_after
        )
        self.settled.setData(settled_x, settled_y)
        self.provisional.setData(provisional_x, provisional_y)

    def set_colour(self, colour: str) -> None:
        self.settled.setPen(settled_pen(colour))
        self.provisional.setPen(provisional_pen(colour))

    def parts(self) -> tuple[Curve, Curve]:
        """The settled and the provisional line's data (empty arrays when not drawn)."""
        return _arrays(self.settled), _arrays(self.provisional)

    def data(self) -> Curve:
        """Every point drawn, settled then provisional, the shared joining point once."""
        (settled_x, settled_y), (provisional_x, provisional_y) = self.parts()
        joined = 1 if settled_x.size and provisional_x.size else 0
        return (
            np.concatenate((settled_x, provisional_x[joined:])),
            np.concatenate((settled_y, provisional_y[joined:])),
        )

    def remove_from(self, plot: pg.PlotItem) -> None:
        for item in (self.settled, self.provisional):
            plot.removeItem(item)


def _arrays(item: pg.PlotDataItem) -> Curve:
    if item.xData is None:
        return np.empty(0), np.empty(0)
    return item.xData, item.yData
