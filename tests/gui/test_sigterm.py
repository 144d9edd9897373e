"""Logout, `systemctl stop`, `kill` or a closed terminal end cdnmon as closing it does:
the real app in a subprocess gets the signal, exits 0, and its settings are saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdnmon.gui.window.settings import WindowSettings
from tests import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

READY = "event loop running"
STARTUP_S = 60
EXIT_S = 30
# A view unlike the defaults, so what the file holds afterwards shows what was saved.
SEEDED = "[view]\nspan=21600\nchart=stacked\ntheme=dark\n"


class Running:
    def __init__(self, process: subprocess.Popen[str], log: Path) -> None:
        self.process, self.log = process, log

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_S
        while READY not in self.log_text():
            if self.process.poll() is not None:
                _, err = self.process.communicate()
                pytest.fail(f"cdnmon ended before it was up ({self.process.returncode}): {err}")
            if time.monotonic() > deadline:
                pytest.fail(f"cdnmon was not up within {STARTUP_S} s: {self.log_text()}")
            time.sleep(0.05)

    def stop_with(self, number: int) -> tuple[int, str]:
        self.process.send_signal(number)
        _, err = self.process.communicate(timeout=EXIT_S)
        return self.process.returncode, err


@pytest.fixture
def start(tmp_path: Path) -> Iterator[object]:
    """Starts ``python3 -m cdnmon ARGS`` offscreen in its own folders and session; whatever
    happens, the whole process group is killed at the end."""
    started: list[subprocess.Popen[str]] = []

    def launch(*argv: str) -> Running:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ALIBABA_CLOUD_", "UCLOUD_", "DBUS_", "PYTHON_KEYRING"))
        }
        env.update(
            QT_QPA_PLATFORM="offscreen",
            CDNMON_CONFIG_DIR=str(tmp_path / "config"),
            CDNMON_DATA_DIR=str(tmp_path / "data"),
            CDNMON_LOG_DIR=str(tmp_path / "logs"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "cdnmon", *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        started.append(process)
        return Running(process, tmp_path / "logs" / "cdnmon.log")

    try:
        yield launch
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(EXIT_S)


@pytest.fixture
def demo_ini(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "demo.ini"
    path.parent.mkdir(parents=True)
    path.write_text(SEEDED, encoding="utf-8")
    return path


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_saves_the_windows_settings_and_exits_0(
    start: object, demo_ini: Path, number: signal.Signals
) -> None:
    app = start("--demo")  # type: ignore[operator]
    app.wait_until_up()
    code, err = app.stop_with(number)
    assert code == 0, err
    assert "Traceback" not in err
    text = demo_ini.read_text(encoding="utf-8")
    # Geometry and the format stamp are written only by the window's save on the way out.
    assert "[meta]\nformat=1\n" in text and "geometry=@ByteArray(" in text, text
    saved = WindowSettings(demo_ini)
    assert (saved.span, saved.view, saved.theme) == (21600, "stacked", "dark")
    assert saved.geometry is not None
    assert f"{number.name} received: quitting" in app.log_text()


def test_a_signal_closes_the_wall_and_keeps_the_saved_view(start: object, demo_ini: Path) -> None:
    demo_ini.write_text(SEEDED + "selection=aliyun/demo-prod/img.demo-shop.com\n")
    app = start("--demo", "--wall")  # type: ignore[operator]
    app.wait_until_up()
    code, err = app.stop_with(signal.SIGTERM)
    assert code == 0, err
    log = app.log_text()
    assert "SIGTERM received: quitting" in log and "wall closed" in log
    # The main window was never shown: it has no view of its own to save over the last one.
    assert demo_ini.read_text(encoding="utf-8") == (
        SEEDED + "selection=aliyun/demo-prod/img.demo-shop.com\n"
    )


def test_a_newer_settings_file_survives_a_signal_untouched(start: object, demo_ini: Path) -> None:
    newer = "[meta]\nformat=9\n\n" + SEEDED + "layers=3\n"
    demo_ini.write_text(newer, encoding="utf-8")
    app = start("--demo")  # type: ignore[operator]
    app.wait_until_up()
    code, err = app.stop_with(signal.SIGTERM)
    assert code == 0, err
    assert demo_ini.read_text(encoding="utf-8") == newer
    assert app.log_text().count("was written by a newer cdnmon (format 9)") == 1
