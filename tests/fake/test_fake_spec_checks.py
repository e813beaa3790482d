"""The generic routes check a request against the spec, like the platform (400 with its body).

Missing required query parameter or body property: 400 CMN-100 naming it; a value of the
wrong type, outside the enum or range: 400 CMN-101 naming it; JSON that does not parse:
400 CMN-103; an undeclared content type: 415. Unknown body keys are ignored. The generic
routes are counted in their usage-plan group and limited like every other route.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral

from ._spec_requests import body_kwargs, generic_operations, required_query, resolve, send
from .conftest import Login, ManualClock

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}
#: A value of another type, per declared type (for query strings and JSON bodies).
WRONG_QUERY = {"integer": "abc", "number": "abc", "boolean": "maybe"}
WRONG_JSON: dict[str, Any] = {
    "string": 12,
    "integer": "twelve",
    "number": "twelve",
    "boolean": "yes",
    "array": {"not": "a list"},
    "object": ["not", "an object"],
}


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeRingCentral]:
    async with FakeRingCentral(
        extensions=8, call_log_records=20, seed=9, clock=clock, limits=LOOSE
    ) as server:
        yield server


def assert_error(status: int, raw: bytes, code: str, parameter: str, what: str) -> None:
    assert status == 400, what
    body = json.loads(raw)
    assert body["errorCode"] == code and body["parameterName"] == parameter, what
    assert body["errors"] == [
        {"errorCode": code, "message": body["message"], "parameterName": parameter}
    ], what
    assert f"[{parameter}]" in body["message"], what


async def test_a_missing_required_query_parameter_is_cmn_100(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    checked = 0
    for op in generic_operations():
        query = required_query(op)
        for name in query:
            params = {k: v for k, v in query.items() if k != name}
            status, _, raw = await send(session, fake, token, op, params=params)
            assert_error(status, raw, "CMN-100", name, f"{op['id']} without {name}")
            checked += 1
    assert checked >= 10


def _wrong_query(op: Mapping[str, Any]) -> tuple[str, str] | None:
    """A (parameter, value) of the wrong type or outside the enum, if ``op`` has one."""
    for param in op["params"]:
        node = resolve(param["schema"])
        if param["in"] != "query" or "anyOf" in node:
            continue
        if node.get("type") == "array":
            node = resolve(node.get("items", {}))
        if node.get("enum"):
            return param["name"], "NotAnEnumValue"
        if node.get("type") in WRONG_QUERY:
            return param["name"], WRONG_QUERY[node["type"]]
        if node.get("format") == "date-time":
            return param["name"], "yesterday"
    return None


async def test_a_query_value_of_the_wrong_type_or_enum_is_cmn_101(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    checked = 0
    for op in generic_operations():
        wrong = _wrong_query(op)
        if wrong is None:
            continue
        name, value = wrong
        params = {**required_query(op), name: value}
        status, _, raw = await send(session, fake, token, op, params=params)
        assert_error(status, raw, "CMN-101", name, f"{op['id']} {name}={value}")
        checked += 1
    assert checked >= 100


def _json_schema(op: Mapping[str, Any]) -> Mapping[str, Any] | None:
    body = op["body"]
    if body is None or "application/json" not in body["schemas"]:
        return None
    node = resolve(body["schemas"]["application/json"])
    return node if node.get("properties") else None


async def test_a_body_property_of_the_wrong_type_is_cmn_101(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    checked = 0
    for op in generic_operations():
        schema = _json_schema(op)
        if schema is None:
            continue
        valid = json.loads(body_kwargs(op)["data"])
        for name, prop in schema["properties"].items():
            kind = resolve(prop).get("type")
            if kind in WRONG_JSON:
                data = json.dumps({**valid, name: WRONG_JSON[kind]}).encode()
                headers = {"Content-Type": "application/json"}
                status, _, raw = await send(session, fake, token, op, data=data, headers=headers)
                assert_error(status, raw, "CMN-101", name, f"{op['id']} {name}")
                checked += 1
                break
    assert checked >= 80


async def test_body_presence_parsing_and_media_type(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    json_type = {"Content-Type": "application/json"}
    missing = 0
    for op in generic_operations():
        schema = _json_schema(op)
        if schema is None or not op["body"]["required"] or not schema.get("required"):
            continue
        status, _, raw = await send(session, fake, token, op, data=b"", headers=json_type)
        assert status == 400 and json.loads(raw)["errorCode"] == "CMN-100", op["id"]
        status, _, raw = await send(session, fake, token, op, data=b"{}", headers=json_type)
        named = json.loads(raw).get("parameterName")
        assert named in schema["required"], op["id"]
        assert_error(status, raw, "CMN-100", named, f"{op['id']} {{}}")
        missing += 1
    assert missing >= 40
    (sms,) = [op for op in generic_operations() if op["id"] == "createSMSMessage"]
    status, _, raw = await send(session, fake, token, sms, data=b"{nope", headers=json_type)
    assert status == 400 and json.loads(raw)["errorCode"] == "CMN-103"
    text = {"Content-Type": "text/plain"}
    status, _, raw = await send(session, fake, token, sms, data=b"hello", headers=text)
    assert status == 415
    valid = json.loads(body_kwargs(sms)["data"])
    data = json.dumps({**valid, "notInTheSpec": 1}).encode()
    status, _, _ = await send(session, fake, token, sms, data=data, headers=json_type)
    assert status == sms["status"]  # unknown keys are ignored, as the platform does


async def test_generic_routes_are_limited_in_their_group(
    clock: ManualClock, session: aiohttp.ClientSession
) -> None:
    limits = {**LOOSE, "Heavy": (2, 60.0)}
    async with FakeRingCentral(extensions=3, call_log_records=5, clock=clock, limits=limits) as f:
        grant = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": f.jwt}
        basic = {"Authorization": aiohttp.encode_basic_auth(f.client_id, f.client_secret)}
        async with session.post(f.url + "/restapi/oauth/token", data=grant, headers=basic) as r:
            token = (await r.json())["access_token"]
        ops = generic_operations()
        heavy = next(op for op in ops if op["group"] == "Heavy" and op["method"] == "GET")
        free = next(op for op in ops if op["group"] == "NoThrottling")
        answers = [await send(session, f, token, heavy) for _ in range(3)]
        assert [a[0] for a in answers] == [heavy["status"], heavy["status"], 429]
        assert [a[1]["X-Rate-Limit-Remaining"] for a in answers] == ["1", "0", "0"]
        assert json.loads(answers[2][2])["errorCode"] == "CMN-301"
        assert answers[2][1]["X-Rate-Limit-Group"] == "Heavy" and answers[2][1]["Retry-After"]
        assert f.in_penalty("Heavy")
        for _ in range(5):  # NoThrottling is never counted
            status, headers, _ = await send(session, f, token, free)
            assert status == free["status"] and "X-Rate-Limit-Limit" not in headers


async def test_unquoted_on_off_enum_values_are_the_words(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    """The spec's ``playTones`` enum is ``On``/``Off``/... (PyYAML reads On/Off as booleans)."""
    token = (await login())["access_token"]
    (op,) = [op for op in generic_operations() if op["id"] == "updateBridge"]
    json_type = {"Content-Type": "application/json"}
    for tones, expected in (("Off", op["status"]), ("On", op["status"]), (False, 400)):
        data = json.dumps({"preferences": {"playTones": tones}}).encode()
        status, _, raw = await send(session, fake, token, op, data=data, headers=json_type)
        assert status == expected, (tones, raw)
    assert json.loads(raw)["parameterName"] == "preferences.playTones"


async def test_form_bodies_are_checked(
    fake: FakeRingCentral, session: aiohttp.ClientSession, login: Login
) -> None:
    token = (await login())["access_token"]
    (op,) = [op for op in generic_operations() if op["id"] == "authorize2"]
    valid = body_kwargs(op)["data"]
    assert valid == {"client_id": "x", "response_type": "code"}
    status, _, _ = await send(session, fake, token, op, data=valid)
    assert status == op["status"]
    status, _, raw = await send(session, fake, token, op, data={**valid, "response_type": "x"})
    assert_error(status, raw, "CMN-101", "response_type", "response_type=x")
    status, _, raw = await send(session, fake, token, op, data={"response_type": "code"})
    assert_error(status, raw, "CMN-100", "client_id", "no client_id")
