"""Every seed operation through the typed client against FakeRingCentral (real HTTP).

One scenario calls all 54 seed operations the way a user would (ids taken from earlier
answers), then the fake's request log must show, for every seed operation, a 2xx request
of its method on its path, counted in its usage-plan group (the spec's; the seed's where
the spec lacks the operation; Medium for the scaled profile image).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

from ringcentral_async import OPERATIONS, RingCentral, Throttle
from ringcentral_async.models import (
    AnsweringRuleCreate,
    BlockedAllowedNumberRequest,
    CallerIdInfo,
    CallQueueBulkAssign,
    CompanyAnsweringRuleRequest,
    DepartmentBulkAssign,
    DepartmentBulkAssignItem,
    RingOutFrom,
    RingOutRequest,
    RingOutTo,
)
from ringcentral_async.testing import FakeRingCentral

LOOSE = {g: (10_000, 1.0) for g in ("Light", "Medium", "Heavy", "Auth")}
SEED_TSV = Path(__file__).resolve().parents[1] / "fixtures" / "seed_operations.tsv"
RING_OUT = RingOutRequest(
    from_=RingOutFrom(phone_number="+16505550100"), to=RingOutTo(phone_number="+14155550123")
)


def _seed_rows() -> list[dict[str, str]]:
    with SEED_TSV.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _template(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


async def _scenario(rc: RingCentral, fake: FakeRingCentral) -> None:
    """Call every seed operation once or more, as a user would."""
    await rc.account.get()
    extensions = await rc.extensions.list(status="Enabled", per_page=10).collect()
    await rc.extensions.get(extensions[0].id or "~")
    await rc.caller_id.update(CallerIdInfo(extension_name_for_outbound_calls=True))
    await rc.caller_id.get()
    await rc.grants.list().collect()
    await rc.profile_image.download("90x90", io.BytesIO())

    numbers = await rc.phone_numbers.list_company().collect()
    await rc.phone_numbers.get_company(numbers[0].id or 0)
    await rc.phone_numbers.list().collect()
    forwarding = await rc.forwarding_numbers.list().collect()
    await rc.forwarding_numbers.get(forwarding[0].id or "")
    await rc.forwarding_numbers.delete(forwarding[0].id or "")

    blocked = await rc.blocked_numbers.create(
        BlockedAllowedNumberRequest(phone_number="+16505550123", label="spam")
    )
    assert blocked.id
    await rc.blocked_numbers.get(blocked.id)
    await rc.blocked_numbers.update(blocked.id, {"label": "ham"})
    await rc.blocked_numbers.get_legacy(blocked.id)
    await rc.blocked_numbers.update_legacy(blocked.id, {"name": "spam again"})
    await rc.blocked_numbers.delete_legacy(blocked.id)
    other = await rc.blocked_numbers.create({"phoneNumber": "+16505550124"})
    await rc.blocked_numbers.delete(other.id or "")
    await rc.number_parser.parse(["(650) 722-1621"])

    await rc.active_calls.list().collect()
    month = fake.now - timedelta(days=30)  # without dates: only the last 24 hours
    records = await rc.call_log.list(view="Detailed", date_from=month).collect()
    await rc.call_log.get(records[0].id or "")
    await rc.call_log.list_company(date_from=month, per_page=50).collect()
    recording = await rc.recordings.get(fake.recording_ids[0])
    await rc.recordings.download(fake.recording_ids[0], io.BytesIO())
    assert recording.content_uri

    call = await rc.ring_out.create(RING_OUT)
    await rc.ring_out.get(call.id or "")
    await rc.ring_out.cancel(call.id or "")
    legacy = await rc.ring_out.create_legacy(RING_OUT)
    await rc.ring_out.get_legacy(legacy.id or "")
    await rc.ring_out.cancel_legacy(legacy.id or "")

    await rc.answering_rules.list().collect()
    rule = await rc.answering_rules.create(AnsweringRuleCreate(type="Custom", name="VIP"))
    await rc.answering_rules.get(rule.id or "")
    await rc.answering_rules.update(rule.id or "", {"name": "VIP 2"})
    greeting = await rc.greetings.create(
        type="Voicemail", answering_rule_id=rule.id, content=b"ID3 greeting"
    )
    await rc.greetings.get(greeting.id or "")
    await rc.answering_rules.delete(rule.id or "")
    await rc.greetings.create_company(type="Company", content=b"ID3 company")
    company = await rc.answering_rules.create_company(
        CompanyAnsweringRuleRequest(name="Holiday", call_handling_action="Operator")
    )
    await rc.answering_rules.get_company(company.id or "")
    await rc.answering_rules.update_company(company.id or "", {"enabled": False})
    await rc.answering_rules.list_company().collect()

    await rc.call_recording.get_settings()
    await rc.call_recording.list_custom_greetings()
    await rc.call_recording.list_extensions().collect()
    queue_id = str(fake.add_extension(type="Department", name="Support")["id"])
    await rc.call_queues.list().collect()
    members = await rc.call_queues.list_members(queue_id).collect()
    member = str(members[0].id)
    await rc.call_queues.assign_members(
        queue_id, CallQueueBulkAssign(removed_extension_ids=[member])
    )
    await rc.departments.bulk_assign(
        DepartmentBulkAssign(
            items=[DepartmentBulkAssignItem(department_id=queue_id, added_extension_ids=[member])]
        )
    )
    groups = await rc.call_monitoring.list_groups().collect()
    await rc.call_monitoring.list_members(groups[0].id or "").collect()


async def test_every_seed_operation_served_through_the_typed_client(
    make_fake: Any, make_client: Any
) -> None:
    fake = await make_fake(limits=LOOSE, call_log_records=60)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    fake.clear_log()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await _scenario(rc, fake)
    deprecated = {str(w.message).split(" ", 1)[0] for w in caught}
    assert all(w.category is DeprecationWarning for w in caught)
    assert deprecated == {
        "blocked_numbers.get_legacy",
        "blocked_numbers.update_legacy",
        "blocked_numbers.delete_legacy",
        "number_parser.parse",
        "ring_out.create_legacy",
        "ring_out.get_legacy",
        "ring_out.cancel_legacy",
        "departments.bulk_assign",
    }

    log = [r for r in fake.log if not r.path.startswith("/restapi/oauth/")]
    assert all(r.status is not None and r.status < 400 for r in log), [
        (r.method, r.path, r.status) for r in log if (r.status or 500) >= 400
    ]
    missing = []
    for row in _seed_rows():
        method, path = row["method"], row["path"]
        (op,) = [o for o in OPERATIONS.values() if (o.method, o.path) == (method, path)]
        group = row["spec_usage_plan_group"] or row["seed_usage_plan_group"]
        pattern = _template(path)
        hits = [r for r in log if r.method == method and pattern.match(r.path)]
        if not hits:
            missing.append(f"{op.python_name}: {method} {path}")
            continue
        assert {r.group for r in hits} == {group} == {op.group}, (op.python_name, hits)
    assert missing == []
