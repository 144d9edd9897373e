"""The wall's grid: readable tiles, all on one page when they fit, pages when not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cdnmon.wall.pages import MIN_TILE_HEIGHT, MIN_TILE_WIDTH, plan_grid


def test_a_dozen_tiles_fill_common_screens_in_one_page() -> None:
    assert (plan_grid(12, 1920, 1000).columns, plan_grid(12, 1920, 1000).rows) == (4, 3)
    assert (plan_grid(12, 3840, 2100).columns, plan_grid(12, 3840, 2100).rows) == (4, 3)
    portrait = plan_grid(12, 1080, 1850)
    assert portrait.rows > portrait.columns and portrait.pages(12) == 1


def test_too_many_tiles_for_a_laptop_go_on_pages() -> None:
    grid = plan_grid(20, 1366, 700)
    assert (grid.columns, grid.rows) == (3, 2)
    assert grid.pages(20) == 4
    assert grid.page_of(6) == 1 and grid.cell_of(7) == (0, 1)


@given(
    st.integers(1, 200),
    st.integers(100, 8000),
    st.integers(100, 8000),
)
def test_tiles_never_shrink_below_readable_and_every_tile_has_a_place(
    count: int, width: int, height: int
) -> None:
    grid = plan_grid(count, width, height)
    assert grid.columns >= 1 and grid.rows >= 1
    if width >= MIN_TILE_WIDTH and height >= MIN_TILE_HEIGHT:
        assert width / grid.columns >= MIN_TILE_WIDTH
        assert height / grid.rows >= MIN_TILE_HEIGHT
    pages = grid.pages(count)
    assert (pages - 1) * grid.per_page < count <= pages * grid.per_page
    if pages > 1:  # pages only when one page at the smallest size cannot hold them
        fits = max(1, width // MIN_TILE_WIDTH) * max(1, height // MIN_TILE_HEIGHT)
        assert grid.per_page == fits
