"""Shared test set-up: offscreen Qt, a private config and data folder, no stray credentials."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdnmon.credentials import SecretStore
from cdnmon.emulator import EmulatorServer
from cdnmon.gui.workers import WorkerPool
from tests.conftest_emulator import ManualClock
from tests.keyrings import DictKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CREDENTIAL_VARIABLES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "UCLOUD_PUBLIC_KEY",
    "UCLOUD_PRIVATE_KEY",
    "UCLOUD_PROJECT_ID",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own config and data folders and sees no real credentials."""
    for variable in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CDNMON_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CDNMON_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CDNMON_LOG_DIR", str(tmp_path / "logs"))
    yield tmp_path


@pytest.fixture
def keyring_dict() -> DictKeyring:
    """An in-memory keyring backend (the real Secret Service has its own test)."""
    return DictKeyring()


@pytest.fixture
def secrets(keyring_dict: DictKeyring) -> SecretStore:
    return SecretStore(keyring_dict, timeout=5)


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    """A real worker pool, shut down (and checked idle) after the test."""
    workers = WorkerPool()
    yield workers
    assert workers.shutdown(10_000)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def server(clock: ManualClock) -> Iterator[EmulatorServer]:
    """The emulator on the test's clock. No server-side rate limit: the window and wall
    tests count calls, and a loaded machine's bunched arrivals must not turn into throttled
    retries (the clients still pace)."""
    with EmulatorServer(clock=clock, aliyun_rate_limit=None) as running:
        yield running
