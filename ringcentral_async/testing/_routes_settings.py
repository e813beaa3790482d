"""Settings routes: caller id, grants, forwarding numbers, number parser, answering rules,
call-recording settings, call queues, call-monitoring groups and department bulk assign."""

from __future__ import annotations

import copy
import json
from typing import Any

from aiohttp import web

from ._http import (
    absolute,
    enum_values,
    enumerated_page,
    invalid,
    json_response,
    page_number,
    per_page,
    reject,
    route,
    with_absolute_uris,
)
from ._rules_data import RULE_TYPES, rule_fields, rule_view, validate_rule
from ._settings_data import CALLER_ID_TYPES, COUNTRIES, GRANT_TYPES, Settings, parse_number
from ._state import Platform, platform_of

__all__ = ["json_body", "no_content", "settings_of"]

ACCOUNT = "/restapi/v1.0/account/{accountId}"
EXTENSION = ACCOUNT + "/extension/{extensionId}"
_GREETING_TYPES = frozenset({"StartRecording", "StopRecording", "AutomaticRecording"})


# -- shared helpers (also used by _routes_calls) -------------------------------------------


async def json_body(request: web.Request, *, required: bool = True) -> dict[str, Any]:
    """The JSON object body; 400 CMN-103 when it does not parse, CMN-101 when not an object."""
    raw = await request.read()
    if not raw.strip():
        if required:
            invalid("body")
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        reject(400, "CMN-103", "JSON cannot be parsed")
    if not isinstance(data, dict):
        invalid("body")
    return data


def no_content() -> web.Response:
    """A 204 response."""
    return web.Response(status=204)


def settings_of(request: web.Request) -> tuple[Platform, Settings, int]:
    """The platform (account checked), its settings store and the token owner."""
    platform, owner = platform_of(request)
    platform.account(request.match_info["accountId"])
    store = platform.stores.get("settings")
    if store is None:
        store = platform.stores["settings"] = Settings(platform)
    return platform, store, owner


def _ext_id(request: web.Request) -> tuple[Platform, Settings, int]:
    platform, store, owner = settings_of(request)
    ext = platform.extension(request.match_info["extensionId"], owner)
    return platform, store, int(ext["id"])


def _flag(request: web.Request, name: str) -> bool | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        invalid(name)
    return raw.lower() == "true"


def _page(request: web.Request, items: list[Any]) -> web.Response:
    return json_response(enumerated_page(request, items, page_number(request), per_page(request)))


def _full(request: web.Request, data: Any) -> web.Response:
    return json_response(with_absolute_uris(data, absolute(request, "")))


# -- caller id, grants, forwarding numbers ---------------------------------------------------


@route("GET", EXTENSION + "/caller-id")
async def read_caller_id(request: web.Request) -> web.StreamResponse:
    """``readExtensionCallerId``."""
    _, store, ext_id = _ext_id(request)
    return _full(request, store.caller_id(ext_id))


@route("PUT", EXTENSION + "/caller-id")
async def update_caller_id(request: web.Request) -> web.StreamResponse:
    """``updateExtensionCallerId``: merges ``byFeature`` entries by feature."""
    _, store, ext_id = _ext_id(request)
    body = await json_body(request)
    current = store.caller_id(ext_id)
    for key in ("extensionNameForOutboundCalls", "extensionNumberForInternalCalls"):
        if key in body and not isinstance(body[key], bool):
            invalid(key)
    features = body.get("byFeature", [])
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        invalid("byFeature")
    numbers = store.account_numbers()
    for entry in features:
        caller = entry.get("callerId")
        if not isinstance(entry.get("feature"), str) or not isinstance(caller, dict):
            invalid("byFeature")
        if caller.get("type") not in CALLER_ID_TYPES:
            invalid("callerId.type")
        phone = (caller.get("phoneInfo") or {}).get("phoneNumber")
        if caller["type"] == "PhoneNumber" and phone not in numbers:
            invalid("callerId.phoneInfo.phoneNumber")
    merged = {f["feature"]: f for f in current.get("byFeature", [])}
    merged.update({f["feature"]: copy.deepcopy(f) for f in features})
    current["byFeature"] = list(merged.values())
    current.update({k: v for k, v in body.items() if k.startswith("extension")})
    return _full(request, current)


@route("GET", EXTENSION + "/grant")
async def list_grants(request: web.Request) -> web.StreamResponse:
    """``listExtensionGrants``: paged with totals; repeated ``extensionType`` filter."""
    _, store, ext_id = _ext_id(request)
    types = enum_values(request, "extensionType", GRANT_TYPES)
    grants = [g for g in store.grants(ext_id) if not types or g["extension"]["type"] in types]
    return _page(request, grants)


@route("GET", EXTENSION + "/forwarding-number")
async def list_forwarding_numbers(request: web.Request) -> web.StreamResponse:
    """``listForwardingNumbers``: paged with totals."""
    _, store, ext_id = _ext_id(request)
    return _page(request, list(store.forwarding(ext_id).values()))


def _forwarding_number(request: web.Request) -> tuple[dict[str, dict[str, Any]], str]:
    _, store, ext_id = _ext_id(request)
    numbers, number_id = store.forwarding(ext_id), request.match_info["forwardingNumberId"]
    if number_id not in numbers:
        reject(
            404,
            "CMN-102",
            "Resource for parameter [forwardingNumberId] is not found",
            "forwardingNumberId",
        )
    return numbers, number_id


@route("GET", EXTENSION + "/forwarding-number/{forwardingNumberId}")
async def read_forwarding_number(request: web.Request) -> web.StreamResponse:
    """``readForwardingNumber``."""
    numbers, number_id = _forwarding_number(request)
    return _full(request, numbers[number_id])


@route("DELETE", EXTENSION + "/forwarding-number/{forwardingNumberId}")
async def delete_forwarding_number(request: web.Request) -> web.StreamResponse:
    """``deleteForwardingNumber``."""
    numbers, number_id = _forwarding_number(request)
    del numbers[number_id]
    return no_content()


@route("POST", "/restapi/v1.0/number-parser/parse")
async def parse_phone_number(request: web.Request) -> web.StreamResponse:
    """``parsePhoneNumber`` (v1): NANP-aware parsing of up to 64 strings."""
    home = request.query.get("homeCountry", "US")
    if home not in COUNTRIES:
        invalid("homeCountry")
    _flag(request, "nationalAsPriority")
    body = await json_body(request)
    strings = body.get("originalStrings")
    if (
        not isinstance(strings, list)
        or not 1 <= len(strings) <= 64
        or not all(isinstance(s, str) and 0 < len(s) <= 64 for s in strings)
    ):
        invalid("originalStrings")
    result = {
        "uri": absolute(request, request.path_qs),
        "homeCountry": COUNTRIES[home],
        "phoneNumbers": [parse_number(s, home) for s in strings],
    }
    return json_response(result)


# -- answering rules (user and company share the handlers) ----------------------------------


def _rules(request: web.Request) -> tuple[Settings, dict[str, dict[str, Any]], int | None]:
    """The store, the rules of the extension (or the company) and the extension id."""
    if "extensionId" in request.match_info:
        _, store, ext_id = _ext_id(request)
        return store, store.user_rules(ext_id), ext_id
    _, store, _ = settings_of(request)
    return store, store.company_rules(), None


def _rule(request: web.Request) -> tuple[Settings, dict[str, dict[str, Any]], bool, str]:
    store, rules, ext_id = _rules(request)
    rule_id = request.match_info["ruleId"]
    if rule_id not in rules:
        reject(404, "CMN-102", "Resource for parameter [ruleId] is not found", "ruleId")
    return store, rules, ext_id is None, rule_id


@route("GET", EXTENSION + "/answering-rule")
@route("GET", ACCOUNT + "/answering-rule")
async def list_rules(request: web.Request) -> web.StreamResponse:
    """``listAnsweringRules`` / ``listCompanyAnsweringRules``: paged with totals."""
    _, rules, ext_id = _rules(request)
    types = enum_values(request, "type", RULE_TYPES)
    view = "Summary" if ext_id is None else request.query.get("view", "Simple")
    if view not in ("Simple", "Detailed", "Summary"):
        invalid("view")
    enabled_only = _flag(request, "enabledOnly")
    _flag(request, "internalIds")
    records = [
        rule_view(r, view)
        for r in rules.values()
        if (not types or r["type"] in types) and (not enabled_only or r["enabled"])
    ]
    return _page(request, records)


@route("POST", EXTENSION + "/answering-rule")
@route("POST", ACCOUNT + "/answering-rule")
async def create_rule(request: web.Request) -> web.StreamResponse:
    """``createAnsweringRule`` / ``createCompanyAnsweringRule``: custom rules only."""
    store, rules, ext_id = _rules(request)
    body = await json_body(request)
    validate_rule(store, body, company=ext_id is None, current=None)
    rule = store.new_rule(
        rules, rule_fields(body, company=ext_id is None), store.rules_base(ext_id)
    )
    return _full(request, rule)


@route("GET", EXTENSION + "/answering-rule/{ruleId}")
@route("GET", ACCOUNT + "/answering-rule/{ruleId}")
async def read_rule(request: web.Request) -> web.StreamResponse:
    """``readAnsweringRule`` / ``readCompanyAnsweringRule``."""
    _, rules, _, rule_id = _rule(request)
    for name in ("showInactiveNumbers", "internalIds"):
        _flag(request, name)
    return _full(request, rules[rule_id])


@route("PUT", EXTENSION + "/answering-rule/{ruleId}")
@route("PUT", ACCOUNT + "/answering-rule/{ruleId}")
async def update_rule(request: web.Request) -> web.StreamResponse:
    """``updateAnsweringRule`` / ``updateCompanyAnsweringRule``: top-level fields replaced."""
    store, rules, company, rule_id = _rule(request)
    body = await json_body(request)
    validate_rule(store, body, company=company, current=rules[rule_id])
    rules[rule_id].update(rule_fields(body, company=company))
    return _full(request, rules[rule_id])


@route("DELETE", EXTENSION + "/answering-rule/{ruleId}")
@route("DELETE", ACCOUNT + "/answering-rule/{ruleId}")
async def delete_rule(request: web.Request) -> web.StreamResponse:
    """``deleteAnsweringRule`` / ``deleteCompanyAnsweringRule``: 403 AWR-110 for defaults."""
    _, rules, _, rule_id = _rule(request)
    if rules[rule_id]["type"] != "Custom":
        reject(403, "AWR-110", "Default answering rule cannot be deleted")
    del rules[rule_id]
    return no_content()


# -- call recording ---------------------------------------------------------------------------


@route("GET", ACCOUNT + "/call-recording")
async def read_call_recording(request: web.Request) -> web.StreamResponse:
    """``readCallRecordingSettings``."""
    _, store, _ = settings_of(request)
    return json_response(store.recording_settings())


@route("GET", ACCOUNT + "/call-recording/custom-greetings")
async def list_recording_greetings(request: web.Request) -> web.StreamResponse:
    """``listCallRecordingCustomGreetings``: one list, optional ``type`` filter."""
    _, store, _ = settings_of(request)
    kind = request.query.get("type")
    if kind is not None and kind not in _GREETING_TYPES:
        invalid("type")
    records = [g for g in store.recording_greetings() if kind is None or g["type"] == kind]
    return _full(request, {"records": records})


@route("GET", ACCOUNT + "/call-recording/extensions")
async def list_recording_extensions(request: web.Request) -> web.StreamResponse:
    """``listCallRecordingExtensions``: paged with totals."""
    _, store, _ = settings_of(request)
    return _page(request, store.recording_extensions())


# -- call queues, call monitoring, departments ----------------------------------------------


def _queue_id(store: Settings, raw: str, name: str) -> int:
    if not raw.isdigit() or int(raw) not in store.queues():
        reject(404, "CMN-102", f"Resource for parameter [{name}] is not found", name)
    return int(raw)


@route("GET", ACCOUNT + "/call-queues")
async def list_call_queues(request: web.Request) -> web.StreamResponse:
    """``listCallQueues``: paged with totals; ``memberExtensionId`` filter."""
    _, store, _ = settings_of(request)
    member = request.query.get("memberExtensionId")
    queues = [
        q for q_id, q in store.queues().items() if member is None or member in store.members(q_id)
    ]
    return _page(request, queues)


@route("GET", ACCOUNT + "/call-queues/{groupId}/members")
async def list_call_queue_members(request: web.Request) -> web.StreamResponse:
    """``listCallQueueMembers``: paged with totals."""
    _, store, _ = settings_of(request)
    queue_id = _queue_id(store, request.match_info["groupId"], "groupId")
    return _page(request, store.member_records(store.members(queue_id)))


@route("POST", ACCOUNT + "/call-queues/{groupId}/bulk-assign")
async def assign_call_queue_members(request: web.Request) -> web.StreamResponse:
    """``assignMultipleCallQueueMembers``: 204; EXT-405 for extensions that cannot join."""
    _, store, _ = settings_of(request)
    queue_id = _queue_id(store, request.match_info["groupId"], "groupId")
    change = store.check_assignment(await json_body(request))
    store.assign(queue_id, *change)
    return no_content()


@route("POST", ACCOUNT + "/department/bulk-assign")
async def assign_department_members(request: web.Request) -> web.StreamResponse:
    """``assignMultipleDepartmentMembers`` (deprecated): every item checked, then applied."""
    _, store, _ = settings_of(request)
    items = (await json_body(request, required=False)).get("items", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        invalid("items")
    plan = [
        (
            _queue_id(store, str(i.get("departmentId", "")), "departmentId"),
            store.check_assignment(i),
        )
        for i in items
    ]
    for queue_id, change in plan:
        store.assign(queue_id, *change)
    return no_content()


@route("GET", ACCOUNT + "/call-monitoring-groups")
async def list_monitoring_groups(request: web.Request) -> web.StreamResponse:
    """``listCallMonitoringGroups``: paged with totals; member and site filters."""
    _, store, _ = settings_of(request)
    member = request.query.get("memberExtensionId")
    sites = set(request.query.getall("siteId", []))
    groups = [
        g["group"]
        for g in store.monitoring_groups().values()
        if (member is None or any(m["id"] == member for m in g["members"]))
        and (not sites or g["group"]["site"]["id"] in sites)
    ]
    return _page(request, groups)


@route("GET", ACCOUNT + "/call-monitoring-groups/{groupId}/members")
async def list_monitoring_members(request: web.Request) -> web.StreamResponse:
    """``listCallMonitoringGroupMembers``: paged with totals."""
    _, store, _ = settings_of(request)
    group = store.monitoring_groups().get(request.match_info["groupId"])
    if group is None:
        reject(404, "CMN-102", "Resource for parameter [groupId] is not found", "groupId")
    return _page(request, group["members"])
