"""Every tile of a wall as plain data: its feed, its latest view, and whether it changed.

A layout may hold thousands of tiles while a screen shows a page of them. The board keeps
what each tile shows (state, level, figure) without any widget: a tile is judged again
when its data changes, wherever it is (so no threshold crossing is missed), and when it is
on screen (its state also moves with the clock: stale after so many refreshes, its age).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Snapshot
from cdnmon.wall.crossings import CrossingLog
from cdnmon.wall.feed import TileFeed, TileView
from cdnmon.wall.layout import WallLayout
from cdnmon.wall.state import Crossing


class WallBoard:
    def __init__(self, layout: WallLayout) -> None:
        self.layout = layout
        self.feeds = [TileFeed(spec) for spec in layout.tiles]
        self.views: list[TileView | None] = [None] * len(self.feeds)
        self.crossings = CrossingLog()
        self._tiles_of: dict[SeriesKey, list[int]] = {}
        for index, feed in enumerate(self.feeds):
            for key in feed.keys:
                self._tiles_of.setdefault(key, []).append(index)
        self._dirty: set[int] = set()  # judged again at the next pass

    def __len__(self) -> int:
        return len(self.feeds)

    def keys(self, indices: Iterable[int] | None = None) -> list[SeriesKey]:
        """The series of these tiles (of every tile: None), in tile order, each once."""
        chosen = range(len(self.feeds)) if indices is None else indices
        return list(dict.fromkeys(key for index in chosen for key in self.feeds[index].keys))

    def edge_keys(self) -> list[SeriesKey]:
        """The series of the tiles that show offload: their edge bandwidth is fetched."""
        return list(dict.fromkeys(k for feed in self.feeds if feed.spec.offload for k in feed.keys))

    def changed(self, key: SeriesKey) -> None:
        """The series' data changed: its tiles are judged again."""
        self._dirty.update(self._tiles_of.get(key, ()))

    def changed_some(self, indices: Iterable[int]) -> None:
        self._dirty.update(indices)

    def set_yesterday(self, key: SeriesKey, points: Points) -> None:
        for index in self._tiles_of.get(key, ()):
            self.feeds[index].set_yesterday(key, points)
            self._dirty.add(index)

    def take_changed(self) -> set[int]:
        changed, self._dirty = self._dirty, set()
        return changed

    def judge(
        self,
        indices: Iterable[int],
        shot_of: Callable[[SeriesKey], Snapshot | None],
        now: float,
    ) -> list[tuple[int, Crossing]]:
        """Work out these tiles' views again; the threshold crossings that makes, in order."""
        crossings = []
        for index in sorted(indices):
            view, crossing = self.feeds[index].view(shot_of, now, self.layout)
            self.views[index] = view
            if crossing is not None:
                crossings.append((index, crossing))
        return crossings
