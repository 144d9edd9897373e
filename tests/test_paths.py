"""Where cdnmon keeps its files: overrides first, then the platform's convention."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdnmon import paths


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (
        "CDNMON_CONFIG_DIR",
        "CDNMON_DATA_DIR",
        "CDNMON_LOG_DIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_overrides_win(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CDNMON_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("CDNMON_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.delenv("CDNMON_LOG_DIR", raising=False)
    assert paths.config_dir() == tmp_path / "c"
    assert paths.data_dir() == tmp_path / "d"
    assert paths.log_dir() == tmp_path / "d" / "logs"  # a test run writes nothing in $HOME
    monkeypatch.setenv("CDNMON_LOG_DIR", str(tmp_path / "l"))
    assert paths.log_dir() == tmp_path / "l"


def test_linux_follows_xdg(monkeypatch: pytest.MonkeyPatch, linux: Path) -> None:
    assert paths.config_dir() == linux / ".config" / "cdnmon"
    assert paths.data_dir() == linux / ".local" / "share" / "cdnmon"
    assert paths.log_dir() == linux / ".local" / "state" / "cdnmon" / "logs"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(linux / "xdg"))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert paths.config_dir() == linux / "xdg" / "cdnmon"
    assert paths.data_dir() == linux / ".local" / "share" / "cdnmon"


def test_windows_and_macos(monkeypatch: pytest.MonkeyPatch, linux: Path) -> None:
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(linux / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(linux / "Local"))
    assert paths.config_dir() == linux / "Roaming" / "cdnmon"
    assert paths.data_dir() == linux / "Local" / "cdnmon"
    monkeypatch.setattr(paths.sys, "platform", "darwin")
    assert paths.config_dir() == linux / "Library" / "Application Support" / "cdnmon"
    assert paths.log_dir() == linux / "Library" / "Logs" / "cdnmon"
