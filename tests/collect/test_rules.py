"""packaging/prometheus/cdnmon.rules.yml: promtool accepts it, and its alerts fire (and
stay quiet) on the series the collector produces, in promtool's rule unit tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests import REPO
from tests.prometheus import promtool

RULES = REPO / "packaging" / "prometheus" / "cdnmon.rules.yml"
BANDWIDTH = "cdnmon_origin_bandwidth_bytes_per_second"


def test_promtool_accepts_the_rules() -> None:
    checked = promtool("check", "rules", str(RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 5 rules found" in checked.stdout


def _series(name: str, values: str, **labels: str) -> dict[str, str]:
    text = ",".join(f'{k}="{v}"' for k, v in {"job": "cdnmon", **labels}.items())
    return {"series": f"{name}{{{text}}}", "values": values}


def _alert(at: str, name: str, *fired: dict[str, Any]) -> dict[str, Any]:
    return {"eval_time": at, "alertname": name, "exp_alerts": list(fired)}


def _fired(labels: dict[str, str], summary: str, description: str) -> dict[str, Any]:
    return {
        "exp_labels": {"severity": "warning", **labels},
        "exp_annotations": {"summary": summary, "description": description},
    }


BIG = {"provider": "aliyun", "account": "prod", "domain": "big.example.com"}
CALM = {"provider": "aliyun", "account": "prod", "domain": "calm.example.com"}
SMALL = {"provider": "ucloud", "account": "ops", "domain": "small.example.com"}

TESTS: list[dict[str, Any]] = [
    {  # above 1 Gbit/s (125e6 bytes/s) for 5 minutes
        "interval": "1m",
        "input_series": [
            _series(BANDWIDTH, "200e6x30", **BIG),
            _series(BANDWIDTH, "100e6x30", **CALM),
        ],
        "alert_rule_test": [
            _alert("3m", "CdnOriginBandwidthHigh"),
            _alert(
                "10m",
                "CdnOriginBandwidthHigh",
                _fired(
                    BIG,
                    "big.example.com pulls more than 1 Gbit/s from its origin",
                    "big.example.com (aliyun account prod) pulls 200MB/s from its origin: cache "
                    "misses, a purge or an attack getting through the CDN.",
                ),
            ),
        ],
    },
    {  # five times yesterday's level; a steady domain and a small one stay quiet
        "interval": "1m",
        "input_series": [
            _series(BANDWIDTH, "10e6x1439 50e6x59", **BIG),
            _series(BANDWIDTH, "50e6x1499", **CALM),
            _series(BANDWIDTH, "1e6x1439 4e6x59", **SMALL),
        ],
        "alert_rule_test": [
            _alert("1d5m", "CdnOriginBandwidthUpSharply"),
            _alert(
                "1d50m",
                "CdnOriginBandwidthUpSharply",
                _fired(
                    BIG,
                    "big.example.com's origin pull is up sharply against yesterday",
                    "big.example.com (aliyun account prod) averaged 50MB/s over the last 30 "
                    "minutes, more than three times the same time yesterday.",
                ),
            ),
        ],
    },
    {  # aliyun's collector stops after 9 minutes; ucloud's keeps failing after 5
        "interval": "1m",
        "input_series": [
            _series("cdnmon_last_success_timestamp_seconds", "0+60x9", **BIG),
            _series("cdnmon_fetch_errors_total", "0x9", kind="auth", **BIG),
            _series("cdnmon_last_success_timestamp_seconds", "0+60x5 300x40", **SMALL),
            _series("cdnmon_fetch_errors_total", "0x5 1+1x40", kind="network", **SMALL),
            _series(
                "cdnmon_fetch_errors_total",
                "1+1x40",
                kind="auth",
                provider="tencent",
                account="ops",
            ),
        ],
        "alert_rule_test": [
            _alert(
                "20m",
                "CdnmonCollectorNeverSucceeded",
                _fired(
                    {"provider": "tencent", "account": "ops"},
                    "cdnmon has never fetched tencent account ops",
                    "The collector polls this account but no fetch has succeeded since it "
                    "started; see cdnmon_fetch_errors_total by kind, and the collector's log.",
                ),
            ),
            _alert("19m", "CdnmonCollectorStale"),
            _alert(
                "35m",
                "CdnmonCollectorStale",
                _fired(
                    {"provider": "aliyun", "account": "prod"},
                    "cdnmon has fetched nothing from aliyun account prod for 15 minutes",
                    "The last successful fetch was 26m 0s ago; see cdnmon_fetch_errors_total "
                    "by kind, and the collector's log.",
                ),
                _fired(
                    {"provider": "ucloud", "account": "ops"},
                    "cdnmon has fetched nothing from ucloud account ops for 15 minutes",
                    "The last successful fetch was 30m 0s ago; see cdnmon_fetch_errors_total "
                    "by kind, and the collector's log.",
                ),
            ),
        ],
    },
]


def test_the_alerts_fire_on_what_the_collector_exposes(tmp_path: Path) -> None:
    unit = tmp_path / "cdnmon.rules.test.yml"
    # JSON is YAML.
    unit.write_text(
        json.dumps({"rule_files": [str(RULES)], "evaluation_interval": "1m", "tests": TESTS}),
        encoding="utf-8",
    )
    tested = promtool("test", "rules", str(unit))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout
