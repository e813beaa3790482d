"""A mapping or list body of a generated operation may hold models, datetimes and enum
members (written as on the wire); anything that is not JSON is a ConfigurationError naming
where it is, before sending (it was a bare TypeError from the JSON encoder)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, cast

import pytest

from ringcentral_async import ConfigurationError
from ringcentral_async.models.generated import MessageStoreCallerInfoRequest

from .conftest import Loopback, ok


async def test_models_and_datetimes_inside_a_mapping_body_are_written_as_on_the_wire(
    rc: Any, loopback: Loopback
) -> None:
    loopback.answer = lambda _s: ok({"id": 1})
    body = {
        "from": MessageStoreCallerInfoRequest(phone_number="+16505550100"),
        "to": [MessageStoreCallerInfoRequest(phone_number="+16505550101")],
        "text": "hi",
        "sendAt": datetime(2026, 1, 1, 12, tzinfo=UTC),
    }
    await rc.sms.create_sms_message(body)
    assert json.loads(loopback.seen[0].body) == {
        "from": {"phoneNumber": "+16505550100"},
        "to": [{"phoneNumber": "+16505550101"}],
        "text": "hi",
        "sendAt": "2026-01-01T12:00:00Z",
    }


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (
            {"from": {"phoneNumber": "+1"}, "to": [{"phoneNumber": b"+2"}]},
            r"body\.to\[0\]\.phoneNumber",
        ),
        ({"to": {"+1", "+2"}}, r"body\.to"),
        ({1: "x"}, "key 1"),
    ],
)
async def test_a_value_that_is_not_json_is_refused_before_sending(
    rc: Any, loopback: Loopback, body: Any, where: str
) -> None:
    with pytest.raises(ConfigurationError, match=where):
        await rc.sms.create_sms_message(body)
    assert loopback.seen == []


async def test_a_naive_datetime_in_a_body_is_refused_as_in_a_query(
    rc: Any, loopback: Loopback
) -> None:
    from ringcentral_async.models.generated import CreateDataExportTaskRequest

    naive = datetime(2026, 1, 1, 9, 0)  # 09:00 where? UTC would be a silent guess
    with pytest.raises(ConfigurationError, match=r"body\.time_from=.* has no time zone"):
        await rc.compliance_exports.create_data_export_task_new(
            CreateDataExportTaskRequest(time_from=naive)
        )
    with pytest.raises(ConfigurationError, match=r"body\.timeFrom=.* has no time zone"):
        await rc.compliance_exports.create_data_export_task_new({"timeFrom": naive})
    assert loopback.seen == []
    loopback.answer = lambda _s: ok({"id": "t1"})
    aware = CreateDataExportTaskRequest(time_from=naive.replace(tzinfo=UTC))
    await rc.compliance_exports.create_data_export_task_new(aware)
    assert json.loads(loopback.seen[0].body) == {"timeFrom": "2026-01-01T09:00:00Z"}


async def test_a_body_that_contains_itself_or_nan_is_refused(rc: Any, loopback: Loopback) -> None:
    looped: dict[str, Any] = {"text": "hi"}
    looped["self"] = looped
    with pytest.raises(ConfigurationError, match="nests too deep"):
        await rc.sms.create_sms_message(looped)
    with pytest.raises(ConfigurationError, match="not a JSON number"):
        await rc.sms.create_sms_message({"text": "hi", "score": float("nan")})
    assert loopback.seen == []


def test_a_hand_written_model_of_the_generated_name_is_named_with_its_module() -> None:
    from ringcentral_async.models import CallLogRecord as HandWritten
    from ringcentral_async.models.generated import CallLogRecord as Generated
    from ringcentral_async.resources._args import json_body

    assert cast(type, HandWritten) is not cast(type, Generated)
    with pytest.raises(ConfigurationError) as caught:
        json_body("body", HandWritten(id="1"), required=True, model=Generated)
    text = str(caught.value)
    assert "ringcentral_async.models.generated" in text and Generated.__module__ in text
