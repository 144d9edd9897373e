"""History files as users end up with them, for the durability and window tests: on a
read-only folder, written by a newer cdnmon, left by a killed cdnmon.

Read-only folders are real: ``unshare -m`` gives one command its own mount namespace, in
which the folder is bind-mounted read-only (root ignores file modes; a read-only mount it
cannot). Nothing outside that one process sees the mount.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from cdnmon.history import schema
from cdnmon.history.schema import MIGRATIONS
from cdnmon.model import Series, TimeRange
from tests import REPO
from tests.children import child_process

MOUNT_READ_ONLY = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
# Saves an hour of points, says so, then waits to be killed: its commits stay in the -wal.
KILLED_WRITER = """
import sys, time
from pathlib import Path
from cdnmon.model import MINUTE, Series, TimeRange
from cdnmon.history.store import HistoryStore

T0 = 1_718_409_600
store = HistoryStore(Path(sys.argv[1]))
points = tuple((T0 + i * MINUTE, 1e6 + i) for i in range(60))
store.save(Series("aliyun", "shop", sys.argv[2], MINUTE, points), TimeRange(T0, T0 + 3600))
print("saved", flush=True)
time.sleep(60)
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def require_private_mounts() -> None:
    """Skip, saying why, where this process may not mount in a namespace of its own (a
    read-only folder, a small disk)."""
    problem = _private_mount_problem()
    if problem:
        pytest.skip(problem)


@functools.cache
def _private_mount_problem() -> str:
    if shutil.which("unshare") is None:
        return "read-only folders need unshare(1) from util-linux"
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            ["unshare", "-m", "sh", "-c", MOUNT_READ_ONLY, "sh", folder, "touch", f"{folder}/x"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    if "Read-only file system" in probe.stderr:
        return ""
    return (
        "read-only folders and small disks need a private mount namespace (unshare -m, "
        f"mount), which this process may not make: {probe.stderr.strip() or probe.returncode}"
    )


def run_on_small_disk(folder: Path, seed: Path, code: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE PATH`` with a 256 KiB disk mounted on ``folder`` for that process
    alone, holding a copy of ``seed`` at PATH."""
    script = 'mount -t tmpfs -o size=256k tmpfs "$1" && cp "$2" "$3" && shift 3 && exec "$@"'
    path = folder / seed.name
    mount = ["unshare", "-m", "sh", "-c", script, "sh", str(folder), str(seed), str(path)]
    return subprocess.run(
        [*mount, sys.executable, "-c", code, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_read_only(
    folder: Path, *argv: str, env: dict[str, str] | None = None, code: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -m cdnmon ARGV`` (or ``python -c CODE ARGV``) with ``folder`` read-only for
    that process alone."""
    mount = ["unshare", "-m", "sh", "-c", MOUNT_READ_ONLY, "sh", str(folder)]
    run = ["-c", code] if code else ["-m", "cdnmon"]
    return subprocess.run(
        [*mount, sys.executable, *run, *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def write_older(path: Path, version: int, series: Series, covered: TimeRange) -> None:
    """Leave ``path`` as a cdnmon of format ``version`` wrote it, holding ``series`` (id 7)
    with ``covered`` settled: through its own tables, as this build's code asks for columns
    the older ones lack."""
    conn = sqlite3.connect(path)
    with conn:
        for statement in (s for step in MIGRATIONS[:version] for s in step):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO series (id, provider, account, domain, interval) VALUES (7, ?, ?, ?, ?)",
            (series.provider, series.account, series.domain, series.interval),
        )
        times = np.array(series.timestamps, dtype=np.int64)
        values = np.array(series.values, dtype=np.float64)
        schema.put_points(conn, 7, series.interval, times, values, covered)
        schema.add_coverage(conn, 7, [covered])
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


def make_newer(path: Path, oldest_reader: int | None) -> None:
    """Turn ``path`` into what a cdnmon one format newer would leave: a new table, and (when
    given) the oldest format it says still reads the file right."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE notes (series_id INTEGER, text TEXT)")
        conn.execute("DROP TABLE IF EXISTS readers")  # this build's own says "1 reads it"
        if oldest_reader is not None:
            conn.execute("CREATE TABLE readers (oldest_format INTEGER NOT NULL)")
            conn.execute("INSERT INTO readers VALUES (?)", (oldest_reader,))
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()


def killed_writer(path: Path, domain: str = "www.example.com") -> None:
    """Leave ``path`` as a cdnmon killed after a save leaves it: the save in the -wal only."""
    with child_process(
        [sys.executable, "-c", KILLED_WRITER, str(path), domain],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "saved\n"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
