"""Stored points as OpenMetrics: the text itself, and promtool building TSDB blocks from it
that hold exactly those points."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import numpy as np
import pytest
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from cdnmon.collect.exposition import BANDWIDTH
from cdnmon.collect.openmetrics import write_openmetrics
from tests.prometheus import promtool

T0 = 1_700_000_040
NAN = float("nan")


def test_text_is_one_gauge_family_in_time_order_ending_in_eof() -> None:
    out = io.StringIO()
    written = write_openmetrics(
        [
            ("aliyun", "prod", "img.example.com", [T0 + 60, T0, T0 + 120, T0 + 60],
             [8, 16, NAN, 24]),
            ("ucloud", 'o"ps', "dl\\example.com", np.array([T0]), np.array([1.2e10])),
            ("tencent", "none", "empty.example.com", [], []),
        ],
        out,
    )  # fmt: skip
    assert written == 3
    assert out.getvalue() == (
        f"# HELP {BANDWIDTH} Origin-pull bandwidth of a CDN domain: its newest settled point, "
        "at the provider's time\n"
        f"# TYPE {BANDWIDTH} gauge\n"
        f"# UNIT {BANDWIDTH} bytes_per_second\n"
        f'{BANDWIDTH}{{account="prod",domain="img.example.com",provider="aliyun"}} 2.0 {T0}\n'
        # The same second twice: the later value, as the store would hold it.
        f'{BANDWIDTH}{{account="prod",domain="img.example.com",provider="aliyun"}} 3.0 {T0 + 60}\n'
        f'{BANDWIDTH}{{account="o\\"ps",domain="dl\\\\example.com",provider="ucloud"}} '
        f"1.5e+09 {T0}\n"
        "# EOF\n"
    )
    # The reference parser reads it back, escapes and all.
    (family,) = text_string_to_metric_families(out.getvalue())
    assert [(s.labels["account"], s.labels["domain"]) for s in family.samples][-1] == (
        'o"ps',
        "dl\\example.com",
    )


def test_a_series_given_twice_is_refused() -> None:
    series = ("aliyun", "prod", "img.example.com", [T0], [8.0])
    with pytest.raises(ValueError, match="given twice"):
        write_openmetrics([series, series], io.StringIO())


_DUMPED = re.compile(r"^(\{.*\}) (\S+) (\d+)$")
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def test_promtool_builds_blocks_holding_exactly_the_points(tmp_path: Path) -> None:
    # Three hours of minutes end a day ago (blocks of the past, several 2-hour ranges), and
    # a gap: no point is written for it and none may appear.
    start = (int(time.time()) - 86400) // 7200 * 7200 - 3 * 3600
    minutes = np.arange(start, start + 3 * 3600, 60)
    img = np.where((minutes >= start + 600) & (minutes < start + 900), NAN, minutes % 7200 * 8.0)
    dl = np.full(len(minutes), 8e9)
    path = tmp_path / "cdnmon.om"
    with path.open("w", encoding="utf-8") as out:
        written = write_openmetrics(
            [
                ("aliyun", "prod", "img.example.com", minutes, img),
                ("ucloud", "ops", "dl.example.com", minutes[::-1], dl),
            ],
            out,
        )
    assert written == 2 * 180 - 5
    blocks = tmp_path / "data"
    made = promtool("tsdb", "create-blocks-from", "openmetrics", str(path), str(blocks))
    assert made.returncode == 0, made.stdout + made.stderr
    assert made.stdout.count("\n") >= 3  # a header and at least two blocks

    (blocks / "wal").mkdir()  # dump reads the head's write-ahead log too
    dumped = promtool("tsdb", "dump", str(blocks))
    assert dumped.returncode == 0, dumped.stderr
    found: dict[tuple[tuple[str, str], ...], list[tuple[int, float]]] = {}
    for line in dumped.stdout.splitlines():
        labels, value, millis = _DUMPED.match(line).groups()  # type: ignore[union-attr]
        key = tuple(sorted(_LABEL.findall(labels)))
        found.setdefault(key, []).append((int(millis), float(value)))
    name = ("__name__", BANDWIDTH)
    img_key = (("account", "prod"), name, ("domain", "img.example.com"), ("provider", "aliyun"))
    dl_key = (name, ("account", "ops"), ("domain", "dl.example.com"), ("provider", "ucloud"))
    assert sorted(found) == sorted([tuple(sorted(img_key)), tuple(sorted(dl_key))])
    keep = ~np.isnan(img)
    assert sorted(found[tuple(sorted(img_key))]) == [
        (int(t) * 1000, v / 8) for t, v in zip(minutes[keep], img[keep], strict=True)
    ]
    assert sorted(found[tuple(sorted(dl_key))]) == [(int(t) * 1000, 1e9) for t in minutes]
