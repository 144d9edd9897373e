"""The month's billing figures from the history store: peak, average and billing P95 per
domain and per account, with how much of the month the history covers.

``cdnmon.history.month_report.month_report`` reads SQLite, so it runs on the worker pool;
the dialog shows
"Computing…", then the table, an empty-month message or the error, all inline.
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cdnmon.gui.error_text import explain
from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import source_title
from cdnmon.gui.locale_format import date_minute, format_bps, percent
from cdnmon.gui.table_model import ColumnsModel, Index
from cdnmon.gui.workers import Worker, WorkerPool
from cdnmon.history.month_report import ReportRow, month_report, month_span
from cdnmon.history.report_file import write as write_report
from cdnmon.history.store import HistoryStore, StoreError
from cdnmon.model import InputError

# pyside6-lupdate finds strings only in calls with a literal context.
translate = QCoreApplication.translate

MONTHS_SHOWN = 13
LOW_COVERAGE = 0.9  # below this the month's P95 is uncertain
NO_VALUE = "—"
ERROR_COLOR = "#d64545"
WARNING_ON_LIGHT = "#b35900"
WARNING_ON_DARK = "#e3b341"
COVERAGE_TIP = QT_TRANSLATE_NOOP(
    "ReportModel",
    "The share of the month so far for which history exists (for an account's total: "
    "when every domain was fetched). Below 90% the P95 is uncertain.",
)
COLUMNS = (
    QT_TRANSLATE_NOOP("ReportModel", "Account"),
    QT_TRANSLATE_NOOP("ReportModel", "Domain"),
    QT_TRANSLATE_NOOP("ReportModel", "Peak"),
    QT_TRANSLATE_NOOP("ReportModel", "Peak at"),
    QT_TRANSLATE_NOOP("ReportModel", "Average"),
    QT_TRANSLATE_NOOP("ReportModel", "P95"),
    QT_TRANSLATE_NOOP("ReportModel", "Coverage"),
    QT_TRANSLATE_NOOP("ReportModel", "Edge P95"),
    QT_TRANSLATE_NOOP("ReportModel", "Offload"),
)
TOOLTIPS = (
    QT_TRANSLATE_NOOP("ReportModel", "Provider and account"),
    QT_TRANSLATE_NOOP(
        "ReportModel",
        "The CDN domain; 'all domains' is the account's total, its domains summed per 5 minutes",
    ),
    QT_TRANSLATE_NOOP("ReportModel", "The highest 5-minute point of the month so far"),
    QT_TRANSLATE_NOOP("ReportModel", "When the peak was first reached (local time, %1)"),
    QT_TRANSLATE_NOOP("ReportModel", "Mean of the month's 5-minute points"),
    QT_TRANSLATE_NOOP(
        "ReportModel",
        "Billing 95th percentile, what most CDN bills charge on: the top 5% of the month's "
        "5-minute points dropped, the highest left",
    ),
    COVERAGE_TIP,
    QT_TRANSLATE_NOOP(
        "ReportModel",
        "Billing 95th percentile of the edge bandwidth, what users were served (only where "
        "edge was fetched: shown with Edge in the window, or collected with edge = true)",
    ),
    QT_TRANSLATE_NOOP(
        "ReportModel",
        "The month's offload, 1 - origin / edge over the traffic: the share of what users "
        "were served that never reached the origin",
    ),
)


def account_label(row: ReportRow) -> str:
    """``Alibaba Cloud · shop``."""
    return source_title(row.provider, row.account)


def table_order(rows: Sequence[ReportRow]) -> list[ReportRow]:
    """By account as shown, each account's total first, then its domains."""
    return sorted(
        rows, key=lambda r: (account_label(r).casefold(), r.provider, not r.is_total, r.domain)
    )


def peak_at(timestamp: int | None) -> str:
    """``11-20 14:05`` in local time (the month and day in the locale's order)."""
    if timestamp is None:
        return NO_VALUE
    return date_minute(timestamp)


def utc_minute(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M")


def bps(value: float | None) -> str:
    return NO_VALUE if value is None else format_bps(value)


def coverage_text(fraction: float) -> str:
    """Whole percent, rounded down: "100%" only when nothing is missing, and a share below
    90% never reads as 90%."""
    if 0 < fraction < 0.01:
        return "<1%"  # some history, just not much: "0%" would read as none
    return f"{math.floor(fraction * 100 + 1e-9):d}%"


def cells(row: ReportRow) -> tuple[str, ...]:
    """The row as the table shows it, column by column."""
    return (
        account_label(row),
        translate("ReportModel", "all domains") if row.is_total else row.domain,
        bps(row.peak_bps),
        peak_at(row.peak_time),
        bps(row.average_bps),
        bps(row.p95_bps),
        coverage_text(row.coverage),
        bps(row.edge_p95_bps),
        NO_VALUE if row.offload is None else percent(row.offload),
    )


def report_csv(rows: Sequence[ReportRow]) -> str:
    """The rows as ``cdnmon report --format csv`` writes them."""
    out = io.StringIO()
    write_report(rows, "csv", out)
    return out.getvalue()


def recent_months(now: float, count: int = MONTHS_SHOWN) -> list[str]:
    """``["2026-11", "2026-10", …]``: this UTC month first."""
    moment = datetime.fromtimestamp(now, UTC)
    index = moment.year * 12 + moment.month - 1
    return [f"{(index - n) // 12:04d}-{(index - n) % 12 + 1:02d}" for n in range(count)]


def message_for(error: BaseException, month: str) -> str:
    """One line for the dialog; the store's own errors already say what to do."""
    if isinstance(error, (StoreError, InputError)):
        text = translate("ReportDialog", "Could not compute the %1 report: %2")
        return arg(text, month, explain(error))
    text = translate("ReportDialog", "Could not compute the %1 report (%2: %3)")
    return arg(text, month, type(error).__name__, error)


def _warning_colour() -> QColor:
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    return QColor(WARNING_ON_DARK if base.lightness() < 128 else WARNING_ON_LIGHT)


class ReportModel(ColumnsModel):
    context = "ReportModel"
    columns = COLUMNS
    tooltips = TOOLTIPS

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReportRow] = []
        self.month = ""
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[ReportRow], month: str) -> None:
        self.beginResetModel()
        self.rows = table_order(rows)
        self.month = month
        self.endResetModel()

    def header_tooltip(self, section: int) -> str:
        return arg(self.translate(TOOLTIPS[section]), time.strftime("%Z"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cells(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == Qt.ItemDataRole.FontRole and row.is_total:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 6 and row.coverage < LOW_COVERAGE:
                return _warning_colour()
            if column == 0 and not row.is_total:  # the account is named on its total row
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: ReportRow, column: int) -> str | None:
        if column == 5:
            return self.tr("From %n 5-minute points", "", row.points)
        if column != 6:
            return None
        share = f"{QLocale().toString(row.coverage * 100, 'f', 1)}%"
        covers = arg(self.tr("History covers %1 of %2 so far."), share, self.month)
        text = f"{covers} {self.translate(COVERAGE_TIP)}"
        if row.coverage < LOW_COVERAGE:
            text += " " + self.tr(
                "Fetch the missing days (`cdnmon fetch --store`) for a firm figure."
            )
        return text


class ReportTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = ReportModel()
        self.setModel(self.report)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setStyleSheet(
            "QTableView::item { padding: 0 8px; } QHeaderView::section { padding: 0 8px; }"
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)


class ReportDialog(QDialog):
    """Pick a month; see its peak, average, billing P95 and coverage per domain and account."""

    def __init__(
        self,
        store: HistoryStore,
        pool: WorkerPool,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Month report: origin bandwidth"))
        self._store = store
        self._pool = pool
        self._clock = clock
        self._worker: Worker | None = None
        self._request = 0
        self._build()
        self.resize(960, 540)

    # ---- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.month_combo = QComboBox()
        self.month_combo.addItems(recent_months(self._clock()))
        self.month_combo.setToolTip(self.tr("A calendar month in UTC, as the CDNs bill it"))
        self.month_combo.currentIndexChanged.connect(self.refresh)
        month_label = QLabel(self.tr("&Month"))
        month_label.setBuddy(self.month_combo)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Compute the report again from the history (F5)"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the query gives no progress
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(72, 10)
        self.busy.hide()
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month_combo)
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        top.addWidget(self.busy)
        top.addWidget(self.status, 1)

        self.table = ReportTable()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMargin(24)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.message)

        self.copy_button = QPushButton(self.tr("&Copy as CSV"))
        self.copy_button.setToolTip(
            self.tr(
                "Copy the report to the clipboard, with the columns of "
                "`cdnmon report --format csv` (bit/s, UTC times)"
            )
        )
        self.copy_button.setAutoDefault(False)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_csv)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(self.pages, 1)
        root.addLayout(bottom)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)

    # ---- computing ---------------------------------------------------------------------

    @property
    def month(self) -> str:
        return self.month_combo.currentText()

    @property
    def computing(self) -> bool:
        return self._worker is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # opened (again), not just un-minimised
            self._update_months()
            self.refresh()

    def _update_months(self) -> None:
        """A dialog kept across a month's end offers the new month, and selects it if the
        old current month was selected."""
        months = recent_months(self._clock())
        shown = [self.month_combo.itemText(i) for i in range(self.month_combo.count())]
        if months == shown:
            return
        keep = self.month if self.month_combo.currentIndex() > 0 else months[0]
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        self.month_combo.addItems(months)
        self.month_combo.setCurrentIndex(max(0, self.month_combo.findText(keep)))
        self.month_combo.blockSignals(False)

    def refresh(self) -> None:
        """Compute the chosen month's report on the pool; a newer request wins."""
        if self._worker is not None:
            self._worker.abort()
        self._request += 1
        request, month, store, now = self._request, self.month, self._store, self._clock()

        def job(worker: Worker) -> list[ReportRow]:
            return month_report(store, month, now)

        self._set_status(self.tr("Computing…"), busy=True)
        self._worker = self._pool.start(
            job,
            name=f"report {month}",
            on_result=lambda rows: self._computed(request, month, now, rows),
            on_error=lambda error: self._failed(request, month, error),
        )

    def _computed(self, request: int, month: str, now: float, rows: list[ReportRow]) -> None:
        if request != self._request:
            return
        self._worker = None
        self.table.report.set_rows(rows, month)
        self.copy_button.setEnabled(bool(rows))
        if not rows:
            self._show_message(
                arg(
                    self.tr(
                        "No history for %1 yet: keep cdnmon open on some domains, or run "
                        "`cdnmon fetch --store`."
                    ),
                    month,
                )
            )
            self._set_status("")
            return
        self.pages.setCurrentWidget(self.table)
        span = month_span(month, now)
        start, end = (utc_minute(t) for t in (span.start, span.end))
        domains = sum(not r.is_total for r in rows)
        text = self.tr("%1 to %2 UTC · %n domains · from 5-minute points", "", domains)
        self._set_status(arg(text, start, end))

    def _failed(self, request: int, month: str, error: BaseException) -> None:
        if request != self._request:
            return
        self._worker = None
        self.table.report.set_rows([], month)
        self.copy_button.setEnabled(False)
        self._show_message(message_for(error, month), error=True)
        self._set_status("")

    def done(self, result: int) -> None:
        if self._worker is not None:  # closing: a late answer has nowhere to go
            self._worker.abort()
            self._worker = None
            self._request += 1
            self._set_status("")
        super().done(result)

    # ---- showing -----------------------------------------------------------------------

    def _set_status(self, text: str, *, busy: bool = False) -> None:
        self.status.setText(text)
        self.busy.setVisible(busy)
        self.refresh_button.setEnabled(not busy)
        if busy:
            self.copy_button.setEnabled(False)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOR}" if error else "")
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    def copy_csv(self) -> None:
        rows = self.table.report.rows
        if not rows:
            return
        QApplication.clipboard().setText(report_csv(rows))
        self.status.setText(self.tr("Copied %n rows as CSV", "", len(rows)))
