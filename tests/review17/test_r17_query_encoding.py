"""Generated operations put their arguments on the wire as the spec says: an array the spec
does not explode is one comma-separated value, an exploded one repeats the key, a header
parameter of a paged operation goes with every page, a typed ``allOf`` parameter is checked."""

from __future__ import annotations

from typing import Any

import pytest

from ringcentral_async import ConfigurationError

from .conftest import Loopback, Seen, ok

EMPTY_PAGE = {"records": [], "paging": {"page": 1, "perPage": 100, "totalPages": 1}}


async def test_an_unexploded_array_is_one_comma_separated_value(
    rc: Any, loopback: Loopback
) -> None:
    # listNetworks: orderBy is `style: form, explode: false` ("Comma-separated list of fields")
    loopback.answer = lambda _s: ok(EMPTY_PAGE)
    assert [n async for n in rc.automatic_location_updates.list_networks(
        order_by=["+name", "-siteName"]
    )] == []  # fmt: skip
    (seen,) = loopback.seen
    assert seen.query.getall("orderBy") == ["+name,-siteName"]


async def test_unexploded_enum_arrays_join_their_values(rc: Any, loopback: Loopback) -> None:
    # listChatTasksNew: status and assigneeId are `explode: false`
    loopback.answer = lambda _s: ok({"records": [], "navigation": {}})
    tasks = rc.tasks.list_chat_tasks_new(
        chat_id="c1", status=["Pending", "Completed"], assignee_id=("7", "8")
    )
    assert [t async for t in tasks] == []
    (seen,) = loopback.seen
    assert seen.query.getall("status") == ["Pending,Completed"]
    assert seen.query.getall("assigneeId") == ["7,8"]


async def test_an_exploded_array_repeats_the_key(rc: Any, loopback: Loopback) -> None:
    # rcwHistoryAdminListRecordings: status is `style: form, explode: true`;
    # hostUserId is `explode: false`
    loopback.answer = lambda _s: ok({"records": [], "paging": {}})
    walk = rc.historical_recordings.rcw_history_admin_list_recordings(
        status=["Processing", "Ready"],
        host_user_id=["1", "2"],
        creation_time_from="2026-01-01T00:00:00Z",
        creation_time_to="2026-01-02T00:00:00+02:00",
    )
    assert [r async for r in walk] == []
    (seen,) = loopback.seen
    assert seen.query.getall("status") == ["Processing", "Ready"]
    assert seen.query.getall("hostUserId") == ["1,2"]
    # a date-time with a zone is sent as the same instant (UTC)
    assert seen.query["creationTimeTo"] == "2026-01-01T22:00:00Z"


async def test_an_empty_unexploded_array_sends_nothing(rc: Any, loopback: Loopback) -> None:
    loopback.answer = lambda _s: ok(EMPTY_PAGE)
    assert [n async for n in rc.automatic_location_updates.list_networks(order_by=[])] == []
    assert "orderBy" not in loopback.seen[0].query


async def test_a_header_parameter_of_a_paged_operation_goes_with_every_page(
    rc: Any, loopback: Loopback
) -> None:
    # listDirectoryEntries has `If-None-Match`: it was accepted and never sent
    def answer(seen: Seen) -> Any:
        page = int(seen.query.get("page", "1"))
        return ok(
            {
                "records": [{"id": str(page)}],
                "paging": {"page": page, "perPage": 1, "totalPages": 2},
            }
        )

    loopback.answer = answer
    walk = rc.internal_contacts.list_directory_entries(if_none_match='"etag-1"', per_page=1)
    assert [c.id async for c in walk] == ["1", "2"]
    assert [s.headers.get("If-None-Match") for s in loopback.seen] == ['"etag-1"', '"etag-1"']


async def test_an_all_of_typed_query_parameter_is_checked_before_sending(
    rc: Any, loopback: Loopback
) -> None:
    # mthSyncEntries: syncType is `allOf: [$ref SyncTypeEnum, {default: FSync}]` (a string)
    with pytest.raises(ConfigurationError, match="sync_type must be str"):
        await rc.message_threads.mth_sync_entries(sync_type=5)
    assert loopback.seen == []


def test_every_generated_array_query_row_follows_the_specs_explode() -> None:
    """Each generated method sends an array query parameter as ``csv[...]`` exactly where the
    spec's parameter (operation- or path-level) says ``explode: false``."""
    import importlib
    import inspect
    import re

    from codegen.plan import plan
    from codegen.spec import resolve

    unexploded = 0
    for op in plan().ops:
        if op.handwritten:
            continue
        module = importlib.import_module(f"ringcentral_async.resources.generated.{op.namespace}")
        cls = next(v for k, v in vars(module).items() if k.endswith("Api"))
        source = inspect.getsource(getattr(cls, op.method_name))
        for par in op.spec.parameters:
            if par.location != "query" or resolve(par.schema).get("type") != "array":
                continue
            src = source.replace('"', "'")
            found = re.search(rf"'{re.escape(par.name)}',\s+\w+,\s+'([^']+)'\s*\)", src)
            if found is None:
                continue  # a paging parameter the paginator sends itself
            want = "csv[" if not par.explode else "list["
            assert found.group(1).startswith(want), (op.spec.operation_id, par.name)
            unexploded += not par.explode
    assert unexploded == 13


async def test_a_required_query_parameter_passed_as_none_is_refused_before_sending(
    rc: Any, loopback: Loopback
) -> None:
    # rcwHistoryListRecordings: creationTimeFrom and creationTimeTo are required
    with pytest.raises(ConfigurationError, match="creation_time_to is required"):
        rc.historical_recordings.rcw_history_list_recordings(
            creation_time_from="2026-01-01T00:00:00Z", creation_time_to=None
        )
    # listTeamsUsers: extensionIds (an array) is required; an empty list is no value
    with pytest.raises(ConfigurationError, match="extension_ids is required"):
        await rc.ms_teams_direct_routing.list_teams_users(extension_ids=[])
    assert loopback.seen == []


async def test_a_body_model_of_another_operation_is_refused_before_sending(
    rc: Any, loopback: Loopback
) -> None:
    from ringcentral_async.models.generated import CreateSMSMessage, MessageStoreCallerInfoRequest

    other = MessageStoreCallerInfoRequest(phone_number="+16505550100")
    with pytest.raises(ConfigurationError, match="body must be a CreateSMSMessage or a mapping"):
        await rc.sms.create_sms_message(other)
    assert loopback.seen == []
    loopback.answer = lambda _s: ok({"id": 1})
    sms = CreateSMSMessage(from_=other, to=[other], text="hi")
    assert (await rc.sms.create_sms_message(sms)).id == 1  # the right model is sent
    assert b'"from"' in loopback.seen[0].body


async def test_a_one_of_string_or_list_parameter_is_typed_and_checked(
    rc: Any, loopback: Loopback
) -> None:
    # listMessages: owner is `oneOf: [string enum, array of string]`; it was typed Any
    loopback.answer = lambda _s: ok(EMPTY_PAGE)
    assert await rc.message_store.list_messages(owner=["101", "102"]).collect() == []
    assert await rc.message_store.list_messages(owner="Shared").collect() == []
    assert [s.query.getall("owner") for s in loopback.seen] == [["101", "102"], ["Shared"]]
    with pytest.raises(ConfigurationError, match="owner must be str"):
        rc.message_store.list_messages(owner={"id": "101"})
