"""Pick a custom time range, in local time."""

from __future__ import annotations

import time

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from cdnmon.gui.error_text import TranslatedInputError, explain, sentence
from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import date_pattern
from cdnmon.model import DAY, InputError, TimeRange

# The 1-minute and 5-minute APIs keep at most this much; longer asks belong to history.
LONGEST_SPAN = 31 * DAY


class TimeRangeDialog(QDialog):
    def __init__(self, current: TimeRange, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Custom time range"))
        zone = time.strftime("%Z")
        start_tip = arg(self.tr("Start of the range, local time (%1)"), zone)
        self.start = self._editor(current.start, start_tip)
        self.end = self._editor(
            current.end, arg(self.tr("End of the range, local time (%1)"), zone)
        )
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #d64545")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(arg(self.tr("From (%1)"), zone), self.start)
        form.addRow(arg(self.tr("To (%1)"), zone), self.end)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.chosen: TimeRange | None = None

    @staticmethod
    def _editor(timestamp: int, tip: str) -> QDateTimeEdit:
        editor = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(timestamp))
        editor.setDisplayFormat(f"{date_pattern()} HH:mm")
        editor.setCalendarPopup(True)
        editor.setToolTip(tip)
        return editor

    def time_range(self) -> TimeRange:
        start = self.start.dateTime().toSecsSinceEpoch()
        end = self.end.dateTime().toSecsSinceEpoch()
        chosen = TimeRange(start, end)
        if chosen.seconds > LONGEST_SPAN:
            raise TranslatedInputError(
                self.tr("pick at most 31 days: the providers' live APIs keep no more")
            )
        return chosen

    def _accept(self) -> None:
        try:
            self.chosen = self.time_range()
        except InputError as error:
            self.problem.setText(sentence(explain(error)))
            return
        self.accept()
