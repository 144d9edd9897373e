"""The window's cost as domains load and refresh: GUI-thread stalls, time to the first
screenful, CPU per auto-refresh cycle and memory; for one size, or as a table of sizes.

A QTimer asks to tick every 5 ms on the GUI thread; the longest gap between ticks is the
worst freeze a person would feel. Baseline: the same timer over an idle window, measured in
the same run. By default the data comes at the provider's real pace (10 calls/s per
account, enforced by the emulator: about 50 s for 20 domains x 24 h); ``--unpaced`` lifts
both limits so it floods in as fast as the machine allows, a stress case where the worker
threads' Python work competes with the GUI thread for the GIL. ``--history`` starts from a
history file already holding the last 24 h (as every start after the first): loading is
then reading SQLite, and one call per domain for the newest minutes. The emulator runs in
its own process, so its work counts neither as stalls nor as the app's CPU. The window is
1366 x 768 whatever the size, so the same number of charts is on screen.

``--sizes 20 200 2000`` runs each size in a fresh process and prints one table of how the
costs grow, each figure also as a ratio to the smallest size's (the same-run baseline).

    python -m cdnmon.bench.gui_load [--domains 20] [--unpaced] [--history]
    python -m cdnmon.bench.gui_load --sizes 20 200 2000 --unpaced --history
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from cdnmon.bench.store_query import build, domain_names
from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.gui.charts.panel import ChartPanel
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow, series_label
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.live.keys import SeriesKey
from cdnmon.model import DAY, MINUTE
from cdnmon.providers import ratelimit
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.registry import make_client, settled_before

WINDOW_SIZE = (1366, 768)
CHARTS_SIZE = (1070, 560)  # the chart panel's size in that window


def serve(
    account: DemoAccount,
    limit: float | None,
    urls: multiprocessing.Queue,
    stop: multiprocessing.Event,
) -> None:
    with EmulatorServer([account], aliyun_rate_limit=limit) as server:
        urls.put(server.url)
        stop.wait()


class StallMeter:
    """Ticks every 5 ms; records the gaps between ticks while running. The event loop
    sleeps between ticks (as the app's does), so the meter itself costs little CPU."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._loop = QEventLoop()
        self._done: Callable[[], bool] = lambda: True
        self._deadline = 0.0

    def _tick(self) -> None:
        self.gaps.append(self._clock.restart())
        if self._done() or time.monotonic() > self._deadline:
            self._loop.quit()

    def run_until(self, done: Callable[[], bool], limit_s: float, keep: bool = False) -> None:
        """Run the event loop until ``done``; ``keep`` adds to the gaps of the last run."""
        if not keep:
            self.gaps.clear()
        if done():
            return
        self._done, self._deadline = done, time.monotonic() + limit_s
        self._clock.start()
        self._timer.start()
        self._loop.exec()
        self._timer.stop()

    def report(self, label: str) -> str:
        gaps = sorted(self.gaps) or [0.0]
        p99 = gaps[int(len(gaps) * 0.99) - 1] if len(gaps) > 1 else gaps[0]
        return f"{label:<28} worst {gaps[-1]:5.0f} ms  p99 {p99:4.0f} ms  ticks {len(gaps)}"


def memory_mb() -> tuple[float, float]:
    """Resident memory now and at its peak (Linux), MB."""
    status = Path("/proc/self/status").read_text()
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    return int(found.get("VmRSS", 0)) / 1024, int(found.get("VmHWM", 0)) / 1024


def fill_history(path: Path, names: list[str]) -> None:
    """The last 24 h of every domain, settled, as a previous run would have stored them."""
    settled = int(settled_before("aliyun", time.time()))
    with HistoryStore(path) as store:
        build(store, names, settled - settled % MINUTE - DAY, 1)


def charts_alone(
    monitor: Monitor, keys: list[SeriesKey]
) -> tuple[ChartPanel, Callable[[], None], Callable[[], None]]:
    """The chart panel fed by the monitor as the window feeds it, without the window's
    picker, figures table and status bar: the charts' own cost."""
    chart = ChartPanel()
    chart.resize(*CHARTS_SIZE)
    chart.show()
    monitor.series_changed.connect(lambda key, shot: chart.set_series(key, series_label(key), shot))
    monitor.range_changed.connect(lambda shown: chart.set_time_range(shown.start, shown.end))
    monitor.earlier_changed.connect(chart.set_earlier)

    def show() -> None:
        chart.announce({key: series_label(key) for key in keys})
        monitor.set_selection(keys)
        shown = monitor.time_range()
        chart.set_time_range(shown.start, shown.end)

    return chart, show, chart.close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=20)
    parser.add_argument("--refreshes", type=int, default=10)
    parser.add_argument("--unpaced", action="store_true", help="lift the rate limits")
    parser.add_argument("--history", action="store_true", help="start from 24 h of history")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N", help="a table of sizes")
    parser.add_argument(
        "--charts-only", action="store_true", help="the chart panel without the rest of the window"
    )
    args = parser.parse_args()
    if args.sizes:
        compare_sizes(args)
    else:
        measure(args)


def measure(args: argparse.Namespace) -> None:
    app = QApplication.instance() or QApplication([])
    names = domain_names(args.domains)
    domains = tuple(Domain(name, status="online") for name in names)
    account = DemoAccount("aliyun", "bench", "bench-gui-id", "bench-gui-secret", "", domains)
    if args.unpaced:
        ratelimit.set_rate("aliyun", account.key_id, 1000)
    spawn = multiprocessing.get_context("spawn")
    urls, stop = spawn.Queue(), spawn.Event()
    limit = None if args.unpaced else 10.0
    emulator = spawn.Process(target=serve, args=(account, limit, urls, stop), daemon=True)
    emulator.start()
    url = urls.get(timeout=60)
    with tempfile.TemporaryDirectory() as folder:
        store = None
        if args.history:
            fill_history(Path(folder) / "history.sqlite3", names)
            store = HistoryStore(Path(folder) / "history.sqlite3")
        monitor = Monitor(WorkerPool(), store=store)
        client = make_client("aliyun", Credentials(account.key_id, account.secret), "bench", url)
        monitor.add_source(client)
        monitor.span = DAY
        keys = [("aliyun", "bench", name) for name in names]
        if args.charts_only:
            chart, show, close = charts_alone(monitor, keys)
        else:
            window = MainWindow(monitor, WindowSettings(os.path.join(folder, "bench.ini")))
            window.range_box.setCurrentText("24 h")
            monitor.span = DAY  # the window set its own from its (fresh) settings
            window.refresh_box.setCurrentIndex(0)
            window.resize(*WINDOW_SIZE)
            window.show()
            chart, close = window.chart, window.close
            show = lambda: window.show_sources([("aliyun", "bench")], keys)  # noqa: E731
        meter = StallMeter()
        source = monitor.sources[("aliyun", "bench")]
        meter.run_until(lambda: bool(source.domains), 60)  # the domain list, first
        meter.run_until(lambda: False, 2.0)
        idle = meter.report("idle window (baseline)")

        started = time.perf_counter()
        show()
        meter.run_until(chart.screenful_drawn, 300)
        app.processEvents()  # painted
        screenful_s = time.perf_counter() - started
        on_screen = len(chart.grid.shown())

        def loaded() -> bool:
            drawn = set(chart.series_keys()) == set(keys) and not chart.building
            return monitor.in_flight == 0 and drawn

        meter.run_until(loaded, 600, keep=True)
        load_s = time.perf_counter() - started
        points = sum(len(monitor.series(k).points) for k in keys)
        loading = meter.report(f"loading {points} points")
        rss, peak = memory_mb()

        cpu, gui_cpu, wall = [], [], []
        for _ in range(args.refreshes):
            cpu_start, gui_start = time.process_time(), time.thread_time()
            wall_start = time.perf_counter()
            monitor.refresh()
            meter.run_until(lambda: monitor.in_flight == 0, 120, keep=bool(wall))
            meter.run_until(lambda: not chart.building, 10, keep=True)
            cpu.append(time.process_time() - cpu_start)
            gui_cpu.append(time.thread_time() - gui_start)  # this loop runs the GUI thread
            wall.append(time.perf_counter() - wall_start)
        refresh = meter.report("during a refresh")
        idle_cpu_start = time.process_time()
        meter.run_until(lambda: False, statistics.median(wall))
        idle_cpu = time.process_time() - idle_cpu_start
        close()
        if store is not None:
            store.close()
    stop.set()
    emulator.join(10)

    pace = "unpaced" if args.unpaced else "paced at 10 calls/s"
    start = ", from a 24 h history" if args.history else ""
    alone = ", the charts alone" if args.charts_only else ""
    print(
        f"domains x range            {args.domains} x 24 h of 1-minute data, {pace}{start}{alone}"
    )
    print(f"first screenful            {screenful_s:.2f} s ({on_screen} charts on screen)")
    print(f"load time                  {load_s:.1f} s")
    print(idle)
    print(loading + "  (target worst < 50 ms)")
    print(refresh)
    print(f"CPU per refresh cycle      median {statistics.median(cpu) * 1000:.0f} ms "
          f"(GUI thread {statistics.median(gui_cpu) * 1000:.0f} ms; "
          f"wall {statistics.median(wall) * 1000:.0f} ms; idle CPU over the same wall time "
          f"{idle_cpu * 1000:.0f} ms)")  # fmt: skip
    print(f"memory                     RSS {rss:.0f} MB after loading (peak {peak:.0f} MB)")


# What compare_sizes reads from each size's report: name, pattern, unit.
FIGURES = (
    ("first screenful", r"first screenful\s+([\d.]+) s", "s"),
    ("load", r"load time\s+([\d.]+) s", "s"),
    ("worst stall, loading", r"loading \d+ points\s+worst\s+(\d+) ms", "ms"),
    ("worst stall, refresh", r"during a refresh\s+worst\s+(\d+) ms", "ms"),
    ("CPU / refresh", r"CPU per refresh cycle\s+median (\d+) ms", "ms"),
    ("GUI thread / refresh", r"\(GUI thread (\d+) ms", "ms"),
    ("RSS", r"RSS (\d+) MB", "MB"),
)


def compare_sizes(args: argparse.Namespace) -> None:
    """Each size in a fresh process; one table, every figure beside its ratio to the first."""
    flags = ["--refreshes", str(args.refreshes)]
    flags += ["--unpaced"] * args.unpaced + ["--history"] * args.history
    flags += ["--charts-only"] * args.charts_only
    rows: list[tuple[int, str, list[float | None]]] = []
    for size in args.sizes:
        command = [sys.executable, "-m", "cdnmon.bench.gui_load", "--domains", str(size), *flags]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        print(f"\n$ gui_load --domains {size} {' '.join(flags)}\n{result.stdout.rstrip()}")
        if result.returncode != 0:
            print(f"  (exit {result.returncode}) {result.stderr.strip()[-500:]}")
        found = [re.search(pattern, result.stdout) for _, pattern, _ in FIGURES]
        charts = re.search(r"\((\d+) charts on screen\)", result.stdout)
        values = [float(f[1]) if f else None for f in found]
        rows.append((size, charts[1] if charts else "?", values))
    base = rows[0][2]
    print(f"\ncost versus size (ratios to {rows[0][0]} domains, same run)")
    header = ["domains", "charts", *(f"{name} ({unit})" for name, _, unit in FIGURES)]
    widths = [max(len(h), 13) for h in header]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for size, charts, values in rows:
        cells = [str(size), charts]
        for value, first in zip(values, base, strict=True):
            if value is None:
                cells.append("-")
            elif first:
                cells.append(f"{value:g} ({value / first:.2f}x)")
            else:
                cells.append(f"{value:g}")
        print("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
    for size, _, values in rows[1:]:
        found = dict(zip([name for name, _, _ in FIGURES], values, strict=True))
        ratios = {
            name: f"{found[name] / first:.2f}x" if found[name] is not None and first else "-"
            for (name, _, _), first in zip(FIGURES, base, strict=True)
        }
        shown = {name: "-" if value is None else f"{value:g}" for name, value in found.items()}
        print(
            f"{size} domains vs {rows[0][0]}: first screenful {shown['first screenful']} s, "
            f"CPU per refresh {ratios['CPU / refresh']}, "
            f"GUI thread per refresh {ratios['GUI thread / refresh']}, "
            f"worst stall loading {shown['worst stall, loading']} ms, RSS {shown['RSS']} MB"
        )


if __name__ == "__main__":
    main()
