"""Fixtures of the tests that call the emulator over raw HTTP or through official SDKs."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests

from cdnmon.model import TimeRange


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture
def window() -> TimeRange:
    """The last settled hour of real time, for the SDKs (which sign with the real clock)."""
    end = int(time.time()) // 60 * 60 - 600  # clear of the provisional tail
    return TimeRange(end - 3600, end)
