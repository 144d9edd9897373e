"""A wall with a dozen tiles in every data state and alarm level, against the emulator.

Used by the wall tests, and run by hand for the screenshots under Xvfb::

    xvfb-run -a -s "-screen 0 1920x1080x24" python3 -m tests.gui.wall.scene wall.png

The states come from real causes: a provider running behind (late), a domain whose
fetches start failing after the first (stale), a domain with no points in the window (no
data), an offline domain and a rejected secret (error), thresholds below the traffic
(warning, critical) and a group of two domains summed; two tiles show offload.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.workers import WorkerPool
from cdnmon.model import HOUR, MINUTE, TimeRange
from cdnmon.wall.layout import TileSpec, WallLayout
from tests.emulated import client_for

LATE_DOMAIN = "cdn.shop.example.com"
QUIET_DOMAIN = "m.shop.example.com"
STALE_DOMAIN = "api.shop.example.com"
REFRESH_S = 10


def scene_layout(
    critical_bps: float = 1e6, warning_bps: float = 1e6, rotate_s: int = 30
) -> WallLayout:
    """Twelve tiles: ``critical_bps``/``warning_bps`` are set on two tiles (below their
    traffic, to show the levels); the rest have none."""
    shop, media, games, news = "demo-shop", "demo-media", "demo-games", "demo-news"

    def tile(account: str, provider: str, *domains: str, title: str = "", **options: object):
        return TileSpec(title or domains[0], provider, account, domains, **options)  # type: ignore[arg-type]

    return WallLayout(
        tiles=(
            tile(shop, "aliyun", "www.shop.example.com", critical_bps=critical_bps),
            tile(shop, "aliyun", "img.shop.example.com", warning_bps=warning_bps),
            tile(shop, "aliyun", "static.shop.example.com", offload=True),
            tile(shop, "aliyun", LATE_DOMAIN),
            tile(shop, "aliyun", STALE_DOMAIN),
            tile(shop, "aliyun", QUIET_DOMAIN),
            tile(shop, "aliyun", "promo.shop.example.com"),
            tile(media, "aliyun", "video.media.example.com"),
            tile(
                games,
                "ucloud",
                "patch.games.example.com",
                "dl.games.example.com",
                title="Game downloads",
                offload=True,
            ),
            tile(games, "ucloud", "cdn.games.example.com"),
            tile(news, "ucloud", "www.news.example.com"),
            tile(news, "ucloud", "img.news.example.com"),
        ),
        refresh_s=REFRESH_S,
        window_s=HOUR,
        rotate_s=rotate_s,
        stale_after_intervals=2,
    )


@dataclass
class Scene:
    server: EmulatorServer
    wall: WallWindow
    monitor: Monitor

    def make_stale(self) -> None:
        """From now on, every fetch of the stale tile's domain fails (connection dropped)."""
        self.server.faults = FaultPlan("drop", domains={STALE_DOMAIN})


def build_scene(
    server: EmulatorServer,
    clock: Callable[[], float] = time.time,
    layout: WallLayout | None = None,
) -> Scene:
    server.traffic.lags[LATE_DOMAIN] = 20 * MINUTE
    server.traffic.lags[QUIET_DOMAIN] = 2 * HOUR  # nothing inside the one-hour window
    monitor = Monitor(WorkerPool(), clock=clock)
    for account in server.accounts:
        # The media account's secret is rejected: its tiles show the provider's reason.
        secret = "revoked-secret" if account.name == "demo-media" else None
        monitor.add_source(client_for(server, account, secret=secret), list_domains=False)
    wall = WallWindow(monitor, layout or scene_layout(), clock=clock)
    wall.sources_ready({})
    return Scene(server, wall, monitor)


def main(out: Path) -> int:
    """Show the scene fullscreen, let the stale tile go stale, and save a screenshot."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    server = EmulatorServer().start()
    # Thresholds a little under the traffic these two domains have right now.
    recent = TimeRange.last(15 * MINUTE, time.time() - 6 * MINUTE)
    key = "demo-aliyun-shop-id"
    www = server.expected_series("aliyun", key, "www.shop.example.com", recent, MINUTE)
    img = server.expected_series("aliyun", key, "img.shop.example.com", recent, MINUTE)
    critical = 0.8 * min(v for _, v in www)
    warning = 0.9 * min(v for _, v in img)
    scene = build_scene(server, layout=scene_layout(critical, warning))
    scene.wall.show_on_screen()

    def answered() -> None:
        if scene.wall.answered():
            poll.stop()
            scene.make_stale()
            # Two failed refreshes and the stale tile greys out.
            QTimer.singleShot((2 * REFRESH_S + 3) * 1000, capture)

    def capture() -> None:
        scene.wall.tick()
        app.processEvents()
        scene.wall.grab().save(str(out))
        print(f"saved {out}")
        app.quit()

    poll = QTimer()
    poll.timeout.connect(answered)
    poll.start(100)
    app.exec()
    scene.monitor.shutdown()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
