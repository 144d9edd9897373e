"""Starting the desktop app: the QApplication, the accounts to show, demo and screenshot modes."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QFileDialog

from cdnmon import paths
from cdnmon.gui import i18n
from cdnmon.gui.charts.picture_file import save_picture
from cdnmon.gui.error_text import explain, say, sentence
from cdnmon.gui.i18n import arg
from cdnmon.gui.icons import APP_ID, app_icon
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.mode import WallMode, WallRequest
from cdnmon.gui.window.main_window import MainWindow, on_first_data
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.logs import LOG_NAME
from cdnmon.model import DAY
from cdnmon.providers.base import OriginBandwidthClient

if TYPE_CHECKING:
    from cdnmon.accounts.credentials import AccountStore, SecretStore
    from cdnmon.alerts.targets import TargetSecrets
    from cdnmon.emulator import EmulatorServer
    from cdnmon.gui.alerting import DesktopAlerts

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

EXIT_NO_DATA = 1
# A common laptop screen: the whole toolbar fits, as most people would see the window.
SCREENSHOT_SIZE = (1366, 768)
RETENTION_EVERY_MS = 6 * 3600 * 1000


class DesktopApp:
    """Owns the window, the monitor and, in demo mode, the in-process emulator."""

    def __init__(
        self,
        app: QApplication,
        demo: bool,
        wall: WallRequest | None = None,
        demo_domains: int | None = None,
        alert_secrets: TargetSecrets | None = None,
    ) -> None:
        """``demo_domains``: the demo's accounts hold that many domains in all;
        ``alert_secrets``: where alert targets' URLs and secrets are (the keyring's)."""
        self.app = app
        self.pool = WorkerPool()
        self.monitor = Monitor(self.pool)
        self.demo = demo
        self.demo_domains = demo_domains
        self.demo_server: EmulatorServer | None = None
        self.clients: list[OriginBandwidthClient] = []
        self.problems: dict[SourceKey, str] = {}
        # In wall mode the main window starts (and fetches) only when someone leaves the wall.
        self._main_started = wall is None
        self._pending_selection: list[SeriesKey] = []
        settings_name = "demo.ini" if demo else "cdnmon.ini"
        self.settings = WindowSettings(paths.config_dir() / settings_name)
        i18n.install(app, self.settings.language)
        suffix = translate("DesktopApp", " — demo (emulated accounts and traffic)") if demo else ""
        self.window = MainWindow(self.monitor, self.settings, suffix)
        self.window.demo_requested.connect(self.start_demo)
        self.window.accounts_requested.connect(self.manage_accounts)
        self.window.report_requested.connect(self.show_report)
        self.window.about_requested.connect(self.show_about)
        self.window.save_layout_requested.connect(self.save_wall_layout)
        self._accounts: AccountStore | None = None
        self._secrets: SecretStore | None = None
        self.alerts = self._start_alerts(alert_secrets)
        app.aboutToQuit.connect(self.stop)
        self._retention = QTimer(app)
        self._retention.timeout.connect(self.apply_retention)
        # Demo traffic is made up: it gets a history file of its own.
        history = paths.data_dir() / ("demo-history.sqlite3" if demo else "history.sqlite3")
        self.wall_mode = WallMode(self, wall)
        self.window.wall_requested.connect(self.wall_mode.toggle)
        if wall is not None:
            saved = self.settings.selection
            if demo:
                from cdnmon.demo import served_accounts, usable_selection

                saved = usable_selection(saved, served_accounts(demo_domains))
            self.wall_mode.open(self.wall_mode.chosen_layout(saved or []), wall.screen)
        self.open_history(history, self.start_demo if demo else self.load_accounts)

    def _start_alerts(self, secrets: TargetSecrets | None) -> DesktopAlerts:
        """The alert rules judged on the window's refreshes (and the wall's). The demo's
        rules, history and keyring entries are its own: made-up traffic alerts no real team
        unless someone sets that up in the demo."""
        from cdnmon.alerts import journal, settings
        from cdnmon.alerts.targets import SERVICE, TargetSecrets
        from cdnmon.gui.alerting import DesktopAlerts

        prefix = "demo-" if self.demo else ""
        alerts = DesktopAlerts(
            self.window,
            self.pool,
            secrets or TargetSecrets(service=f"{SERVICE}-demo" if self.demo else SERVICE),
            paths.config_dir() / (prefix + settings.FILE_NAME),
            paths.data_dir() / (prefix + journal.FILE_NAME),
        )
        alerts.watch(self.monitor)
        return alerts

    # ---- history --------------------------------------------------------------------

    def open_history(self, path: Path, then: Callable[[], None]) -> None:
        """Open (and check) the history file off the GUI thread, then go on with ``then``."""
        from cdnmon.history.store import HistoryStore, StoreError

        def opened(store: HistoryStore) -> None:
            self.monitor.store = store
            if self.wall_mode.wall is not None:
                self.wall_mode.wall.monitor.store = store
            if store.recovery_message:
                self.window.show_notice(say(store.recovery_message))
            if store.read_only_reason:  # shown and read as it is, live points still drawn
                log.warning("history will not be added to: %s", store.read_only_reason)
                self.window.show_notice(sentence(say(store.read_only_reason)))
            self.apply_retention()
            self._retention.start(RETENTION_EVERY_MS)
            then()

        def failed(error: BaseException) -> None:
            if isinstance(error, StoreError):  # says what and what to do: no traceback
                log.error("history unavailable: %s", error)
            else:
                log.error("history unavailable", exc_info=error)
            text = translate("DesktopApp", "History is off for this run: %1")
            self.window.show_notice(arg(text, explain(error)))
            then()

        self.pool.start(
            lambda worker: HistoryStore(path), name="open history", on_result=opened,
            on_error=failed,
        )  # fmt: skip

    def apply_retention(self) -> None:
        store, settings = self.monitor.store, self.settings
        if store is not None:
            keep_minute, keep_5min = settings.keep_minute_days * DAY, settings.keep_5min_days * DAY
            self.pool.start(
                lambda worker: store.apply_retention(
                    None, keep_minute, keep_5min, should_stop=lambda: worker.aborted
                ),
                name="retention",
            )

    # ---- sources --------------------------------------------------------------------

    @property
    def accounts(self) -> AccountStore:
        # Imported on first use: demo mode never needs the keyring (tens of ms at start-up).
        from cdnmon.accounts.credentials import AccountStore

        self._accounts = self._accounts or AccountStore()
        return self._accounts

    @property
    def secrets(self) -> SecretStore:
        from cdnmon.accounts.credentials import SecretStore

        self._secrets = self._secrets or SecretStore()
        return self._secrets

    def start_demo(self) -> None:
        from cdnmon.demo import start_demo, usable_selection

        if self.demo_server is not None:
            return
        self.demo_server, clients = start_demo(self.demo_domains)
        saved = self.settings.selection if self.window.settings.path.name == "demo.ini" else None
        self._show(clients, usable_selection(saved, self.demo_server.accounts))

    def load_accounts(self) -> None:
        """Read secrets off the GUI thread: a locked keyring may wait on a prompt."""
        from cdnmon.accounts import credentials
        from cdnmon.model import InputError
        from cdnmon.providers.registry import make_client

        store, secrets = self.accounts, self.secrets
        try:
            accounts = store.list()
        except InputError as error:  # accounts.json unreadable: one sentence, no traceback
            log.warning("accounts not read: %s", error)
            self.window.show_notice(sentence(explain(error)))
            accounts = []
        keys: list[SourceKey] = [(a.provider, a.name) for a in accounts]
        # Tencent Cloud CDN and EdgeOne read the same variables: a Tencent key shows both.
        for provider in credentials.PROVIDERS:
            try:
                found = credentials.env_credentials(provider, os.environ)
            except InputError as error:  # half a key pair set: said, the rest goes on
                log.warning("environment credentials not used: %s", error)
                self.window.show_notice(sentence(explain(error)))
                continue
            if found:
                keys.append((found[0].provider, found[0].name))
        self.window.show_sources(keys, [])
        if not keys:
            return

        def job(worker: object) -> tuple[list[OriginBandwidthClient], dict[SourceKey, str]]:
            clients, problems = [], {}
            for key in keys:
                try:
                    account, creds = credentials.resolve(*key, accounts=store, secrets=secrets)
                    endpoint, area = account.endpoint, account.area
                    clients.append(make_client(key[0], creds, account.name, endpoint, area=area))
                except InputError as error:
                    problems[key] = explain(error)
            return clients, problems

        def loaded(result: tuple[list[OriginBandwidthClient], dict[SourceKey, str]]) -> None:
            clients, problems = result
            self.problems = problems
            for key, message in problems.items():
                self.window.picker.set_source_error(key, message)
            self._show(clients, self.settings.selection or [])

        self.pool.start(job, name="read accounts", on_result=loaded)

    def _show(self, clients: list[OriginBandwidthClient], selection: list[SeriesKey]) -> None:
        self.clients = clients
        self.wall_mode.give_sources()
        if self._main_started:
            self._show_in_main(selection)
        else:
            self._pending_selection = selection

    def give_sources(self, monitor: Monitor) -> None:
        for client in self.clients:
            if (client.provider, client.account) not in monitor.sources:
                monitor.add_source(client, list_domains=False)

    def _show_in_main(self, selection: list[SeriesKey]) -> None:
        # The charts' first fetches go before the domain lists: they share each account's
        # rate limit, and the charts are what a person waits for.
        self.give_sources(self.monitor)
        self.window.show_sources([(c.provider, c.account) for c in self.clients], selection)
        for client in self.clients:
            self.monitor.list_domains((client.provider, client.account))

    def show_main(self) -> None:
        """The main window; after a wall-only start, its sources and fetching begin now."""
        if not self._main_started:
            self._main_started = True
            self._show_in_main(self._pending_selection)
        self.window.show()
        self.window.activateWindow()

    def manage_accounts(self, provider: str) -> None:
        from cdnmon.gui.dialogs.accounts import AccountsDialog

        dialog = AccountsDialog(self.accounts, self.secrets, self.pool, self.window)
        dialog.accounts_changed.connect(self._accounts_changed)
        dialog.show()
        if provider:
            dialog.new_account(provider)

    def show_report(self) -> None:
        from cdnmon.gui.dialogs.report import ReportDialog

        if self.monitor.store is None:
            self.window.show_notice(
                translate(
                    "DesktopApp", "The month report needs the history file, which is not open"
                )
            )
            return
        ReportDialog(self.monitor.store, self.pool, self.window).show()

    def show_about(self) -> None:
        from cdnmon.gui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.pool, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def save_wall_layout(self) -> None:
        """Save the window's view as a wall layout file; F11 and ``--wall`` then use it."""
        chosen, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("DesktopApp", "Save view as wall layout"),
            str(self.wall_mode.layout_path),
            translate("DesktopApp", "Wall layouts (*.toml)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.wall_mode.save_view(path, self.monitor.selection())
        except OSError as error:
            message = translate("DesktopApp", "Could not save the wall layout to %1: %2")
            # arg fills both at once: a path holding "%2" stays as it is.
            self.window.show_notice(arg(message, path, error.strerror or error))
            return
        message = translate(
            "DesktopApp", "Saved the wall layout to %1: F11 shows it, edit it to change"
        )
        self.window.show_notice(arg(message, path))

    def _accounts_changed(self) -> None:
        if self.demo_server is None:
            for key in list(self.monitor.sources):
                self.monitor.remove_source(key)
                self.window.picker.remove_source(key)
            self.load_accounts()

    def save_settings(self) -> None:
        # A window that never started has no view to remember (it would forget the saved one).
        if self._main_started:
            self.window.save_settings()

    def stop(self) -> None:
        self._retention.stop()
        self.wall_mode.stop()
        self.alerts.close()
        # The clients are shared by the main window's monitor and the wall's.
        self.monitor.shutdown(close_clients=False)
        for client in self.clients:
            client.close()
        if self.monitor.store is not None:
            self.monitor.store.close()
            self.monitor.store = None
        if self.demo_server is not None:
            self.demo_server.stop()
            self.demo_server = None

    def dispose(self) -> None:
        """Stop, then delete the window while Python can still run its overrides: left to
        interpreter teardown, a graphics item's Python event handler can run
        half-finalized and crash the process as it exits."""
        self.stop()
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def screenshot_when_drawn(desktop: DesktopApp, path: Path, timeout_s: float) -> None:
    """Save a PNG of the window once the first data is drawn, then quit (1 on timeout)."""
    window = desktop.window
    window.remember = False

    def capture() -> None:
        visible = desktop.monitor.time_range()
        window.chart.show_readout_at(visible.start + visible.seconds * 0.7)
        QApplication.processEvents()
        desktop.app.exit(_saved(window.grab(), path))

    on_first_data(window, capture)
    QTimer.singleShot(int(timeout_s * 1000), lambda: _give_up(desktop, timeout_s))


def log_first_charts(window: MainWindow) -> None:
    """Log the moment the charts on screen first show data: how long a start takes
    (``cdnmon.bench.startup`` reads it)."""
    chart = window.chart

    def check() -> None:
        if chart.screenful_drawn():
            chart.drawn.disconnect(check)
            chart.repaint()  # painted now rather than at the loop's next turn: on screen
            log.info("first charts drawn")

    chart.drawn.connect(check)


def report_unexpected(
    desktop: DesktopApp, kind: type[BaseException], error: BaseException, trace: object
) -> None:
    """A bug in a slot: logged with its traceback, and said in the window, not on a
    terminal nobody reads (the app goes on)."""
    log.error("unexpected error", exc_info=(kind, error, trace))  # type: ignore[arg-type]
    text = translate("DesktopApp", "Unexpected error (%1); details are in the log: %2")
    desktop.window.show_notice(arg(text, kind.__name__, paths.log_dir() / LOG_NAME))


def wall_screenshot_when_drawn(desktop: DesktopApp, path: Path, timeout_s: float) -> None:
    """Save a PNG of the wall once every tile on screen has had an answer, then quit (1 on
    timeout). The other pages' tiles may still be waiting for theirs."""
    wall = desktop.wall_mode.wall
    assert wall is not None

    def check() -> None:
        if wall.page_answered():
            poll.stop()
            # One more tick: states, levels and the header as a person would see them.
            QTimer.singleShot(300, capture)

    def capture() -> None:
        wall.tick()
        QApplication.processEvents()
        desktop.app.exit(_saved(wall.grab(), path))

    poll = QTimer(wall)
    poll.timeout.connect(check)
    poll.start(50)
    QTimer.singleShot(int(timeout_s * 1000), lambda: _give_up(desktop, timeout_s))


def _saved(picture: QPixmap, path: Path) -> int:
    """Write the screenshot; the exit status to end with."""
    try:
        save_picture(picture, path)
    except OSError as error:
        print(f"cdnmon: could not write the screenshot to {path}: {error}", file=sys.stderr)
        return EXIT_NO_DATA
    print(f"saved {path}")
    return 0


def _give_up(desktop: DesktopApp, timeout_s: float) -> None:
    print(
        f"cdnmon: no data was drawn within {timeout_s:.0f} s; nothing saved "
        "(check the accounts, or try --demo)",
        file=sys.stderr,
    )
    desktop.app.exit(EXIT_NO_DATA)


# Ctrl+C in the terminal; logout, `systemctl stop` or `kill`; the terminal closing.
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def quit_on_signals(app: QApplication) -> dict[int, Any]:
    """End the app on these signals as closing the window does: the event loop returns and
    run() saves the window's settings and closes the wall (their default is to die at once,
    saving nothing). The handler only queues the quit, so a signal that arrives before the
    event loop runs is not lost; the idle timer gives Python a moment now and then to
    notice a signal while Qt runs."""

    def handle(number: int, _frame: object) -> None:
        log.info("%s received: quitting, settings are saved", signal.Signals(number).name)
        QTimer.singleShot(0, app.quit)

    previous = {number: signal.signal(number, handle) for number in QUIT_SIGNALS}
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
    QTimer.singleShot(0, lambda: log.info("event loop running; pid %d", os.getpid()))
    return previous


def restore_signals(previous: dict[int, Any]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)


def run(
    demo: bool = False,
    screenshot: Path | None = None,
    timeout_s: float = 60.0,
    wall: WallRequest | None = None,
    size: tuple[int, int] | None = None,
    demo_domains: int | None = None,
) -> int:
    """``size``: the main window's, instead of the one it was left at; ``demo_domains``:
    the demo's accounts hold that many domains in all."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("cdnmon")
    app.setOrganizationName("cdnmon")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
    # Python's cycle collector runs on whichever thread allocates: on a worker it deletes
    # Qt objects off the GUI thread, and inside a Qt destructor it re-enters Qt's deletion
    # (both seen: a crash, and a deadlock in ~QObject). Collect on the GUI thread's timer.
    collector = GarbageCollector(interval=1.0)
    desktop = DesktopApp(app, demo, wall, demo_domains)
    log_first_charts(desktop.window)
    sys.excepthook = lambda kind, error, trace: report_unexpected(desktop, kind, error, trace)
    previous_handlers = quit_on_signals(app)
    if screenshot is not None and wall is not None:
        desktop.window.remember = False
        wall_screenshot_when_drawn(desktop, screenshot, timeout_s)
    elif screenshot is not None:
        screenshot_when_drawn(desktop, screenshot, timeout_s)
        # Not the size some earlier run left: the same picture on every machine.
        size = size or SCREENSHOT_SIZE
    if size is not None:
        desktop.window.setWindowState(Qt.WindowState.WindowNoState)
        desktop.window.resize(*size)
    if wall is None:
        desktop.window.show()
    code = app.exec()
    desktop.save_settings()
    # Saved: a second signal now does what it did before (by default, end a slow shutdown).
    restore_signals(previous_handlers)
    desktop.dispose()
    collector.timer.stop()
    return code
