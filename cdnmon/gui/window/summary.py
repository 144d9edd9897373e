"""Per-domain figures over the visible range: latest, peak and when, average, billing P95.

Made for hundreds or thousands of domains: answers are gathered and applied together (one
batch of model signals every ``FLUSH_MS``, not one per answer), and the rows are sorted by
the column a person clicked, by its number, staying sorted as figures change. The selected
row follows its domain when the order changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cdnmon.gui.labels import source_title
from cdnmon.gui.locale_format import date_minute, format_bps, format_moment, moment, percent
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
    QT_TRANSLATE_NOOP("SummaryModel", "Offload"),
    QT_TRANSLATE_NOOP("SummaryModel", "Lowest offload"),
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
    QT_TRANSLATE_NOOP(
        "SummaryModel",
        "Share of what users were served that came from the CDN's cache, 1 - origin / edge, "
        "at the newest settled minute (shown with Edge on the toolbar, Ctrl+Shift+O)",
    ),
    QT_TRANSLATE_NOOP(
        "SummaryModel",
        "The lowest offload in the visible range: a cache that stopped working shows here",
    ),
)
NO_DATA = QT_TRANSLATE_NOOP("SummaryModel", "no data")


def local_time(timestamp: int) -> str:
    """``14:05``, or with the date (in the locale's order) when not today."""
    when = moment(timestamp)
    if when.date() == QDate.currentDate():
        return format_moment(when, "HH:mm")
    return date_minute(timestamp)


# Settings name the columns in English words, not by position.
SORT_NAMES = (
    "domain", "account", "latest", "peak", "peak_at", "average", "p95", "offload",
    "lowest_offload",
)  # fmt: skip
FIGURE_FIELDS = ("latest", "peak", "peak_time", "average", "p95")  # columns 2 on
OFFLOAD_COLUMNS = (7, 8)  # figures of the offload, not of the origin: lowest first
CELL_PADDING = 16  # pixels beside a cell's text: the item view's margins, with room
WIDE_MOMENT = 1_798_502_340  # 2026-12-28 23:59 UTC: a "Peak at" as wide as any
FLUSH_MS = 100  # answers this close together become one update of the table
ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
Row = tuple[SeriesKey, Summary | None]


class SummaryModel(ColumnsModel):
    """The figures, one row per domain, in the chosen order.

    ``set_summary`` and ``remove`` are gathered and applied by ``flush`` (on a timer, or
    called directly when the table must be current now).
    """

    context = "SummaryModel"
    columns = COLUMNS
    tooltips = TOOLTIPS

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self._row_of: dict[SeriesKey, int] = {}
        self._pending: dict[SeriesKey, Summary | None] = {}
        self._gone: set[SeriesKey] = set()
        self.sort_column = 0
        self.sort_order = ASCENDING
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)

    # ---- changes, gathered ----------------------------------------------------------

    def set_summary(self, key: SeriesKey, summary: Summary | None) -> None:
        self._pending[key] = summary
        self._gone.discard(key)
        self._soon()

    def remove(self, key: SeriesKey) -> None:
        self._pending.pop(key, None)
        if key in self._row_of:
            self._gone.add(key)
            self._soon()

    def _soon(self) -> None:
        if not self._timer.isActive():  # not restarted: a steady stream still shows
            self._timer.start()

    def flush(self) -> None:
        """Apply what arrived since the last flush: removals, updates in place, new rows,
        then one re-sort."""
        self._timer.stop()
        pending, gone = self._pending, self._gone
        self._pending, self._gone = {}, set()
        self._remove_rows(gone)
        changed = [self._row_of[key] for key in pending if key in self._row_of]
        for row in changed:
            key = self.rows[row][0]
            self.rows[row] = (key, pending.pop(key))
        if pending:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(pending) - 1)
            self.rows.extend(pending.items())
            self._index_rows()
            self.endInsertRows()
        # In place, the span of the rows changed (a view redraws only what of it shows: an
        # answer for a domain off screen paints nothing); in a new order, every row.
        resorted = self._resort()
        if changed:
            first, last = (0, len(self.rows) - 1) if resorted else (min(changed), max(changed))
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _remove_rows(self, gone: set[SeriesKey]) -> None:
        rows = sorted((self._row_of[key] for key in gone if key in self._row_of), reverse=True)
        while rows:  # each run of neighbouring rows in one signal, from the bottom up
            last = first = rows.pop(0)
            while rows and rows[0] == first - 1:
                first = rows.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self.rows[first : last + 1]
            self.endRemoveRows()
        if gone:
            self._index_rows()

    def _index_rows(self) -> None:
        self._row_of = {key: row for row, (key, _) in enumerate(self.rows)}

    # ---- order ----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = ASCENDING) -> None:
        """By this column (figures by their numbers); rows without data stay last."""
        if 0 <= column < len(COLUMNS):
            self.sort_column, self.sort_order = column, order
            self._resort()

    def _resort(self) -> bool:
        """Put the rows in the sort's order; whether that changed it (and told the views)."""
        ordered = self._ordered()
        if [key for key, _ in ordered] == [key for key, _ in self.rows]:
            return False
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        keys = [self.rows[index.row()][0] for index in before]
        self.rows = ordered
        self._index_rows()
        after = [
            self.index(self._row_of[key], index.column())
            for index, key in zip(before, keys, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
        return True

    def _ordered(self) -> list[Row]:
        # Ties (and rows without data) keep the domain order, so equal figures do not swap
        # places from one refresh to the next; Python's sort is stable, reversed too.
        rows = sorted(self.rows, key=lambda row: (row[0][2], row[0][:2]))
        descending = self.sort_order == DESCENDING
        if self.sort_column == 1:
            rows.sort(key=lambda row: source_title(row[0][0], row[0][1]), reverse=descending)
        elif self.sort_column == 0:
            if descending:
                rows.reverse()
        elif self.sort_column in OFFLOAD_COLUMNS:
            field = "latest" if self.sort_column == OFFLOAD_COLUMNS[0] else "lowest"
            known = [row for row in rows if row[1] is not None and row[1].offload is not None]
            known.sort(key=lambda row: getattr(row[1].offload, field), reverse=descending)
            rows = known + [row for row in rows if row[1] is None or row[1].offload is None]
        else:
            figure = _figure(FIGURE_FIELDS[self.sort_column - 2])
            known = [row for row in rows if row[1] is not None]
            known.sort(key=figure, reverse=descending)
            rows = known + [row for row in rows if row[1] is None]
        return rows

    # ---- cells ----------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        # A figure's first click sorts the biggest first: "which domain pulls most"; an
        # offload's the lowest first: "whose cache is failing".
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            biggest = self.first_figure_column <= section < OFFLOAD_COLUMNS[0]
            return DESCENDING if biggest else ASCENDING
        return super().headerData(section, orientation, role)

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
        if column in OFFLOAD_COLUMNS:
            offload = summary.offload
            if offload is None:
                return ""
            return percent(offload.latest if column == OFFLOAD_COLUMNS[0] else offload.lowest)
        return (
            format_bps(summary.latest),
            format_bps(summary.peak),
            local_time(summary.peak_time),
            format_bps(summary.average),
            format_bps(summary.p95),
        )[column - 2]


def _figure(field: str) -> Callable[[Row], float]:
    return lambda row: getattr(row[1], field)


class SummaryTable(QTableView):
    """The figures; a click on a header sorts by it, a second click the other way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summaries = SummaryModel()
        self.setModel(self.summaries)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        # Thousands of rows: every row the same height, and the account column measured on
        # the rows on screen only (by default Qt measures 1,000 rows on every change).
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(0, ASCENDING)
        self.setSortingEnabled(True)
        self._fit_figure_columns()
        self.show_offload(False)

    def _fit_figure_columns(self) -> None:
        """Each figure column as wide as its title or the widest figure it can show, set
        once (the user may widen it): measured at every answer they cost the window more
        than the answer, and jumped about as the numbers changed width."""
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        widest = {
            "bps": [format_bps(888 * 1000.0**power) for power in range(5)],
            "time": [date_minute(WIDE_MOMENT)],
            "percent": [percent(1.0)],
        }
        for column in range(2, len(COLUMNS)):
            kind = "time" if column == 4 else "percent" if column in OFFLOAD_COLUMNS else "bps"
            texts = widest[kind] + ([self.summaries.translate(NO_DATA)] if column == 2 else [])
            cell = max(metrics.horizontalAdvance(text) for text in texts) + CELL_PADDING
            header.resizeSection(column, max(cell, header.sectionSizeHint(column)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_figure_columns()

    def show_offload(self, shown: bool) -> None:
        """The offload columns, shown while edge bandwidth is fetched beside the origin."""
        for column in OFFLOAD_COLUMNS:
            self.setColumnHidden(column, not shown)

    def sort_state(self) -> tuple[str, str]:
        """The order shown, in words a settings file keeps: ``("p95", "descending")``."""
        model = self.summaries
        order = "descending" if model.sort_order == DESCENDING else "ascending"
        return SORT_NAMES[model.sort_column], order

    def sort_by(self, column: str, order: str) -> None:
        """Sort as ``sort_state`` said (an unknown column: by domain)."""
        section = SORT_NAMES.index(column) if column in SORT_NAMES else 0
        self.sortByColumn(section, DESCENDING if order == "descending" else ASCENDING)
