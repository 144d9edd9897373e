"""One tile of the ops-room wall: a domain's (or group's) origin bandwidth, readable from 5 m.

Every data state and alarm level has its own look, distinguishable without colour vision:
a word and a symbol in a badge, a different background luminance, and a border style
(solid for critical, dashed for error, dotted for stale). Colours are from the Okabe-Ito
colour-blind-safe set. Missing data is shown as "—", never as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cdnmon.gui.charts.provisional_curve import SplitCurve
from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import age, format_bps, percent
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import Offload
from cdnmon.wall.state import Level, TileState

MISSING = "—"
# Qt's QWIDGETSIZE_MAX, which PySide does not export.
QWIDGETSIZE_MAX = (1 << 24) - 1
BORDER_AT_HEIGHT = 330  # tile height (px) the looks' border widths are drawn for


@dataclass(frozen=True)
class TileLook:
    background: str
    text: str
    muted: str
    border: str  # a CSS border at a 330 px tall tile, e.g. "6px dashed #cc79a7"
    badge_background: str
    badge_text: str
    curve: str


_BASE = TileLook(
    "#16202b", "#ffffff", "#b8c2cc", "3px solid #34414f", "#0072b2", "#ffffff", "#56b4e9"
)
STATE_LOOKS = {
    TileState.LIVE: _BASE,
    TileState.LATE: TileLook(
        "#16202b", "#ffffff", "#b8c2cc", "3px solid #56b4e9", "#56b4e9", "#000000", "#56b4e9"
    ),
    TileState.STALE: TileLook(
        "#2b2b2b", "#8c8c8c", "#8c8c8c", "6px dotted #8c8c8c", "#5a5a5a", "#ffffff", "#8c8c8c"
    ),
    TileState.NO_DATA: TileLook(
        "#1d1d1d", "#d0d0d0", "#a0a0a0", "3px solid #3c3c3c", "#4a4a4a", "#ffffff", "#8c8c8c"
    ),
    TileState.ERROR: TileLook(
        "#2a1330", "#ffffff", "#d8c0dc", "6px dashed #cc79a7", "#cc79a7", "#000000", "#cc79a7"
    ),
}
# Levels tint only tiles whose data is current (LIVE or LATE).
LEVEL_LOOKS = {
    Level.WARNING: TileLook(
        "#4d3800", "#ffffff", "#f0dca0", "6px solid #e69f00", "#e69f00", "#000000", "#f0e442"
    ),
    Level.CRITICAL: TileLook(
        "#5c1a00", "#ffffff", "#ffc8a8", "10px solid #d55e00", "#ffffff", "#8f2d00", "#ffffff"
    ),
}
translate = QCoreApplication.translate


def level_words(level: Level) -> str:
    words = {
        Level.WARNING: translate("WallTile", "▲ WARNING"),
        Level.CRITICAL: translate("WallTile", "▲▲ CRITICAL"),
    }
    return words.get(level, "")


def state_badge(state: TileState, reason: str = "", age_s: float | None = None) -> str:
    """The words a state is announced with: ``LATE``, ``STALE 7 min: timeout``, ..."""
    reason = reason.strip()
    if state is TileState.LIVE:
        return translate("WallTile", "● LIVE")
    if state is TileState.LATE:
        reason = reason or translate("WallTile", "provider behind its usual delay")
        return arg(translate("WallTile", "◔ LATE: %1"), reason)
    if state is TileState.STALE:
        word = translate("WallTile", "◌ STALE")
        if age_s is not None:
            word = arg(translate("WallTile", "◌ STALE %1"), age(age_s))
        return arg(translate("WallTile", "%1: %2"), word, reason) if reason else word
    if state is TileState.NO_DATA:
        word = translate("WallTile", "∅ NO DATA")
    else:
        word = translate("WallTile", "✖ ERROR")
    return arg(translate("WallTile", "%1: %2"), word, reason) if reason else word


class WallTile(QWidget):
    """Title, account, the current value in very large type, a sparkline with its P95, and
    the data state; fonts follow the tile's size."""

    def __init__(self, title: str, source: str, parent: QWidget | None = None) -> None:
        """``source`` says where the figure comes from: provider, account, group size."""
        super().__init__(parent)
        self.setObjectName("wallTile")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # The labels' heights follow the tile's; an explicit minimum keeps them from
        # holding a tile at the size it had before the wall's grid shrank it.
        self.setMinimumSize(120, 90)
        self.state = TileState.NO_DATA
        self.reason = ""
        self.age_s: float | None = None
        self.level = Level.NORMAL
        self._sized = False  # True once the layout has given the tile its real size
        self.latest: float | None = None
        self.p95: float | None = None
        self.peak: float | None = None
        self.offload: Offload | None = None  # where the layout asks for it
        self.trend = ""
        self._detail: dict[str, str] = {}  # what the detail line would say, with room

        self.title = title
        self.title_label = QLabel(title)
        self.source_label = QLabel(source)
        self.level_badge = QLabel()
        self.level_badge.setVisible(False)
        self.value_label = QLabel(MISSING)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.detail_label = QLabel("")
        self.state_badge = QLabel()
        self.state_badge.setWordWrap(True)
        # A reason too long for the room is cut at its end, not at both.
        self.state_badge.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Fonts follow the tile's height, so the labels must not push the height back up:
        # _fit_fonts gives each a fixed height in proportion to the tile.
        for label in (
            self.title_label,
            self.source_label,
            self.value_label,
            self.detail_label,
            self.state_badge,
        ):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.plot = pg.PlotWidget(background=None)
        self.plot.setStyleSheet("background: transparent; border: none;")
        self.plot.setMinimumHeight(20)
        self.plot.hideAxis("bottom")
        self.plot.hideAxis("left")
        for side in ("left", "bottom", "right", "top"):
            # Hidden axes would still follow every range change, relabelling themselves:
            # a page turn gives twenty tiles new data at once.
            self.plot.getAxis(side).unlinkFromView()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.getPlotItem().layout.setContentsMargins(0, 0, 0, 0)
        self.provisional = pg.LinearRegionItem(movable=False, brush=(200, 200, 200, 50))
        for line in self.provisional.lines:
            line.setPen(pg.mkPen(None))
        self.provisional.setVisible(False)
        self.plot.addItem(self.provisional, ignoreBounds=True)
        # Solid where settled; the provisional tail dashed and faded, not a plunge.
        self.curve = SplitCurve(self.plot.getPlotItem(), _BASE.curve)
        self.p95_line = pg.InfiniteLine(angle=0, movable=False)
        self.p95_line.setVisible(False)
        self.plot.addItem(self.p95_line, ignoreBounds=True)

        # The level sits beside the source line: the title (the domain) keeps the width.
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.level_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(2)
        column.addWidget(self.title_label)
        column.addLayout(source_row)
        column.addWidget(self.value_label)
        column.addWidget(self.detail_label)
        column.addWidget(self.plot, 1)
        column.addWidget(self.state_badge)
        self._restyle()

    # ---- public -------------------------------------------------------------------------

    def show_tile(self, title: str, source: str) -> None:
        """Show another layout tile: a page's widgets are reused as the wall turns pages.
        Its data, state and level follow by the setters."""
        self.title = title
        self.source_label.setText(source)
        self._fit_fonts()  # elides the new title

    def set_data(self, shot: Snapshot, window: tuple[float, float] | None = None) -> None:
        """Show the snapshot's points; those at or after its provisional boundary are
        shaded and drawn dashed; the figure is the newest settled point.
        ``window`` (start, end) is the time span drawn, so late data leaves a visible gap
        at the end; without it the chart spans the points."""
        summary = shot.summary
        self.offload = summary and summary.offload
        if summary is None:
            self.latest = self.p95 = self.peak = None
            self.curve.set_data(np.empty(0), np.empty(0), None)
            self.p95_line.setVisible(False)
            self.provisional.setVisible(False)
            self.detail_label.setText("")
        else:
            self.latest, self.peak, self.p95 = summary.latest, summary.peak, summary.p95
            x, y, after, interval = shot.x, shot.y, shot.provisional_after, shot.interval
            self.curve.set_data(x, y, after)
            self.p95_line.setValue(self.p95)
            self.p95_line.setVisible(True)
            newest = float(x[-1])
            late = newest >= after
            if late:
                self.provisional.setRegion((after, newest + interval))
            self.provisional.setVisible(late)
            start, end = window or (float(x[0]), newest + interval)
            top = max(float(np.nanmax(y)), self.p95) * 1.1 or 1
            self.plot.setRange(xRange=(start, end), yRange=(0, top), padding=0)  # in one go
        self._show_detail()
        self._show_value()

    def set_trend(self, text: str) -> None:
        """Against the same time yesterday, e.g. ``▲ 12% vs yesterday`` ("" when unknown)."""
        if text != self.trend:
            self.trend = text
            self._show_detail()
            self._fit_fonts()

    def _show_detail(self) -> None:
        # The peak is plain on the chart; the line keeps to what the chart cannot say.
        parts = {"trend": self.trend} if self.trend else {}
        if self.p95 is not None:
            parts["p95"] = arg(translate("WallTile", "P95 %1"), format_bps(self.p95))
        if self.offload is not None:
            offload = self.offload
            text = arg(translate("WallTile", "offload %1"), percent(offload.latest))
            if offload.lowest < offload.latest - 0.05:  # worth saying: it fell in the window
                text = arg(translate("WallTile", "%1 (low %2)"), text, percent(offload.lowest))
            parts["offload"] = text
        self._detail = parts
        self._fit_detail()

    def _fit_detail(self) -> None:
        """The detail line within the tile's width: where it does not fit, the P95 gives way
        first (the chart draws it), then the trend (the layout asked for the offload), then
        the end is elided. The tooltip has all of it."""
        width = max(self.width() - self.layout().contentsMargins().left() * 2, 40)
        metrics = QFontMetrics(self.detail_label.font())
        parts = dict(self._detail)
        text = " · ".join(parts.values())
        for dropped in ("p95", "trend"):
            if metrics.horizontalAdvance(text) <= width or len(parts) < 2:
                break
            parts.pop(dropped, None)
            text = " · ".join(parts.values())
        self.detail_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        self.detail_label.setToolTip(" · ".join(self._detail.values()))

    def set_state(self, state: TileState, reason: str = "", age_s: float | None = None) -> None:
        """The data state; ``reason`` in words for STALE/NO_DATA/ERROR, ``age_s`` how long
        since the last successful update (shown for STALE)."""
        # Restyling repaints the tile: only when the words change (the age shows for STALE).
        shown = state_badge(state, reason, age_s if state is TileState.STALE else None)
        if (state, shown) != (self.state, self.state_badge.text()):
            self.state, self.reason, self.age_s = state, reason, age_s
            self._restyle()
        self.age_s = age_s

    def set_level(self, level: Level) -> None:
        if level != self.level:
            self.level = level
            self._restyle()

    def value_text(self) -> str:
        return self.value_label.text()

    def badge_text(self) -> str:
        return self.state_badge.text()

    def level_text(self) -> str:
        return self.level_badge.text() if self.level_badge.isVisibleTo(self) else ""

    # ---- looks --------------------------------------------------------------------------

    def _current_look(self) -> TileLook:
        if self.state in (TileState.LIVE, TileState.LATE) and self.level in LEVEL_LOOKS:
            return LEVEL_LOOKS[self.level]
        return STATE_LOOKS[self.state]

    def _show_value(self) -> None:
        shows_number = self.state not in (TileState.NO_DATA, TileState.ERROR)
        text = format_bps(self.latest) if shows_number and self.latest is not None else MISSING
        self.value_label.setText(text)
        self.detail_label.setVisible(shows_number and self.latest is not None)
        self._fit_fonts()

    def _restyle(self) -> None:
        look = self._current_look()
        scale = self._scale()
        width, rest = look.border.split("px", 1)
        border = round(int(width) * scale)
        # The border is drawn inside the tile: the contents keep clear of it.
        inset = border + round(8 * scale)
        self.layout().setContentsMargins(inset, inset, inset, inset)
        self.setStyleSheet(
            f"#wallTile {{ background: {look.background}; border: {border}px{rest}; }}"
            f"QLabel {{ color: {look.text}; background: transparent; }}"
        )
        muted = f"color: {look.muted};"
        self.source_label.setStyleSheet(muted)
        self.detail_label.setStyleSheet(muted)
        state_look = STATE_LOOKS[self.state]
        age_s = self.age_s if self.state is TileState.STALE else None
        self.state_badge.setText(state_badge(self.state, self.reason, age_s))
        self.state_badge.setStyleSheet(
            f"background: {state_look.badge_background}; color: {state_look.badge_text};"
            "padding: 2px 8px; border-radius: 4px;"
        )
        current = self.state in (TileState.LIVE, TileState.LATE)
        shows_level = current and bool(level_words(self.level))
        self.level_badge.setVisible(shows_level)
        if shows_level:
            level_look = LEVEL_LOOKS[self.level]
            self.level_badge.setText(level_words(self.level))
            self.level_badge.setStyleSheet(
                f"background: {level_look.badge_background}; color: {level_look.badge_text};"
                "padding: 2px 8px; border-radius: 4px; font-weight: bold;"
            )
        self.curve.set_colour(look.curve)
        self.p95_line.setPen(pg.mkPen(look.muted, width=1, style=Qt.PenStyle.DashLine))
        self._show_value()

    def _scale(self) -> float:
        """Borders and insets grow with the tile, to look as they do on a 1080p wall."""
        return max(1.0, self.height() / BORDER_AT_HEIGHT) if self._sized else 1.0

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        grown = not self._sized or abs(event.size().height() - event.oldSize().height()) > 40
        self._sized = True
        if grown:
            self._restyle()  # border widths follow the size
        else:
            self._fit_fonts()

    def _fit_fonts(self) -> None:
        # Before it is shown a widget has Qt's default size (640x480); fitting to that would
        # make the minimum height of a hidden grid of tiles taller than the screen.
        margins = self.layout().contentsMargins()
        inner = self.height() - margins.top() - margins.bottom()
        height = max(inner / 0.94, 60) if self._sized else 120
        width = max(self.width() - margins.left() - margins.right(), 40)
        _set_pixel_size(self.title_label, height * 0.09, bold=True)
        _set_pixel_size(self.source_label, height * 0.06)
        _set_pixel_size(self.detail_label, height * 0.065)
        _set_pixel_size(self.state_badge, height * 0.065, bold=True)
        _set_pixel_size(self.level_badge, height * 0.065, bold=True)
        self.title_label.setText(
            QFontMetrics(self.title_label.font()).elidedText(
                self.title, Qt.TextElideMode.ElideRight, width
            )
        )
        self.title_label.setToolTip(self.title)
        for label in (self.title_label, self.source_label, self.detail_label):
            label.setFixedHeight(QFontMetrics(label.font()).height())
        self._fit_detail()
        # Without a figure to show, the reason may take the room the number would have.
        # The label's own measure counts its padding and any fallback font's taller lines.
        lines = 2 if self.state in (TileState.LIVE, TileState.LATE, TileState.STALE) else 6
        # A label measures no less than its minimum: free the last fit's height first, or a
        # long reason shown once (at start, before the accounts are read) keeps it tall.
        self.state_badge.setMinimumHeight(0)
        self.state_badge.setMaximumHeight(QWIDGETSIZE_MAX)
        one_line = self.state_badge.heightForWidth(100_000)
        self.state_badge.setFixedHeight(
            min(self.state_badge.heightForWidth(width), lines * one_line)
        )
        # The number is the point of the tile: as tall as the tile allows, within its width.
        size = height * 0.3
        font = QFont(self.value_label.font())
        font.setBold(True)
        font.setPixelSize(max(10, int(size)))
        text_width = QFontMetrics(font).horizontalAdvance(self.value_label.text())
        if text_width > width:
            font.setPixelSize(max(10, int(size * width / text_width)))
        self.value_label.setFont(font)
        self.value_label.setFixedHeight(QFontMetrics(font).height())


def _set_pixel_size(label: QLabel, size: float, bold: bool = False) -> None:
    font = QFont(label.font())
    font.setPixelSize(max(9, int(size)))
    font.setBold(bold)
    label.setFont(font)
