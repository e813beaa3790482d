"""The fake answers every spec operation: the stateful routes first, a generic route for the rest.

Each generic operation gets a valid request (built in ``_spec_requests`` from the packaged
schemas) through the real HTTP fake, and must answer its success status with the packaged
sample, counted in its usage-plan group (the samples themselves: test_fake_spec_samples).
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
from collections.abc import AsyncIterator, Mapping
from importlib import resources
from typing import Any

import aiohttp
import pytest

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._http import with_absolute_uris
from ringcentral_async.testing._spec_routes import operations, path_shape, samples

from ._spec_requests import (
    concrete_path,
    generic_operations,
    required_query,
    send,
    stateful_operations,
)
from .conftest import Login, ManualClock

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(
        extensions=8, call_log_records=20, seed=9, clock=clock, limits=LOOSE
    ) as server:
        yield server


def table_groups() -> dict[tuple[str, str], str]:
    text = resources.files("ringcentral_async").joinpath("_spec/operations.tsv").read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {(r["method"], r["path"]): r["group"] for r in csv.DictReader(lines, delimiter="\t")}


def test_every_operation_is_served_once_in_its_group() -> None:
    ops = operations()
    assert len(ops) == 520
    groups = table_groups()
    assert all(groups[(op["method"], op["path"])] == op["group"] for op in ops)
    generic = {(op["method"], path_shape(op["path"])) for op in generic_operations()}
    stateful = stateful_operations() & {(op["method"], path_shape(op["path"])) for op in ops}
    assert not generic & stateful
    assert len(generic) + len(stateful) == 520
    assert {op["group"] for op in ops} == {"Light", "Medium", "Heavy", "Auth", "NoThrottling"}


def assert_sample(op: Mapping[str, Any], fake: FakeRingCentral, raw: bytes, what: str) -> None:
    """The body is the sample: links absolute on the fake, ``uri`` this request's URL."""
    body = json.loads(raw)
    expected = with_absolute_uris(samples()[op["id"]], fake.url)
    if isinstance(expected, dict) and "uri" in expected:
        assert body["uri"].startswith(fake.url + concrete_path(op)), what
        expected["uri"] = body["uri"]
    assert body == expected, what
    links = re.findall(r'"(?:uri|contentUri)": "([^"]*)"', raw.decode())
    assert all(link.startswith(fake.url + "/") for link in links), what


async def test_every_generic_operation_answers_its_sample(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    ops = generic_operations()
    assert len(ops) > 440
    for op in ops:
        fake.clear_log()
        status, headers, raw = await send(session, fake, token, op)
        what = f"{op['id']} {op['method']} {op['path']} -> {status} {raw[:300]!r}"
        assert status == op["status"], what
        (entry,) = fake.log
        assert entry.route == op["path"] and entry.group == op["group"], what
        if op["group"] == "NoThrottling":
            assert "X-Rate-Limit-Group" not in headers, what
        else:
            assert headers["X-Rate-Limit-Group"] == op["group"], what
        if op["type"] is None:
            assert raw == b"", what
        elif op["type"] == "application/json":
            assert headers["Content-Type"].startswith("application/json"), what
            assert_sample(op, fake, raw, what)
        else:
            major = op["type"].split("/")[0]
            assert headers["Content-Type"].startswith(major + "/"), what
            assert "*" not in headers["Content-Type"] and raw, what


async def test_a_stateful_route_wins_over_the_generic_one(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    bearer = {"Authorization": "Bearer " + token}
    async with session.get(fake.url + "/restapi/v1.0/account/~/extension", headers=bearer) as r:
        body = await r.json()
    assert [rec["id"] for rec in body["records"]] == [e["id"] for e in fake.extensions]
    assert body != samples()["listExtensions"]
    # A literal segment still beats a stateful route's variable (greeting/{greetingId}).
    (hold,) = [op for op in operations() if op["path"].endswith("/greeting/hold-music")]
    fake.clear_log()
    status, _, raw = await send(session, fake, token, hold)
    assert status == 200
    assert_sample(hold, fake, raw, hold["id"])
    assert fake.log[0].route == hold["path"]


async def test_wrong_method_and_missing_token(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    (sms,) = [op for op in operations() if op["id"] == "createSMSMessage"]
    status, _, raw = await send(session, fake, token, {**sms, "method": "PATCH"}, data=b"{}")
    assert status == 405 and json.loads(raw)["errors"][0]["errorCode"] == "CMN-202"
    status, _, raw = await send(session, fake, "", sms)
    assert status == 401


async def test_a_client_walks_every_generic_paged_operation_to_its_end(
    fake: FakeRingCentral,
) -> None:
    """``rc.paginate`` stops after the sample's page (no next page link, no next token)."""
    text = resources.files("ringcentral_async").joinpath("_spec/operations.tsv").read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    paged = {
        (r["method"], r["path"]) for r in csv.DictReader(lines, delimiter="\t") if r["paging_style"]
    }
    ops = [op for op in generic_operations() if (op["method"], op["path"]) in paged]
    ops = [op for op in ops if op["method"] == "GET"]
    assert len(ops) > 40
    async with RingCentral(
        fake.client_id, fake.client_secret, server_url=fake.url, throttle=Throttle(limits=LOOSE)
    ) as rc:
        await rc.login(jwt=fake.jwt)
        for op in ops:
            params = required_query(op)
            async with asyncio.timeout(5):
                items = [item async for item in rc.paginate(concrete_path(op), params)]
            records = samples()[op["id"]].get("records")
            assert records and len(items) == len(records), op["id"]
