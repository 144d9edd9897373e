"""How the wall's tiles share a screen: a grid per page, and pages when they do not fit.

A tile must stay readable from across the room, so it never shrinks below a minimum size;
tiles beyond what fits at that size go on further pages, shown in turn. Within that limit
the grid is the one that gives the tiles the most room at a landscape 4:3 shape, whatever
the screen's resolution or orientation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Below this a 5-metre reader loses the title line (pixels, at the screen's scale).
MIN_TILE_WIDTH = 360
MIN_TILE_HEIGHT = 240
TILE_ASPECT = 4 / 3


@dataclass(frozen=True)
class Grid:
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def pages(self, count: int) -> int:
        return max(1, math.ceil(count / self.per_page))

    def page_of(self, index: int) -> int:
        return index // self.per_page

    def cell_of(self, index: int) -> tuple[int, int]:
        """Row and column of the ``index``-th tile on its page."""
        return divmod(index % self.per_page, self.columns)


def plan_grid(
    count: int,
    width: int,
    height: int,
    min_width: int = MIN_TILE_WIDTH,
    min_height: int = MIN_TILE_HEIGHT,
) -> Grid:
    """The grid for ``count`` tiles on a ``width`` x ``height`` area.

    Candidates are the grids whose cells are at least the minimum size (at least 1x1, even
    on a tiny screen) and that hold every tile, or as many as fit on a page; the winner
    gives each tile the largest 4:3 rectangle, then wastes the fewest cells.
    """
    count = max(1, count)
    max_columns = max(1, width // min_width)
    max_rows = max(1, height // min_height)
    shown = min(count, max_columns * max_rows)

    def score(grid: Grid) -> tuple[float, int]:
        cell_w, cell_h = width / grid.columns, height / grid.rows
        fitted = min(cell_w, cell_h * TILE_ASPECT)  # width of the largest 4:3 rectangle
        return (fitted, -grid.per_page)

    candidates = [
        Grid(columns, rows)
        for columns in range(1, max_columns + 1)
        for rows in range(1, max_rows + 1)
        if columns * rows >= shown
    ]
    return max(candidates, key=score)
