"""Every benchmark, one table: ``python -m cdnmon.bench [--quick]``.

Each benchmark runs in a fresh process (so one's threads, caches and memory cannot colour
the next) and prints its own report with its same-run baseline; this command shows those
reports as they come, then one table of the headline figures, each beside its target.
``--quick`` runs every benchmark small, to check they all work (its figures are not the
ones to quote). A figure a benchmark did not print shows as "not measured".
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "build" / "dist" / "cdnmon"


@dataclass(frozen=True)
class Figure:
    what: str
    pattern: str  # a regular expression whose first group is the figure, in the report
    unit: str
    target: str


@dataclass(frozen=True)
class Benchmark:
    module: str
    full: tuple[str, ...]
    quick: tuple[str, ...]
    figures: tuple[Figure, ...]


BENCHMARKS = (
    Benchmark(
        "startup",
        ("--runs", "5"),
        ("--runs", "1"),
        (Figure("start-up to first charts drawn, vs a bare pyqtgraph window",
                r"first-chart ratio\s+median ([\d.]+)x", "x", "<= 1.5x"),
         Figure("start-up to demo screenshot saved, vs a bare pyqtgraph window",
                r"\nratio\s+median ([\d.]+)x", "x", "<= 2x"),),
    ),
    Benchmark(
        "gui_load",
        (),
        ("--domains", "4", "--refreshes", "2"),
        (
            Figure("worst GUI-thread stall while loading 20 x 24 h",
                   r"loading \d+ points\s+worst\s+(\d+) ms", "ms", "< 50 ms"),
            Figure("CPU per refresh cycle, 20 domains on screen",
                   r"CPU per refresh cycle\s+median (\d+) ms", "ms", "< 1% of a core at 1 min"),
        ),
    ),
    Benchmark(
        "gui_load",
        ("--domains", "200", "--history", "--refreshes", "3"),
        ("--domains", "8", "--history", "--refreshes", "1"),
        (
            Figure("worst GUI-thread stall, 200 domains x 24 h loading (history, paced)",
                   r"loading \d+ points\s+worst\s+(\d+) ms", "ms", "< 50 ms"),
            Figure("worst GUI-thread stall, 200 domains refreshing (paced)",
                   r"during a refresh\s+worst\s+(\d+) ms", "ms", "< 50 ms"),
        ),
    ),
    Benchmark(
        "gui_load",
        ("--sizes", "20", "200", "2000", "--unpaced", "--history"),
        ("--sizes", "4", "8", "--unpaced", "--history", "--refreshes", "1"),
        (
            Figure("GUI-thread CPU per refresh, 200 vs 20 domains (same charts on screen)",
                   r"\n200 domains vs 20: .*GUI thread per refresh ([\d.]+)x", "x", "<= 1.2x"),
            Figure("first screenful of charts, 2,000 domains (history)",
                   r"\n2000 domains vs 20: first screenful ([\d.]+) s", "s", ""),
            Figure("RSS after loading 2,000 domains x 24 h",
                   r"\n2000 domains vs 20: .*RSS (\d+) MB", "MB", "printed"),
        ),
    ),
    Benchmark(
        "gui_load",
        ("--sizes", "20", "200", "2000", "--unpaced", "--history", "--charts-only"),
        ("--sizes", "4", "8", "--unpaced", "--history", "--refreshes", "1", "--charts-only"),
        (
            Figure("the charts alone: GUI-thread CPU per refresh, 200 vs 20 domains",
                   r"\n200 domains vs 20: .*GUI thread per refresh ([\d.]+)x", "x", "<= 1.2x"),
        ),
    ),
    Benchmark(
        "fetch_rate",
        (),
        ("--domains", "2", "--hours", "2"),
        (Figure("fetch of 480 windows, vs the rate-limit bound",
                r"ratio to the limit\s+([\d.]+)x", "x", "<= 1.2x"),),
    ),
    Benchmark(
        "fetch_rate",
        ("--provider", "tencent", "--domains", "90", "--hours", "24"),
        ("--provider", "tencent", "--domains", "31", "--hours", "2"),
        (
            Figure("calls for 24 h x 90 Tencent domains (Alibaba: 2,160)",
                   r"calls sent\s+(\d+)", "calls", "3 (30 domains a call)"),
            Figure("time for 24 h x 90 Tencent domains",
                   r"paced at the limit\s+([\d.]+) s", "s", "Alibaba's bound: 216 s"),
        ),
    ),
    Benchmark(
        "store_query",
        (),
        ("--days", "8", "--domains", "10", "--queries", "3"),
        (Figure("7 days x 50 domains read from the history",
                r"domains, Series\s+([\d.]+) ms", "ms", "< 200 ms"),
         Figure("7 days x 50 domains read as snapshots",
                r"domains, snapshots\s*([\d.]+) ms", "ms", "< 200 ms"),),
    ),
    Benchmark(
        "collector",
        (),
        ("--domains", "20", "--minutes", "1"),
        (
            Figure("collector CPU, 200 domains at a 60 s refresh",
                   r"CPU while polling\s+([\d.]+)%", "% of a core", "(figure only)"),
            Figure("collector memory, 200 domains",
                   r"memory\s+(\d+) MB resident", "MB", "(figure only)"),
            Figure("settled point to queryable, remote write",
                   r"queryable, pushed\s+median\s+([\d.]+) s", "s", "(figure only)"),
            Figure("settled point to queryable, scraped every 15 s",
                   r"queryable, scraped\s+median\s+([\d.]+) s", "s", "(figure only)"),
        ),
    ),
    Benchmark(
        "picker_filter",
        (),
        ("--domains", "500", "--rounds", "1"),
        (
            Figure("picker filter keystroke, 5,000 domains: median",
                   r"(?m)^picker, [\d,]+ domains\s+keystroke median ([\d.]+) ms", "ms", "< 50 ms"),
            Figure("picker filter keystroke, 5,000 domains: worst",
                   r"(?m)^picker, [\d,]+ domains.*?worst ([\d.]+) ms", "ms", "< 50 ms"),
            Figure("figures table, 5,000 rows: an update of every row",
                   r"update of every row median (\d+) ms", "ms", "< 50 ms"),
        ),
    ),
    Benchmark(
        "wall_soak",
        (),
        ("--cycles", "60", "--warmup", "20", "--every", "20", "--idle-s", "5"),
        (
            Figure("wall memory growth per 1,000 refresh cycles, after the first 1,000",
                   r"memory growth ([+-]?[\d.]+) MB", "MB", "< 0.5 MB"),
            Figure("idle CPU, 20-tile wall at 60 s refresh",
                   r"wall at 60 s refresh ([\d.]+)%", "% of a core", "< 2%"),
        ),
    ),
    Benchmark(
        "wall_size",
        (),
        ("--sizes", "20", "100", "--runs", "1", "--idle-s", "5"),
        (
            Figure("1,000-tile wall to its first page, vs 20 tiles",
                   r"1000-tile wall vs 20: first page ([\d.]+)x", "x", "<= 1.5x"),
            Figure("1,000-tile wall's peak RSS, vs 20 tiles",
                   r"1000-tile wall vs 20: .*peak RSS ([\d.]+)x", "x", "<= 1.3x"),
            Figure("idle CPU, 100-tile wall (5 pages) at 60 s refresh",
                   r"100-tile wall vs 20: .*idle CPU ([\d.]+)%", "% of a core", "< 0.5%"),
        ),
    ),
)  # fmt: skip


def run(benchmark: Benchmark, quick: bool) -> str:
    command = [sys.executable, "-m", f"cdnmon.bench.{benchmark.module}"]
    command += benchmark.quick if quick else benchmark.full
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    report = "\n".join(
        line for line in result.stdout.splitlines() if "propagateSizeHints" not in line
    )
    print(report)
    if result.returncode != 0:
        print(f"  (exit {result.returncode}) {result.stderr.strip()[-500:]}")
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    return report


def bundle_size() -> str:
    if not BUNDLE.is_dir():
        return "not built (packaging/build.sh)"
    size = sum(f.stat().st_size for f in BUNDLE.rglob("*") if f.is_file() and not f.is_symlink())
    return f"{size / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every benchmark, small")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="just these benchmarks")
    args = parser.parse_args()
    chosen = [b for b in BENCHMARKS if not args.only or b.module in args.only]
    rows = []
    for benchmark in chosen:
        report = run(benchmark, args.quick)
        for figure in benchmark.figures:
            found = re.search(figure.pattern, report)
            value = f"{found[1]} {figure.unit}" if found else "not measured"
            rows.append((figure.what, value, figure.target))
    rows.append(("one-folder bundle size", bundle_size(), "< 200 MB"))
    machine = (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(f"\n{time.strftime('%Y-%m-%d')} on {machine}" + (" (--quick)" if args.quick else ""))
    width = max(len(what) for what, _, _ in rows)
    print(f"{'figure':<{width}}  {'measured':>18}  target")
    for what, value, target in rows:
        print(f"{what:<{width}}  {value:>18}  {target}")


if __name__ == "__main__":
    main()
