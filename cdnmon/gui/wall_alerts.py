"""Threshold crossings leave the wall: a desktop notification and a line in the log.

The notification goes through the system tray when the desktop has one; the log line is
written either way, so a crossing in the night can be found in the morning.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from cdnmon.model import format_bps
from cdnmon.wall_state import Crossing, Level

log = logging.getLogger("cdnmon.alerts")

LEVEL_NAMES = {Level.NORMAL: "normal", Level.WARNING: "WARNING", Level.CRITICAL: "CRITICAL"}


def crossing_text(title: str, crossing: Crossing) -> str:
    """``img.example.com: WARNING at 842 Mbps (was normal), 14:03``."""
    moment = time.strftime("%H:%M", time.localtime(crossing.time))
    before, after = LEVEL_NAMES[crossing.before], LEVEL_NAMES[crossing.after]
    if crossing.after is Level.NORMAL:
        return f"{title}: back to normal at {format_bps(crossing.value)} (was {before}), {moment}"
    return f"{title}: {after} at {format_bps(crossing.value)} (was {before}), {moment}"


class AlertNotifier:
    """Announces crossings; the tray icon exists only while a wall is up."""

    def __init__(self, parent: QWidget) -> None:
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = parent.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            self.tray = QSystemTrayIcon(QIcon(icon), parent)
            self.tray.setToolTip("cdnmon wall")
            self.tray.show()

    def announce(self, title: str, crossing: Crossing) -> str:
        text = crossing_text(title, crossing)
        rising = crossing.after > crossing.before
        (log.warning if rising else log.info)("threshold crossing: %s", text)
        if self.tray is not None:
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if crossing.after is not Level.NORMAL
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage("cdnmon: origin bandwidth", text, icon, 15_000)
        return text

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
