"""Processes a benchmark or a test starts: each in a session of its own, never left behind.

A failing check must not leave an emulator serving or a writer writing: the child's whole
process group gets SIGTERM when the caller is done with it, and SIGKILL after a grace
period. Children are stopped with SIGTERM, not SIGINT: a shell running the caller as a
background job (``pytest &`` in a script) makes every child ignore SIGINT.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from typing import Any

GRACE_S = 10.0


@contextlib.contextmanager
def child_process(argv: Sequence[str], **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """``subprocess.Popen(argv, **popen)`` in a new session, ended with its group on exit."""
    child = subprocess.Popen(argv, start_new_session=True, **popen)
    try:
        yield child
    finally:
        end_group(child)


def end_group(child: subprocess.Popen[Any], grace_s: float = GRACE_S) -> None:
    """SIGTERM to the child's process group, SIGKILL once ``grace_s`` has passed; then
    SIGKILL to whatever of the group is left (a grandchild may outlive the child)."""
    if child.poll() is None:
        _signal_group(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            _signal_group(child.pid, signal.SIGKILL)
            child.wait(timeout=grace_s)
    _signal_group(child.pid, signal.SIGKILL)
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()


def _signal_group(group: int, number: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, number)
