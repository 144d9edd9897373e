from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live.cores import Watching


@pytest.fixture
def cores() -> Iterator[list[Watching]]:
    """Cores made by a test, shut down after it."""
    made: list[Watching] = []
    yield made
    for core in made:
        core.shutdown()
