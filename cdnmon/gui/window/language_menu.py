"""The toolbar's language button: System / English / 简体中文, remembered, used from the next
start (windows are not retranslated live). A globe rather than a word: the toolbar is full
at 1366 px in English, and a globe is found whatever language the window is in."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QActionGroup, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from cdnmon.gui.i18n import (
    CHOICES,
    LANGUAGES,
    SYSTEM,
    active_language,
    arg,
    language_for,
    translate_into,
)
from cdnmon.gui.window.settings import WindowSettings

RESTART_NOTICE = QT_TRANSLATE_NOOP(
    "LanguageButton", "The language changes when cdnmon starts again."
)


def language_title(choice: str) -> str:
    """``English``, ``简体中文``, or ``System (简体中文)``: languages named in themselves."""
    if choice == SYSTEM:
        system = QCoreApplication.translate("LanguageButton", "System (%1)")
        return arg(system, LANGUAGES[language_for(SYSTEM)])
    return LANGUAGES[choice]


def globe_icon(colour: QColor) -> QIcon:
    """A globe: drawn, because icon themes are often missing."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = painter.pen()
    pen.setColor(colour)
    pen.setWidthF(2.2)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(3, 3, 26, 26))
    painter.drawEllipse(QRectF(10, 3, 12, 26))
    painter.drawLine(QPointF(3, 16), QPointF(29, 16))
    painter.drawLine(QPointF(6, 9.5), QPointF(26, 9.5))
    painter.drawLine(QPointF(6, 22.5), QPointF(26, 22.5))
    painter.end()
    return QIcon(pixmap)


class LanguageButton(QToolButton):
    def __init__(self, settings: WindowSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setText(self.tr("Language"))
        self.setIcon(globe_icon(self.palette().color(self.foregroundRole())))
        self.setToolTip(self.tr("Language of the window (used from the next start)"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.group = QActionGroup(self)
        for choice in CHOICES:
            action = menu.addAction(language_title(choice))
            action.setCheckable(True)
            action.setData(choice)
            action.setChecked(choice == settings.language)
            self.group.addAction(action)
        self.group.triggered.connect(lambda action: self.choose(action.data()))
        self.setMenu(menu)
        self.notice = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Language"), "", parent=self
        )

    def choose(self, choice: str) -> None:
        """Remember the language; say, in the current and in the chosen language, that it
        applies from the next start."""
        self.settings.language = choice
        self.settings.sync()
        for action in self.group.actions():
            action.setChecked(action.data() == choice)
        wanted = language_for(choice)
        if wanted == active_language():
            self.notice.hide()
            return
        here = self.tr(RESTART_NOTICE)
        there = translate_into(wanted, "LanguageButton", RESTART_NOTICE)
        self.notice.setText(here if there == here else f"{here}\n\n{there}")
        self.notice.open()
