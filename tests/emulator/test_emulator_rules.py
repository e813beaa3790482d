"""The emulator itself enforces the platform's rules (so the client tests can fail).

Plain aiohttp requests, no SDK: a burst over the limit is rejected, rejected arrivals count
and restart the penalty, a refresh kills the old pair at once, the token endpoint wants
Basic client auth, headers follow the configured spelling, jitter delays arrivals.
"""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

import aiohttp
import pytest
from _emu_app import JWT_GRANT, MakeEmulator, PlatformEmulator

CALL_LOG = "/restapi/v1.0/account/~/call-log"


async def token(http: aiohttp.ClientSession, emu: PlatformEmulator, **form: str) -> Any:
    raw = f"{emu.client_id}:{emu.client_secret}".encode()
    headers = {"Authorization": "Basic " + base64.b64encode(raw).decode()}
    data = form or {"grant_type": JWT_GRANT, "assertion": emu.jwt}
    async with http.post(emu.url + "/restapi/oauth/token", data=data, headers=headers) as resp:
        return resp.status, await resp.json()


async def get(
    http: aiohttp.ClientSession, emu: PlatformEmulator, path: str, access: str
) -> tuple[int, dict[str, str], Any]:
    headers = {"Authorization": "Bearer " + access}
    async with http.get(emu.url + path, headers=headers) as resp:
        return resp.status, dict(resp.headers), await resp.json()


class Clock:
    """A manual monotonic clock for the emulator: tests step it instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def test_sliding_window_penalty_restarted_by_every_request(
    make_emulator: MakeEmulator,
) -> None:
    clock = Clock()
    emu = await make_emulator(limits={"Heavy": (3, 0.2)}, penalty=0.6, clock=clock)
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        access = tok["access_token"]
        statuses = [(await get(http, emu, CALL_LOG, access))[0] for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        clock.advance(0.5)  # the window has passed, the penalty (0.6 s) has not
        status, headers, body = await get(http, emu, CALL_LOG, access)
        assert status == 429 and headers["Retry-After"] == "0.600"
        assert body["errors"][0]["errorCode"] == "CMN-301"
        clock.advance(0.5)  # the first penalty would be over; the restarted one still runs
        assert (await get(http, emu, CALL_LOG, access))[0] == 429
        clock.advance(0.61)  # penalty over; the rejected arrivals are out of the window
        status, headers, _ = await get(http, emu, CALL_LOG, access)
        assert status == 200
        assert headers["X-Rate-Limit-Remaining"] == "2"
    reasons = [a.reason for a in emu.arrivals(group="Heavy")]
    assert reasons == ["ok", "ok", "ok", "limit", "penalty", "penalty", "ok"]


async def test_rejected_arrivals_count_in_the_window(make_emulator: MakeEmulator) -> None:
    clock = Clock()
    emu = await make_emulator(limits={"Heavy": (2, 0.5)}, penalty=0.05, clock=clock)
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        access = tok["access_token"]
        assert [(await get(http, emu, CALL_LOG, access))[0] for _ in range(3)] == [200, 200, 429]
        clock.advance(0.1)  # the penalty is over, but 3 arrivals are in the window
        assert (await get(http, emu, CALL_LOG, access))[0] == 429
        clock.advance(0.45)  # the first three left the window; one arrival is still in it
        assert (await get(http, emu, CALL_LOG, access))[0] == 200


async def test_windows_are_per_group(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator(limits={"Heavy": (1, 5.0), "Light": (2, 5.0)})
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        access = tok["access_token"]
        assert (await get(http, emu, CALL_LOG, access))[0] == 200
        assert (await get(http, emu, CALL_LOG, access))[0] == 429
        status, headers, body = await get(http, emu, "/restapi/v1.0/account/~/extension/~", access)
        assert status == 200 and body["extensionNumber"] == "101"
        assert (headers["X-Rate-Limit-Group"], headers["X-Rate-Limit-Limit"]) == ("Light", "2")


async def test_refresh_rotates_and_kills_the_old_pair_at_once(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator()
    async with aiohttp.ClientSession() as http:
        status, first = await token(http, emu)
        assert status == 200 and first["token_type"] == "bearer"
        status, second = await token(
            http, emu, grant_type="refresh_token", refresh_token=first["refresh_token"]
        )
        assert status == 200 and second["access_token"] != first["access_token"]
        status, _, body = await get(http, emu, CALL_LOG, first["access_token"])
        assert status == 401 and body["errors"][0]["errorCode"] == "OAU-213"
        status, body = await token(
            http, emu, grant_type="refresh_token", refresh_token=first["refresh_token"]
        )
        assert status == 400 and body["error"] == "invalid_grant"
        assert (await get(http, emu, CALL_LOG, second["access_token"]))[0] == 200
        async with http.post(
            emu.url + "/restapi/oauth/token", data={"grant_type": JWT_GRANT, "assertion": emu.jwt}
        ) as r:
            assert r.status == 401  # no Basic client credentials
    states = [a.token_state for a in emu.log]
    assert states == ["basic", "basic", "dead", "basic", "valid", "bad-client"]


async def test_access_token_expires(make_emulator: MakeEmulator) -> None:
    clock = Clock()
    emu = await make_emulator(access_ttl=0.2, clock=clock)
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        assert tok["expires_in"] == 0.2
        clock.advance(0.19)
        assert (await get(http, emu, CALL_LOG, tok["access_token"]))[0] == 200
        clock.advance(0.01)
        status, _, body = await get(http, emu, CALL_LOG, tok["access_token"])
        assert status == 401 and body["errors"][0]["errorCode"] == "OAU-128"
    assert emu.log[-1].token_state == "expired"


async def test_injected_429_without_headers_starts_a_penalty(make_emulator: MakeEmulator) -> None:
    clock = Clock()
    emu = await make_emulator(clock=clock)
    emu.inject_429("Heavy", retry_after=None, penalty=0.3, rate_headers=False)
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        status, headers, _ = await get(http, emu, CALL_LOG, tok["access_token"])
        assert status == 429
        assert "Retry-After" not in headers
        assert not any(k.lower().startswith("x-rate-limit") for k in headers)
        clock.advance(0.29)  # restarted by the second arrival: 0.3 s from here
        assert (await get(http, emu, CALL_LOG, tok["access_token"]))[0] == 429
        clock.advance(0.31)
        assert (await get(http, emu, CALL_LOG, tok["access_token"]))[0] == 200


@pytest.mark.parametrize(
    ("prefix", "case", "expected_group"),
    [("X-Rate-Limit-", str.lower, "heavy"), ("X-RateLimit-", str.upper, "HEAVY")],
)
async def test_header_spelling_and_omission(
    make_emulator: MakeEmulator, prefix: str, case: Any, expected_group: str
) -> None:
    emu = await make_emulator(
        header_prefix=prefix, group_case=case, omit_rate_headers=lambda g, n: n % 2 == 1
    )
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        _, first, _ = await get(http, emu, CALL_LOG, tok["access_token"])
        _, second, _ = await get(http, emu, CALL_LOG, tok["access_token"])
    assert not any(k.lower().startswith(prefix.lower()) for k in first)
    assert second[prefix + "Group"] == expected_group
    assert (second[prefix + "Limit"], second[prefix + "Remaining"]) == ("10", "8")
    assert second[prefix + "Window"] == "60"


async def test_call_log_pages_by_next_page_without_totals(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator(call_log_records=25)
    ids: list[str] = []
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        url: str | None = emu.url + CALL_LOG + "?perPage=10"
        while url is not None:
            async with http.get(
                url, headers={"Authorization": "Bearer " + tok["access_token"]}
            ) as r:
                body = await r.json()
            assert "totalPages" not in body["paging"] and "totalElements" not in body["paging"]
            ids += [rec["id"] for rec in body["records"]]
            url = body["navigation"].get("nextPage", {}).get("uri")
    assert len(ids) == len(set(ids)) == 25


async def test_jitter_delays_arrivals(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator(jitter=0.05, seed=3)
    async with aiohttp.ClientSession() as http:
        _, tok = await token(http, emu)
        sent = time.monotonic()
        await asyncio.gather(*(get(http, emu, CALL_LOG, tok["access_token"]) for _ in range(8)))
    delays = [a.time - sent for a in emu.arrivals(group="Heavy")]
    assert all(d >= 0 for d in delays)
    assert max(delays) - min(delays) > 0.005  # not all at once: the order is shuffled
