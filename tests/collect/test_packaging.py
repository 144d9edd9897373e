"""What ships beside the collector: its systemd unit (systemd's own check, and the command
line cdnmon's parser reads) and the Grafana dashboard (every query, run by a real
Prometheus against the collector's metric)."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdnmon.cli import build_parser
from cdnmon.collect.exposition import BANDWIDTH
from cdnmon.collect.remote_write import MemoryQueue, RemoteWriter
from cdnmon.commands import collect
from cdnmon.model import InputError
from tests import REPO
from tests.prometheus import running_prometheus

PACKAGING = REPO / "packaging"
UNIT = PACKAGING / "linux" / "cdnmon-collect.service"
DASHBOARD = PACKAGING / "grafana" / "cdnmon-dashboard.json"


def unit_service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(UNIT, encoding="utf-8")
    return parser["Service"]


def test_the_unit_runs_collect_and_does_not_restart_on_a_config_mistake() -> None:
    service = unit_service()
    program, *argv = shlex.split(service["ExecStart"])
    assert program.endswith("/bin/cdnmon")
    args = build_parser().parse_args(argv)
    assert args.func is collect.run and args.config == Path("/etc/cdnmon/collect.toml")
    assert service["RestartPreventExitStatus"] == str(InputError.exit_status)
    assert service["EnvironmentFile"] == "/etc/cdnmon/collect.env"
    assert "KillSignal" not in service  # SIGTERM, which the collector ends on with exit 0


def test_systemd_finds_nothing_wrong_with_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze") or pytest.skip("needs systemd-analyze")
    # The unit as installed, with this checkout's cdnmon (the check wants a real program).
    text = UNIT.read_text(encoding="utf-8")
    local = re.sub(r"(?m)^ExecStart=\S+", f"ExecStart={sys.executable} -m cdnmon", text)
    (tmp_path / UNIT.name).write_text(local, encoding="utf-8")
    checked = subprocess.run(
        [analyze, "verify", str(tmp_path / UNIT.name)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")


def dashboard_queries() -> list[tuple[str, str, bool]]:
    """(panel title, expression with the variables set to "all", instant) of every target."""
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    found = []
    for panel in board["panels"]:
        for target in panel["targets"]:
            expr = re.sub(r'"\$(provider|account|domain)"', '".*"', target["expr"])
            expr = expr.replace("$__rate_interval", "5m")
            assert "$" not in expr, expr
            found.append((panel["title"], expr, bool(target.get("instant"))))
    for variable in board["templating"]["list"][1:]:
        selector = re.fullmatch(r"label_values\((.*), \w+\)", variable["definition"])
        assert selector is not None, variable["definition"]
        found.append((variable["name"], re.sub(r'"\$\w+"', '".*"', selector[1]), True))
    return found


def test_every_dashboard_query_runs_and_the_bandwidth_panels_show_the_points(
    tmp_path: Path,
) -> None:
    minutes = [(int(time.time()) // 60 - 8 - i) * 60 for i in range(30)][::-1]
    queue = MemoryQueue()
    queue.add("aliyun", "prod", "img.example.com", minutes, [8e6] * 30)
    queue.add("aliyun", "prod", "dl.example.com", minutes, [16e6] * 30)
    with running_prometheus(tmp_path) as prom:
        assert RemoteWriter(prom.remote_write_url, queue).flush()
        results = {
            (title, expr): prom.query(expr, at=minutes[-1] + 90)["result"]
            for title, expr, _ in dashboard_queries()
        }
    for (title, expr), result in results.items():  # the others only parse: no such data
        if BANDWIDTH in expr:
            assert result, f"{title}: {expr} finds nothing"
    by_title = {title: result for (title, _), result in results.items()}
    newest = {r["metric"]["domain"]: float(r["value"][1]) for r in by_title["Newest settled point"]}
    assert newest == {"img.example.com": 8e6, "dl.example.com": 16e6}  # bit/s again
    [total] = by_title["Origin bandwidth, all selected domains"]
    assert float(total["value"][1]) == 24e6
