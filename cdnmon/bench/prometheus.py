"""A real Prometheus of its own, for the collector's benchmark and tests: its own process
group, storage, loopback port and config, read back through its HTTP API.

Debian's ``prometheus`` package provides ``prometheus`` and ``promtool``. The server always
has the remote-write receiver on and an out-of-order window, so samples older than a
series' newest (an outage filled in later) are accepted as a collector's receiver would.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import requests

from cdnmon.bench.processes import child_process

READY_TIMEOUT_S = 30.0
T = TypeVar("T")
# {sorted labels but __name__: [(seconds, value), ...]}
Samples = dict[tuple[tuple[str, str], ...], list[tuple[float, float]]]


def find_tool(name: str) -> str | None:
    """The path of ``prometheus`` or ``promtool``, None when neither PATH nor /usr/bin has it."""
    usual = f"/usr/bin/{name}"
    return shutil.which(name) or (usual if os.access(usual, os.X_OK) else None)


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], T], timeout_s: float = 20.0, what: str = "") -> T:
    """``check()``'s first true result, polled; AssertionError naming ``what`` on timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what or check}")
        time.sleep(0.1)


@dataclass
class Prometheus:
    url: str  # http://127.0.0.1:PORT
    data_dir: Path
    log_path: Path

    @property
    def remote_write_url(self) -> str:
        return f"{self.url}/api/v1/write"

    def query(self, expr: str, at: float | None = None) -> Any:
        """The ``data`` of an instant query through the HTTP API."""
        params: dict[str, Any] = {"query": expr}
        if at is not None:
            params["time"] = at
        answer = requests.get(f"{self.url}/api/v1/query", params=params, timeout=10)
        answer.raise_for_status()
        body = answer.json()
        assert body["status"] == "success", body
        return body["data"]

    def samples(self, selector: str, at: float | None = None, window: str = "1d") -> Samples:
        """Every stored sample of the selected series within ``window`` before ``at``."""
        data = self.query(f"{selector}[{window}]", at)
        return {
            tuple(sorted((k, v) for k, v in found["metric"].items() if k != "__name__")): [
                (float(t), float(v)) for t, v in found["values"]
            ]
            for found in data["result"]
        }


def _config(scrape: str | None, interval: str, ooo_window: str) -> str:
    # JSON is YAML: no YAML writer needed.
    config: dict[str, Any] = {
        "global": {"scrape_interval": interval, "scrape_timeout": interval},
        "storage": {"tsdb": {"out_of_order_time_window": ooo_window}},
        "scrape_configs": [],
    }
    if scrape:
        config["scrape_configs"].append(
            {"job_name": "cdnmon", "static_configs": [{"targets": [scrape]}]}
        )
    return json.dumps(config, indent=1)


@contextlib.contextmanager
def running_prometheus(
    binary: str,
    workdir: Path,
    *,
    port: int | None = None,
    scrape: str | None = None,
    scrape_interval: str = "1s",
    ooo_window: str = "1d",
    options: tuple[str, ...] = (),
) -> Iterator[Prometheus]:
    """``binary`` on 127.0.0.1:``port`` (a free one by default) with its storage in
    ``workdir``, scraping ``scrape`` (``host:port``) if given as job ``cdnmon``, with
    command-line ``options`` added; ready when yielded, and its process group ended on exit
    whatever happened."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "prometheus.yml"
    config.write_text(_config(scrape, scrape_interval, ooo_window), encoding="utf-8")
    port = port or free_port()
    prometheus = Prometheus(f"http://127.0.0.1:{port}", workdir / "data", workdir / "log.txt")
    argv = [
        binary,
        f"--config.file={config}",
        f"--storage.tsdb.path={prometheus.data_dir}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--web.enable-remote-write-receiver",
        "--log.level=warn",
        *options,
    ]
    with (
        prometheus.log_path.open("wb") as log,
        child_process(
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        ) as child,
    ):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not _ready(prometheus.url):
            if child.poll() is not None or time.monotonic() > deadline:
                text = prometheus.log_path.read_text(errors="replace")[-3000:]
                raise AssertionError(f"prometheus did not become ready:\n{text}")
            time.sleep(0.1)
        yield prometheus


def _ready(url: str) -> bool:
    try:
        return requests.get(f"{url}/-/ready", timeout=2).status_code == 200
    except requests.RequestException:
        return False
