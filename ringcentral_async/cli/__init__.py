"""The ``ringcentral-async`` command line.

Each sub-command lives in its own module with ``add_parser(subparsers)`` and
``async def run(args) -> int``; this module only dispatches and turns errors into a
one-line message and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import RingCentralError, __version__
from . import demo, fake

__all__ = ["main"]

COMMANDS: tuple[ModuleType, ...] = (demo, fake)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="ringcentral-async",
        description="Asyncio RingCentral client: jobs and an offline fake platform.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = asyncio.run(args.run(args))
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except RingCentralError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
