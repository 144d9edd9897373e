"""The desktop app's alerts: one service judging every refresh round, set up in a dialog.

The app makes one :class:`DesktopAlerts`. It reads the rules and targets a person set up
(:class:`~cdnmon.alerts.settings.AlertSettings`; URLs and secrets are in the keyring), and
after each refresh round of a watched monitor (the window's, and the wall's while it is up)
hands the snapshots to the :class:`~cdnmon.alerts.service.AlertService`. New alerts also
show in the system tray; a target that is failing is said in the window's status bar.

The rise-on-yesterday rule needs yesterday's minutes: they are read from the history file
(written by this window or the collector, or fetched for Compare → Yesterday) on a worker
thread; where the history does not hold them the rule judges nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from cdnmon.alerts.events import AlertEvent
from cdnmon.alerts.journal import AlertJournal
from cdnmon.alerts.outbox import Backoff
from cdnmon.alerts.rules import Rule, RuleKind, rules_for_tile
from cdnmon.alerts.service import AlertService
from cdnmon.alerts.settings import AlertSettings
from cdnmon.alerts.targets import Target, TargetSecrets
from cdnmon.gui.alert_text import window_renderer
from cdnmon.gui.error_text import TranslatedInputError, explain, say, sentence
from cdnmon.gui.i18n import arg
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.wall.alerts import AlertNotifier
from cdnmon.gui.workers import WorkerPool
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, InputError, TimeRange
from cdnmon.wall.layout import WallLayout

if TYPE_CHECKING:
    from cdnmon.gui.dialogs.alerts import AlertsDialog
    from cdnmon.gui.window.main_window import MainWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

Done = Callable[[str | None], None]  # None: it worked; else the problem, one sentence


class DesktopAlerts(QObject):
    """Owns the alert service for the app; the dialog edits the set-up through it."""

    _changed = Signal()  # from the service's threads to this one

    def __init__(
        self,
        window: MainWindow,
        pool: WorkerPool,
        secrets: TargetSecrets,
        settings_path: Path,
        journal_path: Path,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.pool = pool
        self.secrets = secrets
        self.settings = AlertSettings(settings_path)
        setup = self.settings.load()
        self.rules: list[Rule] = setup.rules
        self.targets: list[Target] = setup.targets
        self.wall_rules: list[Rule] = []
        self.renderer = window_renderer()
        self.service = AlertService(
            self.all_rules(),
            self.targets,
            secrets=secrets,
            renderer=self.renderer,
            store=AlertJournal(journal_path),
            backoff=backoff,
            clock=clock,
            on_change=self._changed.emit,
        )
        self.notifier: AlertNotifier | None = None  # the tray icon, from the first alert on
        self.dialog: AlertsDialog | None = None
        self.closed = False
        self._judging: set[int] = set()  # monitors whose round is being judged (by id)
        self._again: set[int] = set()  # ... and that finished another round meanwhile
        self._changed.connect(self.show_status)
        window.alerts_requested.connect(self.open_dialog)
        if setup.problems:
            window.show_notice(sentence(arg(self.tr("Alerts: %1"), say(setup.problems[0]))))
        self.show_status()

    def all_rules(self) -> list[Rule]:
        return [*self.rules, *self.wall_rules]

    # ---- judging ------------------------------------------------------------------------

    def watch(self, monitor: Monitor) -> None:
        """Judge the rules after each of ``monitor``'s refresh rounds (when no fetch is
        left running)."""
        monitor.progress.connect(
            lambda done, wanted: self.judge(monitor) if (done, wanted) == (0, 0) else None
        )

    def judge(self, monitor: Monitor) -> None:
        """Judge the rules on the monitor's snapshots now (yesterday's minutes read first,
        off this thread, when a rule needs them)."""
        shots = {key: shot for key, shot in monitor.shots.items() if shot.has_points}
        if not shots or self.closed:
            return
        store = monitor.store
        wanted = self._yesterday_wanted(shots)
        if store is None or not wanted:
            self._evaluate(shots, None)
            return
        if id(monitor) in self._judging:  # one read at a time, in order
            self._again.add(id(monitor))
            return
        self._judging.add(id(monitor))

        def read(worker: object) -> dict[SeriesKey, Points]:
            found = {}
            for key in wanted:
                shot = shots[key]
                times = shot.points[0]
                span = TimeRange(int(times[0]) - DAY, int(times[-1]) - DAY + shot.interval)
                found[key] = store.arrays(*key, shot.interval, span)
            return found

        def finished(_worker: object) -> None:
            self._judging.discard(id(monitor))
            if id(monitor) in self._again:
                self._again.discard(id(monitor))
                self.judge(monitor)

        def failed(error: BaseException) -> None:
            log.warning("yesterday's minutes not read for the alerts: %s", error)
            self._evaluate(shots, None)

        self.pool.start(
            read,
            name="alerts: yesterday",
            on_result=lambda found: self._evaluate(shots, found),
            on_error=failed,
            on_finished=finished,
        )

    def _yesterday_wanted(self, shots: dict[SeriesKey, Snapshot]) -> list[SeriesKey]:
        rising = [rule for rule in self.service.engine.rules if rule.kind is RuleKind.ORIGIN_UP]
        subjects = [subject for rule in rising for subject in rule.subjects(shots)]
        return sorted({key for subject in subjects for key in subject.series})

    def _evaluate(
        self, shots: dict[SeriesKey, Snapshot], yesterday: dict[SeriesKey, Points] | None
    ) -> None:
        if self.closed:
            return
        edge = {key: shot.edge.points for key, shot in shots.items() if shot.edge is not None}
        events = self.service.evaluate(shots, yesterday, edge)
        wall_keys = {rule.key for rule in self.wall_rules}
        # The wall announces its own crossings in the tray already.
        fired = [e for e in events if e.fired and e.rule.key not in wall_keys]
        if fired:
            self._tray(fired)

    def _tray(self, fired: list[AlertEvent]) -> None:
        if self.notifier is None:
            self.notifier = AlertNotifier(self.window, self.tr("cdnmon alerts"))
        lines = self.service.renderer.alert_text(fired[0]).splitlines()
        text = "\n".join(lines[:2])
        if len(fired) > 1:
            text += "\n" + self.tr("(and %n more alerts)", "", len(fired) - 1)
        self.notifier.show_alert(self.tr("cdnmon alert"), text)

    # ---- the wall -----------------------------------------------------------------------

    def watch_wall(self, monitor: Monitor, layout: WallLayout) -> None:
        """The wall's thresholds as rules too, so its crossings reach the targets."""
        self.watch(monitor)
        self.set_wall_layout(layout)

    def set_wall_layout(self, layout: WallLayout | None) -> None:
        rules = []
        for tile in layout.tiles if layout is not None else ():
            try:
                rules.extend(rules_for_tile(tile))
            except InputError as error:  # a source no rule can name (a Prometheus reader)
                log.info("wall tile %r has no alert rules: %s", tile.title, error)
        self.wall_rules = list(dict.fromkeys(rules))
        self.service.set_rules(self.all_rules())
        if self.dialog is not None:
            self.dialog.refresh()

    # ---- the set-up (the dialog's) ------------------------------------------------------

    def save_rules(self, rules: list[Rule]) -> None:
        """Use and remember these rules; InputError when they cannot be saved."""
        self.settings.save(rules, self.targets)
        self.rules = list(rules)
        self.service.set_rules(self.all_rules())

    def save_target(
        self, target: Target, url: str | None, signing_secret: str | None, done: Done
    ) -> None:
        """Store the target's URL and secret in the keyring (``None``: keep the stored one),
        then use and remember the target; ``done`` on this thread."""
        secrets = self.secrets

        def store(worker: object) -> None:
            if url is None or signing_secret is None:
                stored = secrets.get(target.name)
                if stored is None and url is None:
                    raise TranslatedInputError(
                        arg(
                            self.tr("no webhook URL is stored for alert target '%1'; enter it"),
                            target.name,
                        )
                    )
                kept_url = stored.url if stored is not None else ""
                kept_secret = stored.signing_secret if stored is not None else ""
                secrets.set(target, url or kept_url, kept_secret if signing_secret is None
                            else signing_secret)  # fmt: skip
            else:
                secrets.set(target, url, signing_secret)

        def stored(_result: object) -> None:
            targets = [t for t in self.targets if t.name != target.name]
            at = next((i for i, t in enumerate(self.targets) if t.name == target.name), None)
            targets.insert(len(targets) if at is None else at, target)
            if self._use_targets(targets, done):
                self.service.retry_now(target.name)
                done(None)

        self.pool.start(
            store,
            name="alerts: store target",
            on_result=stored,
            on_error=lambda error: done(explain(error)),
        )

    def _use_targets(self, targets: list[Target], done: Done) -> bool:
        """Remember these targets and deliver to them; where they cannot be saved, say why
        through ``done`` and keep the ones before."""
        try:
            self.settings.save(self.rules, targets)
        except InputError as error:
            done(explain(error))
            return False
        self.targets = targets
        self.service.set_targets(targets)
        return True

    def remove_target(self, name: str, done: Done) -> None:
        """Forget the target and its keyring entry."""
        if not self._use_targets([t for t in self.targets if t.name != name], done):
            return
        self.pool.start(
            lambda worker: self.secrets.delete(name),
            name="alerts: forget target",
            on_result=lambda _deleted: done(None),
            on_error=lambda error: done(explain(error)),
        )

    # ---- showing ------------------------------------------------------------------------

    def show_status(self) -> None:
        """A failing target in the window's status bar ("" once none is)."""
        failing = [status for status in self.service.status() if status.failing]
        problem = self.service.storage_problem
        if failing:
            first = failing[0]
            text = arg(self.tr("Alerts: %1 failing — %2"), first.name, say(first.last_error))
            if len(failing) > 1:
                text = arg(self.tr("%1 (and %n more targets)", "", len(failing) - 1), text)
            details = "\n".join(f"{s.name}: {say(s.last_error)}" for s in failing[1:])
        elif problem:
            text, details = arg(self.tr("Alerts: %1"), say(problem)), ""
        else:
            text, details = "", ""
        self.window.show_alerts_problem(text, details)

    def open_dialog(self) -> AlertsDialog:
        from cdnmon.gui.dialogs.alerts import AlertsDialog

        if self.dialog is None:
            self.dialog = AlertsDialog(self.service, self.renderer, self.window, setup=self)
            self.dialog.finished.connect(self._dialog_closed)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _dialog_closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def sources(self) -> dict[tuple[str, str], list[str]]:
        """The accounts the window has, with the domains listed for each (for the rule
        editor's choices)."""
        monitor = self.window.monitor
        return {
            key: [domain.name for domain in source.domains]
            for key, source in monitor.sources.items()
        }

    def close(self) -> None:
        """Stop sending (what is queued stays in the journal for the next start)."""
        if self.closed:
            return
        self.closed = True
        if self.dialog is not None:
            self.dialog.close()
        self.service.close()
        if self.notifier is not None:
            self.notifier.close()
            self.notifier = None
