"""Generated operations on the wire (aioresponses): arguments checked before sending, query
and body encoding, bulk reads, downloads and typed results of the generated coroutines."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from _helpers import SERVER, all_calls, login
from aioresponses import aioresponses

from ringcentral_async import ConfigurationError
from ringcentral_async.models.generated import (
    CreateSMSMessage,
    GetSMSMessageInfoResponse,
    MessageStoreCallerInfoRequest,
    PersonalContactResource,
)

EXT = SERVER + "/restapi/v1.0/account/~/extension/~"


@pytest.fixture
async def rc(mock_api: aioresponses) -> AsyncIterator[Any]:
    client = await login(mock_api)
    async with client:
        yield client


async def test_a_model_body_is_sent_as_its_wire_json_and_the_answer_is_typed(
    rc: Any, mock_api: aioresponses
) -> None:
    mock_api.post(EXT + "/sms", payload={"id": 7, "type": "SMS", "direction": "Sideways"})
    msg = await rc.sms.create_sms_message(
        CreateSMSMessage(
            from_=MessageStoreCallerInfoRequest(phone_number="+16505550100"),
            to=[MessageStoreCallerInfoRequest(phone_number="+16505550101")],
            text="hi",
        )
    )
    assert isinstance(msg, GetSMSMessageInfoResponse) and msg.id == 7
    assert msg.direction == "Sideways"  # an enum value the spec does not list is kept
    sent = [c for m, u, c in all_calls(mock_api) if u.path.endswith("/sms")]
    assert sent[0].kwargs["json"] == {
        "from": {"phoneNumber": "+16505550100"},
        "to": [{"phoneNumber": "+16505550101"}],
        "text": "hi",
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"per_page": 10, "type": 5}, "type must be str"),
        ({"sip_data": "yes"}, "sip_data must be bool"),
    ],
)
async def test_wrong_argument_types_are_refused_before_sending(
    rc: Any, mock_api: aioresponses, kwargs: dict[str, Any], message: str
) -> None:
    before = len(list(all_calls(mock_api)))
    with pytest.raises(ConfigurationError, match=message):
        if "type" in kwargs:
            await rc.chats.list_glip_chats_new(**kwargs).collect()
        else:
            await rc.presence.read_user_presence_status(**kwargs)
    assert len(list(all_calls(mock_api))) == before


async def test_a_required_body_and_path_parameter_are_checked_before_sending(
    rc: Any, mock_api: aioresponses
) -> None:
    with pytest.raises(ConfigurationError, match="body is required"):
        await rc.sms.create_sms_message(None)
    with pytest.raises(ConfigurationError, match="contactId"):
        await rc.external_contacts.read_contact(contact_id="..")


async def test_a_generated_bulk_read_sends_comma_ids_and_pairs_the_answers(
    rc: Any, mock_api: aioresponses
) -> None:
    boundary = "BB"
    summary = {"response": [{"status": 200}, {"status": 404}]}
    parts = [summary, {"id": 1, "firstName": "A"}, {"errorCode": "CMN-102", "message": "m"}]
    body = (
        "".join(
            f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(p)}\r\n"
            for p in parts
        )
        + f"--{boundary}--\r\n"
    )
    mock_api.get(
        EXT + "/address-book/contact/1,2",
        status=207,
        body=body.encode(),
        headers={"Content-Type": f"multipart/mixed; boundary={boundary}"},
    )
    items = await rc.external_contacts.read_contact_many([1, 2])
    assert [i.id for i in items] == ["1", "2"]
    first = items[0].unwrap()
    assert isinstance(first, PersonalContactResource) and first.first_name == "A"
    assert items[1].error is not None and items[1].status == 404


async def test_a_generated_download_streams_into_a_file(rc: Any, mock_api: aioresponses) -> None:
    mock_api.get(
        SERVER + "/restapi/v1.0/account/~/ivr-prompts/p1/content",
        body=b"RIFF....WAVE",
        headers={"Content-Type": "audio/wav"},
    )
    out = io.BytesIO()
    assert await rc.ivr.read_ivr_prompt_content(out, prompt_id="p1") == 12
    assert out.getvalue() == b"RIFF....WAVE"


async def test_an_oauth_form_operation_uses_client_auth_and_leaves_the_clients_token(
    rc: Any, mock_api: aioresponses
) -> None:
    from _helpers import TOKEN_URL, token_body

    before = rc.token
    # (the login's mocked token endpoint answers again)
    got = await rc.oauth.get_token({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer"})
    assert got.access_token == token_body(1)["access_token"]
    assert "access_token" not in repr(got) and got.access_token not in repr(got)
    sent = [c for m, u, c in all_calls(mock_api) if str(u) == TOKEN_URL][-1]
    assert sent.kwargs["headers"]["Authorization"].startswith("Basic ")
    assert rc.token is before  # the client's own token is untouched
    with pytest.raises(ConfigurationError, match="mapping of str to str"):
        await rc.oauth.get_token({"grant_type": 5})


async def test_a_post_report_pages_with_its_body_and_nested_records(
    rc: Any, mock_api: aioresponses
) -> None:
    """The analytics reports are paged by page/perPage on a POST, records under data."""
    url = SERVER + "/analytics/calls/v1/accounts/~/aggregation/fetch"

    def page(n: int, keys: list[str]) -> dict[str, Any]:
        return {
            "paging": {"page": n, "perPage": 2, "totalPages": 2, "totalElements": 3},
            "data": {"groupedBy": "Users", "records": [{"key": k} for k in keys]},
        }

    mock_api.post(url + "?perPage=2", payload=page(1, ["a", "b"]))
    mock_api.post(url + "?page=2&perPage=2", payload=page(2, ["c"]))
    body = {"grouping": {"groupBy": "Users"}, "timeSettings": {"timeZone": "UTC"}}
    records = await rc.business_analytics.analytics_calls_aggregation_fetch(
        body, per_page=2
    ).collect()
    assert [r.key for r in records] == ["a", "b", "c"]
    sent = [c for m, u, c in all_calls(mock_api) if u.path.endswith("/aggregation/fetch")]
    assert [c.kwargs["json"] for c in sent] == [body, body]
