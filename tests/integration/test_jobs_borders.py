"""harvest_call_log against platforms whose call-log range rules differ.

The platform documents neither whether ``dateFrom``/``dateTo`` are inclusive nor an order
for the list endpoints (docs/platform.md §7). A small call-log server here serves the same
records under every combination (inclusive or exclusive ends, newest- or oldest-first,
dates cut to whole seconds, dates ignored altogether) and the harvest must hand out every
record of ``[date_from, date_to)`` exactly once in each, with many calls sharing a
startTime, several of them exactly on slice borders and on both ends of the range.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web

from ringcentral_async import RingCentral
from ringcentral_async.jobs import harvest_call_log

T0 = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 4  # four slices of one day: borders at whole days


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _parse(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


class CallLogServer:
    """A call-log list endpoint with configurable range rules (and a token endpoint)."""

    def __init__(
        self,
        records: list[tuple[str, datetime]],
        *,
        from_inclusive: bool = True,
        to_inclusive: bool = False,
        ascending: bool = False,
        whole_seconds: bool = False,
        ignore_dates: bool = False,
        shuffle_ties: bool = False,
    ) -> None:
        self.records = records
        self.from_inclusive, self.to_inclusive = from_inclusive, to_inclusive
        self.ascending, self.whole_seconds = ascending, whole_seconds
        self.ignore_dates, self.shuffle_ties = ignore_dates, shuffle_ties
        self.requests = 0
        self.rng = random.Random(3)
        self.url = ""
        self._runner: web.AppRunner | None = None

    def _bound(self, raw: str | None) -> datetime | None:
        if raw is None:
            return None
        value = _parse(raw)
        return value.replace(microsecond=0) if self.whole_seconds else value

    def _select(self, query: Any) -> list[tuple[str, datetime]]:
        lo, hi = self._bound(query.get("dateFrom")), self._bound(query.get("dateTo"))
        out = []
        for rid, t in self.records:
            if not self.ignore_dates:
                if lo is not None and (t < lo or (t == lo and not self.from_inclusive)):
                    continue
                if hi is not None and (t > hi or (t == hi and not self.to_inclusive)):
                    continue
            out.append((rid, t))
        keys = {rid: self.rng.random() if self.shuffle_ties else 0.0 for rid, _ in out}
        out.sort(key=lambda r: (r[1], keys[r[0]], r[0]), reverse=not self.ascending)
        return out

    async def _token(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "access_token": "access",
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": "refresh",
                "refresh_token_expires_in": 86400,
                "scope": "ReadCallLog",
                "owner_id": "101",
            }
        )

    async def _list(self, request: web.Request) -> web.Response:
        self.requests += 1
        page = int(request.query.get("page", "1"))
        size = int(request.query.get("perPage", "100"))
        selected = self._select(request.query)
        chunk = selected[(page - 1) * size : page * size]
        navigation: dict[str, Any] = {}
        if page * size < len(selected):
            nxt = {**request.query, "page": str(page + 1)}
            navigation["nextPage"] = {"uri": f"{self.url}{request.path}?{urlencode(nxt)}"}
        body = {
            "uri": str(request.url),
            "records": [
                {
                    "id": rid,
                    "uri": f"{self.url}/restapi/v1.0/account/1/call-log/{rid}",
                    "sessionId": "1",
                    "startTime": _iso(t),
                    "type": "Voice",
                    "direction": "Inbound",
                    "action": "Phone Call",
                    "result": "Accepted",
                }
                for rid, t in chunk
            ],
            "paging": {"page": page, "perPage": size},
            "navigation": navigation,
        }
        return web.json_response(body)

    async def __aenter__(self) -> CallLogServer:
        app = web.Application()
        app.router.add_post("/restapi/oauth/token", self._token)
        app.router.add_get("/restapi/v1.0/account/{account}/call-log", self._list)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


def _records(*, ms: bool = False) -> list[tuple[str, datetime]]:
    """~600 calls over 4 days plus the awkward ones: ties, borders, both ends, outside."""
    rng = random.Random(11)
    out: list[tuple[str, datetime]] = []
    span = DAYS * 86400
    for i in range(560):
        t = T0 + timedelta(seconds=rng.randrange(span))
        if ms:
            t += timedelta(milliseconds=rng.randrange(1000))
        if i % 9 == 0 and out:
            t = out[-1][1]  # a call sharing its startTime with the previous one
        out.append((f"r{i:04d}", t))
    for day in range(DAYS + 1):  # 4 calls exactly on each border, at date_from and date_to
        out.extend((f"b{day}-{k}", T0 + timedelta(days=day)) for k in range(4))
    out.extend((f"p{k}", T0 - timedelta(seconds=1)) for k in range(3))  # just before the range
    return out


def _expected(records: list[tuple[str, datetime]]) -> set[str]:
    end = T0 + timedelta(days=DAYS)
    return {rid for rid, t in records if T0 <= t < end}


@contextlib.asynccontextmanager
async def _client(server: CallLogServer) -> AsyncIterator[RingCentral]:
    async with RingCentral("id", "secret", server_url=server.url, throttle=False) as rc:
        await rc.login(jwt="header.payload.signature")
        yield rc


VARIANTS = {
    "from-incl-to-excl": {},
    "from-incl-to-incl": {"to_inclusive": True},
    "from-excl-to-excl": {"from_inclusive": False},
    "from-excl-to-incl": {"from_inclusive": False, "to_inclusive": True},
    "oldest-first": {"ascending": True},
    "oldest-first-to-incl": {"ascending": True, "to_inclusive": True},
    "whole-seconds": {"whole_seconds": True},
    "dates-ignored": {"ignore_dates": True},
    "ties-shuffled": {"shuffle_ties": True},
}


@pytest.mark.parametrize("ms", [False, True], ids=["s", "ms"])
@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
async def test_every_record_exactly_once(variant: str, ms: bool) -> None:
    records = _records(ms=ms)
    async with CallLogServer(records, **VARIANTS[variant]) as server, _client(server) as rc:
        harvest = harvest_call_log(
            rc, T0, T0 + timedelta(days=DAYS), slices=DAYS, concurrency=2, per_page=40
        )
        seen = Counter([str(r.id) async for r in harvest])
    assert set(seen) == _expected(records)
    assert max(seen.values()) == 1
    if not VARIANTS[variant].get("ignore_dates"):
        # no page is read twice: the minimum plus at most one partial page per slice and
        # one page per 40 for the record(s) re-read at each page's last startTime
        minimum = -(-len(_expected(records)) // 40)
        assert server.requests <= minimum + DAYS + minimum // 10 + 1


@pytest.mark.parametrize("variant", ["from-incl-to-excl", "oldest-first", "from-excl-to-incl"])
async def test_resume_after_every_stop_point(variant: str, tmp_path: Path) -> None:
    """Stopped after k records (k at many points, ties and borders included), then resumed."""
    records = _records()
    expected = _expected(records)
    end = T0 + timedelta(days=DAYS)
    async with CallLogServer(records, **VARIANTS[variant]) as server, _client(server) as rc:
        for stop in (1, 7, 39, 40, 41, 150, 333, len(expected) - 1):
            checkpoint = tmp_path / f"{variant}-{stop}.json"
            first: list[str] = []
            async with harvest_call_log(
                rc, T0, end, slices=DAYS, concurrency=2, per_page=40, checkpoint=checkpoint
            ) as harvest:
                async for record in harvest:
                    first.append(str(record.id))
                    if len(first) == stop:
                        break
            rest = [
                str(r.id)
                async for r in harvest_call_log(
                    rc, T0, end, slices=DAYS, concurrency=2, per_page=40, checkpoint=checkpoint
                )
            ]
            union = Counter(first + rest)
            assert set(union) == expected, stop
            assert max(union.values()) == 1, stop
