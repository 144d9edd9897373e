"""A real Prometheus for tests (``cdnmon.bench.prometheus``, shared with the benchmark).

Without ``prometheus`` and ``promtool`` (Debian's ``prometheus`` package) the tests that
need them skip, unless CDNMON_REQUIRE_PROMETHEUS=1 (CI) makes that a failure.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cdnmon.bench import prometheus as bench
from cdnmon.bench.prometheus import Prometheus, Samples, free_port, wait_until

__all__ = ["Prometheus", "Samples", "free_port", "promtool", "running_prometheus", "wait_until"]


def tool(name: str) -> str:
    """The path of ``prometheus`` or ``promtool``; skip (or fail in CI) when missing."""
    found = bench.find_tool(name)
    if found is None:
        reason = f"needs {name} (apt-get install prometheus)"
        if os.environ.get("CDNMON_REQUIRE_PROMETHEUS") == "1":
            pytest.fail(f"CDNMON_REQUIRE_PROMETHEUS=1 but this test {reason}")
        pytest.skip(reason)
    return found


def promtool(
    *args: str, stdin: str | None = None, timeout_s: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("promtool"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )


@contextlib.contextmanager
def running_prometheus(workdir: Path, **options: Any) -> Iterator[Prometheus]:
    """``cdnmon.bench.prometheus.running_prometheus`` with the installed ``prometheus``."""
    with bench.running_prometheus(tool("prometheus"), workdir, **options) as running:
        yield running
