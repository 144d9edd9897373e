"""The chart axes: local time with the zone named, bandwidth in one SI unit, y from 0.

Data stays in UTC epoch seconds and bit/s; only what is drawn is converted.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    MONTH_SPACING,
    TickSpec,
    ZoomLevel,
    makeMStepper,
    makeSStepper,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QRectF
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QMenu

from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import format_moment, is_plain, moment
from cdnmon.model import DAY, bps_scale

# pyside6-lupdate finds strings only in calls with a literal context.
translate = QCoreApplication.translate

# pyqtgraph's tick formats (strftime) as QLocale patterns, so month and weekday names
# follow the locale; the patterns themselves are translatable (Chinese puts 月 and 日).
TICK_PATTERNS = {
    "%Y": QT_TRANSLATE_NOOP("Axes", "yyyy"),
    "%b": QT_TRANSLATE_NOOP("Axes", "MMM"),
    "%d": QT_TRANSLATE_NOOP("Axes", "dd"),
    "%a %d": QT_TRANSLATE_NOOP("Axes", "ddd dd"),
    "%b %d": QT_TRANSLATE_NOOP("Axes", "MMM dd"),
    "%H:%M": "HH:mm",
    "%H:%M:%S": "HH:mm:ss",
}


@dataclass(frozen=True)
class DisplayZone:
    """The zone times are shown in: the system's local zone (DST-aware), or a fixed
    offset east of UTC when ``fixed_offset_s`` is set (tests, a NOC in another city)."""

    fixed_offset_s: int | None = None

    def offset_at(self, t: float) -> int:
        if self.fixed_offset_s is not None:
            return self.fixed_offset_s
        return time.localtime(t).tm_gmtoff

    def name_at(self, t: float) -> str:
        """Abbreviation such as ``CST``; empty when the zone has none worth showing."""
        if self.fixed_offset_s is not None:
            return ""
        name = time.localtime(t).tm_zone or ""
        return "" if name[:1] in "+-" else name  # tzdata writes "+08" for unnamed zones

    def label(self, t: float | None = None) -> str:
        """``CST, UTC+08:00``, ``UTC+05:30`` or ``UTC``."""
        t = time.time() if t is None else t
        offset = self.offset_at(t)
        name = self.name_at(t)
        if offset == 0:
            return "UTC" if name in ("", "UTC", "GMT") else f"{name}, UTC"
        sign = "+" if offset >= 0 else "-"
        hours, minutes = divmod(abs(offset) // 60, 60)
        utc = f"UTC{sign}{hours:02d}:{minutes:02d}"
        return f"{name}, {utc}" if name else utc

    def format(self, t: float, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
        zone = timezone(timedelta(seconds=self.offset_at(t)))
        return datetime.fromtimestamp(t, zone).strftime(pattern)


def blended(pen: QPen, background: QColor) -> QPen:
    """``pen`` made opaque: its colour as drawn over ``background``."""
    colour = pen.color()
    alpha = colour.alphaF()
    if alpha >= 1.0:
        return pen
    pairs = zip(colour.getRgbF()[:3], background.getRgbF()[:3], strict=True)
    over = [alpha * c + (1 - alpha) * b for c, b in pairs]
    opaque = QPen(pen)
    opaque.setColor(QColor.fromRgbF(*over))
    return opaque


class OpaqueGrid:
    """Ticks and grid lines drawn opaque, pre-blended with the background (set
    ``background``): they look the same as pyqtgraph's translucent ones when the axis lies
    behind the data, and a raster engine draws opaque lines about ten times faster (the
    translucent grid was most of a repaint of many small plots)."""

    background: QColor | None = None

    def generateDrawSpecs(self, p: QPainter) -> tuple | None:
        specs = super().generateDrawSpecs(p)  # type: ignore[misc]
        if specs is None or self.background is None:
            return specs
        axis, ticks, texts = specs
        return axis, [(blended(pen, self.background), a, b) for pen, a, b in ticks], texts

    def set_background(self, colour: str) -> None:
        self.background = QColor(colour)
        self.picture = None  # drawn again, in the new colours
        self.update()  # type: ignore[attr-defined]


class LocalTimeAxis(OpaqueGrid, pg.DateAxisItem):
    """Epoch-second x axis labelled in the display zone, which the label names."""

    def __init__(self, zone: DisplayZone, **kwargs: object) -> None:
        # pyqtgraph's utcOffset counts seconds *west* of UTC (like time.timezone).
        offset = None if zone.fixed_offset_s is None else -zone.fixed_offset_s
        super().__init__(orientation="bottom", utcOffset=offset, **kwargs)
        # A week of data otherwise gets bare day-of-month ticks ("13  18").
        self.zoomLevels[5 * DAY] = ZoomLevel(
            [
                TickSpec(MONTH_SPACING, makeMStepper(1), "%b"),
                TickSpec(DAY, makeSStepper(DAY), "%b %d", autoSkip=[1, 2, 7]),
            ],
            "Mmm 00",
        )
        self.zone = zone
        self.show_zone_label(True)

    def show_zone_label(self, visible: bool, at: float | None = None) -> None:
        if visible:
            self.setLabel(arg(translate("Axes", "Time (%1)"), self.zone.label(at)))
        else:
            self.showLabel(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        pattern = TICK_PATTERNS.get(spec.format) if spec is not None else None
        if pattern is None:  # sub-second zoom: pyqtgraph's own digits
            return super().tickStrings(values, scale, spacing)
        pattern = translate("Axes", pattern)
        return [format_moment(moment(v, self.zone.offset_at(v)), pattern) for v in values]


class BandwidthAxis(OpaqueGrid, pg.AxisItem):
    """Ticks in the one SI unit that suits the visible maximum (``bps_scale``).

    ``units_in_ticks`` puts the unit on every tick (``800 Mbps``) instead of in the axis
    label, for small plots where a rotated label would eat the space.
    """

    unit = ""  # class default: AxisItem.__init__ already calls setRange

    def __init__(self, title: str | None = None, units_in_ticks: bool = False) -> None:
        self.title = translate("Axes", "Origin bandwidth") if title is None else title
        self.units_in_ticks = units_in_ticks
        super().__init__(orientation="left")
        self.enableAutoSIPrefix(False)  # its prefixes are 'k', and we want one unit rule
        # A fixed width that fits any tick label: pyqtgraph's own measures the labels as
        # it paints them, and a change in their width re-lays out the plot and paints it
        # again, a cascade of repaints with every new peak. (And small multiples line up.)
        widest = "888.8 Gbps" if units_in_ticks else "888.8"
        width = QFontMetrics(self.style["tickFont"] or QFont()).horizontalAdvance(widest)
        self.setStyle(autoExpandTextSpace=False, tickTextWidth=width)
        self.unit = ""
        self._set_unit(self.unit_scale()[1])

    def unit_scale(self) -> tuple[float, str]:
        low, high = self.range
        return bps_scale(max(abs(low), abs(high)))

    def setRange(self, mn: float, mx: float) -> None:
        super().setRange(mn, mx)
        self._set_unit(self.unit_scale()[1])

    def _set_unit(self, unit: str) -> None:
        if unit == self.unit:
            return
        self.unit = unit
        if self.units_in_ticks:
            self.showLabel(False)
        else:
            self.setLabel(self.title, units=unit)

    def boundingRect(self) -> QRectF:
        # With the grid on, AxisItem's bounds stop exactly at the view's edges, so the
        # "0" label (centred on the bottom edge) was dropped. Allow half a line of overflow.
        return super().boundingRect().adjusted(0, -8, 0, 8)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        factor, unit = self.unit_scale()
        step = spacing / factor
        # Enough decimals to tell neighbouring ticks apart: 0.5 -> 1, 0.25 -> 2.
        decimals = min(3, max(0, -math.floor(math.log10(step)))) if step > 0 else 0
        locale = QLocale()
        point = "." if is_plain(locale) else locale.decimalPoint()
        labels = []
        for value in values:
            text = f"{value / factor:.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")  # 0.5, 1, 1.5 rather than 1.0
            if text.strip("-0.") == "":
                text = "0"  # no "-0.0", and a bare zero needs no unit
            else:
                text = text.replace(".", point)
                if self.units_in_ticks:
                    text = f"{text} {unit}"
            labels.append(text)
        return labels


class ZeroBasedViewBox(pg.ViewBox):
    """Auto-ranges y from 0 to a little above the visible peak, and far enough to show
    a threshold that is close (within 2x of the peak): a line just off the top would hide
    how near the origin is to it."""

    HEADROOM = 1.08

    def __init__(self, **kwargs: object) -> None:
        # The right-click menu (pyqtgraph's view controls, to which the scene adds Export) is
        # a tree of widgets that cost a third of a plot's construction: it is made the
        # first time it is asked for.
        super().__init__(enableMenu=False, **kwargs)
        self.state["enableMenu"] = True
        self.threshold: float | None = None

    def getMenu(self, ev: object) -> QMenu | None:
        if self.menu is None and self.menuEnabled():
            self.setMenuEnabled(True)  # makes it
        return self.menu

    def getContextMenus(self, event: object) -> list[QAction]:
        menu = self.getMenu(event)
        return menu.actions() if menu is not None else []

    def suggestPadding(self, axis: int) -> float:
        return 0.0  # x is set explicitly; y headroom is added in childrenBounds

    def childrenBounds(
        self,
        frac: list[float] | None = None,
        orthoRange: tuple[object, object] = (None, None),
        items: list[object] | None = None,
    ) -> list[list[float] | None]:
        bounds = super().childrenBounds(frac=frac, orthoRange=orthoRange, items=items)
        y = bounds[1]
        if y is not None:
            top = max(y[1], 0.0)
            if self.threshold is not None and top > 0 and self.threshold <= 2 * top:
                top = max(top, self.threshold)
            bounds[1] = [0.0, top * self.HEADROOM if top > 0 else 1.0]
        return bounds
