"""The ``cdnmon`` command: the desktop window by default, and tools for scripts."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from cdnmon import __version__
from cdnmon.model import InputError
from cdnmon.providers.errors import ProviderError

EXIT_PROVIDER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    from cdnmon.commands import credentials, emulator, fetch

    parser = argparse.ArgumentParser(
        prog="cdnmon",
        description="Monitor CDN origin-pull bandwidth (Alibaba Cloud CDN, UCloud UCDN).",
    )
    parser.add_argument("--version", action="version", version=f"cdnmon {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in (fetch, credentials, emulator):
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
    if not hasattr(args, "func"):
        parser.print_help()
        return EXIT_USAGE
    try:
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


if __name__ == "__main__":
    sys.exit(main())
