"""Processes the tests start: each in a session of its own, and never left behind.

The helpers live in ``cdnmon.bench.processes``, shared with the benchmarks that start
Prometheus and collectors; see there why children get SIGTERM and not SIGINT.
"""

from __future__ import annotations

from cdnmon.bench.processes import GRACE_S, child_process, end_group

__all__ = ["GRACE_S", "child_process", "end_group"]
