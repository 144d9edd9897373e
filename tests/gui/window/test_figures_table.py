"""The figures table at scale: sorted by a click on a header, by the numbers, staying sorted
(and the selection on its domain) as answers update the rows, answers applied in batches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from pytestqt.qtbot import QtBot

from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.window.summary import SummaryTable
from cdnmon.live.keys import SeriesKey
from cdnmon.model import Summary

P95, PEAK, DOMAIN = 6, 3, 0


def figures(p95: float, latest: float = 1e6) -> Summary:
    return Summary(latest, 0, p95 * 2, 0, p95 / 2, p95, 60)


def shown_table(qtbot: QtBot) -> SummaryTable:
    table = SummaryTable()
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    return table


def domains(table: SummaryTable) -> list[str]:
    model = table.summaries
    return [model.index(row, DOMAIN).data() for row in range(model.rowCount())]


def click_header(qtbot: QtBot, table: SummaryTable, section: int) -> None:
    header = table.horizontalHeader()
    middle = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    where = QPoint(middle, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)


def key(name: str, account: str = "shop") -> SeriesKey:
    return ("aliyun", account, name)


def test_one_click_sorts_by_p95_biggest_first_as_numbers(qtbot: QtBot) -> None:
    table = shown_table(qtbot)
    model = table.summaries
    # As text "9 Mbps" > "800 kbps" > "12 Mbps" > "1.5 Gbps": the numbers say otherwise.
    values = {"a.com": 9e6, "b.com": 800e3, "c.com": 12e6, "d.com": 1.5e9, "e.com": 12e6}
    for name, p95 in values.items():
        model.set_summary(key(name), figures(p95))
    model.set_summary(key("nodata.com"), None)
    model.flush()
    assert domains(table) == ["a.com", "b.com", "c.com", "d.com", "e.com", "nodata.com"]

    click_header(qtbot, table, P95)
    assert table.horizontalHeader().sortIndicatorSection() == P95
    # Biggest first; equal figures in domain order; a domain without data last.
    assert domains(table) == ["d.com", "c.com", "e.com", "a.com", "b.com", "nodata.com"]
    assert model.index(0, P95).data() == "1.5 Gbps"
    click_header(qtbot, table, P95)
    assert domains(table) == ["b.com", "a.com", "c.com", "e.com", "d.com", "nodata.com"]
    assert table.sort_state() == ("p95", "ascending")


def test_the_order_and_the_selection_hold_across_updates(qtbot: QtBot) -> None:
    table = shown_table(qtbot)
    model = table.summaries
    names = [f"site{n:04d}.example.com" for n in range(2000)]
    for n, name in enumerate(names):
        model.set_summary(key(name), figures(float((n * 7919) % 2000) * 1e6))
    model.flush()
    table.sortByColumn(P95, Qt.SortOrder.DescendingOrder)
    chosen = names[1234]
    table.selectionModel().setCurrentIndex(
        model.index(domains(table).index(chosen), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )

    inserted, removed, reset, layouts, changed = [], [], [], [], []
    model.rowsInserted.connect(lambda *a: inserted.append(a))
    model.rowsRemoved.connect(lambda *a: removed.append(a))
    model.modelReset.connect(lambda: reset.append(1))
    model.layoutChanged.connect(lambda *a: layouts.append(a))
    model.dataChanged.connect(lambda *a: changed.append(a))
    # A refresh cycle: every domain answers, one by one; some figures change, many tie.
    for n, name in enumerate(names):
        model.set_summary(key(name), figures(float((n * 104729) % 50) * 1e6))
    assert changed == [] and layouts == []  # gathered, not applied per answer
    qtbot.waitUntil(lambda: bool(changed), timeout=2000)  # the timer applies them
    assert (len(changed), len(layouts), inserted, removed, reset) == (1, 1, [], [], [])

    rows = [model.rows[row] for row in range(model.rowCount())]
    expected = sorted(rows, key=lambda r: (-r[1].p95, r[0][2]))
    assert [r[0] for r in rows] == [r[0] for r in expected]
    selected = table.selectionModel().selectedRows()
    assert [index.data() for index in selected] == [chosen]
    assert table.currentIndex().data() == chosen

    # A domain unchecked and another new: removed and added in the same gathering.
    model.remove(key(names[0]))
    model.set_summary(key("zzz.example.com"), figures(1e12))
    model.flush()
    assert model.rowCount() == 2000 and domains(table)[0] == "zzz.example.com"
    assert names[0] not in domains(table)
    assert [index.data() for index in table.selectionModel().selectedRows()] == [chosen]


def test_an_answer_for_a_domain_removed_since_is_not_shown(qtbot: QtBot) -> None:
    table = shown_table(qtbot)
    model = table.summaries
    model.set_summary(key("a.com"), figures(1e6))
    model.remove(key("a.com"))
    model.flush()
    assert model.rowCount() == 0


def test_the_sort_is_remembered_in_the_settings(qtbot: QtBot, tmp_path: Path) -> None:
    table = shown_table(qtbot)
    click_header(qtbot, table, PEAK)
    settings = WindowSettings(tmp_path / "window.ini")
    settings.figures_sort = table.sort_state()
    settings.sync()
    again = shown_table(qtbot)
    again.sort_by(*WindowSettings(tmp_path / "window.ini").figures_sort)
    assert again.horizontalHeader().sortIndicatorSection() == PEAK
    assert again.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    again.sort_by("no-such-column", "sideways")  # an edited file: by domain, A to Z
    assert again.sort_state() == ("domain", "ascending")
