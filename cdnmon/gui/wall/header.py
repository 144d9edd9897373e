"""The wall's header line: clock and zone, last successful update, countdown, page, alert.

Sizes follow the wall's height, so the header is as readable on a 4K screen as on a
laptop; it is the only place on the wall that moves every second.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import age, clock_time, duration

STYLE = "background: #0b1117; color: #e8eef4;"
MUTED = "color: #b8c2cc;"
ALERT = "color: #f0e442;"


def zone_name(now: float) -> str:
    """``CST (UTC+08:00)``: the abbreviation alone is ambiguous, the offset alone unfriendly."""
    local = time.localtime(now)
    offset = local.tm_gmtoff or 0
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f"{local.tm_zone} (UTC{sign}{hours:02d}:{minutes:02d})"


class WallHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.clock_label = QLabel()
        self.zone_label = QLabel()
        self.alert_label = QLabel()
        self.updated_label = QLabel(self.tr("waiting for the first update"))
        self.page_label = QLabel()
        self.alert = ""
        for label in (self.zone_label, self.updated_label, self.page_label):
            label.setStyleSheet(MUTED)
        self.alert_label.setStyleSheet(ALERT)
        self.alert_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 16, 4)
        row.setSpacing(18)
        row.addWidget(self.clock_label)
        row.addWidget(self.zone_label)
        row.addWidget(self.alert_label, 1)
        row.addWidget(self.updated_label)
        row.addWidget(self.page_label)

    def show_time(
        self, now: float, last_update: float | None, next_refresh_s: float | None
    ) -> None:
        self.clock_label.setText(clock_time(now))
        self.zone_label.setText(zone_name(now))
        if last_update is None:
            updated = self.tr("waiting for the first update")
        else:
            updated = arg(
                self.tr("updated %1 (%2 ago)"), clock_time(last_update), age(now - last_update)
            )
        if next_refresh_s is not None:
            following = arg(self.tr("next in %1"), duration(max(0, round(next_refresh_s)), "s"))
            updated = f"{updated} · {following}"
        self.updated_label.setText(updated)

    def show_page(self, page: int, pages: int, paused: bool) -> None:
        text = ""
        if pages > 1:
            text = arg(self.tr("page %1/%2"), page + 1, pages)
            if paused:
                text = arg(self.tr("%1 (paused)"), text)
        self.page_label.setText(text)

    def show_alert(self, text: str) -> None:
        self.alert = text
        self._elide_alert()

    def _elide_alert(self) -> None:
        metrics = QFontMetrics(self.alert_label.font())
        width = max(self.alert_label.width(), 40)
        self.alert_label.setText(metrics.elidedText(self.alert, Qt.TextElideMode.ElideRight, width))
        self.alert_label.setToolTip(self.alert)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_alert()

    def fit(self, wall_height: int) -> None:
        size = max(12, int(wall_height * 0.028))
        for label in (
            self.clock_label,
            self.zone_label,
            self.alert_label,
            self.updated_label,
            self.page_label,
        ):
            font = QFont(label.font())
            big = label is self.clock_label
            font.setPixelSize(int(size * 1.3) if big else size)
            font.setBold(big)
            label.setFont(font)
        self._elide_alert()
