"""The ``cdnmon`` command: the desktop window by default, and tools for scripts."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from cdnmon import __version__
from cdnmon.model import InputError
from cdnmon.providers.errors import ProviderError

EXIT_PROVIDER_ERROR = 1  # also: the history file cannot be used
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    from cdnmon.commands import credentials, emulator, export, fetch, report

    parser = argparse.ArgumentParser(
        prog="cdnmon",
        description="Monitor CDN origin-pull bandwidth (Alibaba Cloud CDN, UCloud UCDN).",
    )
    parser.add_argument("--version", action="version", version=f"cdnmon {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on demo accounts served by a built-in emulator (no account needed)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="save a PNG of the window once the first data is drawn, then exit",
    )
    parser.add_argument(
        "--screenshot-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="with --screenshot: give up (exit 1) if no data is drawn by then (default 60)",
    )
    wall = parser.add_argument_group("wall display")
    wall.add_argument(
        "--wall",
        action="store_true",
        help="fullscreen tiles for an ops-room screen (Esc leaves; F11 in the window opens it)",
    )
    wall.add_argument(
        "--layout",
        type=Path,
        metavar="FILE",
        help="the wall's tiles, thresholds and timings (TOML; implies --wall; default: "
        "wall.toml in the config folder, else the window's saved view)",
    )
    wall.add_argument(
        "--screen",
        type=int,
        metavar="N",
        help="show the wall on screen N (1 = the first; default: the primary screen)",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in (fetch, export, report, credentials, emulator):
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # urllib3 logs whole request lines, signatures included: keep it quiet.
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    from cdnmon.logs import setup_logging

    try:
        setup_logging()
    except OSError as error:
        print(f"cdnmon: no log file ({error.strerror or error})", file=sys.stderr)
    try:
        if not hasattr(args, "func"):
            return run_desktop(args)
        return int(args.func(args))
    except InputError as error:
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ProviderError as error:
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_PROVIDER_ERROR
    except KeyboardInterrupt:
        print("cdnmon: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        # Imported only now: SQLite and numpy are not needed by every command.
        from cdnmon.store import StoreError

        if not isinstance(error, StoreError):
            raise
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_PROVIDER_ERROR


def run_desktop(args: argparse.Namespace) -> int:
    # Qt loads only for the window, so the scripting commands start fast and headless.
    wall = None
    if args.wall or args.layout is not None or args.screen is not None:
        if args.layout is not None and not args.layout.is_file():
            raise InputError(f"no wall layout at {args.layout}: check the path given to --layout")
        if args.screen is not None and args.screen < 1:
            raise InputError("--screen counts from 1 (the first screen)")
        from cdnmon.gui.wall_mode import WallRequest

        wall = WallRequest(args.layout, args.screen)
    from cdnmon.gui.app import run

    return run(args.demo, args.screenshot, args.screenshot_timeout, wall)


if __name__ == "__main__":
    sys.exit(main())
