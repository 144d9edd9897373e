"""Edge beside origin in the live core: fetched only for the series that show it, in the
same batches as their origin (one more call a window), kept in the history, dropped at once
when no longer shown; and a demo domain's cache collapse read off its offload.

The core runs on the headless runner against the emulator over HTTP (its demo accounts);
the calls are the emulator's own count."""

from __future__ import annotations

import numpy as np
import pytest

from cdnmon.emulator import EmulatorServer
from cdnmon.history.store import HistoryStore
from cdnmon.live import points as pts
from cdnmon.live.keys import SeriesKey
from cdnmon.model import EDGE, HOUR, MINUTE, TimeRange
from tests.emulated import ManualClock, client_for, first_account, online_domains
from tests.live.cores import CountingRunner, Watching

ORIGIN_CALL, EDGE_CALL = "DescribeOriginData", "DescribeCdnData"


def tencent_core(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching], store: object = None
) -> tuple[Watching, list[SeriesKey]]:
    account = first_account(server, "tencent")
    core = Watching(CountingRunner(), clock, store)
    core.add_source(client_for(server, account), list_domains=False)
    cores.append(core)
    keys = [("tencent", account.name, name) for name in online_domains(account)]
    return core, keys


def served(server: EmulatorServer, core: Watching, key: SeriesKey, metric: str) -> list:
    account = first_account(server, "tencent")
    window = core.held_range(key, core.time_range(), MINUTE)
    return server.expected_series("tencent", account.key_id, key[2], window, MINUTE, metric)


@pytest.mark.parametrize("with_history", [False, True], ids=["no-history", "history"])
def test_edge_is_fetched_only_where_it_is_shown_in_the_same_batch(
    server: EmulatorServer,
    clock: ManualClock,
    cores: list[Watching],
    store: HistoryStore,
    with_history: bool,
) -> None:
    core, keys = tencent_core(server, clock, cores, store if with_history else None)
    shown, plain = keys[:2], keys[2:]
    core.set_edge(shown)
    core.set_selection(keys)
    core.wait()
    windows = len(
        core.sources[keys[0][:2]].client.windows(
            core.held_range(keys[0], core.time_range(), MINUTE), MINUTE
        )
    )
    # One batch: a call a window for the origin of every domain, one for the edge of two.
    assert server.stats.requests("tencent", ORIGIN_CALL) == windows
    assert server.stats.requests("tencent", EDGE_CALL) == windows
    for key in shown:
        shot = core.snapshot(key)
        assert shot is not None and shot.edge is not None
        assert list(pts.pairs(shot.edge.points)) == served(server, core, key, EDGE)
        assert list(pts.pairs(shot.points)) == served(server, core, key, "origin")
        offload = shot.summary and shot.summary.offload
        assert offload is not None and 0 < offload.latest < 1
    assert all(core.snapshot(key).edge is None for key in plain)  # type: ignore[union-attr]
    if with_history:
        window = core.held_range(shown[0], core.time_range(), MINUTE)
        times, values = store.arrays(*shown[0], MINUTE, window, EDGE)
        assert list(zip(times.tolist(), values.tolist(), strict=True)) == served(
            server, core, shown[0], EDGE
        )
    # No longer shown: gone at once, and not asked again.
    before = server.stats.requests("tencent", EDGE_CALL)
    core.set_edge([])
    assert all(core.snapshot(key).edge is None for key in keys)  # type: ignore[union-attr]
    clock.advance(MINUTE)
    core.refresh()
    core.wait()
    assert server.stats.requests("tencent", EDGE_CALL) == before


def test_a_cache_collapse_shows_as_offload_falling_while_origin_rises(
    server: EmulatorServer, clock: ManualClock, cores: list[Watching]
) -> None:
    core, _ = tencent_core(server, clock, cores)
    account = first_account(server, "tencent")
    collapsing = ("tencent", account.name, account.collapsing)
    core.watch_trailing(3 * HOUR)  # a collapse comes every two hours
    core.set_edge([collapsing])
    core.set_selection([collapsing])
    core.wait()
    shot = core.snapshot(collapsing)
    assert shot is not None and shot.edge is not None and shot.summary is not None
    offload = shot.summary.offload
    assert offload is not None and offload.lowest == pytest.approx(0.2, abs=0.02)
    times, shares = shot.edge.offload
    window = TimeRange(int(times[0]), int(times[-1]) + MINUTE)
    # By each point's own minute: the emulator's traffic has gaps.
    minutes = server.traffic.collapse_mask(
        account.collapsing, window.start, window.seconds // MINUTE
    )
    collapsed = minutes[(times.astype(np.int64) - window.start) // MINUTE]
    assert collapsed.any() and not collapsed.all()
    assert np.allclose(shares[collapsed], 0.2, atol=0.02)
    origin = dict(pts.pairs(shot.points))
    during = np.median([origin[int(t)] for t in times[collapsed]])
    usual = np.median([origin[int(t)] for t in times[~collapsed]])
    assert during > 3 * usual  # the origin took what the cache no longer served
