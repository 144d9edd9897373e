"""The wall over many refresh cycles: memory, Qt objects and Python objects stay flat; and
the CPU an idle 20-tile wall costs at its 60 s refresh.

The soak drives refresh cycles back to back (no waiting for the refresh interval) against
an emulator with the providers' rate limits lifted, with faults injected in turns: 30% of
answers dropped, 5xx, throttled, malformed, HTML pages, then clean again. The wall has two
pages of tiles from every demo account (all six providers) and turns its page every
cycle, so its tile widgets are given other tiles' data all along. The emulator runs in a
process of its own, so its memory (the nonces it remembers, its threads) does not count
as the app's. After a warm-up, and every so many cycles after it, the faults are turned
off and the retries they left let finish, and a sample is taken: resident memory, Qt and
Python object counts. The growth is the slope of the memory over those samples, per 1,000
cycles; what still grows is named by the Python object types whose count rose. The idle
measure runs a 20-tile wall at its real 60 s refresh and compares its CPU time with a bare
Qt window idling as long in the same run.

    python -m cdnmon.bench.wall_soak [--cycles 10000] [--warmup 1000] [--every 1000]
                                     [--tiles 40] [--idle-s 120]
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import itertools
import multiprocessing
import os
import queue
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import demo_accounts
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.core import RETRY_AFTER_S
from cdnmon.providers import ratelimit
from cdnmon.providers.base import Credentials
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.registry import make_client
from cdnmon.wall.layout import layout_for_domains

TILES = 20
FAULT_TURNS: tuple[FaultPlan | None, ...] = (
    None,
    FaultPlan("drop", rate=0.3),
    FaultPlan("server_error", rate=0.3),
    FaultPlan("throttle", rate=0.3),
    FaultPlan("malformed", rate=0.3),
    FaultPlan("html", rate=0.3),
)
# Failures should cost a cycle, not the retry policy's minute.
QUICK_RETRY = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, deadline=2.0)


@dataclass(frozen=True)
class Sample:
    cycle: int
    rss_mb: float
    qt_objects: int
    widgets: int
    python_objects: int
    types: Counter[str] = field(default_factory=Counter, repr=False)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def sample(cycle: int, wall: QWidget) -> Sample:
    gc.collect()
    objects = gc.get_objects()
    return Sample(
        cycle,
        rss_mb(),
        len(wall.findChildren(QObject)),
        len(QApplication.allWidgets()),
        len(objects),
        Counter(type(o).__qualname__ for o in objects),
    )


def serve(limit: float | None, urls: Queue, plans: Queue, acks: Queue, stop: Event) -> None:
    """The emulator process: serves until ``stop``; takes fault plans from ``plans``."""
    with EmulatorServer(aliyun_rate_limit=limit) as server:
        urls.put(server.url)
        while not stop.is_set():
            try:
                (plan,) = plans.get(timeout=0.1)
            except queue.Empty:
                continue
            server.faults = plan
            acks.put(True)


class RemoteEmulator:
    """The demo accounts' emulator in its own process."""

    def __init__(self, limit: float | None = 10.0) -> None:
        spawn = multiprocessing.get_context("spawn")
        self._urls, self._plans, self._acks = spawn.Queue(), spawn.Queue(), spawn.Queue()
        self._stop = spawn.Event()
        args = (limit, self._urls, self._plans, self._acks, self._stop)
        self._process = spawn.Process(target=serve, args=args, daemon=True)
        self.accounts = demo_accounts()

    def __enter__(self) -> RemoteEmulator:
        self._process.start()
        self.url = self._urls.get(timeout=60)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._process.join(10)

    def set_faults(self, plan: FaultPlan | None) -> None:
        self._plans.put((plan,))
        self._acks.get(timeout=10)


def build_wall(
    server: RemoteEmulator, tiles: int = TILES, refresh_s: int = 60
) -> tuple[WallWindow, Monitor]:
    """A wall of ``tiles`` domains from the demo accounts (one of each in turn, so every
    provider has some), shown at 1920x1080."""
    monitor = Monitor(WorkerPool())
    per_account = []
    for account in server.accounts:
        # The soak measures the app, not the provider's pace: lift the client's too.
        ratelimit.set_rate(account.provider, account.key_id, 10_000)
        creds = Credentials(account.key_id, account.secret, account.project_id)
        client = make_client(account.provider, creds, account.name, server.url, retry=QUICK_RETRY)
        monitor.add_source(client, list_domains=False)
        per_account.append([(account.provider, account.name, d.name) for d in account.domains])
    keys = [k for row in itertools.zip_longest(*per_account) for k in row if k is not None]
    wall = WallWindow(monitor, layout_for_domains(keys[:tiles], refresh_s=refresh_s))
    wall.resize(1920, 1080)
    wall.show()
    wall.sources_ready({})
    return wall, monitor


def wait(app: QApplication, done: Callable[[], bool], limit_s: float = 60.0) -> None:
    """Run a real event loop until ``done()``: as in the app, deferred deletions happen
    (``processEvents`` alone would leave them pending and look like a leak)."""
    loop = QEventLoop()
    deadline = time.monotonic() + limit_s

    def check() -> None:
        if done() or time.monotonic() >= deadline:
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(2)
    loop.exec()
    poll.stop()


def soak(
    app: QApplication,
    cycles: int,
    warmup: int,
    every: int,
    tiles: int,
    report: Callable[[str], None] = print,
) -> list[Sample]:
    """Run ``cycles`` refresh cycles, each turning the page, faults changing every few
    cycles; a sample after ``warmup`` cycles and every ``every`` after, each taken with
    the faults off and the retries they left done."""
    with RemoteEmulator(limit=None) as server:
        wall, monitor = build_wall(server, tiles)
        wait(app, wall.answered)
        turn = max(1, every // (2 * len(FAULT_TURNS)))  # every plan twice between samples
        samples = []
        for cycle in range(1, cycles + 1):
            if cycle % turn == 0:
                server.set_faults(FAULT_TURNS[(cycle // turn) % len(FAULT_TURNS)])
            monitor.refresh()
            wait(app, lambda: monitor.in_flight == 0)
            wall.tick()
            wall.show_page(wall.page + 1)
            if cycle >= warmup and (cycle - warmup) % every == 0:
                server.set_faults(None)
                # A transient failure is tried again RETRY_AFTER_S later: let those go.
                cpu_while(app, RETRY_AFTER_S + 2)
                samples.append(sample(cycle, wall))
                last = samples[-1]
                report(
                    f"  cycle {cycle:5d}  rss {last.rss_mb:7.1f} MB  Qt objects "
                    f"{last.qt_objects}  widgets {last.widgets}  Python objects "
                    f"{last.python_objects}"
                )
        report(f"  at the end, the allocator's free memory handed back: {trimmed_rss_mb()}")
        wall.close()
        monitor.shutdown()
        wall.deleteLater()
        app.processEvents()
    return samples


def trimmed_rss_mb() -> str:
    """Resident memory before and after asking the C allocator to return its free pages:
    what it keeps is memory freed but not handed back, not a leak. Done once, at the end,
    so that it changes no sample."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return "not on glibc"
    before = rss_mb()
    libc.malloc_trim(0)
    return f"rss {before:.1f} MB -> {rss_mb():.1f} MB"


def growth_per_1000(samples: list[Sample]) -> float:
    """The least-squares slope of resident memory over the samples, MB per 1,000 cycles."""
    if len(samples) < 2:
        return float("nan")
    mean_x = sum(s.cycle for s in samples) / len(samples)
    mean_y = sum(s.rss_mb for s in samples) / len(samples)
    covariance = sum((s.cycle - mean_x) * (s.rss_mb - mean_y) for s in samples)
    variance = sum((s.cycle - mean_x) ** 2 for s in samples)
    return covariance / variance * 1000


def grown_types(first: Sample, last: Sample, count: int = 8) -> str:
    """The Python object types whose count rose most between two samples."""
    grown = (last.types - first.types).most_common(count)
    return ", ".join(f"{name} +{n}" for name, n in grown) or "none"


def cpu_while(app: QApplication, seconds: float) -> float:
    """Process CPU seconds (every thread) spent while the event loop runs ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)  # no polling: it would cost CPU too
    start = resource.getrusage(resource.RUSAGE_SELF)
    loop.exec()
    end = resource.getrusage(resource.RUSAGE_SELF)
    return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)


def idle_cpu(app: QApplication, seconds: float) -> tuple[float, float]:
    """CPU share of one core: a bare window, then a 20-tile wall at a 60 s refresh."""
    bare = QWidget()
    bare.resize(1920, 1080)
    bare.show()
    baseline = cpu_while(app, seconds) / seconds
    bare.close()
    with RemoteEmulator() as server:
        wall, monitor = build_wall(server, refresh_s=60)
        wait(app, wall.answered)
        wall_share = cpu_while(app, seconds) / seconds
        wall.close()
        monitor.shutdown()
    return baseline, wall_share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=1000, help="cycles before the first sample")
    parser.add_argument("--every", type=int, default=1000, help="cycles between samples")
    parser.add_argument("--tiles", type=int, default=2 * TILES, help="tiles of the soaked wall")
    parser.add_argument("--idle-s", type=float, default=120.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    started = time.monotonic()
    warmup = min(args.warmup, args.cycles)
    print(
        f"soak: {args.cycles} refresh cycles of a {args.tiles}-tile wall turning its page, "
        f"faults in turns; samples after {warmup} cycles and every {args.every} after"
    )
    samples = soak(app, args.cycles, warmup, args.every, args.tiles)
    took = time.monotonic() - started
    growth = growth_per_1000(samples)
    print(
        f"  memory growth {growth:+.2f} MB per 1,000 cycles after the first {warmup} "
        f"(target < 0.5 MB); {took:.0f} s"
    )
    if len(samples) >= 2:
        first, last = samples[0], samples[-1]
        print(
            f"  cycle {first.cycle} to {last.cycle}: rss {last.rss_mb - first.rss_mb:+.1f} MB, "
            f"Qt objects {last.qt_objects - first.qt_objects:+d}, widgets "
            f"{last.widgets - first.widgets:+d}, Python objects "
            f"{last.python_objects - first.python_objects:+d}"
        )
        print(f"  Python objects that grew: {grown_types(first, last)}")
    if args.idle_s > 0:
        baseline, wall = idle_cpu(app, args.idle_s)
        print(
            f"idle CPU over {args.idle_s:.0f} s: bare window {baseline:.2%} of a core, "
            f"{TILES}-tile wall at 60 s refresh {wall:.2%} (target < 2%)"
        )


if __name__ == "__main__":
    main()
