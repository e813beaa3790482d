"""The fake answers every spec operation: the stateful routes first, a generic route for the rest.

Each generic operation gets a valid request (built in ``_spec_requests`` from the packaged
schemas) through the real HTTP fake, and must answer its success status with the packaged
sample, counted in its usage-plan group. The samples hold only keys their schema declares,
checked here by a walker of its own (not the fake's checker).
"""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import AsyncIterator, Mapping
from datetime import date, datetime
from importlib import resources
from typing import Any

import aiohttp
import pytest

from ringcentral_async import RingCentral, Throttle
from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._http import with_absolute_uris
from ringcentral_async.testing._spec_routes import operations, samples

from ._spec_requests import (
    _shape,
    concrete_path,
    generic_operations,
    required_query,
    resolve,
    send,
    stateful_operations,
)
from .conftest import Login, ManualClock

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}
_LEAF = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


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


def declared_problems(node: Mapping[str, Any], value: Any, where: str = "$") -> list[str]:
    """Keys the schema does not declare, and leaves of the wrong type or format."""
    node = resolve(node)
    if "anyOf" in node:
        found = [declared_problems(alt, value, where) for alt in node["anyOf"]]
        return [] if [] in found else found[0]
    if isinstance(value, dict):
        props = node.get("properties") or {}
        extra = node.get("additionalProperties")
        if not props:
            if not isinstance(extra, Mapping):
                return []
            return [p for k, v in value.items() for p in declared_problems(extra, v, where)]
        out = [f"{where}.{k} undeclared" for k in value if k not in props]
        for key in value.keys() & props.keys():
            out += declared_problems(props[key], value[key], f"{where}.{key}")
        return out
    if isinstance(value, list):
        assert node.get("type") == "array", where
        return [p for v in value for p in declared_problems(node.get("items", {}), v, where)]
    kind = node.get("type")
    if kind in _LEAF and (not isinstance(value, _LEAF[kind]) or (
        isinstance(value, bool) and kind != "boolean"
    )):  # fmt: skip
        return [f"{where}: {value!r} is not {kind}"]
    if node.get("format") == "date-time":
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        assert value.endswith("Z"), where
    if node.get("format") == "date":
        date.fromisoformat(value)
    if node.get("enum") and value not in node["enum"]:
        return [f"{where}: {value!r} not in the enum"]
    return []


def test_every_operation_is_served_once_in_its_group() -> None:
    ops = operations()
    assert len(ops) == 520
    groups = table_groups()
    assert all(groups[(op["method"], op["path"])] == op["group"] for op in ops)
    generic = {(op["method"], _shape(op["path"])) for op in generic_operations()}
    stateful = stateful_operations() & {(op["method"], _shape(op["path"])) for op in ops}
    assert not generic & stateful
    assert len(generic) + len(stateful) == 520
    assert {op["group"] for op in ops} == {"Light", "Medium", "Heavy", "Auth", "NoThrottling"}


def test_every_json_sample_declares_only_schema_keys() -> None:
    found = samples()
    json_ops = [op for op in operations() if op["type"] == "application/json" and op["schema"]]
    assert len(json_ops) > 400 and len(found) == len(json_ops)
    for op in json_ops:
        sample = found[op["id"]]
        assert sample, op["id"]
        assert declared_problems(op["schema"], sample) == [], op["id"]


def _expected_body(op: Mapping[str, Any], fake: FakeRingCentral) -> Any:
    return with_absolute_uris(samples()[op["id"]], fake.url)


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
            assert json.loads(raw) == _expected_body(op, fake), what
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
    assert status == 200 and json.loads(raw) == _expected_body(hold, fake)
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
