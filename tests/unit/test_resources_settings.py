"""Settings and calls namespaces on the wire (aioresponses): method, path, query, body, result."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from _helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    JWT,
    SERVER,
    TOKEN_URL,
    WireCase,
    all_calls,
    run_wire_case,
    token_body,
)
from aioresponses import aioresponses
from yarl import URL

from ringcentral_async import OPERATIONS, ConfigurationError, RingCentral, ServerError
from ringcentral_async.models import (
    AnsweringRule,
    AnsweringRuleCreate,
    CallerIdByFeatureFeature,
    CallerIdInfo,
    CallLogRecord,
    CallMonitoringGroup,
    CallMonitoringGroupMember,
    CallQueue,
    CallQueueBulkAssign,
    CallQueueMember,
    CallRecordingCustomGreeting,
    CallRecordingExtension,
    CallRecordingSettings,
    CompanyAnsweringRule,
    CompanyAnsweringRuleRequest,
    CompanyAnsweringRuleSummary,
    DepartmentBulkAssign,
    DepartmentBulkAssignItem,
    ForwardingNumber,
    Grant,
    ParseResponse,
    RingOutFrom,
    RingOutRequest,
    RingOutStatus,
    RingOutTo,
    RuleType,
)

API = re.compile(r"^https://platform\.ringcentral\.com/restapi/v1\.0/(?!oauth).*")
V1 = "/restapi/v1.0"
ACC = V1 + "/account/~"
EXT = ACC + "/extension/~"
RING_OUT = RingOutRequest(
    from_=RingOutFrom(phone_number="+16505550100"), to=RingOutTo(phone_number="+14155550123")
)
RING_OUT_WIRE = {"from": {"phoneNumber": "+16505550100"}, "to": {"phoneNumber": "+14155550123"}}
STATUS = {"id": "77", "uri": "u", "status": {"callStatus": "InProgress", "callerStatus": "Success"}}
RULE = {"id": "r1", "type": "Custom", "name": "VIP", "enabled": True}


def page(*records: dict[str, Any]) -> dict[str, Any]:
    """A single page with totals."""
    paging = {"page": 1, "totalPages": 1, "perPage": 100, "totalElements": len(records)}
    return {"records": list(records), "paging": paging, "navigation": {}}


async def login(mock_api: aioresponses) -> RingCentral:
    async def no_sleep(_: float) -> None:
        return None

    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, throttle=False, sleep=no_sleep)
    mock_api.post(TOKEN_URL, payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc


def api_calls(mock_api: aioresponses) -> list[tuple[str, URL, Any]]:
    """(method, url, json body) of every API request (token requests left out)."""
    return [
        (method, url, call.kwargs.get("json"))
        for method, url, call in all_calls(mock_api)
        if "/oauth/" not in url.path
    ]


Case = WireCase


def _first(kind: type) -> Callable[[Any], bool]:
    return lambda got: isinstance(got, list) and len(got) == 1 and isinstance(got[0], kind)


CASES = [
    Case("caller_id.get", lambda rc: rc.caller_id.get(), "GET", EXT + "/caller-id", [],
         {"byFeature": [{"feature": "RingOut", "callerId": {"type": "PhoneNumber"}}]},
         lambda r: isinstance(r, CallerIdInfo)
         and r.by_feature is not None
         and r.by_feature[0].feature is CallerIdByFeatureFeature.RING_OUT),
    Case("caller_id.update",
         lambda rc: rc.caller_id.update(
             CallerIdInfo(extension_name_for_outbound_calls=True), extension_id=12),
         "PUT", ACC + "/extension/12/caller-id", [], {"extensionNameForOutboundCalls": True},
         lambda r: r.extension_name_for_outbound_calls is True,
         body={"extensionNameForOutboundCalls": True}),
    Case("grants.list",
         lambda rc: rc.grants.list(extension_type=["User", "Department"], per_page=10).collect(),
         "GET", EXT + "/grant",
         [("extensionType", "User"), ("extensionType", "Department"), ("perPage", "10")],
         page({"extension": {"id": "5", "type": "User"}, "callPickup": True}),
         lambda r: _first(Grant)(r) and r[0].call_pickup is True),
    Case("forwarding_numbers.list",
         lambda rc: rc.forwarding_numbers.list(extension_id=7).collect(),
         "GET", ACC + "/extension/7/forwarding-number", [],
         page({"id": "9", "phoneNumber": "+1650", "type": "Mobile"}), _first(ForwardingNumber)),
    Case("forwarding_numbers.get", lambda rc: rc.forwarding_numbers.get("9"), "GET",
         EXT + "/forwarding-number/9", [], {"id": "9", "features": ["CallFlip", "Brand new"]},
         lambda r: isinstance(r, ForwardingNumber) and r.features == ["CallFlip", "Brand new"]),
    Case("forwarding_numbers.delete", lambda rc: rc.forwarding_numbers.delete("9"), "DELETE",
         EXT + "/forwarding-number/9", [], None, lambda r: r is None, status=204),
    Case("number_parser.parse",
         lambda rc: rc.number_parser.parse(
             ["(650) 722-1621"], home_country="us", national_as_priority=True),
         "POST", V1 + "/number-parser/parse",
         [("homeCountry", "US"), ("nationalAsPriority", "true")],
         {"phoneNumbers": [{"originalString": "(650) 722-1621", "e164": "+16507221621"}]},
         lambda r: isinstance(r, ParseResponse) and r.phone_numbers is not None
         and r.phone_numbers[0].e164 == "+16507221621",
         body={"originalStrings": ["(650) 722-1621"]}, warns="v2"),
    Case("active_calls.list",
         lambda rc: rc.active_calls.list(
             view="Detailed", direction="Inbound", type=["Voice"], transport="PSTN",
             conference_type="Meetings", per_page="max").collect(),
         "GET", EXT + "/active-calls",
         [("view", "Detailed"), ("direction", "Inbound"), ("type", "Voice"),
          ("transport", "PSTN"), ("conferenceType", "Meetings"), ("perPage", "max")],
         page({"id": "c1", "result": "In Progress", "direction": "Inbound"}),
         lambda r: _first(CallLogRecord)(r) and r[0].direction == "Inbound"),
    Case("active_calls.list_company",
         lambda rc: rc.active_calls.list_company(per_page=1000).collect(),
         "GET", ACC + "/active-calls", [("perPage", "1000")], page({"id": "c2"}),
         _first(CallLogRecord)),
    Case("ring_out.create", lambda rc: rc.ring_out.create(RING_OUT), "POST", EXT + "/ring-out",
         [], STATUS, lambda r: isinstance(r, RingOutStatus) and r.status is not None
         and r.status.caller_status == "Success",
         body=RING_OUT_WIRE),
    Case("ring_out.get", lambda rc: rc.ring_out.get("77"), "GET", EXT + "/ring-out/77", [],
         STATUS, lambda r: isinstance(r, RingOutStatus) and r.id == "77"),
    Case("ring_out.cancel", lambda rc: rc.ring_out.cancel(77), "DELETE", EXT + "/ring-out/77",
         [], None, lambda r: r is None, status=204),
    Case("ring_out.create_legacy", lambda rc: rc.ring_out.create_legacy(dict(RING_OUT_WIRE)),
         "POST", EXT + "/ringout", [], STATUS, lambda r: isinstance(r, RingOutStatus),
         body=RING_OUT_WIRE, warns="use ring_out.create"),
    Case("ring_out.get_legacy", lambda rc: rc.ring_out.get_legacy("77"), "GET",
         EXT + "/ringout/77", [], STATUS, lambda r: r.id == "77", warns="use ring_out.get"),
    Case("ring_out.cancel_legacy", lambda rc: rc.ring_out.cancel_legacy("77"), "DELETE",
         EXT + "/ringout/77", [], None, lambda r: r is None, status=204,
         warns="use ring_out.cancel"),
    Case("answering_rules.list",
         lambda rc: rc.answering_rules.list(
             type="Custom", view="Detailed", enabled_only=True, internal_ids=False,
             per_page=50).collect(),
         "GET", EXT + "/answering-rule",
         [("type", "Custom"), ("view", "Detailed"), ("enabledOnly", "true"),
          ("internalIds", "false"), ("perPage", "50")],
         page(RULE), lambda r: _first(AnsweringRule)(r) and r[0].type is RuleType.CUSTOM),
    Case("answering_rules.create",
         lambda rc: rc.answering_rules.create(AnsweringRuleCreate(type="Custom", name="VIP")),
         "POST", EXT + "/answering-rule", [], RULE,
         lambda r: isinstance(r, AnsweringRule) and r.id == "r1",
         body={"type": "Custom", "name": "VIP"}),
    Case("answering_rules.get",
         lambda rc: rc.answering_rules.get("r1", extension_id=3, show_inactive_numbers=True),
         "GET", ACC + "/extension/3/answering-rule/r1", [("showInactiveNumbers", "true")], RULE,
         lambda r: isinstance(r, AnsweringRule) and r.name == "VIP"),
    Case("answering_rules.update",
         lambda rc: rc.answering_rules.update("r1", {"name": "VIP 2"}),
         "PUT", EXT + "/answering-rule/r1", [], {**RULE, "name": "VIP 2"},
         lambda r: r.name == "VIP 2", body={"name": "VIP 2"}),
    Case("answering_rules.delete", lambda rc: rc.answering_rules.delete("r1"), "DELETE",
         EXT + "/answering-rule/r1", [], None, lambda r: r is None, status=204),
    Case("answering_rules.list_company",
         lambda rc: rc.answering_rules.list_company(type="AfterHours").collect(),
         "GET", ACC + "/answering-rule", [("type", "AfterHours")],
         page({"id": "after-hours-rule", "type": "AfterHours", "extension": {"id": "1"}}),
         _first(CompanyAnsweringRuleSummary)),
    Case("answering_rules.create_company",
         lambda rc: rc.answering_rules.create_company(
             CompanyAnsweringRuleRequest(name="Holiday", call_handling_action="Operator")),
         "POST", ACC + "/answering-rule", [], {"id": "c9", "name": "Holiday"},
         lambda r: isinstance(r, CompanyAnsweringRule) and r.id == "c9",
         body={"name": "Holiday", "callHandlingAction": "Operator"}),
    Case("answering_rules.get_company", lambda rc: rc.answering_rules.get_company("c9"), "GET",
         ACC + "/answering-rule/c9", [], {"id": "c9", "callHandlingAction": "Bypass"},
         lambda r: isinstance(r, CompanyAnsweringRule) and r.call_handling_action == "Bypass"),
    Case("answering_rules.update_company",
         lambda rc: rc.answering_rules.update_company("c9", {"enabled": False}, account_id=4),
         "PUT", V1 + "/account/4/answering-rule/c9", [], {"id": "c9", "enabled": False},
         lambda r: r.enabled is False, body={"enabled": False}),
    Case("answering_rules.delete_company", lambda rc: rc.answering_rules.delete_company("c9"),
         "DELETE", ACC + "/answering-rule/c9", [], None, lambda r: r is None, status=204),
    Case("call_recording.get_settings", lambda rc: rc.call_recording.get_settings(), "GET",
         ACC + "/call-recording", [], {"automatic": {"enabled": True, "extensionCount": 2}},
         lambda r: isinstance(r, CallRecordingSettings) and r.automatic is not None
         and r.automatic.extension_count == 2),
    Case("call_recording.list_custom_greetings",
         lambda rc: rc.call_recording.list_custom_greetings(type="StartRecording"),
         "GET", ACC + "/call-recording/custom-greetings", [("type", "StartRecording")],
         {"records": [{"type": "StartRecording", "custom": {"id": "1"}}]},
         _first(CallRecordingCustomGreeting)),
    Case("call_recording.list_extensions",
         lambda rc: rc.call_recording.list_extensions().collect(),
         "GET", ACC + "/call-recording/extensions", [],
         page({"id": "5", "callDirection": "All"}), _first(CallRecordingExtension)),
    Case("call_queues.list",
         lambda rc: rc.call_queues.list(member_extension_id=5, per_page=20).collect(),
         "GET", ACC + "/call-queues", [("memberExtensionId", "5"), ("perPage", "20")],
         page({"id": "42", "name": "Support"}), _first(CallQueue)),
    Case("call_queues.list_members",
         lambda rc: rc.call_queues.list_members("42").collect(), "GET",
         ACC + "/call-queues/42/members", [], page({"id": 5, "extensionNumber": "105"}),
         lambda r: _first(CallQueueMember)(r) and r[0].id == 5),
    Case("call_queues.assign_members",
         lambda rc: rc.call_queues.assign_members(
             "42", CallQueueBulkAssign(added_extension_ids=["5"], removed_extension_ids=["6"])),
         "POST", ACC + "/call-queues/42/bulk-assign", [], None, lambda r: r is None,
         body={"addedExtensionIds": ["5"], "removedExtensionIds": ["6"]}, status=204),
    Case("call_monitoring.list_groups",
         lambda rc: rc.call_monitoring.list_groups(
             member_extension_id="5", site_id=["a", "b"]).collect(),
         "GET", ACC + "/call-monitoring-groups",
         [("memberExtensionId", "5"), ("siteId", "a"), ("siteId", "b")],
         page({"id": "g1", "name": "Supervisors"}), _first(CallMonitoringGroup)),
    Case("call_monitoring.list_members",
         lambda rc: rc.call_monitoring.list_members("g1").collect(), "GET",
         ACC + "/call-monitoring-groups/g1/members", [],
         page({"id": "5", "permissions": ["Monitoring"]}),
         lambda r: _first(CallMonitoringGroupMember)(r) and r[0].permissions == ["Monitoring"]),
    Case("departments.bulk_assign",
         lambda rc: rc.departments.bulk_assign(
             DepartmentBulkAssign(items=[
                 DepartmentBulkAssignItem(department_id="42", added_extension_ids=["5"])])),
         "POST", ACC + "/department/bulk-assign", [], None, lambda r: r is None,
         body={"items": [{"departmentId": "42", "addedExtensionIds": ["5"]}]}, status=204,
         warns="call_queues.assign_members"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_operation_on_the_wire(mock_api: aioresponses, case: Case) -> None:
    await run_wire_case(mock_api, case)


def test_every_case_names_a_registered_operation() -> None:
    names = {op.python_name for op in OPERATIONS.values()}
    assert {c.name for c in CASES} <= names


GROUPS = {
    "readExtensionCallerId": "Light",
    "updateExtensionCallerId": "Medium",
    "listExtensionGrants": "Light",
    "listForwardingNumbers": "Light",
    "readForwardingNumber": "Light",
    "deleteForwardingNumber": "Medium",
    "parsePhoneNumber": "Light",
    "listExtensionActiveCalls": "Heavy",
    "listCompanyActiveCalls": "Heavy",
    "createRingOutCall": "Heavy",
    "readRingOutCallStatus": "Light",
    "deleteRingOutCall": "Heavy",
    "createRingOutCallDeprecated": "Heavy",
    "readRingOutCallStatusDeprecated": "Light",
    "deleteRingOutCallDeprecated": "Heavy",
    "listAnsweringRules": "Medium",
    "createAnsweringRule": "Medium",
    "readAnsweringRule": "Light",
    "updateAnsweringRule": "Medium",
    "deleteAnsweringRule": "Medium",
    "listCompanyAnsweringRules": "Medium",
    "createCompanyAnsweringRule": "Medium",
    "readCompanyAnsweringRule": "Light",
    "updateCompanyAnsweringRule": "Medium",
    "readCallRecordingSettings": "Light",
    "listCallRecordingCustomGreetings": "Medium",
    "listCallRecordingExtensions": "Medium",
    "listCallQueues": "Medium",
    "listCallQueueMembers": "Light",
    "assignMultipleCallQueueMembers": "Heavy",
    "listCallMonitoringGroups": "Medium",
    "listCallMonitoringGroupMembers": "Medium",
    "assignMultipleDepartmentMembers": "Heavy",
}
DEPRECATED = {
    "parsePhoneNumber",
    "createRingOutCallDeprecated",
    "readRingOutCallStatusDeprecated",
    "deleteRingOutCallDeprecated",
    "assignMultipleDepartmentMembers",
}


@pytest.mark.parametrize("operation_id", sorted(GROUPS))
def test_registry_group_and_deprecation(operation_id: str) -> None:
    op = OPERATIONS[operation_id]
    assert op.group == GROUPS[operation_id]
    assert op.deprecated == (operation_id in DEPRECATED)


INVALID: list[tuple[str, Callable[[RingCentral], Awaitable[Any]]]] = [
    ("extension_type", lambda rc: rc.grants.list(extension_type="Robot").collect()),
    ("view", lambda rc: rc.active_calls.list(view="Full").collect()),
    ("direction", lambda rc: rc.active_calls.list_company(direction=["Sideways"]).collect()),
    ("conference_type", lambda rc: rc.active_calls.list(conference_type="Zoom").collect()),
    ("per_page", lambda rc: rc.active_calls.list(per_page=0).collect()),
    ("per_page", lambda rc: rc.active_calls.list(per_page="all").collect()),
    ("type", lambda rc: rc.answering_rules.list(type="Weekend").collect()),
    ("view", lambda rc: rc.answering_rules.list(view="Full").collect()),
    ("type", lambda rc: rc.answering_rules.list_company(type=["Custom", "X"]).collect()),
    ("type", lambda rc: rc.call_recording.list_custom_greetings(type="Hello")),
    ("original_strings", lambda rc: rc.number_parser.parse("650")),
    ("original_strings", lambda rc: rc.number_parser.parse([])),
    ("original_strings", lambda rc: rc.number_parser.parse(["1"] * 65)),
    ("original_strings", lambda rc: rc.number_parser.parse(["1" * 65])),
    ("home_country", lambda rc: rc.number_parser.parse(["650"], home_country="USA")),
    ("to", lambda rc: rc.ring_out.create(RingOutRequest(from_=RingOutFrom(phone_number="1")))),
    ("from", lambda rc: rc.ring_out.create({"to": {"phoneNumber": "1"}})),
    ("body", lambda rc: rc.ring_out.create("call me")),  # type: ignore[arg-type]
    ("forwardingNumberId", lambda rc: rc.forwarding_numbers.get("")),
]


@pytest.mark.parametrize(("what", "invoke"), INVALID, ids=[w for w, _ in INVALID])
async def test_invalid_values_raise_before_sending(
    mock_api: aioresponses, what: str, invoke: Callable[[RingCentral], Awaitable[Any]]
) -> None:
    rc = await login(mock_api)
    async with rc:
        with pytest.raises(ConfigurationError):
            await invoke(rc)
    assert api_calls(mock_api) == []


async def test_ring_out_post_is_never_retried_on_503(mock_api: aioresponses) -> None:
    rc = await login(mock_api)
    url = SERVER + EXT + "/ring-out"
    mock_api.post(url, status=503, payload={"errorCode": "CMN-201", "errors": []})
    mock_api.post(url, payload=STATUS)
    async with rc:
        with pytest.raises(ServerError):
            await rc.ring_out.create(RING_OUT)
    assert [m for m, _, _ in api_calls(mock_api)] == ["POST"]


async def test_ring_out_status_get_is_retried_on_503(mock_api: aioresponses) -> None:
    rc = await login(mock_api)
    url = SERVER + EXT + "/ring-out/77"
    mock_api.get(url, status=503, payload={"errorCode": "CMN-201", "errors": []})
    mock_api.get(url, payload=STATUS)
    async with rc:
        status = await rc.ring_out.get("77")
    assert status.id == "77"
    assert len(list(mock_api.requests[("GET", URL(url))])) == 2
