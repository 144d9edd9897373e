"""A wall of 1,000 tiles over three providers' accounts, against the emulator, for the
screenshot of a big layout's page::

    xvfb-run -a -s "-screen 0 1920x1080x24" python3 -m tests.gui.wall.big_scene wall.png

A few tiles have thresholds under their traffic, so the page shows levels beside live
tiles; the other 980 tiles wait on their pages.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import wide_account
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.window import WallWindow
from cdnmon.gui.workers import WorkerPool
from cdnmon.wall.layout import TileSpec, WallLayout
from tests.emulated import client_for

ACCOUNTS = (
    wide_account("aliyun", "shop", 400),
    wide_account("tencent", "media", 300),
    wide_account("ucloud", "games", 300),
)


def big_layout() -> WallLayout:
    """A tile per domain; every seventh one warns at 1 bit/s, every eleventh is critical."""
    tiles = []
    for account in ACCOUNTS:
        for domain in account.domains:
            number = len(tiles)
            if number % 11 == 5:
                levels = {"critical_bps": 2.0}
            elif number % 7 == 3:
                levels = {"warning_bps": 1.0}
            else:
                levels = {}
            tiles.append(
                TileSpec(domain.name, account.provider, account.name, (domain.name,), **levels)
            )
    return WallLayout(tuple(tiles), refresh_s=60, window_s=3600, rotate_s=30)


def main(out: Path) -> int:
    """Show the wall fullscreen and save its first page once every tile on it is in."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    started = time.monotonic()
    with EmulatorServer(ACCOUNTS) as server:
        monitor = Monitor(WorkerPool())
        for account in ACCOUNTS:
            monitor.add_source(client_for(server, account), list_domains=False)
        wall = WallWindow(monitor, big_layout())
        wall.sources_ready({})
        wall.show_on_screen()
        while not wall.page_answered() and time.monotonic() - started < 120:
            app.processEvents()
            time.sleep(0.01)
        wall.tick()  # states, levels and the header as a person would see them
        app.processEvents()
        wall.grab().save(str(out))
        print(f"saved {out}: page 1 of {wall.pages()} after {time.monotonic() - started:.1f} s")
        monitor.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
