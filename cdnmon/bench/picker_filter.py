"""The domain picker and the figures table at thousands of domains.

Picker: the time from a key pressed in the filter to the list drawn again, for every
keystroke of typing some filters and deleting them again (the last deletion shows every
domain again, the costliest); the window's very first keystroke is printed apart. Also the
time to load the domains into the picker, and for "Select all" in a filter and unfiltered.
The baseline is the same picker with a tenth of the domains, measured in the same run; the
target is an absolute one (a keystroke under 50 ms).

Figures table: one flush of an update to every row (what a refresh cycle's answers become)
and a sort by P95, drawn.

    python -m cdnmon.bench.picker_filter [--domains 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cdnmon.emulator.accounts import demo_accounts, spread_domains
from cdnmon.gui.window.picker import DomainPicker
from cdnmon.gui.window.summary import SummaryTable
from cdnmon.model import Summary

# What a person looking for domains types: narrowing, widening, a miss.
QUERIES = ("img1", "static", "video2", "shop", "xyz")


def drawn(app: QApplication, picker: DomainPicker) -> None:
    app.processEvents()
    picker.tree.viewport().repaint()


def timed_ms(work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure_picker(app: QApplication, domains: int, rounds: int) -> dict[str, object]:
    accounts = spread_domains(demo_accounts(), domains)
    picker = DomainPicker()
    picker.resize(320, 900)
    picker.show()
    for account in accounts:
        picker.add_source((account.provider, account.name))
    drawn(app, picker)

    def load() -> None:
        for account in accounts:
            picker.set_domains((account.provider, account.name), account.domains)
        drawn(app, picker)

    load_ms = timed_ms(load)
    picker.filter.setFocus()
    # The window's first keystroke also pays Qt's one-time costs (the line edit's first
    # layout, glyphs drawn the first time): said apart, not in the median and worst.
    first_ms = timed_ms(lambda: type_key(app, picker, "a"))
    type_key(app, picker, Qt.Key.Key_Backspace)
    keystrokes: list[float] = []
    for _ in range(rounds):
        for query in QUERIES:
            for letter in query:
                keystrokes.append(timed_ms(lambda c=letter: type_key(app, picker, c)))
            for _ in query:
                keystrokes.append(timed_ms(lambda: type_key(app, picker, Qt.Key.Key_Backspace)))
    signals: list[object] = []
    picker.selection_changed.connect(signals.append)
    picker.filter.setText("img")
    drawn(app, picker)
    select_ms = timed_ms(lambda: (picker._check_visible(True), drawn(app, picker)))
    picker.filter.clear()
    drawn(app, picker)
    select_all_ms = timed_ms(lambda: (picker._check_visible(True), drawn(app, picker)))
    picker.close()
    return {
        "load": load_ms,
        "first": first_ms,
        "median": statistics.median(keystrokes),
        "worst": max(keystrokes),
        "count": len(keystrokes),
        "select in filter": select_ms,
        "select all": select_all_ms,
        "signals": len(signals),
    }


def type_key(app: QApplication, picker: DomainPicker, key: str | Qt.Key) -> None:
    QTest.keyClick(picker.filter, key)
    drawn(app, picker)


def measure_table(app: QApplication, domains: int) -> dict[str, float]:
    table = SummaryTable()
    table.resize(1000, 400)
    table.show()
    model = table.summaries
    keys = [(a.provider, a.name, d.name) for a in demo_accounts() for d in a.domains]
    keys = [(*a[:2], f"site{i}.{a[2]}") for i in range(domains // len(keys) + 1) for a in keys]
    keys = keys[:domains]

    def answers(cycle: int) -> None:
        for n, key in enumerate(keys):
            value = float((n * 7919 + cycle * 104729) % 1_000_003) * 1e3
            model.set_summary(key, Summary(value, 0, value * 2, 0, value, value * 1.5, 60))

    def flushed() -> None:
        model.flush()
        app.processEvents()
        table.viewport().repaint()

    answers(0)
    first_ms = timed_ms(flushed)
    table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    flushed()
    updates = []
    for cycle in range(1, 6):
        answers(cycle)
        updates.append(timed_ms(flushed))
    sort_ms = timed_ms(lambda: (table.sortByColumn(3, Qt.SortOrder.DescendingOrder), flushed()))
    table.close()
    return {"first": first_ms, "update": statistics.median(updates), "sort": sort_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    small = max(len(demo_accounts()), args.domains // 10)
    base = measure_picker(app, small, args.rounds)
    big = measure_picker(app, args.domains, args.rounds)
    table = measure_table(app, args.domains)
    for name, size, found in (("baseline: picker", small, base), ("picker", args.domains, big)):
        print(
            f"{name}, {size:,} domains  keystroke median {found['median']:.1f} ms  "
            f"worst {found['worst']:.1f} ms  ({found['count']} keystrokes; the very first "
            f"{found['first']:.1f} ms)  "
            f"load {found['load']:.0f} ms  select all in a filter "
            f"{found['select in filter']:.1f} ms  select all {found['select all']:.1f} ms  "
            f"({found['signals']} selection signals for those 2 clicks)"
        )
    ratio = float(big["median"]) / max(float(base["median"]), 1e-9)  # type: ignore[arg-type]
    print(f"keystroke median, {args.domains:,} vs {small:,} domains  {ratio:.2f}x")
    print(
        f"figures table, {args.domains:,} rows  first fill {table['first']:.0f} ms  "
        f"update of every row median {table['update']:.0f} ms  sort by peak {table['sort']:.0f} ms"
    )


if __name__ == "__main__":
    main()
