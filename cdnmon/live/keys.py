"""The names of what is watched: one definition for every layer."""

from __future__ import annotations

SourceKey = tuple[str, str]  # provider, account
SeriesKey = tuple[str, str, str]  # provider, account, domain
