"""The wall's cost against its size: 20, 200 and 1,000 tiles (5,000 with ``--sizes``).

Each size runs in a fresh process of its own, a 1920x1080 wall of one Alibaba Cloud
account's domains (the emulator's ``wide_account``) with a history file, as the app runs
it. Per size it prints the time from building the wall to its first page drawn with every
tile's first answer, the process's peak resident memory, and the CPU the wall costs while
it idles at its 60 s refresh (rotating its pages; once every first fetch, yesterday's
window for the trends too, is done), beside a bare Qt window idling as long
in the same run. The 20-tile wall (one page) is the baseline the others are divided by.
The emulator runs in this process, the wall in its children: the emulator's memory and
CPU count for neither. The providers' rate limits are lifted (``--paced`` keeps them), so
the figures are the app's own cost, not the provider's pace.

    python -m cdnmon.bench.wall_size [--sizes 20 100 200 1000] [--runs 3] [--idle-s 120] [--paced]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROVIDER, ACCOUNT = "aliyun", "wide"
REFRESH_S = 60
ROTATE_S = 30
FIRST_PAGE_LIMIT_S = 600.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def measure_wall(tiles: int, url: str, idle_s: float, paced: bool, folder: str) -> dict:
    """In a child process: build, show and idle one wall; its figures as a dict."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from cdnmon.emulator.accounts import wide_account
    from cdnmon.gui.monitor import Monitor
    from cdnmon.gui.wall.window import WallWindow
    from cdnmon.gui.workers import WorkerPool
    from cdnmon.history.store import FILE_NAME, HistoryStore
    from cdnmon.providers import ratelimit
    from cdnmon.providers.base import Credentials
    from cdnmon.providers.registry import make_client
    from cdnmon.wall.layout import WallLayout, layout_for_domains

    app = QApplication.instance() or QApplication([])
    account = wide_account(PROVIDER, ACCOUNT, tiles)

    def run_until(done, limit_s: float) -> None:
        loop, deadline = QEventLoop(), time.monotonic() + limit_s
        poll = QTimer()
        poll.timeout.connect(lambda: (done() or time.monotonic() >= deadline) and loop.quit())
        poll.start(5)
        loop.exec()
        poll.stop()

    def idle(seconds: float) -> float:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)  # no polling: it costs CPU too
        before = cpu_s()
        loop.exec()
        return (cpu_s() - before) / seconds

    started = time.perf_counter()
    store = HistoryStore(Path(folder) / FILE_NAME)
    workers = WorkerPool()
    monitor = Monitor(workers, store=store)
    if not paced:
        ratelimit.set_rate(PROVIDER, account.key_id, 10_000)
    creds = Credentials(account.key_id, account.secret, account.project_id)
    monitor.add_source(make_client(PROVIDER, creds, ACCOUNT, url), list_domains=False)
    keys = [(PROVIDER, ACCOUNT, d.name) for d in account.domains]
    plain = layout_for_domains(keys, refresh_s=REFRESH_S)
    layout = WallLayout(plain.tiles, plain.refresh_s, plain.window_s, rotate_s=ROTATE_S)
    wall = WallWindow(monitor, layout)
    wall.resize(1920, 1080)
    wall.show()
    wall.sources_ready({})
    run_until(lambda: wall.grid is not None, FIRST_PAGE_LIMIT_S)
    assert wall.grid is not None, "the wall was never laid out"
    first_page = keys[: wall.grid.per_page]

    def answered(key: tuple[str, str, str]) -> bool:
        shot = monitor.snapshot(key)
        return shot is not None and (
            shot.health.succeeded_at is not None or shot.health.failed_at is not None
        )

    run_until(lambda: all(map(answered, first_page)), FIRST_PAGE_LIMIT_S)
    app.processEvents()  # the tiles take their answers
    wall.grab()  # and are painted
    first_page_s = time.perf_counter() - started
    run_until(lambda: all(map(answered, keys)) and monitor.in_flight == 0, FIRST_PAGE_LIMIT_S)
    all_answered_s = time.perf_counter() - started
    # Idle is the steady state: the first reads of yesterday's window (an hour of it
    # ahead, once an hour per tile, for the trend) are start-up's, not idling's.
    run_until(lambda: workers.in_flight == 0, FIRST_PAGE_LIMIT_S)
    share = idle(idle_s) if idle_s > 0 else float("nan")
    figures = {
        "tiles": tiles,
        "per_page": wall.grid.per_page,
        "first_page_s": first_page_s,
        "all_answered_s": all_answered_s,
        "idle_cpu": share,
        "peak_rss_mb": peak_rss_mb(),
    }
    wall.close()
    monitor.shutdown()
    store.close()
    return figures


def measure_bare(idle_s: float) -> dict:
    """In a child process: a bare 1920x1080 Qt window, idling as long as the walls."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    bare = QWidget()
    bare.resize(1920, 1080)
    bare.show()
    app.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(int(idle_s * 1000), loop.quit)
    before = cpu_s()
    loop.exec()
    return {"idle_cpu": (cpu_s() - before) / idle_s, "peak_rss_mb": peak_rss_mb()}


def child(arguments: list[str]) -> dict:
    command = [sys.executable, "-m", "cdnmon.bench.wall_size", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"{' '.join(arguments)} failed: {result.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 100, 200, 1000])
    parser.add_argument("--idle-s", type=float, default=120.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paced", action="store_true", help="keep the providers' rate limits")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        print(json.dumps(measure_bare(args.idle_s)))
        return
    if args.child:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(measure_wall(args.child, args.url, args.idle_s, args.paced, folder)))
        return

    from cdnmon.emulator import EmulatorServer
    from cdnmon.emulator.accounts import wide_account

    sizes = sorted(set(args.sizes))
    limit = 10.0 if args.paced else None
    pace = "at the providers' rate limits" if args.paced else "rate limits lifted"
    print(
        f"wall of N tiles at 1920x1080, {REFRESH_S} s refresh, {pace}; {args.runs} runs "
        f"interleaved (medians); idle CPU over {args.idle_s:.0f} s in the first run"
    )
    extra = ["--paced"] if args.paced else []
    runs: dict[int, list[dict]] = {tiles: [] for tiles in sizes}
    with EmulatorServer(
        [wide_account(PROVIDER, ACCOUNT, max(sizes))], aliyun_rate_limit=limit
    ) as server:
        bare = child(["--bare", "--idle-s", str(args.idle_s)])
        for run in range(args.runs):
            idle_s = args.idle_s if run == 0 else 0.0
            for tiles in sizes:
                command = ["--child", str(tiles), "--url", server.url, "--idle-s", str(idle_s)]
                runs[tiles].append(child(command + extra))
                print(f"  run {run + 1}: {tiles} tiles measured", flush=True)
    rows = [
        {
            **measured[0],
            **{
                name: statistics.median(m[name] for m in measured)
                for name in ("first_page_s", "all_answered_s", "peak_rss_mb")
            },
        }
        for measured in runs.values()
    ]
    print_table(bare, rows)


def print_table(bare: dict, rows: list[dict]) -> None:
    base = rows[0]
    print(f"bare window   idle CPU {bare['idle_cpu']:6.2%}  peak RSS {bare['peak_rss_mb']:4.0f} MB")
    print(f"{'tiles':>6} {'pages':>6} {'first page':>12} {'vs ' + str(base['tiles']):>8} "
          f"{'all answered':>13} {'peak RSS':>10} {'vs ' + str(base['tiles']):>8} "
          f"{'idle CPU':>9}")  # fmt: skip
    for row in rows:
        pages = -(-row["tiles"] // row["per_page"])
        print(
            f"{row['tiles']:>6} {pages:>6} {row['first_page_s']:>10.2f} s "
            f"{row['first_page_s'] / base['first_page_s']:>7.2f}x "
            f"{row['all_answered_s']:>11.1f} s {row['peak_rss_mb']:>7.0f} MB "
            f"{row['peak_rss_mb'] / base['peak_rss_mb']:>7.2f}x {row['idle_cpu']:>8.2%}"
        )
    for row in rows[1:]:
        print(
            f"{row['tiles']}-tile wall vs {base['tiles']}: first page "
            f"{row['first_page_s'] / base['first_page_s']:.2f}x (target <= 1.5x), peak RSS "
            f"{row['peak_rss_mb'] / base['peak_rss_mb']:.2f}x (target <= 1.3x), "
            f"idle CPU {row['idle_cpu']:.2%} of a core"
            + (" (target < 0.5% at 100 tiles)" if row["tiles"] == 100 else "")
        )


if __name__ == "__main__":
    main()
