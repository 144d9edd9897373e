"""Start-up: ``cdnmon --demo --screenshot`` against a bare pyqtgraph window, interleaved.

The baseline opens a QApplication and a pyqtgraph plot with one 10,080-point curve (a
week of 1-minute points), grabs it to PNG and exits: the least any Qt + pyqtgraph app can
cost here. Runs alternate so machine noise hits both alike; the figure is the median ratio.
Two figures for the app: until its first charts are drawn (the moment it logs, from the
history the earlier runs left, as every start after the first), and until the screenshot
is saved and it has exited (after every fetch has answered).

    python -m cdnmon.bench.startup [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BARE_WINDOW = """
import sys
import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
x = 1.7e9 + np.arange(10_080) * 60.0
plot.plot(x, 1e8 + 1e7 * np.sin(np.arange(10_080) / 300))
plot.resize(1280, 760)
plot.show()
app.processEvents()
plot.grab().save(sys.argv[1])
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed_app(
    command: list[str], env: dict[str, str], log: Path
) -> tuple[float | None, float | None, float]:
    """Seconds until the app's event loop ran, until it logged its first charts drawn
    (None: it did not log it), and until it exited."""
    launched = time.time()
    total = timed(command, env)
    lines = log.read_text().splitlines() if log.exists() else []

    def logged(text: str) -> float | None:
        stamps = [
            datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            for line in lines
            if text in line
        ]
        ours = [stamp for stamp in stamps if stamp >= launched]  # not an earlier run's line
        return ours[0] - launched if ours else None

    return logged("event loop running"), logged("first charts drawn"), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as folder:
        env["CDNMON_CONFIG_DIR"] = env["CDNMON_DATA_DIR"] = folder
        # As on a user's machine, modules compiled once (the warm-up runs) and kept; not
        # beside the sources, whatever the environment running the benchmark says.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "bytecode")
        picture = str(Path(folder) / "shot.png")
        bare_cmd = [sys.executable, "-c", BARE_WINDOW, picture]
        app_cmd = [sys.executable, "-m", "cdnmon", "--demo", "--screenshot", picture]
        log = Path(folder) / "logs" / "cdnmon.log"
        timed(bare_cmd, env)  # warm the file cache for both (and fill the demo's history)
        timed(app_cmd, env)
        bare, app, first, looping = [], [], [], []
        for _ in range(args.runs):
            bare.append(timed(bare_cmd, env))
            loop, drawn, total = timed_app(app_cmd, env, log)
            first.append(drawn)
            looping.append(loop)
            app.append(total)
    ratios = [a / b for a, b in zip(app, bare, strict=True)]
    drawn = [(a, b) for a, b in zip(first, bare, strict=True) if a is not None]
    print(f"runs (interleaved)         {args.runs}")
    print(f"bare pyqtgraph window      median {statistics.median(bare):.2f} s")
    if drawn:  # older versions do not log it
        median = statistics.median(a for a, _ in drawn)
        runs = f"{len(drawn)} of {args.runs} runs"
        print(f"cdnmon, first charts drawn median {median:.2f} s ({runs})")
        loops = [t for t in looping if t is not None]
        if loops:  # where the time goes: imports and the window built, then the charts
            print(f"  of which until event loop  median {statistics.median(loops):.2f} s")
    print(f"cdnmon --demo --screenshot median {statistics.median(app):.2f} s")
    if drawn:
        ratio = statistics.median(a / b for a, b in drawn)
        print(f"first-chart ratio          median {ratio:.2f}x (target <= 1.5x)")
    print(f"ratio                      median {statistics.median(ratios):.2f}x (screenshot saved)")


if __name__ == "__main__":
    main()
