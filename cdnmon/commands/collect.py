"""``cdnmon collect``: one headless poller for Prometheus (a /metrics page, remote write)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from cdnmon import paths
from cdnmon.model import InputError

if TYPE_CHECKING:
    from cdnmon.collect.config import CollectConfig
    from cdnmon.emulator import EmulatorServer

DEMO_HISTORY = "demo-history.sqlite3"  # as the window's demo: made-up points stay apart


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "collect",
        help="poll the providers headless for Prometheus: /metrics and remote write",
        description=(
            "Poll the accounts a config file names, with the window's clients, rate limits and "
            "history, and serve the newest settled point of every domain on /metrics (bytes "
            "per second at the provider's own time), pushing every settled point to a "
            "remote-write receiver if the config names one. Runs in the foreground, logging "
            "to stderr, until SIGTERM or Ctrl+C (exit 0). A mistake in the config is one "
            "sentence naming the file, line and field (exit 2)."
        ),
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the collector's TOML file: listen, refresh, remote_write and [[source]] "
        "sections (provider, account, endpoint, domains); see README.md",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,  # so it does not undo `cdnmon --demo collect`
        help="poll a built-in emulator's demo accounts instead (no account needed; a "
        "separate history); with --config, its sources name demo accounts",
    )
    parser.set_defaults(func=run, takes_demo=True)


def run(args: argparse.Namespace) -> int:
    # Imported here: numpy, SQLite and prometheus_client are not needed by every command.
    from cdnmon.collect.config import load_config
    from cdnmon.collect.service import collect

    demo = getattr(args, "demo", False)
    if args.config is None and not demo:
        raise InputError(
            "give the collector its config file: cdnmon collect --config FILE (README.md, "
            "`cdnmon collect`, has an example), or try it with cdnmon collect --demo"
        )
    config = load_config(args.config) if args.config is not None else None
    progress_on_stderr(args.verbose)
    if not demo:
        assert config is not None
        return collect(config)
    from cdnmon.emulator import EmulatorServer

    with EmulatorServer() as server:
        return collect(config or demo_config(server), paths.data_dir() / DEMO_HISTORY, server)


def demo_config(server: EmulatorServer) -> CollectConfig:
    """Every demo account, every online domain, the default address and refresh."""
    from cdnmon.collect.config import CollectConfig, SourceSpec

    return CollectConfig(
        tuple(
            SourceSpec(a.provider, a.name, where=f"demo account {a.name}") for a in server.accounts
        )
    )


def progress_on_stderr(verbose: bool) -> None:
    """A service's log is its stderr: what it starts, stops and fails at, not only warnings."""
    root = logging.getLogger()
    level = logging.DEBUG if verbose else logging.INFO
    if root.level > level:
        root.setLevel(level)
    for handler in root.handlers:
        if type(handler) is logging.StreamHandler:
            handler.setLevel(level)
