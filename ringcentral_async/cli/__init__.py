"""The ``ringcentral-async`` command line.

Each sub-command lives in its own module with ``add_parser(subparsers)`` and
``async def run(args) -> int``; this module only dispatches and turns errors into a
one-line message and a non-zero exit code (1: the platform or the network said no,
2: bad arguments or settings, 130: interrupted).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import (
    AuthenticationError,
    ConfigurationError,
    OAuthError,
    PermissionDeniedError,
    RingCentralError,
    __version__,
)
from . import demo, fake, harvest, listen, sync_extensions

__all__ = ["COMMANDS", "error_line", "main"]

COMMANDS: tuple[ModuleType, ...] = (demo, fake, harvest, listen, sync_extensions)


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


def error_line(exc: BaseException) -> str:
    """One clear line for a failure (never a secret: exception texts are redacted)."""
    if isinstance(exc, PermissionDeniedError):
        name = exc.permission_name
        what = f"permission {name} is missing" if name else "a permission is missing"
        text = f"{what}: {exc}"
    elif isinstance(exc, OAuthError | AuthenticationError):
        text = f"authentication failed (check RINGCENTRAL_CLIENT_ID/SECRET/JWT): {exc}"
    elif isinstance(exc, OSError):
        text = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
    else:
        text = str(exc) or type(exc).__name__
    return "error: " + " ".join(text.split())


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
    except ConfigurationError as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    except (RingCentralError, OSError) as exc:
        print(error_line(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
