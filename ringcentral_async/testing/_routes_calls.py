"""Call routes: RingOut (current ``ring-out`` and legacy ``ringout`` paths) and active calls."""

from __future__ import annotations

import random
import re
import string
from datetime import timedelta
from typing import Any

from aiohttp import web

from ._http import (
    absolute,
    enum_values,
    invalid,
    iso,
    json_response,
    log_paging,
    page_number,
    per_page,
    reject,
    route,
    with_absolute_uris,
)
from ._routes_settings import json_body, no_content
from ._state import Platform, platform_of

__all__: list[str] = []

ACCOUNT = "/restapi/v1.0/account/{accountId}"
EXTENSION = ACCOUNT + "/extension/{extensionId}"
_PHONE = re.compile(r"\+?[0-9 ().-]{3,32}")
#: (call, caller, callee) status after n status reads of a RingOut.
_PROGRESS = (
    ("InProgress", "InProgress", "InProgress"),
    ("InProgress", "Success", "InProgress"),
    ("Success", "Success", "Success"),
)


def _extension(request: web.Request) -> tuple[Platform, int]:
    platform, owner = platform_of(request)
    platform.account(request.match_info["accountId"])
    return platform, int(platform.extension(request.match_info["extensionId"], owner)["id"])


# -- RingOut -----------------------------------------------------------------------------------


class RingOuts:
    """Live RingOut calls (``platform.stores["ring_out"]``): id -> state."""

    def __init__(self, seed: int) -> None:
        self.next_id = 1_000_000 + random.Random(seed).randrange(10**6)
        self.calls: dict[str, dict[str, Any]] = {}


def _ring_outs(platform: Platform) -> RingOuts:
    store = platform.stores.get("ring_out")
    if store is None:
        store = platform.stores["ring_out"] = RingOuts(platform.directory.account_id)
    return store


def _phone(body: dict[str, Any], name: str, *, alternative: str | None = None) -> None:
    party = body.get(name)
    if not isinstance(party, dict):
        invalid(name)
    number = party.get("phoneNumber")
    if alternative is not None and number is None and isinstance(party.get(alternative), str):
        return
    if not isinstance(number, str) or not _PHONE.fullmatch(number):
        invalid(f"{name}.phoneNumber")
    if len(re.sub(r"\D", "", number)) < 3:
        invalid(f"{name}.phoneNumber")


def _status_body(platform: Platform, ext_id: int, call_id: str, state: dict[str, Any]) -> Any:
    call, caller, callee = _PROGRESS[min(state["reads"], len(_PROGRESS) - 1)]
    segment = "ringout" if state["legacy"] else "ring-out"
    uri = platform.directory.extension_path(ext_id) + f"/{segment}/{call_id}"
    status = {"callStatus": call, "callerStatus": caller, "calleeStatus": callee}
    return {"id": call_id, "uri": uri, "status": status}


async def _create_ring_out(request: web.Request, *, legacy: bool) -> web.StreamResponse:
    platform, ext_id = _extension(request)
    body = await json_body(request)
    _phone(body, "from", alternative="forwardingNumberId")
    _phone(body, "to")
    if "callerId" in body:
        _phone(body, "callerId")
    if "playPrompt" in body and not isinstance(body["playPrompt"], bool):
        invalid("playPrompt")
    if "country" in body and not isinstance(body["country"], dict):
        invalid("country")
    store = _ring_outs(platform)
    store.next_id += 1
    call_id = str(store.next_id)
    state = {"ext": ext_id, "reads": 0, "legacy": legacy, "request": body}
    store.calls[call_id] = state
    data = _status_body(platform, ext_id, call_id, state)
    return json_response(with_absolute_uris(data, absolute(request, "")))


def _ring_out(request: web.Request) -> tuple[Platform, RingOuts, int, str]:
    platform, ext_id = _extension(request)
    store, call_id = _ring_outs(platform), request.match_info["ringoutId"]
    state = store.calls.get(call_id)
    if state is None or state["ext"] != ext_id:
        reject(404, "CMN-102", "Resource for parameter [ringoutId] is not found", "ringoutId")
    return platform, store, ext_id, call_id


async def _read_ring_out(request: web.Request) -> web.StreamResponse:
    platform, store, ext_id, call_id = _ring_out(request)
    state = store.calls[call_id]
    state["reads"] += 1
    data = _status_body(platform, ext_id, call_id, state)
    return json_response(with_absolute_uris(data, absolute(request, "")))


async def _cancel_ring_out(request: web.Request) -> web.StreamResponse:
    _, store, _, call_id = _ring_out(request)
    del store.calls[call_id]
    return no_content()


@route("POST", EXTENSION + "/ring-out")
async def create_ring_out(request: web.Request) -> web.StreamResponse:
    """``createRingOutCall``: starts InProgress; status advances with every read."""
    return await _create_ring_out(request, legacy=False)


@route("POST", EXTENSION + "/ringout")
async def create_ring_out_legacy(request: web.Request) -> web.StreamResponse:
    """``createRingOutCallDeprecated`` (the dash-less legacy path)."""
    return await _create_ring_out(request, legacy=True)


@route("GET", EXTENSION + "/ring-out/{ringoutId}")
@route("GET", EXTENSION + "/ringout/{ringoutId}")
async def read_ring_out(request: web.Request) -> web.StreamResponse:
    """``readRingOutCallStatus`` (and the legacy path)."""
    return await _read_ring_out(request)


@route("DELETE", EXTENSION + "/ring-out/{ringoutId}")
@route("DELETE", EXTENSION + "/ringout/{ringoutId}")
async def cancel_ring_out(request: web.Request) -> web.StreamResponse:
    """``deleteRingOutCall`` (and the legacy path): 204, then the id is gone (404)."""
    return await _cancel_ring_out(request)


# -- active calls ------------------------------------------------------------------------------


def _active_calls(platform: Platform) -> list[tuple[int, dict[str, Any]]]:
    """(extension id, record) of every call in progress: two for the owner, a few others."""
    store = platform.stores.get("active_calls")
    if store is not None:
        return list(store)
    directory = platform.directory
    rng = random.Random(f"active:{directory.account_id}")
    users = sorted(
        (e for e in directory.extensions.values() if e["type"] == "User"), key=lambda e: e["id"]
    )
    owners = [directory.owner_id, directory.owner_id] + [
        int(e["id"]) for e in users[1:] if rng.random() < 0.4
    ]
    calls: list[tuple[int, dict[str, Any]]] = []
    for index, ext_id in enumerate(owners):
        ext = directory.extensions[ext_id]
        inbound = index % 2 == 1
        ours = {
            "phoneNumber": directory.direct_number(ext_id),
            "name": ext["name"],
            "extensionId": str(ext_id),
        }
        theirs = {"phoneNumber": f"+1{rng.randrange(201, 989)}{rng.randrange(10**7):07d}"}
        call_id = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(15))
        duration = rng.randrange(5, 900)
        record = {
            "id": call_id,
            "uri": directory.extension_path(ext_id) + f"/call-log/{call_id}",
            "sessionId": str(rng.randrange(10**11, 10**12)),
            "telephonySessionId": f"s-{rng.getrandbits(64):016x}",
            "startTime": iso(platform.now - timedelta(seconds=duration)),
            "duration": duration,
            "type": "Voice",
            "direction": "Inbound" if inbound else "Outbound",
            "action": "Phone Call",
            "result": "In Progress",
            "from": theirs if inbound else ours,
            "to": ours if inbound else theirs,
            "extension": {"id": ext_id, "uri": ext["uri"]},
            "transport": "PSTN" if index % 3 else "VoIP",
        }
        calls.append((ext_id, record))
    platform.stores["active_calls"] = calls
    return list(calls)


@route("GET", EXTENSION + "/active-calls")
@route("GET", ACCOUNT + "/active-calls")
async def list_active_calls(request: web.Request) -> web.StreamResponse:
    """``listExtensionActiveCalls`` / ``listCompanyActiveCalls``: call-log paging (no totals)."""
    if "extensionId" in request.match_info:
        platform, ext_id = _extension(request)
    else:
        platform, _ = platform_of(request)
        platform.account(request.match_info["accountId"])
        ext_id = None
    view = request.query.get("view", "Simple")
    if view not in ("Simple", "Detailed"):
        invalid("view")
    directions = enum_values(request, "direction", frozenset({"Inbound", "Outbound"}))
    types = enum_values(request, "type", frozenset({"Voice", "Fax"}))
    transports = enum_values(request, "transport", frozenset({"PSTN", "VoIP"}))
    conferences = enum_values(
        request, "conferenceType", frozenset({"AudioConferencing", "Meetings"})
    )
    size = per_page(request, allow_max=True)
    records = []
    for owner, record in _active_calls(platform):
        if (
            (ext_id is None or owner == ext_id)
            and (not directions or record["direction"] in directions)
            and (not types or record["type"] in types)
            and (not transports or record["transport"] in transports)
            and not conferences  # no conference calls in progress
        ):
            out = dict(record)
            if view == "Detailed":
                keys = ("startTime", "duration", "type", "direction", "action", "result")
                leg = {k: record[k] for k in keys}
                out["legs"] = [{**leg, "legType": "Accept", "master": True}]
            records.append(out)
    page = page_number(request)
    start = (page - 1) * size
    chunk = records[start : start + size]
    paging, navigation = log_paging(request, page, size, len(chunk), len(records))
    body = {
        "uri": absolute(request, request.path_qs),
        "records": chunk,
        "paging": paging,
        "navigation": navigation,
    }
    return json_response(with_absolute_uris(body, absolute(request, "")))
