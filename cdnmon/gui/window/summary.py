"""Per-domain figures over the visible range: latest, peak and when, average, billing P95."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cdnmon.gui.labels import source_title
from cdnmon.gui.locale_format import date_minute, format_bps, format_moment, moment
from cdnmon.gui.table_model import ColumnsModel, Index
from cdnmon.live.keys import SeriesKey
from cdnmon.model import Summary

COLUMNS = (
    QT_TRANSLATE_NOOP("SummaryModel", "Domain"),
    QT_TRANSLATE_NOOP("SummaryModel", "Account"),
    QT_TRANSLATE_NOOP("SummaryModel", "Latest"),
    QT_TRANSLATE_NOOP("SummaryModel", "Peak"),
    QT_TRANSLATE_NOOP("SummaryModel", "Peak at"),
    QT_TRANSLATE_NOOP("SummaryModel", "Average"),
    QT_TRANSLATE_NOOP("SummaryModel", "P95"),
)
TOOLTIPS = (
    QT_TRANSLATE_NOOP("SummaryModel", "The CDN domain"),
    QT_TRANSLATE_NOOP("SummaryModel", "Provider and account"),
    QT_TRANSLATE_NOOP(
        "SummaryModel",
        "The newest settled point (the provider's last few minutes are still partial)",
    ),
    QT_TRANSLATE_NOOP("SummaryModel", "The highest point in the visible range"),
    QT_TRANSLATE_NOOP("SummaryModel", "When the peak was first reached (local time)"),
    QT_TRANSLATE_NOOP("SummaryModel", "Mean of the points in the visible range"),
    QT_TRANSLATE_NOOP(
        "SummaryModel",
        "95th percentile as CDNs bill it: the top 5% of points dropped, the highest left",
    ),
)
NO_DATA = QT_TRANSLATE_NOOP("SummaryModel", "no data")


def local_time(timestamp: int) -> str:
    """``14:05``, or with the date (in the locale's order) when not today."""
    when = moment(timestamp)
    if when.date() == QDate.currentDate():
        return format_moment(when, "HH:mm")
    return date_minute(timestamp)


class SummaryModel(ColumnsModel):
    context = "SummaryModel"
    columns = COLUMNS
    tooltips = TOOLTIPS

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[SeriesKey, Summary | None]] = []

    def set_summary(self, key: SeriesKey, summary: Summary | None) -> None:
        for row, (existing, _) in enumerate(self.rows):
            if existing == key:
                self.rows[row] = (key, summary)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append((key, summary))
        self.endInsertRows()

    def remove(self, key: SeriesKey) -> None:
        for row, (existing, _) in enumerate(self.rows):
            if existing == key:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
                return

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, summary = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return key[2]
        if column == 1:
            return source_title(key[0], key[1])
        if summary is None:
            return self.translate(NO_DATA) if column == 2 else ""
        return (
            format_bps(summary.latest),
            format_bps(summary.peak),
            local_time(summary.peak_time),
            format_bps(summary.average),
            format_bps(summary.p95),
        )[column - 2]


class SummaryTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summaries = SummaryModel()
        self.setModel(self.summaries)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
