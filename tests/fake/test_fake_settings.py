"""The fake's settings and calls routes, through a plain aiohttp client (strictness, paging)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral

from .conftest import Login

ACC = "/restapi/v1.0/account/~"
EXT = ACC + "/extension/~"
RING = {"from": {"phoneNumber": "+16505550100"}, "to": {"phoneNumber": "+14155550123"}}

Call = Callable[..., Awaitable[tuple[int, Any]]]


@pytest.fixture
def call(session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login) -> Call:
    """Any method with a bearer token: (status, decoded JSON or None)."""
    state: dict[str, str] = {}

    async def do(method: str, path: str, *, params: Any = None, **kwargs: Any) -> tuple[int, Any]:
        if "token" not in state:
            state["token"] = (await login())["access_token"]
        headers = {"Authorization": "Bearer " + state["token"]}
        url = path if path.startswith("http") else fake.url + path
        async with session.request(method, url, params=params, headers=headers, **kwargs) as resp:
            raw = await resp.read()
            return resp.status, (await resp.json(content_type=None)) if raw else None

    return do


def assert_error(body: Any, code: str, parameter: str | None = None) -> None:
    """The standard error body: first error at top level and in ``errors[]``."""
    assert body["errorCode"] == code and body["errors"][0]["errorCode"] == code
    assert body["errors"][0].get("parameterName") == parameter


async def test_caller_id_read_update_and_bad_bodies(call: Call) -> None:
    status, info = await call("GET", EXT + "/caller-id")
    assert status == 200 and info["uri"].startswith("http")
    number = info["byFeature"][0]["callerId"]["phoneInfo"]["phoneNumber"]
    change = {"feature": "RingMe", "callerId": {"type": "Blocked"}}
    status, updated = await call("PUT", EXT + "/caller-id", json={"byFeature": [change]})
    ring_me = next(f for f in updated["byFeature"] if f["feature"] == "RingMe")
    assert status == 200 and ring_me["callerId"]["type"] == "Blocked"
    bad = {"feature": "RingOut", "callerId": {"type": "PhoneNumber", "phoneInfo": {}}}
    status, body = await call("PUT", EXT + "/caller-id", json={"byFeature": [bad]})
    assert status == 400
    assert_error(body, "CMN-101", "callerId.phoneInfo.phoneNumber")
    assert number
    status, body = await call("PUT", EXT + "/caller-id", data=b"{not json")
    assert status == 400 and body["errorCode"] == "CMN-103"
    status, body = await call("PUT", EXT + "/caller-id", json=[1])
    assert status == 400
    assert_error(body, "CMN-101", "body")


async def test_grants_paging_and_filter(call: Call) -> None:
    status, first = await call("GET", EXT + "/grant", params={"perPage": "5"})
    assert status == 200 and len(first["records"]) == 5
    assert first["paging"]["totalElements"] == 12 and first["paging"]["totalPages"] == 3
    assert "nextPage" in first["navigation"]
    status, users = await call("GET", EXT + "/grant", params={"extensionType": "User"})
    assert {g["extension"]["type"] for g in users["records"]} == {"User"}
    status, body = await call("GET", EXT + "/grant", params={"extensionType": "Robot"})
    assert status == 400
    assert_error(body, "CMN-101", "extensionType")


async def test_forwarding_numbers(call: Call) -> None:
    _, listed = await call("GET", EXT + "/forwarding-number")
    assert listed["paging"]["totalElements"] == 3
    number_id = listed["records"][0]["id"]
    status, one = await call("GET", f"{EXT}/forwarding-number/{number_id}")
    assert status == 200 and one == listed["records"][0]
    assert (await call("DELETE", f"{EXT}/forwarding-number/{number_id}")) == (204, None)
    status, body = await call("GET", f"{EXT}/forwarding-number/{number_id}")
    assert status == 404
    assert_error(body, "CMN-102", "forwardingNumberId")


async def test_unknown_extension_and_account(call: Call) -> None:
    status, body = await call("GET", ACC + "/extension/1/caller-id")
    assert status == 404
    assert_error(body, "CMN-102", "extensionId")
    status, body = await call("GET", "/restapi/v1.0/account/99/call-queues")
    assert status == 404
    assert_error(body, "CMN-102", "accountId")


@pytest.mark.parametrize(
    ("params", "body", "parameter"),
    [
        ({"homeCountry": "ZZ"}, {"originalStrings": ["650"]}, "homeCountry"),
        ({"nationalAsPriority": "maybe"}, {"originalStrings": ["650"]}, "nationalAsPriority"),
        ({}, {"originalStrings": []}, "originalStrings"),
        ({}, {"originalStrings": ["1"] * 65}, "originalStrings"),
        ({}, {"originalStrings": [1]}, "originalStrings"),
    ],
)
async def test_number_parser_rejects(
    call: Call, params: dict[str, str], body: Any, parameter: str
) -> None:
    status, error = await call(
        "POST", "/restapi/v1.0/number-parser/parse", params=params, json=body
    )
    assert status == 400
    assert_error(error, "CMN-101", parameter)


async def test_number_parser_parses(call: Call) -> None:
    status, body = await call(
        "POST",
        "/restapi/v1.0/number-parser/parse",
        params={"homeCountry": "US"},
        json={"originalStrings": ["1 (800) 555-0199", "+49 30 1234567"]},
    )
    toll_free, berlin = body["phoneNumbers"]
    assert status == 200 and toll_free["e164"] == "+18005550199" and toll_free["tollFree"]
    assert berlin["country"]["isoCode"] == "DE" and berlin["e164"] == "+49301234567"


async def test_answering_rules_strictness(call: Call) -> None:
    _, simple = await call("GET", EXT + "/answering-rule")
    assert set(simple["records"][0]) <= {"id", "uri", "type", "name", "enabled"}
    _, detailed = await call("GET", EXT + "/answering-rule", params={"view": "Detailed"})
    assert "schedule" in detailed["records"][0]
    for params, parameter in (({"view": "Full"}, "view"), ({"type": "Weekend"}, "type")):
        status, body = await call("GET", EXT + "/answering-rule", params=params)
        assert status == 400
        assert_error(body, "CMN-101", parameter)
    for rule, parameter in (
        ({"type": "BusinessHours", "name": "x"}, "type"),
        ({"enabled": True}, "name"),
        ({"name": "x", "enabled": "yes"}, "enabled"),
        ({"name": "x", "callers": "all"}, "callers"),
    ):
        status, body = await call("POST", EXT + "/answering-rule", json=rule)
        assert status == 400
        assert_error(body, "CMN-101", parameter)
    status, body = await call("GET", EXT + "/answering-rule/nope")
    assert status == 404
    assert_error(body, "CMN-102", "ruleId")
    status, body = await call("DELETE", EXT + "/answering-rule/after-hours-rule")
    assert status == 403 and body["errorCode"] == "AWR-110"
    status, created = await call("POST", EXT + "/answering-rule", json={"name": "VIP"})
    assert status == 200 and created["type"] == "Custom" and created["enabled"] is True
    status, body = await call("PUT", created["uri"], json={"type": "AfterHours"})
    assert status == 400
    _, enabled = await call("GET", EXT + "/answering-rule", params={"enabledOnly": "true"})
    assert enabled["paging"]["totalElements"] == 3


async def test_company_answering_rules(call: Call, fake: FakeRingCentral) -> None:
    status, listed = await call("GET", ACC + "/answering-rule")
    assert status == 200 and listed["records"][0]["extension"]["id"] == str(fake.account_id)
    bad = {"name": "x", "extension": {"id": "1"}}
    status, body = await call("POST", ACC + "/answering-rule", json=bad)
    assert status == 400
    assert_error(body, "CMN-101", "extension")
    status, body = await call(
        "POST", ACC + "/answering-rule", json={"name": "x", "callHandlingAction": "ForwardCalls"}
    )
    assert_error(body, "CMN-101", "callHandlingAction")


async def test_call_recording(call: Call) -> None:
    status, settings = await call("GET", ACC + "/call-recording")
    assert status == 200 and settings["onDemand"]["enabled"]
    _, extensions = await call("GET", ACC + "/call-recording/extensions")
    assert extensions["paging"]["totalElements"] == settings["automatic"]["extensionCount"]
    status, body = await call("GET", ACC + "/call-recording/custom-greetings", params={"type": "X"})
    assert status == 400
    assert_error(body, "CMN-101", "type")


async def test_call_queues_members_and_bulk_assign(call: Call, fake: FakeRingCentral) -> None:
    added = fake.add_extension(type="Department", name="Support Queue")
    _, queues = await call("GET", ACC + "/call-queues")
    queue = str(added["id"])
    assert queue in {q["id"] for q in queues["records"]}
    _, members = await call("GET", f"{ACC}/call-queues/{queue}/members")
    member = str(members["records"][0]["id"])
    _, mine = await call("GET", ACC + "/call-queues", params={"memberExtensionId": member})
    assert queue in {q["id"] for q in mine["records"]}
    ivr = next(str(e["id"]) for e in fake.extensions if e["type"] not in ("User", "DigitalUser"))
    url = f"{ACC}/call-queues/{queue}/bulk-assign"
    status, body = await call("POST", url, json={"addedExtensionIds": [ivr]})
    assert status == 400 and body["errorCode"] == "EXT-405"
    status, body = await call("POST", url, json={"removedExtensionIds": ["1"]})
    assert status == 404
    assert_error(body, "CMN-102", "removedExtensionIds")
    assert await call("POST", url, json={"removedExtensionIds": [member]}) == (204, None)
    _, after = await call("GET", f"{ACC}/call-queues/{queue}/members")
    assert member not in {str(m["id"]) for m in after["records"]}
    status, body = await call("GET", ACC + "/call-queues/1/members")
    assert status == 404
    assert_error(body, "CMN-102", "groupId")


async def test_department_bulk_assign(call: Call) -> None:
    url = ACC + "/department/bulk-assign"
    assert await call("POST", url) == (204, None)
    status, body = await call("POST", url, json={"items": [{"departmentId": "1"}]})
    assert status == 404
    assert_error(body, "CMN-102", "departmentId")
    status, body = await call("POST", url, json={"items": "all"})
    assert_error(body, "CMN-101", "items")


async def test_call_monitoring(call: Call) -> None:
    _, groups = await call("GET", ACC + "/call-monitoring-groups", params={"siteId": "main-site"})
    assert len(groups["records"]) == 2
    group = groups["records"][0]["id"]
    _, members = await call("GET", f"{ACC}/call-monitoring-groups/{group}/members")
    member = members["records"][1]
    assert member["permissions"] == ["Monitored"]
    _, having = await call(
        "GET", ACC + "/call-monitoring-groups", params={"memberExtensionId": member["id"]}
    )
    assert group in {g["id"] for g in having["records"]}
    status, body = await call("GET", ACC + "/call-monitoring-groups/1/members")
    assert status == 404
    assert_error(body, "CMN-102", "groupId")


@pytest.mark.parametrize("segment", ["ring-out", "ringout"])
async def test_ring_out_status_progresses_then_cancel(call: Call, segment: str) -> None:
    status, created = await call("POST", f"{EXT}/{segment}", json=RING)
    assert status == 200 and f"/{segment}/" in created["uri"]
    assert created["status"]["callStatus"] == "InProgress"
    seen = []
    for _ in range(3):
        _, current = await call("GET", f"{EXT}/{segment}/{created['id']}")
        seen.append(tuple(current["status"].values()))
    assert seen[0] == ("InProgress", "Success", "InProgress")
    assert seen[-1] == ("Success", "Success", "Success")
    assert await call("DELETE", f"{EXT}/{segment}/{created['id']}") == (204, None)
    status, body = await call("GET", f"{EXT}/{segment}/{created['id']}")
    assert status == 404
    assert_error(body, "CMN-102", "ringoutId")


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"to": RING["to"]}, "from"),
        ({"from": RING["from"]}, "to"),
        ({"from": {"phoneNumber": "call me"}, "to": RING["to"]}, "from.phoneNumber"),
        ({**RING, "playPrompt": "yes"}, "playPrompt"),
        ({**RING, "callerId": {}}, "callerId.phoneNumber"),
    ],
)
async def test_ring_out_rejects(call: Call, body: dict[str, Any], parameter: str) -> None:
    status, error = await call("POST", EXT + "/ring-out", json=body)
    assert status == 400
    assert_error(error, "CMN-101", parameter)


async def test_ring_out_from_forwarding_number_id(call: Call) -> None:
    body = {"from": {"forwardingNumberId": "123"}, "to": RING["to"]}
    status, created = await call("POST", EXT + "/ring-out", json=body)
    assert status == 200 and created["id"]


async def test_active_calls(call: Call, fake: FakeRingCentral) -> None:
    status, mine = await call(
        "GET", EXT + "/active-calls", params={"perPage": "max", "view": "Detailed"}
    )
    assert status == 200 and len(mine["records"]) == 2
    assert all(r["legs"] and r["result"] == "In Progress" for r in mine["records"])
    assert mine["paging"] == {"page": 1, "perPage": 1000, "pageStart": 0, "pageEnd": 1}
    assert set(mine["navigation"]) == {"firstPage"}, "the call-log shape: no totals"
    _, company = await call("GET", ACC + "/active-calls", params={"perPage": "1"})
    assert "totalElements" not in company["paging"] and "nextPage" in company["navigation"]
    status, body = await call("GET", ACC + "/active-calls", params={"direction": "Up"})
    assert status == 400
    assert_error(body, "CMN-101", "direction")
    _, none = await call("GET", EXT + "/active-calls", params={"conferenceType": "Meetings"})
    assert none["records"] == []
    assert fake.requests(path="/active-calls")[0].group == "Heavy"
