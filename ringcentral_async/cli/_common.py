"""Shared pieces of the job commands: credentials, login with a token store, progress, output.

Credentials come from the environment (RINGCENTRAL_SERVER_URL, RINGCENTRAL_CLIENT_ID,
RINGCENTRAL_CLIENT_SECRET, RINGCENTRAL_JWT) or an ``--env-file`` of ``NAME=value`` lines,
never from a flag (it would land in shell history). The token is kept in a FileTokenStore
(mode 0600) so that repeated runs do not log in each time (JWT logins cost Auth requests).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO, TypeVar

from .. import (
    PRODUCTION_URL,
    AuthenticationError,
    ConfigurationError,
    FileThrottle,
    FileTokenStore,
    OAuthError,
    RingCentral,
)

__all__ = [
    "Progress",
    "add_common_args",
    "bar",
    "emit_summary",
    "group_json",
    "limiter_text",
    "run_job",
    "format_table",
    "group_rows",
    "load_env",
]

ENV_NAMES = (
    "RINGCENTRAL_SERVER_URL",
    "RINGCENTRAL_CLIENT_ID",
    "RINGCENTRAL_CLIENT_SECRET",
    "RINGCENTRAL_JWT",
)
CACHE_DIR = Path("~/.cache/ringcentral-async")
T = TypeVar("T")


def add_common_args(p: argparse.ArgumentParser) -> None:
    """``--env-file``, ``--token-store``, ``--throttle-state``, ``--quiet``, ``--json``."""
    p.add_argument("--env-file", type=Path, help="NAME=value lines (RINGCENTRAL_*)")
    p.add_argument(
        "--token-store",
        type=Path,
        help=f"token file (default: {CACHE_DIR}/token-<hash of server, app and JWT>.json)",
    )
    p.add_argument(
        "--throttle-state",
        type=Path,
        help="SQLite file of the usage-plan windows, shared by concurrent and consecutive "
        "runs on this host (default: beside the token file, *.throttle.sqlite)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress, no summary table")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")


def load_env(env_file: Path | None) -> dict[str, str]:
    """The RINGCENTRAL_* settings: the environment first, then ``env_file`` for the rest."""
    values = {n: os.environ[n] for n in ENV_NAMES if os.environ.get(n)}
    if env_file is not None:
        try:
            lines = env_file.read_text("utf-8").splitlines()
        except OSError as exc:
            raise ConfigurationError(f"cannot read --env-file {env_file}: {exc.strerror}") from None
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            name, _, value = line.removeprefix("export ").partition("=")
            name, value = name.strip(), value.strip().strip("'\"")
            if name in ENV_NAMES and name not in values and value:
                values[name] = value
    missing = [n for n in ("RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_JWT") if n not in values]
    if missing:
        raise ConfigurationError(f"set {' and '.join(missing)} (environment or --env-file)")
    return values


def _store_path(args: argparse.Namespace, env: Mapping[str, str], server: str) -> Path:
    """The token file: ``--token-store``, else one per server, app and JWT (a hash only)."""
    if args.token_store is not None:
        return Path(args.token_store)
    who = "\0".join((server, env["RINGCENTRAL_CLIENT_ID"], env["RINGCENTRAL_JWT"]))
    digest = hashlib.sha256(who.encode()).hexdigest()[:16]
    return CACHE_DIR.expanduser() / f"token-{digest}.json"


def _throttle_path(args: argparse.Namespace, token_path: Path) -> Path:
    """The throttle's state file: ``--throttle-state``, else beside the token file."""
    if getattr(args, "throttle_state", None) is not None:
        return Path(args.throttle_state)
    return token_path.with_name(token_path.stem + ".throttle.sqlite")


async def _connect(args: argparse.Namespace, env: Mapping[str, str]) -> tuple[RingCentral, bool]:
    """A logged-in client, and whether its token came from the token store.

    Its throttle keeps the usage-plan windows in a SQLite file beside the token, so a run
    that starts right after (or beside) another one never starts into a full window.
    """
    server = env.get("RINGCENTRAL_SERVER_URL", PRODUCTION_URL)
    token_path = _store_path(args, env, server)
    store = FileTokenStore(token_path)
    rc = RingCentral(
        env["RINGCENTRAL_CLIENT_ID"],
        env.get("RINGCENTRAL_CLIENT_SECRET"),
        server_url=server,
        token_store=store,
        throttle=FileThrottle(_throttle_path(args, token_path)),
    )
    try:
        token = None
        with contextlib.suppress(ConfigurationError):  # nothing stored
            token = await rc.login()
        soon = datetime.now(UTC) + timedelta(minutes=1)
        if token is not None and token.expires_at <= soon:
            refreshable = token.refresh_token is not None and (
                token.refresh_token_expires_at is None or token.refresh_token_expires_at > soon
            )
            token = None
            if refreshable:
                with contextlib.suppress(OAuthError, AuthenticationError):
                    token = await rc.refresh()
        if token is None:
            await rc.login(jwt=env["RINGCENTRAL_JWT"])
            return rc, False
    except BaseException:
        await rc.aclose()
        raise
    return rc, True


async def run_job(args: argparse.Namespace, job: Callable[[RingCentral, bool], Awaitable[T]]) -> T:
    """Run ``job(rc, again)`` with a logged-in client (closed afterwards).

    The token comes from the token store when it holds one that is still good (refreshed
    first if it is about to expire), else from a JWT login. If the platform rejects a
    stored session anyway (revoked, ended by an admin), the job runs once more after a JWT
    login, with ``again=True`` (the jobs are resumable or write nothing until the end).
    """
    env = load_env(args.env_file)
    rc, from_store = await _connect(args, env)
    async with rc:
        try:
            return await job(rc, False)
        except (OAuthError, AuthenticationError):
            if not from_store:
                raise
        await rc.login(jwt=env["RINGCENTRAL_JWT"])
        return await job(rc, True)


def format_table(rows: Sequence[Sequence[Any]]) -> str:
    """Rows (the first is the header) as aligned text; numbers right-aligned."""
    text = [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(text[0]))]
    lines = []
    for n, row in enumerate(text):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def group_rows(rc: RingCentral) -> list[tuple[Any, ...]]:
    """Per usage-plan group: requests sent, limit/window, seconds waited, 429s."""
    rows: list[tuple[Any, ...]] = [("group", "requests", "limit/window", "waited s", "429s")]
    for name, st in rc.throttle.stats().items():
        if st.sent or st.rejected_429:
            rows.append(
                (name, st.sent, f"{st.limit}/{st.window:g}s", f"{st.waited_s:.1f}", st.rejected_429)
            )
    return rows


def group_json(rc: RingCentral) -> dict[str, dict[str, Any]]:
    """The same as :func:`group_rows`, for ``--json``."""
    return {
        name: {
            "requests": st.sent,
            "limit": st.limit,
            "window": st.window,
            "waited_s": round(st.waited_s, 3),
            "rejected_429": st.rejected_429,
        }
        for name, st in rc.throttle.stats().items()
        if st.sent or st.rejected_429
    }


class Progress:
    """One status line on stderr: redrawn in place on a TTY, a line every few s otherwise."""

    def __init__(self, *, quiet: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self._last = 0.0
        self._width = 0

    def due(self) -> bool:
        """Whether an update would be shown now (build the text only then)."""
        interval = 0.1 if self.tty else 5.0
        return not self.quiet and time.monotonic() - self._last >= interval

    def update(self, text: str, *, force: bool = False) -> None:
        """Show ``text`` (rate-limited: 10/s on a TTY, every 5 s otherwise)."""
        if self.quiet or not (force or self.due()):
            return
        self._last = time.monotonic()
        if self.tty:
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        """End the in-place line."""
        if not self.quiet and self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()


def bar(fraction: float, width: int = 20) -> str:
    """``[########------------]  40%``."""
    fraction = min(1.0, max(0.0, fraction))
    filled = round(fraction * width)
    return f"[{'#' * filled}{'-' * (width - filled)}] {fraction:4.0%}"


def limiter_text(rc: RingCentral, groups: Sequence[str] | None = None) -> str:
    """``Heavy 12 req, waited 3.1 s`` for ``groups`` (default: every group used so far)."""
    stats = rc.throttle.stats()
    names = [n for n, st in stats.items() if st.sent] if groups is None else groups
    parts = []
    for name in names:
        st = stats.get(name)
        if st is not None:
            parts.append(f"{name} {st.sent} req, waited {st.waited_s:.1f} s")
    return "; ".join(parts)


def emit_summary(args: argparse.Namespace, data: Mapping[str, Any], tables: Sequence[str]) -> None:
    """``--json``: the summary as one JSON object on stdout; else the tables (unless quiet)."""
    if args.json:
        print(json.dumps(data, sort_keys=True, default=str))
    elif not args.quiet:
        print("\n\n".join(tables))
