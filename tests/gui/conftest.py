"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from cdnmon.gui import i18n


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[str]:
    """The application in Simplified Chinese for the test, English again after it."""
    yield i18n.install(qapp, "zh_CN")
    i18n.uninstall(qapp)
