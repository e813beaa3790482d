"""Every seed operation on the wire (aioresponses): method, path, query, body and the result.

This file holds the cases of the account, extension, call-log, number, recording, greeting,
profile-image and blocked-number operations; ``test_resources_settings.CASES`` holds the
others. ``test_every_seed_operation_has_a_wire_case`` fails when any of the 54 seed
operations (tests/fixtures/seed_operations.tsv) has no case in either table.
"""

from __future__ import annotations

import csv
import inspect
import io
import re
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _helpers import WireCase, all_calls, login, run_wire_case
from aioresponses import aioresponses
from test_resources_settings import CASES as SETTINGS_CASES

from ringcentral_async import OPERATIONS, RingCentral
from ringcentral_async.models import (
    Account,
    AccountStatus,
    BlockedAllowedNumber,
    BlockedAllowedNumberRequest,
    BlockedNumber,
    BlockedNumberStatus,
    BlockedNumberUpdate,
    CallAction,
    CallDirection,
    CallLogRecord,
    CompanyGreeting,
    CompanyPhoneNumber,
    Extension,
    ExtensionStatus,
    PhoneNumberUsageType,
    Recording,
    UserGreeting,
    UserPhoneNumber,
)

V1 = "/restapi/v1.0"
ACC = V1 + "/account/~"
EXT = ACC + "/extension/~"
SEED_TSV = Path(__file__).resolve().parents[1] / "fixtures" / "seed_operations.tsv"
MEDIA = "https://media.ringcentral.com/restapi/v1.0/account/~/recording/77/content"


def page(*records: dict[str, Any]) -> dict[str, Any]:
    """One page with totals (the last page)."""
    paging = {"page": 1, "totalPages": 1, "perPage": 100, "totalElements": len(records)}
    return {"records": list(records), "paging": paging, "navigation": {}}


EXTENSION = {
    "id": 101,
    "extensionNumber": "101",
    "name": "Ada Lovelace",
    "status": "Enabled",
    "type": "User",
    "contact": {"firstName": "Ada", "email": "ada@example.com"},
    "addedLater": True,
}
CALL = {
    "id": "VgLcd1KWffJVzUA",
    "sessionId": "4711",
    "startTime": "2026-02-03T04:05:06.007Z",
    "direction": "Outbound",
    "action": "RingOut Web",
    "result": "Call connected",
    "from": {"phoneNumber": "+16505550100", "extensionId": "4001"},
    "extension": {"id": 4001},
    "recording": {"id": "77", "contentUri": MEDIA},
}
BLOCKED = {"id": "5", "phoneNumber": "+16505550199", "label": "spam", "status": "Blocked"}
LEGACY = {"id": "5", "name": "spam", "phoneNumber": "+16505550199"}


def _list_of(kind: type, check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda r: isinstance(r, list) and len(r) == 1 and isinstance(r[0], kind) and check(r[0])


def _is_call(r: Any) -> bool:
    return (
        isinstance(r, CallLogRecord)
        and r.id == "VgLcd1KWffJVzUA"
        and r.start_time == datetime(2026, 2, 3, 4, 5, 6, 7000, tzinfo=UTC)
        and r.direction is CallDirection.OUTBOUND
        and r.action is CallAction.RING_OUT_WEB
        and r.from_ is not None
        and r.from_.extension_id == "4001"
        and r.extension is not None
        and r.extension.id == 4001
        and r.recording is not None
        and r.recording.content_uri == MEDIA
    )


def _is_extension(r: Any) -> bool:
    return (
        isinstance(r, Extension)
        and r.id == 101
        and r.status is ExtensionStatus.ENABLED
        and r.contact is not None
        and r.contact.first_name == "Ada"
        and r.extra == {"addedLater": True}
    )


async def _download_recording(rc: RingCentral) -> tuple[int, bytes]:
    buf = io.BytesIO()
    size = await rc.recordings.download(77, buf, chunk_size=3)
    return size, buf.getvalue()


async def _download_image(rc: RingCentral) -> tuple[int, bytes]:
    buf = io.BytesIO()
    size = await rc.profile_image.download("195x195", buf, extension_id=12)
    return size, buf.getvalue()


CASES = [
    WireCase("account.get", lambda rc: rc.account.get(account_id=400), "GET", V1 + "/account/400",
             [], {"id": 400, "status": "Confirmed", "mainNumber": "+16505550100"},
             lambda r: isinstance(r, Account) and r.id == 400
             and r.status is AccountStatus.CONFIRMED and r.main_number == "+16505550100"),
    WireCase("extensions.list",
             lambda rc: rc.extensions.list(
                 status=["Enabled", "NotActivated"], type="User", extension_number="101",
                 email=["ada@example.com"], per_page=25).collect(),
             "GET", ACC + "/extension",
             [("status", "Enabled"), ("status", "NotActivated"), ("type", "User"),
              ("extensionNumber", "101"), ("email", "ada@example.com"), ("perPage", "25")],
             page(EXTENSION), _list_of(Extension, _is_extension)),
    WireCase("extensions.get", lambda rc: rc.extensions.get(101), "GET", ACC + "/extension/101",
             [], EXTENSION, _is_extension),
    WireCase("call_log.list",
             lambda rc: rc.call_log.list(
                 extension_id=4001, date_from=datetime(2026, 2, 1, tzinfo=UTC),
                 date_to="2026-02-04T00:00:00+01:00", view="Detailed", type="Voice",
                 direction=["Inbound", "Outbound"], transport="VoIP", recording_type="All",
                 show_blocked=False, phone_number="16505550100", per_page="max").collect(),
             "GET", ACC + "/extension/4001/call-log",
             [("dateFrom", "2026-02-01T00:00:00.000Z"), ("dateTo", "2026-02-03T23:00:00.000Z"),
              ("view", "Detailed"), ("type", "Voice"), ("direction", "Inbound"),
              ("direction", "Outbound"), ("transport", "VoIP"), ("recordingType", "All"),
              ("showBlocked", "false"), ("phoneNumber", "16505550100"), ("perPage", "max")],
             page(CALL), _list_of(CallLogRecord, _is_call)),
    WireCase("call_log.list_company",
             lambda rc: rc.call_log.list_company(
                 date_from="2026-02-01T00:00:00Z", with_recording=True, session_id="4711",
                 per_page=1000).collect(),
             "GET", ACC + "/call-log",
             [("dateFrom", "2026-02-01T00:00:00.000Z"), ("withRecording", "true"),
              ("sessionId", "4711"), ("perPage", "1000")],
             page(CALL), _list_of(CallLogRecord, _is_call)),
    WireCase("call_log.get",
             lambda rc: rc.call_log.get("VgLcd1KWffJVzUA", view="Simple"), "GET",
             EXT + "/call-log/VgLcd1KWffJVzUA", [("view", "Simple")], CALL, _is_call),
    WireCase("phone_numbers.list",
             lambda rc: rc.phone_numbers.list(
                 extension_id=101, usage_type="DirectNumber", status="Normal").collect(),
             "GET", ACC + "/extension/101/phone-number",
             [("usageType", "DirectNumber"), ("status", "Normal")],
             page({"id": 5, "phoneNumber": "+16505550100", "usageType": "DirectNumber",
                   "features": ["SmsSender", "BrandNewFeature"]}),
             _list_of(UserPhoneNumber, lambda n: n.id == 5
                      and n.usage_type is PhoneNumberUsageType.DIRECT_NUMBER
                      and n.features == ["SmsSender", "BrandNewFeature"])),
    WireCase("phone_numbers.list_company",
             lambda rc: rc.phone_numbers.list_company(
                 usage_type=["MainCompanyNumber"], payment_type="Local", per_page=2).collect(),
             "GET", ACC + "/phone-number",
             [("usageType", "MainCompanyNumber"), ("paymentType", "Local"), ("perPage", "2")],
             page({"id": 6, "usageType": "MainCompanyNumber", "extension": {"id": 101}}),
             _list_of(CompanyPhoneNumber, lambda n: n.id == 6 and n.extension is not None
                      and n.extension.id == 101)),
    WireCase("phone_numbers.get_company", lambda rc: rc.phone_numbers.get_company(42), "GET",
             ACC + "/phone-number/42", [], {"id": 42, "phoneNumber": "+16505550142"},
             lambda r: isinstance(r, CompanyPhoneNumber) and r.phone_number == "+16505550142"),
    WireCase("recordings.get", lambda rc: rc.recordings.get(77), "GET", ACC + "/recording/77", [],
             {"id": "77", "contentUri": MEDIA, "contentType": "audio/mpeg", "duration": 42},
             lambda r: isinstance(r, Recording) and r.content_uri == MEDIA and r.duration == 42),
    WireCase("recordings.download", _download_recording, "GET", ACC + "/recording/77/content",
             [], b"ID3 audio", lambda r: r == (9, b"ID3 audio")),
    WireCase("profile_image.download", _download_image, "GET",
             ACC + "/extension/12/profile-image/195x195", [], b"\x89PNG image",
             lambda r: r == (10, b"\x89PNG image")),
    WireCase("greetings.create",
             lambda rc: rc.greetings.create(
                 type="Voicemail", answering_rule_id="business-hours-rule", content=b"ID3 hi",
                 filename="hi.mp3", text="Hello", apply=True),
             "POST", EXT + "/greeting", [("apply", "true")],
             {"id": "9", "type": "Voicemail", "answeringRule": {"id": "business-hours-rule"}},
             lambda r: isinstance(r, UserGreeting) and r.id == "9"
             and r.answering_rule is not None and r.answering_rule.id == "business-hours-rule",
             body={"type": (None, b"Voicemail"), "answeringRuleId": (None, b"business-hours-rule"),
                   "text": (None, b"Hello"), "binary": ("audio/mpeg", b"ID3 hi")}),
    WireCase("greetings.get", lambda rc: rc.greetings.get("9", extension_id=101), "GET",
             ACC + "/extension/101/greeting/9", [],
             {"id": "9", "type": "Introductory", "contentUri": "https://media.ringcentral.com/g"},
             lambda r: isinstance(r, UserGreeting) and r.type == "Introductory"
             and r.content_uri == "https://media.ringcentral.com/g"),
    WireCase("greetings.create_company",
             lambda rc: rc.greetings.create_company(
                 type="Company", content=b"RIFFwav", filename="c.wav", language_id="1033"),
             "POST", ACC + "/greeting", [],
             {"id": "11", "type": "Company", "language": {"id": "1033"}},
             lambda r: isinstance(r, CompanyGreeting) and r.language is not None
             and r.language.id == "1033",
             body={"type": (None, b"Company"), "languageId": (None, b"1033"),
                   "binary": ("audio/x-wav", b"RIFFwav")}),
    WireCase("blocked_numbers.create",
             lambda rc: rc.blocked_numbers.create(BlockedAllowedNumberRequest(
                 phone_number="+16505550199", label="spam", status="Blocked")),
             "POST", EXT + "/caller-blocking/phone-numbers", [], BLOCKED,
             lambda r: isinstance(r, BlockedAllowedNumber)
             and r.status is BlockedNumberStatus.BLOCKED,
             body={"phoneNumber": "+16505550199", "label": "spam", "status": "Blocked"}),
    WireCase("blocked_numbers.get", lambda rc: rc.blocked_numbers.get(5), "GET",
             EXT + "/caller-blocking/phone-numbers/5", [], BLOCKED,
             lambda r: isinstance(r, BlockedAllowedNumber) and r.label == "spam"),
    WireCase("blocked_numbers.update",
             lambda rc: rc.blocked_numbers.update("5", {"status": "Allowed"}), "PUT",
             EXT + "/caller-blocking/phone-numbers/5", [], {**BLOCKED, "status": "Allowed"},
             lambda r: r.status is BlockedNumberStatus.ALLOWED, body={"status": "Allowed"}),
    WireCase("blocked_numbers.delete", lambda rc: rc.blocked_numbers.delete("5"), "DELETE",
             EXT + "/caller-blocking/phone-numbers/5", [], None, lambda r: r is None,
             status=204),
    WireCase("blocked_numbers.get_legacy", lambda rc: rc.blocked_numbers.get_legacy(5), "GET",
             EXT + "/blocked-number/5", [], LEGACY,
             lambda r: isinstance(r, BlockedNumber) and r.name == "spam",
             warns="use blocked_numbers.get"),
    WireCase("blocked_numbers.update_legacy",
             lambda rc: rc.blocked_numbers.update_legacy(5, BlockedNumberUpdate(name="ham")),
             "PUT", EXT + "/blocked-number/5", [], {**LEGACY, "name": "ham"},
             lambda r: isinstance(r, BlockedNumber) and r.name == "ham", body={"name": "ham"},
             warns="use blocked_numbers.update"),
    WireCase("blocked_numbers.delete_legacy", lambda rc: rc.blocked_numbers.delete_legacy(5),
             "DELETE", EXT + "/blocked-number/5", [], None, lambda r: r is None, status=204,
             warns="use blocked_numbers.delete"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_operation_on_the_wire(mock_api: aioresponses, case: WireCase) -> None:
    await run_wire_case(mock_api, case)


def _seed_rows() -> list[dict[str, str]]:
    with SEED_TSV.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _template(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


ALL_CASES = {c.name: c for c in [*CASES, *SETTINGS_CASES]}


@pytest.mark.parametrize("row", _seed_rows(), ids=lambda r: r["operationId"])
def test_every_seed_operation_has_a_wire_case(row: dict[str, str]) -> None:
    """A case sends this seed operation's method to a path matching its template."""
    (op,) = [o for o in OPERATIONS.values() if (o.method, o.path) == (row["method"], row["path"])]
    case = ALL_CASES.get(op.python_name)
    assert case is not None, f"no wire case for {op.python_name} ({op.operation_id})"
    assert case.method == op.method
    assert _template(op.path).match(case.path), (case.path, op.path)


# -- deprecation warnings point at the caller ----------------------------------------------

DEPRECATED = [c for c in ALL_CASES.values() if c.warns]


@pytest.mark.parametrize("case", DEPRECATED, ids=[c.name for c in DEPRECATED])
async def test_deprecation_warning_points_at_the_callers_line(
    mock_api: aioresponses, case: WireCase
) -> None:
    """Legacy and deprecated operations warn once, at the line that awaits them."""
    rc = await login(mock_api)
    getattr(mock_api, case.method.lower())(
        re.compile(r".*/restapi/v1\.0/(?!oauth/).*"), status=case.status, payload=case.response
    )
    async with rc:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
            await case.invoke(rc)
    (warning,) = caught
    assert warning.category is DeprecationWarning
    assert (warning.filename, warning.lineno) == (__file__, line)
    assert case.warns is not None and case.warns in str(warning.message)
    (op,) = [o for o in OPERATIONS.values() if o.python_name == case.name]
    assert op.deprecated and op.replacement


def test_every_deprecated_seed_operation_has_a_warning_case() -> None:
    legacy = {
        o.python_name
        for row in _seed_rows()
        for o in OPERATIONS.values()
        if (o.method, o.path) == (row["method"], row["path"]) and o.deprecated
    }
    assert len(legacy) == 8  # 3 blocked-number, 3 dash-less ringout, parser v1, departments
    assert legacy <= {c.name for c in DEPRECATED}


# -- arguments are checked before anything is sent ---------------------------------------

UNKNOWN_KWARGS: list[tuple[str, Callable[[RingCentral], Any]]] = [
    ("call_log.list", lambda rc: rc.call_log.list(dateFrom="2026-01-01T00:00:00Z")),  # type: ignore[call-arg]
    ("extensions.list", lambda rc: rc.extensions.list(statuss="Enabled")),  # type: ignore[call-arg]
    ("account.get", lambda rc: rc.account.get(accountId="~")),  # type: ignore[call-arg]
    ("ring_out.create", lambda rc: rc.ring_out.create({}, extensionId="~")),  # type: ignore[call-arg]
    ("greetings.create", lambda rc: rc.greetings.create(type="Voicemail", content=b"x", x=1)),  # type: ignore[call-arg]
]


@pytest.mark.parametrize(("name", "invoke"), UNKNOWN_KWARGS, ids=[n for n, _ in UNKNOWN_KWARGS])
async def test_unknown_keyword_arguments_are_rejected(
    mock_api: aioresponses, name: str, invoke: Callable[[RingCentral], Any]
) -> None:
    rc = await login(mock_api)
    async with rc:
        with pytest.raises(TypeError, match="unexpected keyword argument"):
            invoke(rc)  # raised when the arguments are bound, before a coroutine exists
    assert [u for _m, u, _c in all_calls(mock_api) if "/oauth/" not in u.path] == []
