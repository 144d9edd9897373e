"""What a start shows first: the history, before any call to the provider; the domain
lists wait until the charts' first calls have started."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cdnmon.emulator import EmulatorServer
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.workers import WorkerPool
from cdnmon.history.store import HistoryStore
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import HOUR, MINUTE, Series, TimeRange
from tests.emulated import ManualClock, client_for, first_account, online_domains


def test_stored_history_is_drawn_before_any_call_and_the_list_waits(
    qtbot: QtBot, server: EmulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    account = first_account(server, "aliyun")
    keys = [("aliyun", account.name, name) for name in online_domains(account)[:3]]
    visible = TimeRange.last(HOUR, clock.now)  # the default range
    stored = TimeRange(visible.start, visible.end - 10 * MINUTE)
    # Not what the emulator serves: these can only come from the history.
    with HistoryStore(tmp_path / "h.sqlite3") as writer:
        for key in keys:
            points = tuple((t, 42.0) for t in range(stored.start, stored.end, MINUTE))
            writer.save(Series(*key, MINUTE, points), stored)
    store = HistoryStore(tmp_path / "h.sqlite3")
    monitor = Monitor(WorkerPool(), clock=clock, store=store)
    monitor.add_source(client_for(server, account), list_domains=False)
    seen: list[tuple[Snapshot, int]] = []  # each snapshot, and the calls served before it
    monitor.series_changed.connect(lambda key, shot: seen.append((shot, server.stats.requests())))
    listed: list[int] = []
    monitor.domains_listed.connect(lambda key, domains: listed.append(server.stats.requests()))

    monitor.set_selection(keys)
    monitor.list_domains(("aliyun", account.name))  # as a start asks, right after
    assert monitor.in_flight == 3  # reading the history counts as in flight
    qtbot.waitUntil(
        lambda: monitor.in_flight == 0 and len(seen) == 6 and bool(listed), timeout=30000
    )

    first = seen[:3]  # the history's, all three drawn before any call was made
    assert {shot.key for shot, _ in first} == set(keys)
    assert [calls for _, calls in first] == [0, 0, 0]
    assert all(shot.health.succeeded_at is None for shot, _ in first)
    assert all(set(shot.points[1].tolist()) == {42.0} for shot, _ in first)
    # Then the fetches topped them up with the provider's newest minutes.
    for shot, calls in seen[3:]:
        assert calls > 0 and shot.health.succeeded_at is not None
        assert shot.points[0][-1] >= stored.end
    # The list asked for meanwhile waited for the reads (no call at all before they were
    # drawn, above), then went out once, behind the charts' calls.
    assert server.stats.requests("aliyun", "DescribeUserDomains") == 1
    monitor.shutdown()
    store.close()
