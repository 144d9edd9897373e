"""Alert tests' shared set-up: an in-memory keyring for the targets' secrets, quick retries,
and services that are closed (threads joined) after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cdnmon.alerts.journal import AlertJournal
from cdnmon.alerts.outbox import Backoff
from cdnmon.alerts.service import AlertService
from cdnmon.alerts.targets import TargetSecrets
from tests.keyrings import DictKeyring

# Retries in tenths of a second: the behaviour, without the minutes.
QUICK = Backoff(first_s=0.05, max_s=0.4, give_up_after_s=3600)


@pytest.fixture
def target_secrets() -> TargetSecrets:
    return TargetSecrets(DictKeyring(), timeout=5)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "alerts.json"


@pytest.fixture
def make_service(
    target_secrets: TargetSecrets, journal_path: Path
) -> Iterator[Callable[..., AlertService]]:
    made: list[AlertService] = []

    def make(**options: Any) -> AlertService:
        options.setdefault("secrets", target_secrets)
        options.setdefault("store", AlertJournal(journal_path))
        options.setdefault("backoff", QUICK)
        options.setdefault("timeout", (2.0, 5.0))
        made.append(AlertService(**options))
        return made[-1]

    yield make
    for service in made:
        service.close()
