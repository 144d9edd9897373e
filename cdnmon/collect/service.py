"""``cdnmon collect``: the poller, /metrics and remote write, in the foreground until a signal.

Everything a config names is checked before anything starts (accounts and their secrets,
the history, the listen address), so a mistake is one sentence and exit 2 (1 for the
history), never a collector that runs and polls nothing. SIGTERM and SIGINT end the run
loop; the fetches are stopped, the remote writer leaves what it has not sent in the history
for the next start, and the history is closed: exit 0.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cdnmon.accounts import credentials
from cdnmon.collect.config import CollectConfig, SourceSpec, check_accounts
from cdnmon.collect.exposition import CollectorState, MetricsServer, metrics_registry
from cdnmon.collect.pending import StoreQueue
from cdnmon.collect.poller import BACKFILL_S, Poller
from cdnmon.collect.remote_write import RemoteWriter, receiver_name
from cdnmon.history.store import HistoryStore, StoreError
from cdnmon.history.store import SeriesKey as StoredKey
from cdnmon.live.runner import HeadlessRunner
from cdnmon.model import MINUTE, InputError, Metric
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.registry import make_client

if TYPE_CHECKING:
    from cdnmon.emulator import EmulatorServer

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How long the end waits for a fetch in flight, then for a remote-write request.
STOP_GRACE_S = 5.0


def collect(
    config: CollectConfig, history: Path | None = None, demo: EmulatorServer | None = None
) -> int:
    """Run the collector until SIGTERM or SIGINT; 0 then. ``demo``: poll that emulator's
    demo accounts (the config's accounts name them) instead of real ones."""
    runner = HeadlessRunner(grace_s=STOP_GRACE_S)
    with contextlib.ExitStack() as cleanup:
        store = cleanup.enter_context(HistoryStore(history))
        if store.recovery_message:
            log.warning("%s", store.recovery_message)
        if not store.writable:
            raise StoreError(
                f"{store.read_only_reason}; the collector needs a history it can add to"
            )
        sources = open_sources(config, demo)
        for client, _ in sources:
            cleanup.callback(client.close)
        state = CollectorState()
        server = cleanup.enter_context(
            MetricsServer(metrics_registry(state), config.listen_host, config.listen_port)
        )
        on_points = start_remote_write(config.remote_write, store, cleanup)
        edge = [(spec.provider, spec.account) for spec in config.sources if spec.edge]
        poller = Poller(
            runner, store, state, sources, config.refresh_s, on_points=on_points, edge=edge
        )
        cleanup.callback(poller.shutdown, close_clients=False)
        with stop_on_signals(runner.stop):
            log.info(
                "cdnmon collector: /metrics at %s; polling %d account%s every %d s%s",
                server.url,
                len(sources),
                "" if len(sources) == 1 else "s",
                config.refresh_s,
                f"; remote write to {receiver_name(config.remote_write)}"
                if config.remote_write
                else "",
            )
            poller.start()
            runner.run()
        log.info("cdnmon collector: stopping")
    log.info("cdnmon collector: stopped, history closed")
    return 0


def open_sources(
    config: CollectConfig, demo: EmulatorServer | None = None
) -> list[tuple[OriginBandwidthClient, tuple[str, ...]]]:
    """A client for each source, with its domains; InputError naming the source when its
    account or secret cannot be had."""
    if demo is None:
        check_accounts(config, credentials.AccountStore())
    opened: list[tuple[OriginBandwidthClient, tuple[str, ...]]] = []
    try:
        for spec in config.sources:
            opened.append((_client(spec, demo), spec.domains))
    except InputError as error:
        for client, _ in opened:
            client.close()
        said = InputError(f"{spec.where}: {error}")
        said.exit_status = error.exit_status
        raise said from None
    return opened


def _client(spec: SourceSpec, demo: EmulatorServer | None) -> OriginBandwidthClient:
    if demo is not None:
        offered = [a for a in demo.accounts if a.provider == spec.provider]
        chosen = next((a for a in offered if a.name == spec.account), None)
        if chosen is None:
            names = ", ".join(a.name for a in offered) or "none"
            raise InputError(
                f"the demo has no {PROVIDER_TITLES[spec.provider]} account {spec.account!r}; "
                f"its accounts: {names}"
            )
        creds = Credentials(chosen.key_id, chosen.secret, chosen.project_id)
        return make_client(spec.provider, creds, chosen.name, demo.url)
    account, creds = credentials.resolve(spec.provider, spec.account)
    endpoint = spec.endpoint or account.endpoint
    return make_client(spec.provider, creds, account.name, endpoint, area=account.area)


def start_remote_write(
    url: str, store: HistoryStore, cleanup: contextlib.ExitStack
) -> Callable[[StoredKey, Metric], None]:
    """The remote writer's thread, if ``url``; what the poller calls when the points of a
    series (origin or edge) change."""
    if not url:
        return lambda key, metric: None
    # A series new to the receiver is sent from the start-up backfill on.
    since = int(time.time()) // MINUTE * MINUTE - BACKFILL_S
    queue = StoreQueue(store, url, since)
    writer = RemoteWriter(url, queue)
    writer.start()
    cleanup.callback(writer.stop, STOP_GRACE_S)

    def changed(key: StoredKey, metric: Metric) -> None:
        queue.changed(key, metric)
        writer.wake()

    return changed


@contextlib.contextmanager
def stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """SIGTERM and SIGINT call ``stop`` (a service manager's stop, Ctrl+C) instead of
    raising in whatever code the main thread is running; the handlers before are restored."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers (and receives the signals)
        return
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}

    def handler(number: int, _frame: object) -> None:
        log.info("cdnmon collector: %s received", signal.Signals(number).name)
        stop()

    for number in STOP_SIGNALS:
        signal.signal(number, handler)
    try:
        yield
    finally:
        for number, action in previous.items():
            signal.signal(number, action)
