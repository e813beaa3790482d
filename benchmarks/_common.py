"""Helpers shared by the benchmark scripts: fake platform, clients, medians, one table.

The scripts run from the repository root either way::

    python -m benchmarks.paging
    python benchmarks/paging.py
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import aiohttp

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral

__all__ = [
    "JWT_GRANT",
    "ROOT",
    "client",
    "fake_platform",
    "median",
    "print_table",
    "raw_token",
]

ROOT = Path(__file__).resolve().parent.parent

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@contextlib.asynccontextmanager
async def fake_platform(**options: Any) -> AsyncIterator[FakeRingCentral]:
    """A started FakeRingCentral on 127.0.0.1 (closed on exit)."""
    async with FakeRingCentral(**options) as fake:
        yield fake


@contextlib.asynccontextmanager
async def client(
    fake: FakeRingCentral, *, throttle: bool | Throttle = True, **options: Any
) -> AsyncIterator[RingCentral]:
    """A RingCentral client pointed at ``fake``, logged in with its JWT (closed on exit)."""
    async with RingCentral(
        fake.client_id, fake.client_secret, server_url=fake.url, throttle=throttle, **options
    ) as rc:
        await rc.login(jwt=fake.jwt)
        yield rc


async def raw_token(http: aiohttp.ClientSession, fake: FakeRingCentral) -> str:
    """An access token from a plain JWT-bearer token request (no SDK involved)."""
    auth = aiohttp.BasicAuth(fake.client_id, fake.client_secret)
    data = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
    async with http.post(fake.url + "/restapi/oauth/token", data=data, auth=auth) as resp:
        body = await resp.json()
        if resp.status != 200:
            raise RuntimeError(f"token request failed: {resp.status} {body}")
        return str(body["access_token"])


def median(values: Iterable[float]) -> float:
    """The median (the mean of the middle two for an even count)."""
    return float(statistics.median(list(values)))


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    notes: Iterable[str] = (),
    align: Mapping[int, str] | None = None,
) -> None:
    """Print one plain-text table (first column left-aligned, the others right-aligned)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    align = dict(align or {})

    def fmt(row: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(row):
            side = align.get(i, "<" if i == 0 else ">")
            parts.append(f"{cell:{side}{widths[i]}}")
        return "  ".join(parts).rstrip()

    if title:
        print(title)
    print(fmt(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(fmt(row))
    for note in notes:
        print(note)
