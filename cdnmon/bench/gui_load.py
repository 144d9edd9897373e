"""GUI-thread stalls while 20 domains x 24 h of 1-minute data load and draw, and the CPU
cost of one auto-refresh cycle with 20 domains on screen.

A QTimer asks to tick every 5 ms on the GUI thread; the longest gap between ticks is the
worst freeze a person would feel. Baseline: the same timer over an idle window, measured in
the same run. By default the data comes at the provider's real pace (10 calls/s per
account, enforced by the emulator: about 50 s for 480 windows); ``--unpaced`` lifts both
limits so it floods in as fast as the machine allows, a stress case where the worker
threads' Python work competes with the GUI thread for the GIL. The emulator runs in its
own process, so its work counts neither as stalls nor as the app's CPU.

    python -m cdnmon.bench.gui_load [--domains 20] [--unpaced]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.model import DAY
from cdnmon.providers import ratelimit
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.registry import make_client


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
    """Ticks every 5 ms; records the gaps between ticks while running."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.gaps.append(self._clock.restart())

    def run_until(self, app: QApplication, done: Callable[[], bool], limit_s: float) -> None:
        self.gaps.clear()
        self._clock.start()
        self._timer.start()
        deadline = time.monotonic() + limit_s
        while not done() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)
        self._timer.stop()

    def report(self, label: str) -> str:
        gaps = sorted(self.gaps) or [0.0]
        p99 = gaps[int(len(gaps) * 0.99) - 1] if len(gaps) > 1 else gaps[0]
        return f"{label:<28} worst {gaps[-1]:5.0f} ms  p99 {p99:4.0f} ms  ticks {len(gaps)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=20)
    parser.add_argument("--refreshes", type=int, default=10)
    parser.add_argument("--unpaced", action="store_true", help="lift the rate limits")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    domains = tuple(Domain(f"site{i:02d}.bench.example.com", status="online")
                    for i in range(args.domains))  # fmt: skip
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
        monitor = Monitor(WorkerPool())
        client = make_client("aliyun", Credentials(account.key_id, account.secret), "bench", url)
        monitor.add_source(client)
        window = MainWindow(monitor, WindowSettings(os.path.join(folder, "bench.ini")))
        window.range_box.setCurrentText("24 h")
        monitor.span = DAY
        window.refresh_box.setCurrentIndex(0)
        window.show()
        meter = StallMeter()
        meter.run_until(app, lambda: False, 2.0)
        idle = meter.report("idle window (baseline)")

        keys = [("aliyun", "bench", d.name) for d in domains]
        started = time.perf_counter()
        window.show_sources([("aliyun", "bench")], keys)

        def loaded() -> bool:
            drawn = set(window.chart.series_keys()) == set(keys) and not window.chart.building
            return monitor.in_flight == 0 and drawn

        meter.run_until(app, loaded, 300)
        load_s = time.perf_counter() - started
        points = sum(len(monitor.series(k).points) for k in keys)
        loading = meter.report(f"loading {points} points")

        cpu, wall = [], []
        for _ in range(args.refreshes):
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            monitor.refresh()
            meter.run_until(app, lambda: monitor.in_flight == 0, 60)
            cpu.append(time.process_time() - cpu_start)
            wall.append(time.perf_counter() - wall_start)
        refresh = meter.report("during a refresh")
        idle_cpu_start = time.process_time()
        meter.run_until(app, lambda: False, statistics.median(wall))
        idle_cpu = time.process_time() - idle_cpu_start
        window.close()
    stop.set()
    emulator.join(10)

    pace = "unpaced" if args.unpaced else "paced at 10 calls/s"
    print(f"domains x range            {args.domains} x 24 h of 1-minute data, {pace}")
    print(f"load time                  {load_s:.1f} s")
    print(idle)
    print(loading + "  (target worst < 50 ms)")
    print(refresh)
    print(f"CPU per refresh cycle      median {statistics.median(cpu) * 1000:.0f} ms "
          f"(wall {statistics.median(wall) * 1000:.0f} ms; idle CPU over the same wall time "
          f"{idle_cpu * 1000:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
