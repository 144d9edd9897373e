"""The month report from a real store: billing P95 as numpy computes it, coverage, the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import numpy as np
import pytest

from cdnmon.cli import main
from cdnmon.history.month_report import ALL_DOMAINS, month_report, month_span
from cdnmon.history.store import HistoryStore, SeriesKey
from cdnmon.model import DAY, MINUTE, InputError, TimeRange, format_bps, format_utc

JUNE = TimeRange(1_717_200_000, 1_719_792_000)  # 2024-06-01T00:00:00Z .. 2024-07-01
AFTER_JUNE = JUNE.end + 10 * DAY
HALF = JUNE.start + 15 * DAY


def minute_values(seed: int, count: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(np.log(3e8), 0.6, count)
    values[rng.random(count) < 0.03] = np.nan  # minutes the provider had no data for
    return values


def five_minute(times: np.ndarray, values: np.ndarray) -> dict[int, float]:
    """Independent 5-minute means of 1-minute points (NaN = no point)."""
    buckets = values.reshape(-1, 5)
    counts = (~np.isnan(buckets)).sum(axis=1)
    means = np.where(counts > 0, np.nansum(buckets, axis=1) / np.maximum(counts, 1), np.nan)
    return {int(t): float(v) for t, v in zip(times[::5], means, strict=True) if not np.isnan(v)}


@pytest.fixture
def june() -> Iterator[tuple[HistoryStore, dict[str, dict[int, float]]]]:
    """Two domains of one account: ``www`` at 1 minute with an unfetched day, ``img`` at 1
    minute for the first half and at 5 minutes (the provider's own) for the second."""
    store = HistoryStore()  # the default file, so the CLI reads it too
    key = SeriesKey("aliyun", "shop", "www.shop.example.com", MINUTE)
    times = np.arange(JUNE.start, JUNE.end, MINUTE, dtype=np.int64)
    www = minute_values(1, times.size)
    www[20 * 1440 : 21 * 1440] = np.nan
    for fetched in (
        TimeRange(JUNE.start, JUNE.start + 20 * DAY),
        TimeRange(JUNE.start + 21 * DAY, JUNE.end),
    ):
        present = ~np.isnan(www)
        store.save_arrays([(key, times[present], www[present])], fetched)
    img_key = key._replace(domain="img.shop.example.com")
    img = minute_values(2, times.size)
    first_half = times < HALF
    present = first_half & ~np.isnan(img)
    store.save_arrays([(img_key, times[present], img[present])], TimeRange(JUNE.start, HALF))
    five_times = np.arange(HALF, JUNE.end, 300, dtype=np.int64)
    five_values = np.random.default_rng(3).uniform(1e8, 9e8, five_times.size)
    store.save_arrays(
        [(img_key._replace(interval=300), five_times, five_values)], TimeRange(HALF, JUNE.end)
    )
    expected = {
        "www.shop.example.com": five_minute(times, www),
        "img.shop.example.com": {
            **five_minute(times[first_half], img[first_half]),
            **dict(zip(five_times.tolist(), five_values.tolist(), strict=True)),
        },
    }
    yield store, expected
    store.close()


def figures(points: dict[int, float]) -> dict[str, float]:
    times = np.array(sorted(points))
    values = np.array([points[t] for t in times])
    return {
        "p95": float(np.percentile(values, 95, method="inverted_cdf")),
        "peak": float(values.max()),
        "peak_time": int(times[np.argmax(values)]),
        "average": float(values.mean()),
        "points": len(values),
    }


def test_p95_peak_and_average_equal_numpy_on_the_same_5_minute_points(june) -> None:
    store, expected = june
    rows = {r.domain: r for r in month_report(store, "2024-06", AFTER_JUNE)}
    total: dict[int, float] = {}
    for points in expected.values():
        for t, v in points.items():
            total[t] = total.get(t, 0.0) + v
    for domain, points in [*expected.items(), (ALL_DOMAINS, total)]:
        row, want = rows[domain], figures(points)
        assert row.points == want["points"]
        assert row.p95_bps == pytest.approx(want["p95"], rel=1e-12)
        assert row.peak_bps == pytest.approx(want["peak"], rel=1e-12)
        assert row.peak_time == want["peak_time"]
        assert row.average_bps == pytest.approx(want["average"], rel=1e-9)
    assert [r.domain for r in month_report(store, "2024-06", AFTER_JUNE)] == [
        "img.shop.example.com",
        "www.shop.example.com",
        ALL_DOMAINS,
    ]


def test_coverage_is_the_fetched_share_of_the_month_so_far(june) -> None:
    store, _ = june
    rows = {r.domain: r for r in month_report(store, "2024-06", AFTER_JUNE)}
    assert rows["www.shop.example.com"].coverage == pytest.approx(29 / 30)
    assert rows["img.shop.example.com"].coverage == pytest.approx(1.0)
    assert rows[ALL_DOMAINS].coverage == pytest.approx(29 / 30)  # every domain fetched
    # Month to date: on June 25th at noon, 24.5 days have passed and 23.5 are fetched.
    midway = JUNE.start + 24 * DAY + DAY // 2
    rows = {r.domain: r for r in month_report(store, "2024-06", midway)}
    assert rows["www.shop.example.com"].coverage == pytest.approx(23.5 / 24.5)


def test_months_that_are_not_usable_are_refused_with_a_hint() -> None:
    for text in ("2024-13", "2024/06", "June", "2024-6"):
        with pytest.raises(InputError, match="YYYY-MM"):
            month_span(text, AFTER_JUNE)
    with pytest.raises(InputError, match="not begun"):
        month_span("2024-08", AFTER_JUNE)
    assert month_span("2024-06", AFTER_JUNE) == JUNE
    assert month_span("2024-12", JUNE.start + 220 * DAY).end == 1_735_689_600  # into 2025


def test_report_command_prints_table_csv_and_json(june, capsys: pytest.CaptureFixture[str]) -> None:
    _, expected = june
    assert main(["report", "--month", "2024-06", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["domain"] for r in rows] == ["img.shop.example.com", "www.shop.example.com", "*"]
    want = figures(expected["www.shop.example.com"])
    assert float(rows[1]["p95_bps"]) == pytest.approx(want["p95"], abs=1e-3)
    assert rows[1]["peak_time"] == format_utc(want["peak_time"])
    assert float(rows[1]["coverage"]) == pytest.approx(29 / 30, abs=1e-6)

    assert main(["report", "--month", "2024-06", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[2]["domain"] == "*" and records[2]["points"] == 30 * 288

    assert main(["report", "--month", "2024-06"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("2024-06, 2024-06-01T00:00:00Z to 2024-07-01T00:00:00Z")
    assert table[1].split() == [
        "PROVIDER",
        "ACCOUNT",
        "DOMAIN",
        "PEAK",
        "PEAK",
        "AT",
        "AVERAGE",
        "P95",
        "FETCHED",
    ]
    assert "(all domains)" in table[4] and "96.7%" in table[3]
    assert format_bps(want["p95"]) in table[3]
    assert len({len(line) for line in table[1:]}) <= 2  # aligned columns


def test_report_and_export_say_so_when_there_is_no_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "--month", "2024-06"]) == 1
    assert "no history yet" in capsys.readouterr().err
    assert main(["export"]) == 1
    assert "no history yet" in capsys.readouterr().err
    assert main(["report", "--month", "2024-6"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_export_picks_each_domains_finest_interval_unless_told(
    june, capsys: pytest.CaptureFixture[str]
) -> None:
    day = ["--start", "2024-06-20T00:00:00Z", "--end", "2024-06-20T01:00:00Z"]
    assert main(["export", "--domain", "img.shop.example.com", *day]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # header only: no 1-minute points then
    assert main(["export", "--domain", "img.shop.example.com", "--interval", "300", *day]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["time"] for r in rows[:2]] == ["2024-06-20T00:00:00Z", "2024-06-20T00:05:00Z"]
    assert main(["export", "--account", "nobody"]) == 2
    assert "nothing stored matches" in capsys.readouterr().err


def test_edge_stored_beside_gives_the_edge_p95_and_the_months_offload(
    june: tuple[HistoryStore, dict[str, dict[int, float]]],
) -> None:
    store, expected = june
    www = SeriesKey("aliyun", "shop", "www.shop.example.com", MINUTE)
    origin = expected["www.shop.example.com"]
    # Edge for one domain only: 10x its origin for the first ten days (offload 0.9).
    ten_days = TimeRange(JUNE.start, JUNE.start + 10 * DAY)
    stored_t, stored_v = store.arrays(*www, ten_days)
    store.save_arrays([(www, stored_t, stored_v * 10)], ten_days, metric="edge")
    rows = {r.domain: r for r in month_report(store, "2024-06", now=AFTER_JUNE)}
    shown = rows["www.shop.example.com"]
    assert shown.offload == pytest.approx(0.9, abs=1e-9)  # over the minutes both have
    edge_five = {t: v * 10 for t, v in origin.items() if t < JUNE.start + 10 * DAY}
    assert shown.edge_p95_bps == pytest.approx(figures(edge_five)["p95"], rel=1e-12)
    # A domain without edge, and the account's total (not every domain has edge): none.
    assert rows["img.shop.example.com"].offload is None
    assert rows[ALL_DOMAINS].offload is None and rows[ALL_DOMAINS].edge_p95_bps is None
