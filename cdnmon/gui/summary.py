"""Per-domain figures over the visible range: latest, peak and when, average, billing P95."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cdnmon.model import Summary, format_bps
from cdnmon.providers.errors import PROVIDER_TITLES

from .monitor import SeriesKey
from .table_model import ColumnsModel, Index

COLUMNS = ("Domain", "Account", "Latest", "Peak", "Peak at", "Average", "P95")
TOOLTIPS = (
    "The CDN domain",
    "Provider and account",
    "The newest settled point (the provider's last few minutes are still partial)",
    "The highest point in the visible range",
    "When the peak was first reached (local time)",
    "Mean of the points in the visible range",
    "95th percentile as CDNs bill it: the top 5% of points dropped, the highest left",
)


def local_time(timestamp: int) -> str:
    """``14:05``, or ``11-20 14:05`` when not today."""
    moment = time.localtime(timestamp)
    today = time.localtime().tm_yday == moment.tm_yday
    return time.strftime("%H:%M" if today else "%m-%d %H:%M", moment)


class SummaryModel(ColumnsModel):
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
            return f"{PROVIDER_TITLES.get(key[0], key[0])} · {key[1]}"
        if summary is None:
            return "no data" if column == 2 else ""
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
