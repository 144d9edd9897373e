"""The month report dialog against a real history store: the table, coverage, the empty
month, worker errors shown inline, Copy as CSV and the keyboard. Nothing sleeps."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from cdnmon.gui.dialogs.report import ReportDialog
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.month_report import month_report
from cdnmon.history.report_file import write
from cdnmon.history.store import HistoryStore
from cdnmon.model import DAY, MINUTE, Series, TimeRange, format_bps
from cdnmon.providers.errors import PROVIDER_TITLES

NOW = int(datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp())
NOVEMBER = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
FIVE = 5 * MINUTE
# shop (Alibaba Cloud): 5-minute points for all of November so far; prod (UCloud): 1-minute
# points for three days only, so its coverage is low.
SHOP_SPAN = TimeRange(NOVEMBER, NOW)
PROD_SPAN = TimeRange(NOVEMBER + 2 * DAY, NOVEMBER + 5 * DAY)
DOMAINS = {
    ("aliyun", "shop"): ("www.shop.example.com", "img.shop.example.com"),
    ("ucloud", "prod"): ("api.prod.example.net", "static.prod.example.net"),
}
SHOP_PEAK = 7.5e9  # www.shop at one known 5-minute point
SHOP_PEAK_TIME = NOVEMBER + 9 * DAY + 3600


def fill(store: HistoryStore) -> None:
    rng = np.random.default_rng(7)
    for (provider, account), domains in DOMAINS.items():
        span, interval = (SHOP_SPAN, FIVE) if account == "shop" else (PROD_SPAN, MINUTE)
        for domain in domains:
            times = range(span.start, span.end, interval)
            values = rng.lognormal(np.log(4e8), 0.5, len(times))
            points = dict(zip(times, values.tolist(), strict=True))
            if domain == "www.shop.example.com":
                points[SHOP_PEAK_TIME] = SHOP_PEAK
            series = Series.from_points(provider, account, domain, interval, points.items())
            store.save(series, span, None)


@pytest.fixture
def november(store: HistoryStore) -> HistoryStore:
    """The test's history file with November 2026 so far, as ``fill`` writes it."""
    fill(store)
    return store


def open_dialog(qtbot, store: HistoryStore, pool: WorkerPool) -> ReportDialog:
    dialog = ReportDialog(store, pool, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_computed(qtbot, dialog, pool)
    return dialog


def wait_computed(qtbot, dialog: ReportDialog, pool: WorkerPool) -> None:
    qtbot.waitUntil(lambda: not dialog.computing and pool.in_flight == 0)


def shown(dialog: ReportDialog, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> list:
    model = dialog.table.model()
    return [
        [model.data(model.index(r, c), role) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def expected_order(store: HistoryStore) -> list:
    """month_report's rows as the table should order them: account, total first, domain."""
    rows = month_report(store, "2026-11", NOW)
    by_account: dict[tuple[str, str], list] = {}
    for row in rows:
        by_account.setdefault((row.provider, row.account), []).append(row)
    ordered = []
    for key in sorted(by_account, key=lambda k: f"{PROVIDER_TITLES[k[0]]} · {k[1]}"):
        group = by_account[key]
        ordered += [r for r in group if r.is_total] + sorted(
            (r for r in group if not r.is_total), key=lambda r: r.domain
        )
    return ordered


def test_table_rows_are_the_month_report_formatted_with_totals_first(
    qtbot, november: HistoryStore, pool: WorkerPool
) -> None:
    dialog = open_dialog(qtbot, november, pool)
    assert dialog.month == "2026-11"
    months = [dialog.month_combo.itemText(i) for i in range(dialog.month_combo.count())]
    assert len(months) == 13 and months[:2] == ["2026-11", "2026-10"] and months[-1] == "2025-11"

    want = [
        [
            f"{PROVIDER_TITLES[r.provider]} · {r.account}",
            "all domains" if r.is_total else r.domain,
            format_bps(r.peak_bps),
            time.strftime("%m-%d %H:%M", time.localtime(r.peak_time)),
            format_bps(r.average_bps),
            format_bps(r.p95_bps),
            f"{int(r.coverage * 100)}%",
            "—",  # no edge stored beside: no edge P95 and no offload
            "—",
        ]
        for r in expected_order(november)
    ]
    table = shown(dialog)
    assert table == want
    assert [row[:2] for row in table] == [
        ["Alibaba Cloud · shop", "all domains"],
        ["Alibaba Cloud · shop", "img.shop.example.com"],
        ["Alibaba Cloud · shop", "www.shop.example.com"],
        ["UCloud · prod", "all domains"],
        ["UCloud · prod", "api.prod.example.net"],
        ["UCloud · prod", "static.prod.example.net"],
    ]
    www = table[2]
    assert www[2] == format_bps(SHOP_PEAK) == "7.5 Gbps"
    assert www[3] == time.strftime("%m-%d %H:%M", time.localtime(SHOP_PEAK_TIME))

    fonts = shown(dialog, Qt.ItemDataRole.FontRole)
    bold = [isinstance(row[1], QFont) and row[1].bold() for row in fonts]
    assert bold == [True, False, False, True, False, False]
    assert pool.in_flight == 0


def test_coverage_column_warns_below_90_percent_and_explains_itself(
    qtbot, november: HistoryStore, pool: WorkerPool
) -> None:
    dialog = open_dialog(qtbot, november, pool)
    coverage = [row[6] for row in shown(dialog)]
    # shop: all of Nov 1 00:00 .. Nov 20 12:00; prod: 3 of those 19.5 days = 15.4%.
    assert coverage == ["100%", "100%", "100%", "15%", "15%", "15%"]
    colours = [row[6] for row in shown(dialog, Qt.ItemDataRole.ForegroundRole)]
    assert colours[3] != QApplication.palette().color(QPalette.ColorRole.Text)
    assert colours[:3] == [None, None, None]
    assert all(colour is not None for colour in colours[3:])
    tips = [row[6] for row in shown(dialog, Qt.ItemDataRole.ToolTipRole)]
    assert "share of the month so far for which history exists" in tips[3]
    assert "15.4% of 2026-11" in tips[3] and "uncertain" in tips[3]

    model = dialog.table.model()
    header_tips = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        for c in range(model.columnCount())
    ]
    assert all(header_tips)
    assert "what most CDN bills charge on" in header_tips[5]
    assert "top 5%" in header_tips[5]


def test_a_month_without_history_says_how_to_collect_some(
    qtbot, november: HistoryStore, pool: WorkerPool
) -> None:
    dialog = open_dialog(qtbot, november, pool)
    dialog.month_combo.setCurrentText("2026-10")
    wait_computed(qtbot, dialog, pool)
    assert dialog.pages.currentWidget() is dialog.message
    assert dialog.message.text() == (
        "No history for 2026-10 yet: keep cdnmon open on some domains, or run "
        "`cdnmon fetch --store`."
    )
    assert dialog.table.model().rowCount() == 0
    assert not dialog.copy_button.isEnabled()

    dialog.month_combo.setCurrentText("2026-11")  # back to a month with data
    wait_computed(qtbot, dialog, pool)
    assert dialog.pages.currentWidget() is dialog.table
    assert dialog.table.model().rowCount() == 6


def test_an_empty_store_shows_the_message(qtbot, tmp_path: Path, pool: WorkerPool) -> None:
    with HistoryStore(tmp_path / "empty.sqlite3") as empty:
        dialog = open_dialog(qtbot, empty, pool)
        assert dialog.message.text().startswith("No history for 2026-11 yet")
        assert dialog.message.isVisible()


def test_a_failing_store_is_reported_inline(
    qtbot, november: HistoryStore, pool: WorkerPool
) -> None:
    november.close()
    dialog = open_dialog(qtbot, november, pool)
    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        "Could not compute the 2026-11 report: the history store is closed"
    )
    assert "Traceback" not in dialog.message.text()
    assert QApplication.activeModalWidget() is None
    assert not dialog.busy.isVisible()
    assert dialog.refresh_button.isEnabled()
    assert not dialog.copy_button.isEnabled()


def test_a_vanished_store_file_is_reported_inline(qtbot, tmp_path: Path, pool: WorkerPool) -> None:
    """The worker thread opens its own connection: on a deleted file, SQLite starts an empty
    one and the query fails; the dialog names the failure without a traceback."""
    path = tmp_path / "gone.sqlite3"
    gone = HistoryStore(path)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    try:
        dialog = open_dialog(qtbot, gone, pool)
        text = dialog.message.text()
        assert dialog.message.isVisible()
        assert text.startswith("Could not compute the 2026-11 report (OperationalError")
        assert "Traceback" not in text
    finally:
        gone.close()


def test_copy_as_csv_puts_the_cli_columns_on_the_clipboard(
    qtbot, november: HistoryStore, pool: WorkerPool
) -> None:
    dialog = open_dialog(qtbot, november, pool)
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    out = io.StringIO()
    write(expected_order(november), "csv", out)
    assert text == out.getvalue()
    lines = text.splitlines()
    assert lines[0] == (
        "provider,account,domain,points,peak_bps,peak_time,average_bps,p95_bps,coverage,"
        "edge_p95_bps,offload"
    )
    assert len(lines) == 7
    assert lines[1].startswith("aliyun,shop,*,")
    assert "password" not in text.lower() and "secret" not in text.lower()
    assert dialog.status.text() == "Copied 6 rows as CSV"


def test_f5_refreshes_and_escape_closes(qtbot, november: HistoryStore, pool: WorkerPool) -> None:
    dialog = open_dialog(qtbot, november, pool)
    span = TimeRange(NOVEMBER, NOVEMBER + DAY)
    november.save(Series.from_points("aliyun", "blog", "blog.example.org", FIVE, []), span, None)
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert dialog.computing
    wait_computed(qtbot, dialog, pool)
    accounts = [row[0] for row in shown(dialog)]
    assert "Alibaba Cloud · blog" in accounts
    blog = shown(dialog)[accounts.index("Alibaba Cloud · blog") + 1]
    assert blog[1:] == ["blog.example.org", "—", "—", "—", "—", "5%", "—", "—"]

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_newer_request_wins_over_a_slower_older_one(
    qtbot, november: HistoryStore, pool: WorkerPool
) -> None:
    dialog = open_dialog(qtbot, november, pool)
    dialog.month_combo.setCurrentText("2026-10")  # starts a report for October...
    dialog.month_combo.setCurrentText("2026-11")  # ...immediately superseded
    assert dialog.status.text() == "Computing…"
    wait_computed(qtbot, dialog, pool)
    assert dialog.table.model().rowCount() == 6
    assert dialog.pages.currentWidget() is dialog.table
    assert dialog.status.text().startswith("2026-11-01 00:00 to 2026-11-20 12:00 UTC")
