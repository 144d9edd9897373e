"""Sources a wall layout names by URL (a Prometheus), made for the wall itself: a team's
walls read what one collector wrote, and need no account stored on the screen's computer."""

from __future__ import annotations

from collections.abc import Container

from cdnmon.live.keys import SourceKey
from cdnmon.model import InputError
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.registry import make_client
from cdnmon.wall.layout import WallLayout


def reader_clients(
    layout: WallLayout, known: Container[SourceKey]
) -> tuple[list[OriginBandwidthClient], dict[SourceKey, InputError]]:
    """A keyless client for each source of a tile with a ``url`` that ``known`` lacks (a
    stored account of that name, with its keys, goes first), and why any could not be made."""
    clients: dict[SourceKey, OriginBandwidthClient] = {}
    problems: dict[SourceKey, InputError] = {}
    for tile in layout.tiles:
        source = (tile.provider, tile.account)
        if not tile.url or source in known or source in clients or source in problems:
            continue
        try:
            clients[source] = make_client(
                tile.provider, Credentials("", ""), tile.account, tile.url
            )
        except InputError as error:
            problems[source] = error
    return list(clients.values()), problems
