"""Where cdnmon keeps its files, decided in one place.

Each directory can be overridden by an environment variable (tests and portable installs
use that); otherwise the platform's convention applies. Nothing here creates a directory:
the code that writes a file creates its parent.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "cdnmon"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "")
    return Path(value).expanduser() if value else None


def _xdg(name: str, default: str) -> Path:
    # The XDG spec says relative values are invalid and must be ignored.
    value = os.environ.get(name, "")
    base = Path(value) if value and os.path.isabs(value) else Path.home() / default
    return base / APP


def _windows(name: str, fallback: str) -> Path:
    value = os.environ.get(name, "")
    return (Path(value) if value else Path.home() / fallback) / APP


def config_dir() -> Path:
    """Settings and account metadata (never secrets): small, worth backing up."""
    if override := _env_path("CDNMON_CONFIG_DIR"):
        return override
    if sys.platform == "win32":
        return _windows("APPDATA", "AppData/Roaming")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return _xdg("XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """Bandwidth history: machine-local (LOCALAPPDATA on Windows, so it does not roam)."""
    if override := _env_path("CDNMON_DATA_DIR"):
        return override
    if sys.platform == "win32":
        return _windows("LOCALAPPDATA", "AppData/Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return _xdg("XDG_DATA_HOME", ".local/share")


def log_dir() -> Path:
    """Log files. Follows a CDNMON_DATA_DIR override so a test run writes nothing in $HOME."""
    if override := _env_path("CDNMON_LOG_DIR"):
        return override
    if os.environ.get("CDNMON_DATA_DIR"):
        return data_dir() / "logs"
    if sys.platform == "win32":
        return _windows("LOCALAPPDATA", "AppData/Local") / "logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / APP
    # Logs are "state" in the XDG sense: kept across runs, not worth backing up.
    return _xdg("XDG_STATE_HOME", ".local/state") / "logs"
