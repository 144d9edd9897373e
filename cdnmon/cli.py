"""The ``cdnmon`` command: the desktop window by default, and tools for scripts."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cdnmon import __version__
from cdnmon.model import InputError
from cdnmon.providers.errors import ProviderError

EXIT_PROVIDER_ERROR = 1  # also: the history file cannot be used
EXIT_USAGE = 2
EXIT_NO_WINDOW = 1  # no display, or a library Qt needs is missing
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as shell tools end


def build_parser() -> argparse.ArgumentParser:
    from cdnmon.commands import collect, credentials, emulator, export, fetch, report

    parser = argparse.ArgumentParser(
        prog="cdnmon",
        description="Monitor CDN origin-pull bandwidth (Alibaba Cloud CDN, UCloud UCDN, Tencent "
        "Cloud CDN, Tencent EdgeOne, Huawei Cloud CDN, Volcengine CDN).",
    )
    parser.add_argument("--version", action="version", version=f"cdnmon {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="demo accounts served by a built-in emulator (no account needed): for the window, "
        "`fetch` and `collect`",
    )
    parser.add_argument(
        "--demo-domains",
        type=int,
        metavar="N",
        help="the window's demo with N domains in all across its accounts, to try cdnmon at "
        "scale (implies --demo; default: the demo's own 73)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="save a picture of the window (.png or .jpg) once the first data is drawn, then "
        "exit; the window is 1366x768 unless --size says otherwise",
    )
    parser.add_argument(
        "--screenshot-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="with --screenshot: give up (exit 1) if no data is drawn by then (default 60)",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        help="the window's size in pixels, e.g. 1920x1080 (default: as it was left; "
        "1366x768 for --screenshot)",
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
    for command in (fetch, export, report, collect, credentials, emulator):
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
        if args.demo_domains is not None:
            raise InputError("--demo-domains applies to the window only")
        if args.demo and not getattr(args, "takes_demo", False):
            raise InputError("--demo applies to the window, fetch and collect only")
        return int(args.func(args))
    except InputError as error:
        print(f"cdnmon: {error}", file=sys.stderr)
        return error.exit_status
    except ProviderError as error:
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_PROVIDER_ERROR
    except KeyboardInterrupt:
        print("cdnmon: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped early (`cdnmon fetch ... | head`): not a failure to talk about.
        # Point stdout at nothing, or Python's own flush at exit complains once more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:
        # Imported only now: SQLite and numpy are not needed by every command.
        from cdnmon.history.store import StoreError

        if not isinstance(error, StoreError):
            raise
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_PROVIDER_ERROR


def run_desktop(args: argparse.Namespace) -> int:
    # Qt loads only for the window, so the scripting commands start fast and headless.
    size = parse_size(args.size) if args.size is not None else None
    if not 0 < args.screenshot_timeout <= SCREENSHOT_TIMEOUT_MAX_S:  # also refuses nan
        raise InputError(
            f"--screenshot-timeout {args.screenshot_timeout:g}: give the seconds to wait, "
            f"more than 0 and at most {SCREENSHOT_TIMEOUT_MAX_S:.0f}"
        )
    if args.screenshot is not None:
        check_screenshot(args.screenshot)
    if args.demo_domains is not None:
        from cdnmon.demo import served_accounts
        from cdnmon.emulator.accounts import check_domain_count

        check_domain_count(args.demo_domains, len(served_accounts()), "--demo-domains")
        args.demo = True
    wants_wall = args.wall or args.layout is not None or args.screen is not None
    if wants_wall:
        if args.layout is not None and not args.layout.is_file():
            raise InputError(f"no wall layout at {args.layout}: check the path given to --layout")
        if args.screen is not None and args.screen < 1:
            raise InputError("--screen counts from 1 (the first screen)")
        if size is not None:
            raise InputError("--size is for the main window: the wall always fills its screen")
    from cdnmon.display_check import display_problem

    # Before any Qt import: Qt aborts the process (a core dump) when its window cannot
    # start, and a missing library fails the import itself. Say why instead.
    if (problem := display_problem(os.environ)) is not None:
        print(f"cdnmon: {problem}", file=sys.stderr)
        return EXIT_NO_WINDOW
    wall = None
    if wants_wall:
        from cdnmon.gui.wall.mode import WallRequest

        wall = WallRequest(args.layout, args.screen)
    from cdnmon.gui.app import run

    return run(args.demo, args.screenshot, args.screenshot_timeout, wall, size, args.demo_domains)


SIZE_RANGE = ((640, 480), (7680, 4320))
SCREENSHOT_FORMATS = (".png", ".jpg", ".jpeg")
SCREENSHOT_TIMEOUT_MAX_S = 86400.0


def parse_size(text: str) -> tuple[int, int]:
    """``1366x768`` -> (1366, 768), within SIZE_RANGE; InputError names what is wrong."""
    found = re.fullmatch(r"(\d{1,6})x(\d{1,6})", text.strip().lower(), re.ASCII)
    if found is None:
        raise InputError(f"--size {text}: give the size as WIDTHxHEIGHT in pixels, e.g. 1366x768")
    width, height = int(found[1]), int(found[2])
    (low_w, low_h), (high_w, high_h) = SIZE_RANGE
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise InputError(
            f"--size {text}: the window can be from {low_w}x{low_h} to {high_w}x{high_h} pixels"
        )
    return width, height


def check_screenshot(path: Path) -> None:
    """Before any window opens: a picture format Qt writes, and a folder it can write in."""
    if path.suffix.lower() not in SCREENSHOT_FORMATS:
        raise InputError(
            f"--screenshot {path}: give the file a .png or .jpg extension (it sets the format)"
        )
    if path.is_dir():
        raise InputError(f"--screenshot {path}: that is a folder; name a file in it")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"--screenshot {path}: there is no folder {folder}; create it first")
    try:
        # What the save will do: create a file in that folder (as root too, on a read-only disk).
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        raise InputError(
            f"--screenshot {path}: cannot write in {folder} ({error.strerror or error})"
        ) from None


if __name__ == "__main__":
    sys.exit(main())
