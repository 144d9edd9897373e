"""The wall's page of tiles: as many tile widgets as the grid has cells, whatever the layout
holds, each showing whichever layout tile it is given.

A tile widget (its labels and its sparkline) costs memory and start-up time; a layout of a
thousand tiles shows a page of twenty at a time, so the widgets are made once for a page
and turning the page gives them other tiles to show.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from cdnmon.gui.wall.tile import WallTile
from cdnmon.gui.wall.words import reason_text, trend_text
from cdnmon.live.snapshot import Snapshot
from cdnmon.wall.feed import TileView
from cdnmon.wall.pages import Grid


class TilePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The wall's size decides the grid: the tiles' minimum sizes must not decide the wall's.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.cells = QGridLayout(self)
        self.tiles: list[WallTile] = []
        self.shows: dict[int, int] = {}  # layout index -> the cell showing it
        self._drawn: list[Snapshot | None] = []  # each cell's snapshot drawn

    def set_grid(self, grid: Grid, cells: int, gap: int) -> None:
        """Lay ``cells`` tile widgets out on ``grid``, reusing the widgets there are."""
        while len(self.tiles) > cells:
            tile = self.tiles.pop()
            tile.setParent(None)
            tile.deleteLater()
        while len(self.tiles) < cells:
            tile = WallTile("", "")
            # A cell of the last page with no tile keeps its room: tiles stay one size.
            policy = tile.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            tile.setSizePolicy(policy)
            self.tiles.append(tile)
        for tile in self.tiles:
            self.cells.removeWidget(tile)
        for row in range(self.cells.rowCount()):
            self.cells.setRowStretch(row, 0)
        for column in range(self.cells.columnCount()):
            self.cells.setColumnStretch(column, 0)
        self.cells.setContentsMargins(gap, gap, gap, gap)
        self.cells.setSpacing(gap)
        for row in range(grid.rows):
            self.cells.setRowStretch(row, 1)
        for column in range(grid.columns):
            self.cells.setColumnStretch(column, 1)
        for index, tile in enumerate(self.tiles):
            row, column = grid.cell_of(index)
            self.cells.addWidget(tile, row, column)
        self.shows = {}
        self._drawn = [None] * len(self.tiles)

    def show_tiles(self, shown: list[tuple[int, str, str]]) -> None:
        """Give the cells these layout tiles (index, title, source) in order; the cells
        left over are hidden. Their data is drawn by ``draw``."""
        self.shows = {}
        for cell, tile in enumerate(self.tiles):
            if cell < len(shown):
                index, title, source = shown[cell]
                tile.show_tile(title, source)
                self.shows[index] = cell
            tile.setVisible(cell < len(shown))
            self._drawn[cell] = None

    def shown_tiles(self) -> list[WallTile]:
        return [self.tiles[cell] for cell in self.shows.values()]

    def draw(self, index: int, view: TileView, window: tuple[float, float]) -> None:
        """Show the view of layout tile ``index`` if it is on this page; its chart is drawn
        again only when its snapshot changed."""
        cell = self.shows.get(index)
        if cell is None:
            return
        tile = self.tiles[cell]
        if self._drawn[cell] is not view.shot:
            self._drawn[cell] = view.shot
            tile.set_data(view.shot, window)
        tile.set_state(view.state, reason_text(view.reason), view.age_s)
        tile.set_level(view.level)
        tile.set_trend(trend_text(view.trend))
