"""The converter's rules: names, datetimes, open enums, unknown fields, errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from ringcentral_async._errors import DecodeError
from ringcentral_async._serde.converter import (
    make_converter,
    strict_converter,
    structure,
    unstructure,
)
from ringcentral_async._serde.wire import WIRE_NAME, format_datetime, parse_datetime, to_camel
from ringcentral_async.models import (
    AnsweringRuleCreate,
    CallAction,
    CallDirection,
    CallLogList,
    CallLogRecord,
    Extension,
    ExtensionStatus,
    RingOutFrom,
    RingOutRequest,
    RingOutTo,
)
from ringcentral_async.models._base import WIRE_NAME as MODELS_WIRE_NAME
from ringcentral_async.models._base import extra_field

DETAILED: dict[str, Any] = {
    "uri": "https://platform.ringcentral.com/restapi/v1.0/account/1/call-log/X?view=Detailed",
    "id": "VgLcd1KWffJVzUA",
    "sessionId": "404611540004",
    "startTime": "2026-01-05T10:00:00.123Z",
    "duration": 31,
    "type": "Voice",
    "direction": "Inbound",
    "action": "Phone Call",
    "result": "Accepted",
    "from": {"phoneNumber": "+16505550100", "location": "San Mateo, CA"},
    "to": {"phoneNumber": "+16505550101", "extensionNumber": "101", "name": "A B"},
    "extension": {"uri": "https://platform.ringcentral.com/x", "id": 4001},
    "recording": {"id": "9", "uri": "u", "type": "Automatic", "contentUri": "c"},
    "billing": {"costIncluded": 0.0, "costPurchased": 0.01},
    "lastModifiedTime": "2026-01-05T10:01:00Z",
    "legs": [
        {
            "startTime": "2026-01-05T10:00:00.123+02:00",
            "type": "Voice",
            "direction": "Inbound",
            "action": "Phone Call",
            "legType": "Accept",
            "master": True,
            "from": {"phoneNumber": "+16505550100", "dialerPhoneNumber": "+16505550100"},
        }
    ],
}


@pytest.mark.parametrize(
    ("name", "wire"),
    [
        ("id", "id"),
        ("extension_number", "extensionNumber"),
        ("from_", "from"),
        ("duration_ms", "durationMs"),
        ("u_brand", "uBrand"),
        ("show_in_directory_2", "showInDirectory2"),
    ],
)
def test_to_camel(name: str, wire: str) -> None:
    assert to_camel(name) == wire


def test_detailed_record() -> None:
    rec = structure(DETAILED, CallLogRecord)
    assert rec.id == "VgLcd1KWffJVzUA"
    assert rec.direction is CallDirection.INBOUND
    assert rec.action is CallAction.PHONE_CALL
    assert rec.from_ is not None and rec.from_.location == "San Mateo, CA"
    assert rec.extension is not None and rec.extension.id == 4001
    assert rec.legs is not None and rec.legs[0].master is True
    assert rec.start_time == datetime(2026, 1, 5, 10, 0, 0, 123000, tzinfo=UTC)
    assert rec.legs[0].start_time is not None
    assert rec.legs[0].start_time.utcoffset() == timedelta(hours=2)
    assert rec.extra == {}
    back = unstructure(rec)
    assert set(back) == set(DETAILED)
    assert back["from"] == DETAILED["from"]
    assert back["startTime"] == "2026-01-05T10:00:00.123Z"
    assert back["legs"][0]["startTime"] == "2026-01-05T08:00:00.123Z"  # written in UTC
    assert type(back["direction"]) is str


def test_list_envelope() -> None:
    page = structure(
        {
            "uri": "u",
            "records": [DETAILED, DETAILED],
            "navigation": {"nextPage": {"uri": "https://next"}},
            "paging": {"page": 1, "perPage": 2},
        },
        CallLogList,
    )
    assert page.records is not None and len(page.records) == 2
    assert page.navigation is not None and page.navigation.next_page is not None
    assert page.navigation.next_page.uri == "https://next"
    assert page.paging is not None and page.paging.per_page == 2


def test_unknown_enum_values_kept_as_strings() -> None:
    rec = structure({**DETAILED, "direction": "Sideways", "action": "Teleport"}, CallLogRecord)
    assert rec.direction == "Sideways" and type(rec.direction) is str
    assert rec.action == "Teleport"
    assert unstructure(rec)["direction"] == "Sideways"
    ext = structure({"id": 1, "status": "Hibernating", "type": "TakeMessageOnly"}, Extension)
    assert ext.status == "Hibernating" and ext.type == "TakeMessageOnly"
    assert structure({"status": "Enabled"}, Extension).status is ExtensionStatus.ENABLED


def test_enum_field_rejects_non_strings() -> None:
    with pytest.raises(DecodeError, match=r"\$\.direction"):
        structure({**DETAILED, "direction": {"x": 1}}, CallLogRecord)


def test_unknown_fields_kept_and_written_back() -> None:
    data = {**DETAILED, "brandNewField": [1, {"a": None}]}
    data["to"] = {**DETAILED["to"], "nestedNew": True}
    rec = structure(data, CallLogRecord)
    assert rec.extra == {"brandNewField": [1, {"a": None}]}
    assert rec.to is not None and rec.to.extra == {"nestedNew": True}
    back = unstructure(rec)
    assert back["brandNewField"] == [1, {"a": None}]
    assert back["to"]["nestedNew"] is True


def test_extra_excluded_from_equality_and_repr() -> None:
    a = structure({**DETAILED, "x": 1}, CallLogRecord)
    b = structure(DETAILED, CallLogRecord)
    assert a == b
    assert "extra" not in repr(a)


def test_strict_converter_names_the_unknown_field() -> None:
    data = {**DETAILED, "to": {**DETAILED["to"], "extensionNumbr": "1"}}
    with pytest.raises(DecodeError, match="extensionNumbr"):
        structure(data, CallLogRecord, converter=strict_converter())
    structure(DETAILED, CallLogRecord, converter=strict_converter())


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"startTime": "yesterday"}, r"\$\.start_time"),  # attribute names in paths
        ({"duration": "long"}, r"\$\.duration"),
        ({"legs": [{"master": "maybe"}]}, r"\$\.legs\[0\]\.master"),
        ({"legs": {"not": "a list"}}, r"\$\.legs"),
        ({"from": "+16505550100"}, r"\$\.from"),
    ],
)
def test_bad_shapes_raise_decode_error_with_path(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(DecodeError, match=fragment) as info:
        structure({**DETAILED, **data}, CallLogRecord)
    assert "cannot decode CallLogRecord" in str(info.value)


@pytest.mark.parametrize("data", [[], "text", 5, None])
def test_top_level_must_be_an_object(data: Any) -> None:
    with pytest.raises(DecodeError, match="CallLogRecord"):
        structure(data, CallLogRecord)


def test_lenient_scalars() -> None:
    rec = structure({"id": 12345, "duration": "31", "extension": {"id": "4001"}}, CallLogRecord)
    assert rec.id == "12345" and rec.duration == 31
    assert rec.extension is not None and rec.extension.id == 4001
    with pytest.raises(DecodeError):
        structure({"duration": True}, CallLogRecord)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-05T10:00:00Z", datetime(2026, 1, 5, 10, tzinfo=UTC)),
        ("2026-01-05T10:00:00.5Z", datetime(2026, 1, 5, 10, 0, 0, 500000, tzinfo=UTC)),
        ("2026-01-05T12:00:00+02:00", datetime(2026, 1, 5, 10, tzinfo=UTC)),
        ("2026-01-05T10:00:00", datetime(2026, 1, 5, 10, tzinfo=UTC)),  # naive -> UTC
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected and parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 1, 5, 10, tzinfo=UTC), "2026-01-05T10:00:00Z"),
        (datetime(2026, 1, 5, 10, 0, 0, 123456, tzinfo=UTC), "2026-01-05T10:00:00.123Z"),
        (datetime(2026, 1, 5, 12, tzinfo=timezone(timedelta(hours=2))), "2026-01-05T10:00:00Z"),
    ],
)
def test_format_datetime(value: datetime, text: str) -> None:
    assert format_datetime(value) == text


def test_request_body_leaves_out_unset_fields() -> None:
    body = RingOutRequest(
        from_=RingOutFrom(phone_number="+16505550100"),
        to=RingOutTo(phone_number="+16505550101"),
        play_prompt=False,
    )
    assert unstructure(body) == {
        "from": {"phoneNumber": "+16505550100"},
        "to": {"phoneNumber": "+16505550101"},
        "playPrompt": False,
    }
    rule = AnsweringRuleCreate(name="Holidays", type="Custom", screening=False)
    assert unstructure(rule) == {"name": "Holidays", "type": "Custom", "screening": False}


def test_list_of_models() -> None:
    recs = structure([DETAILED, DETAILED], list[CallLogRecord])
    assert [r.id for r in recs] == [DETAILED["id"]] * 2


@attrs.frozen(kw_only=True)
class _Odd:
    """A model with a wire name that is not plain camelCase."""

    e164: str | None = None
    sip_info: str | None = attrs.field(default=None, metadata={WIRE_NAME: "SIPInfo"})
    extra: Mapping[str, Any] = extra_field()


def test_wire_name_override_and_generic_converter() -> None:
    assert MODELS_WIRE_NAME == WIRE_NAME
    conv = make_converter(strict=True)
    obj = structure({"e164": "+1", "SIPInfo": "x"}, _Odd, converter=conv)
    assert obj.sip_info == "x"
    assert unstructure(obj, converter=conv) == {"e164": "+1", "SIPInfo": "x"}
    with pytest.raises(DecodeError, match="sipInfo"):
        structure({"sipInfo": "x"}, _Odd, converter=conv)
