"""Shared test set-up: offscreen Qt, a private config and data folder, no stray credentials."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtWidgets import QApplication

from cdnmon.accounts.credentials import AccountStore, SecretStore
from cdnmon.emulator import EmulatorServer
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import FILE_NAME, HistoryStore
from tests.emulated import ManualClock
from tests.keyrings import DictKeyring

if TYPE_CHECKING:
    from cdnmon.gui.app import DesktopApp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CREDENTIAL_VARIABLES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "UCLOUD_PUBLIC_KEY",
    "UCLOUD_PRIVATE_KEY",
    "UCLOUD_PROJECT_ID",
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "CDNMON_TENCENT_AREA",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "VOLCENGINE_ACCESS_KEY",
    "VOLCENGINE_SECRET_KEY",
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


@pytest.fixture(autouse=True)
def logging_as_it_was() -> Iterator[None]:
    """A test that runs ``cdnmon.cli.main`` in this process sets logging up as the command
    does (a log file with its redactor on the root logger, urllib3 quieted): undone after
    it, so no other test sees its records already redacted, or none at all."""
    root, quiet = logging.getLogger(), logging.getLogger("urllib3")
    handlers, levels = list(root.handlers), (root.level, quiet.level)
    filters = {handler: list(handler.filters) for handler in handlers}
    yield
    for handler in list(root.handlers):  # cdnmon's own, not the test runner's
        if handler not in handlers and type(handler).__module__.startswith("cdnmon"):
            root.removeHandler(handler)
            handler.close()
    for handler, kept in filters.items():
        handler.filters[:] = kept
    root.setLevel(levels[0])
    quiet.setLevel(levels[1])


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


def emulator_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """What ``@pytest.mark.emulator(...)`` on the test (or its module) asks of the emulator."""
    marker = request.node.get_closest_marker("emulator")
    return dict(marker.kwargs) if marker else {}


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> ManualClock:
    """The emulator's clock, standing still until the test moves it: at the real current time
    (Alibaba's signature check allows 15 minutes of skew), or at the marker's ``now=``."""
    return ManualClock(emulator_options(request).get("now"))


@pytest.fixture
def server(request: pytest.FixtureRequest, clock: ManualClock) -> Iterator[EmulatorServer]:
    """The emulator, by default on the test's ``clock`` and with no server-side Alibaba rate
    limit: the window and wall tests count calls, and a loaded machine's bunched arrivals
    must not turn into throttled retries (the clients still pace).

    ``@pytest.mark.emulator(...)`` on a test or module changes that: ``now=`` freezes the
    clock at that time; ``real_time=True`` gives the emulator as ``cdnmon emulator`` runs it
    (the real clock and the providers' rate limits), for a ``cdnmon`` process that reads the
    real clock or an official SDK that signs with it; every other keyword (``accounts=``, a
    rate limit) goes to ``EmulatorServer`` as it is."""
    options = emulator_options(request)
    options.pop("now", None)
    if not options.pop("real_time", False):
        options = {"clock": clock, "aliyun_rate_limit": None, **options}
    with EmulatorServer(**options) as running:
        yield running


@pytest.fixture
def accounts(isolated_home: Path) -> AccountStore:
    """The account file where cdnmon keeps it; its folder is not made yet, as on a first run."""
    return AccountStore()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    """An empty history file of the test's own."""
    with HistoryStore(tmp_path / FILE_NAME) as opened:
        yield opened


@pytest.fixture
def desktop_app(qapp: QApplication) -> Iterator[Callable[..., DesktopApp]]:
    """Makes the whole app as ``cdnmon`` starts it; each one is disposed of as ``run()``
    does, so no window is left for interpreter teardown (where it can crash the process)."""
    from cdnmon.gui.app import DesktopApp

    made: list[DesktopApp] = []

    def make(**options: object) -> DesktopApp:
        made.append(DesktopApp(qapp, **options))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for desktop in made:
        desktop.dispose()


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_gui_thread() -> Iterator[GarbageCollector]:
    """As ``cdnmon.gui.app.run`` does: Python's cycle collector only on the GUI thread's
    timer, never on a worker thread or inside a Qt destructor (where it crashes Qt)."""
    QApplication.instance() or QApplication([])
    collector = GarbageCollector(interval=1.0)
    yield collector
    collector.timer.stop()
    gc.enable()


@pytest.fixture(autouse=True)
def collect_between_tests(collect_on_the_gui_thread: GarbageCollector) -> Iterator[None]:
    """Tests that run no event loop still get their garbage collected, between tests."""
    yield
    collect_on_the_gui_thread.check()


@pytest.fixture(autouse=True)
def collector_stays_on_the_gui_thread() -> Iterator[None]:
    """A test that turns Python's automatic collector back on would let it run on worker
    threads for the rest of the session (seen: a deadlock in ~QObject on a worker)."""
    yield
    assert not gc.isenabled(), "this test re-enabled automatic garbage collection"
