"""The alerts as one object: rules judged on each refresh, messages delivered behind it.

The window (or a headless process) makes one :class:`AlertService`, calls
:meth:`~AlertService.evaluate` with its snapshots after each refresh, and shows
:meth:`~AlertService.history` and :meth:`~AlertService.status`. Evaluating takes a few
milliseconds on the caller's thread (the rules are numpy over points already in memory, and
the texts are rendered there, so a renderer built on Qt's translations is called on the
thread it belongs to); sending, the keyring and the file are the outbox's threads' work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping

from cdnmon.alerts.evaluate import RuleEngine
from cdnmon.alerts.events import AlertEvent
from cdnmon.alerts.journal import AlertJournal, Entry
from cdnmon.alerts.outbox import Backoff, Outbox, TargetStatus
from cdnmon.alerts.rules import Rule
from cdnmon.alerts.targets import Target, TargetSecrets
from cdnmon.alerts.text import Renderer, TextRenderer
from cdnmon.alerts.webhooks import DEFAULT_TIMEOUT
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Snapshot

log = logging.getLogger(__name__)


class AlertService:
    """Rules, targets, history and delivery. ``on_change`` (and each listener added later)
    is called on a worker thread after the history or a target's state changed: the window
    re-reads both then."""

    def __init__(
        self,
        rules: Iterable[Rule] = (),
        targets: Iterable[Target] = (),
        *,
        secrets: TargetSecrets | None = None,
        renderer: Renderer | None = None,
        store: AlertJournal | None = None,
        backoff: Backoff | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.time,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.renderer: Renderer = renderer or TextRenderer()
        self.clock = clock
        self.outbox = Outbox(
            store or AlertJournal(),
            targets,
            secrets or TargetSecrets(),
            backoff=backoff,
            timeout=timeout,
            clock=clock,
            on_change=on_change,
        )
        self.engine = RuleEngine(rules, firing=self.outbox.firing())

    def evaluate(
        self,
        shots: Mapping[SeriesKey, Snapshot],
        yesterday: Mapping[SeriesKey, Points] | None = None,
        edge: Mapping[SeriesKey, Points] | None = None,
        now: float | None = None,
    ) -> list[AlertEvent]:
        """Judge the rules on these snapshots; the events (already queued) come back for the
        caller's own notice (the tray)."""
        moment = self.clock() if now is None else now
        events = self.engine.evaluate(moment, shots, yesterday, edge)
        if events:
            self.outbox.add([(event, self._text(event)) for event in events])
        return events

    def _text(self, event: AlertEvent) -> str:
        try:
            return self.renderer.alert_text(event)
        except Exception:  # a broken translation must not cost the alert
            log.exception("the alert renderer failed; sending the English text")
            return TextRenderer().alert_text(event)

    def add_listener(self, listener: Callable[[], None]) -> None:
        self.outbox.listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        if listener in self.outbox.listeners:
            self.outbox.listeners.remove(listener)

    def set_rules(self, rules: Iterable[Rule]) -> None:
        self.engine.set_rules(rules)

    def set_targets(self, targets: Iterable[Target]) -> None:
        self.outbox.set_targets(targets)

    def retry_now(self, target: str) -> None:
        """After the target's URL or secret was changed: try its queue again now."""
        self.outbox.retry_now(target)

    def send_test(self, target: str, done: Callable[[str | None], None]) -> None:
        """A test message to ``target`` now; ``done(None)`` once it arrived, else
        ``done(problem)``, on a worker thread."""
        self.outbox.send_test(target, self.renderer.test_text(target, self.clock()), done)

    def history(self) -> list[Entry]:
        """Every alert kept, oldest first, with how it went to each target."""
        return self.outbox.entries()

    def status(self) -> list[TargetStatus]:
        return self.outbox.status()

    @property
    def storage_problem(self) -> str | None:
        """Why the history and queue are not being saved, if they are not."""
        return self.outbox.journal.read_only_reason or self.outbox.journal.save_error

    def close(self, timeout: float = 10.0) -> None:
        self.outbox.close(timeout)
