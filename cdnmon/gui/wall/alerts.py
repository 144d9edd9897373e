"""Threshold crossings leave the wall: a desktop notification and a line in the log.

The notification goes through the system tray when the desktop has one; the log line is
written either way (``cdnmon.wall.crossings``: a few a minute, then one line for the rest),
so a crossing in the night can be found in the morning. The tray shows what is logged.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import format_bps, format_moment
from cdnmon.gui.locale_format import moment as moment_of
from cdnmon.wall.state import Crossing, Level

translate = QCoreApplication.translate


def level_name(level: Level) -> str:
    names = {
        Level.NORMAL: translate("WallAlerts", "normal"),
        Level.WARNING: translate("WallAlerts", "WARNING"),
        Level.CRITICAL: translate("WallAlerts", "CRITICAL"),
    }
    return names[level]


def crossing_text(title: str, crossing: Crossing) -> str:
    """``img.example.com: WARNING at 842 Mbps (was normal), 14:03``."""
    moment = format_moment(moment_of(crossing.time), "HH:mm")
    value, before = format_bps(crossing.value), level_name(crossing.before)
    if crossing.after is Level.NORMAL:
        text = translate("WallAlerts", "%1: back to normal at %2 (was %3), %4")
        return arg(text, title, value, before, moment)
    text = translate("WallAlerts", "%1: %5 at %2 (was %3), %4")
    return arg(text, title, value, before, moment, level_name(crossing.after))


class AlertNotifier:
    """Announces crossings (and the window's alerts); the tray icon exists only while its
    owner does: the wall, or the app once an alert has fired."""

    def __init__(self, parent: QWidget, tip: str = "") -> None:
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = parent.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            self.tray = QSystemTrayIcon(QIcon(icon), parent)
            self.tray.setToolTip(tip or translate("WallAlerts", "cdnmon wall"))
            self.tray.show()

    def announce(self, title: str, crossing: Crossing) -> None:
        if crossing.after is Level.NORMAL:
            self._show(crossing_text(title, crossing), QSystemTrayIcon.MessageIcon.Information)
        else:
            self._show(crossing_text(title, crossing), QSystemTrayIcon.MessageIcon.Warning)

    def announce_more(self, count: int) -> None:
        """The crossings of the last minute that were not announced one by one."""
        text = arg(
            translate(
                "WallAlerts", "Threshold crossings in the last minute not shown one by one: %1"
            ),
            count,
        )
        self._show(text, QSystemTrayIcon.MessageIcon.Warning)

    def _show(self, text: str, icon: QSystemTrayIcon.MessageIcon, title: str = "") -> None:
        if self.tray is not None:
            title = title or translate("WallAlerts", "cdnmon: origin bandwidth")
            self.tray.showMessage(title, text, icon, 15_000)

    def show_alert(self, title: str, text: str) -> None:
        """An alert rule fired (the window's alerts, beside their chat messages)."""
        self._show(text, QSystemTrayIcon.MessageIcon.Warning, title)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
