"""A wall reading a Prometheus the collector fed shows what a wall reading the provider
shows: the same newest settled figure and the same P95, tile beside tile."""

from __future__ import annotations

import math
from pathlib import Path

from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.workers import WorkerPool
from cdnmon.live import points as pts
from cdnmon.live.points import pairs
from cdnmon.model import TimeRange, billing_p95
from cdnmon.providers.prometheus import series_name
from cdnmon.wall.layout import parse_layout
from cdnmon.wall.state import TileState
from tests.emulated import ManualClock, client_for, first_account, online_domains
from tests.providers.prometheus.feed import emulator_points, fed_prometheus, settled_span


def test_the_wall_shows_the_same_figures_from_prometheus_as_from_the_provider(
    qtbot: QtBot, tmp_path: Path, server: EmulatorServer, clock: ManualClock
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:2]
    span = settled_span(clock())
    sent = {d: emulator_points(server, account, d, span) for d in domains}
    with fed_prometheus(tmp_path / "prometheus", account, sent) as prometheus:
        tiles = "".join(
            f'[[tile]]\nprovider = "aliyun"\naccount = "{account.name}"\ndomain = "{d}"\n'
            f'[[tile]]\nprovider = "prometheus"\nurl = "{prometheus.url}"\n'
            f'domain = "{series_name("aliyun", account.name, d)}"\n'
            for d in domains
        )
        layout = parse_layout(f'window = "1h"\nrefresh = "60s"\n{tiles}')
        monitor = Monitor(WorkerPool(), clock=clock)
        monitor.add_source(client_for(server, account), list_domains=False)
        wall = WallWindow(monitor, layout, clock=clock)
        qtbot.addWidget(wall)
        wall.sources_ready({})
        try:
            qtbot.waitUntil(wall.answered, timeout=30_000)
            wall.tick()
            shown = [(t.title, t.state, t.latest, t.p95) for t in wall.tiles]
            shots = [monitor.snapshot(key) for feed in wall.feeds for key in feed.keys]
        finally:
            monitor.shutdown()
    for index in range(0, len(shown), 2):
        (title, state, latest, p95), read = shown[index], shown[index + 1]
        direct_shot, read_shot = shots[index], shots[index + 1]
        assert direct_shot is not None and read_shot is not None
        assert state is read[1] is TileState.LIVE
        assert read[0] == title  # titled by the domain, not provider/account/domain
        assert read[2] == latest is not None, title
        # The minutes the collector wrote are the provider's, each one, on the wall too.
        settled = pts.within(
            direct_shot.shown(),
            TimeRange(direct_shot.visible.start, math.ceil(direct_shot.provisional_after)),
        )
        assert pairs(read_shot.shown()) == pairs(settled), title
        # The direct wall also holds the provider's provisional minutes, which no
        # collector writes; over the same minutes the P95 is the same.
        assert read[3] == billing_p95(settled[1]), title
        assert p95 is not None and read_shot.provisional_after == direct_shot.provisional_after
