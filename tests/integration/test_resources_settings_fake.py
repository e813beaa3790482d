"""Settings and calls namespaces end to end: the real client against FakeRingCentral."""

from __future__ import annotations

import pytest

from ringcentral_async import BadRequestError, NotFoundError, PermissionDeniedError, RingCentral
from ringcentral_async.models import (
    AnsweringRule,
    AnsweringRuleCreate,
    AnsweringRuleUpdate,
    CallerIdByFeature,
    CallerIdData,
    CallerIdInfo,
    CallerIdPhoneInfo,
    CallLogRecord,
    CallQueueBulkAssign,
    CompanyAnsweringRule,
    CompanyAnsweringRuleRequest,
    CompanyAnsweringRuleUpdate,
    DepartmentBulkAssign,
    DepartmentBulkAssignItem,
    RingOutFrom,
    RingOutRequest,
    RingOutTo,
)
from ringcentral_async.testing import FakeRingCentral

RING_OUT = RingOutRequest(
    from_=RingOutFrom(phone_number="+16505550100"), to=RingOutTo(phone_number="+14155550123")
)


async def test_caller_id_get_and_update(rc: RingCentral) -> None:
    info = await rc.caller_id.get()
    assert isinstance(info, CallerIdInfo)
    ring_out = next(f for f in info.by_feature or [] if f.feature == "RingOut")
    number = ring_out.caller_id.phone_info.phone_number  # type: ignore[union-attr]
    body = CallerIdInfo(
        by_feature=[
            CallerIdByFeature(
                feature="RingMe",
                caller_id=CallerIdData(
                    type="PhoneNumber", phone_info=CallerIdPhoneInfo(phone_number=number)
                ),
            )
        ],
        extension_name_for_outbound_calls=True,
    )
    updated = await rc.caller_id.update(body)
    assert updated.extension_name_for_outbound_calls is True
    assert (await rc.caller_id.get()).extension_name_for_outbound_calls is True
    with pytest.raises(BadRequestError) as err:
        await rc.caller_id.update(
            {"byFeature": [{"feature": "RingOut", "callerId": {"type": "Nope"}}]}
        )
    assert err.value.errors[0].parameter_name == "callerId.type"


async def test_grants_forwarding_numbers(rc: RingCentral) -> None:
    grants = await rc.grants.list(per_page=5).collect()
    assert 0 < len(grants) <= 12 and all(g.extension is not None for g in grants)
    users = await rc.grants.list(extension_type="User").collect()
    assert all(g.extension.type == "User" for g in users)  # type: ignore[union-attr]

    numbers = await rc.forwarding_numbers.list(per_page=2).collect()
    assert len(numbers) == 3
    first = await rc.forwarding_numbers.get(numbers[0].id or "")
    assert first == numbers[0]
    await rc.forwarding_numbers.delete(numbers[0].id or "")
    with pytest.raises(NotFoundError):
        await rc.forwarding_numbers.get(numbers[0].id or "")
    assert len(await rc.forwarding_numbers.list().collect()) == 2


async def test_number_parser_warns_and_parses(rc: RingCentral) -> None:
    with pytest.warns(DeprecationWarning, match="v2"):
        parsed = await rc.number_parser.parse(["(650) 722-1621", "+44 20 7946 0018"])
    us, gb = parsed.phone_numbers or []
    assert us.e164 == "+16507221621" and us.formatted_national == "(650) 722-1621"
    assert gb.country is not None and gb.country.iso_code == "GB"


async def test_answering_rule_lifecycle(rc: RingCentral) -> None:
    defaults = await rc.answering_rules.list().collect()
    assert {r.id for r in defaults} == {"business-hours-rule", "after-hours-rule"}
    created = await rc.answering_rules.create(
        AnsweringRuleCreate(
            type="Custom", name="VIP", enabled=True, call_handling_action="TakeMessagesOnly"
        )
    )
    assert isinstance(created, AnsweringRule) and created.id
    assert (await rc.answering_rules.get(created.id)).name == "VIP"
    updated = await rc.answering_rules.update(created.id, AnsweringRuleUpdate(name="VIP 2"))
    assert updated.name == "VIP 2"
    custom = await rc.answering_rules.list(type="Custom", view="Detailed").collect()
    assert [r.id for r in custom] == [created.id]
    with pytest.raises(PermissionDeniedError):
        await rc.answering_rules.delete("business-hours-rule")
    await rc.answering_rules.delete(created.id)
    with pytest.raises(NotFoundError):
        await rc.answering_rules.get(created.id)
    with pytest.raises(BadRequestError) as err:
        await rc.answering_rules.create({"name": "x", "callHandlingAction": "Dance"})
    assert err.value.errors[0].parameter_name == "callHandlingAction"


async def test_company_answering_rule_lifecycle(rc: RingCentral, fake: FakeRingCentral) -> None:
    created = await rc.answering_rules.create_company(
        CompanyAnsweringRuleRequest(name="Holiday", call_handling_action="Disconnect")
    )
    assert isinstance(created, CompanyAnsweringRule) and created.id
    got = await rc.answering_rules.get_company(created.id)
    assert got.call_handling_action == "Disconnect"
    updated = await rc.answering_rules.update_company(
        created.id, CompanyAnsweringRuleUpdate(enabled=False)
    )
    assert updated.enabled is False
    listed = await rc.answering_rules.list_company().collect()
    assert created.id in {r.id for r in listed} and len(listed) == 3
    await rc.answering_rules.delete_company(created.id)
    assert len(await rc.answering_rules.list_company().collect()) == 2


async def test_call_recording(rc: RingCentral) -> None:
    settings = await rc.call_recording.get_settings()
    assert settings.automatic is not None and settings.automatic.enabled
    greetings = await rc.call_recording.list_custom_greetings(type="AutomaticRecording")
    assert [g.type for g in greetings] == ["AutomaticRecording"]
    extensions = await rc.call_recording.list_extensions().collect()
    assert len(extensions) == settings.automatic.extension_count


async def test_call_queues_and_departments(rc: RingCentral, fake: FakeRingCentral) -> None:
    queue_id = str(fake.add_extension(type="Department", name="Support")["id"])
    queues = await rc.call_queues.list().collect()
    assert queue_id in {q.id for q in queues}
    members = await rc.call_queues.list_members(queue_id).collect()
    gone = str(members[0].id)
    await rc.call_queues.assign_members(queue_id, CallQueueBulkAssign(removed_extension_ids=[gone]))
    after = {str(m.id) for m in await rc.call_queues.list_members(queue_id).collect()}
    assert gone not in after
    with pytest.warns(DeprecationWarning, match="call_queues.assign_members"):
        await rc.departments.bulk_assign(
            DepartmentBulkAssign(
                items=[DepartmentBulkAssignItem(department_id=queue_id, added_extension_ids=[gone])]
            )
        )
    mine = await rc.call_queues.list(member_extension_id=gone).collect()
    assert queue_id in {q.id for q in mine}
    with pytest.raises(NotFoundError):
        await rc.call_queues.list_members("1").collect()


async def test_call_monitoring(rc: RingCentral) -> None:
    groups = await rc.call_monitoring.list_groups().collect()
    assert len(groups) == 3
    members = await rc.call_monitoring.list_members(groups[0].id or "").collect()
    assert members and members[0].permissions == ["Monitoring"]
    main = await rc.call_monitoring.list_groups(site_id="main-site").collect()
    assert len(main) == 2


async def test_ring_out_create_get_cancel(rc: RingCentral, fake: FakeRingCentral) -> None:
    call = await rc.ring_out.create(RING_OUT)
    assert call.status is not None and call.status.call_status == "InProgress"
    statuses = [(await rc.ring_out.get(call.id or "")).status for _ in range(3)]
    assert [s.caller_status for s in statuses if s] == ["Success"] * 3
    assert statuses[-1] is not None and statuses[-1].call_status == "Success"
    await rc.ring_out.cancel(call.id or "")
    with pytest.raises(NotFoundError):
        await rc.ring_out.get(call.id or "")
    assert fake.count(method="POST", path="/ring-out") == 1
    with pytest.raises(BadRequestError) as err:
        await rc.ring_out.create({"from": {"phoneNumber": "x"}, "to": {"phoneNumber": "1"}})
    assert err.value.errors[0].parameter_name == "from.phoneNumber"


async def test_ring_out_legacy_paths(rc: RingCentral, fake: FakeRingCentral) -> None:
    with pytest.warns(DeprecationWarning, match="ring_out.create"):
        call = await rc.ring_out.create_legacy(RING_OUT)
    assert call.uri is not None and "/ringout/" in call.uri
    with pytest.warns(DeprecationWarning, match="ring_out.get"):
        status = await rc.ring_out.get_legacy(call.id or "")
    assert status.id == call.id
    with pytest.warns(DeprecationWarning, match="ring_out.cancel"):
        await rc.ring_out.cancel_legacy(call.id or "")
    assert fake.count(path="/ringout") == 3


async def test_active_calls(rc: RingCentral) -> None:
    mine = await rc.active_calls.list(view="Detailed", per_page="max").collect()
    assert len(mine) == 2 and all(isinstance(c, CallLogRecord) and c.legs for c in mine)
    company = await rc.active_calls.list_company(per_page=1).collect()
    assert len(company) >= 2
    inbound = await rc.active_calls.list_company(direction="Inbound").collect()
    assert all(c.direction == "Inbound" for c in inbound)
