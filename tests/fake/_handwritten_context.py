"""What the table of hand-written operations shares: the state the rows read and write
(``Ctx``), the row type, request bodies with many fields set, and the setup steps."""

from __future__ import annotations

import functools
import inspect
import io
import typing
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from ringcentral_async import RingCentral
from ringcentral_async.models import (
    AnsweringRuleCreate,
    CalledNumber,
    Caller,
    CompanyAnsweringRuleRequest,
    DateRange,
    DepartmentBulkAssign,
    DepartmentBulkAssignItem,
    ForwardingRule,
    ForwardingSettings,
    RingOutCallerId,
    RingOutCountry,
    RingOutFrom,
    RingOutRequest,
    RingOutTo,
    RuleForwardingNumber,
    Schedule,
    TimeInterval,
    VoicemailSettings,
    WeeklySchedule,
)
from ringcentral_async.testing import FakeRingCentral

IMAGE = b"\x89PNG second"  # the profile image last uploaded
PAGE = 2  # small pages: a list of more records is read over several requests
SINCE = datetime(2000, 1, 1, tzinfo=UTC)
# Bodies with many of their fields set, so that the spec check of what was sent covers them.
RING_OUT = RingOutRequest(
    from_=RingOutFrom(phone_number="+16505550100"),
    to=RingOutTo(phone_number="+14155550123"),
    caller_id=RingOutCallerId(phone_number="+16505550100"),
    play_prompt=False,
    country=RingOutCountry(id="1"),
)
RULE = AnsweringRuleCreate(
    type="Custom",
    name="VIP",
    enabled=True,
    callers=[Caller(caller_id="+16505550199", name="Boss")],
    called_numbers=[CalledNumber(phone_number="+16505550100")],
    schedule=Schedule(
        weekly_ranges=WeeklySchedule(monday=[TimeInterval(from_="09:00", to="18:00")])
    ),
    call_handling_action="ForwardCalls",
    forwarding=ForwardingSettings(
        notify_my_soft_phones=True,
        ringing_mode="Sequentially",
        rules=[
            ForwardingRule(
                index=1,
                ring_count=3,
                enabled=True,
                forwarding_numbers=[RuleForwardingNumber(phone_number="+16505550111")],
            )
        ],
    ),
    voicemail=VoicemailSettings(enabled=True),
)
COMPANY_RULE = CompanyAnsweringRuleRequest(
    name="Holiday",
    enabled=True,
    type="Custom",
    callers=[Caller(caller_id="+16505550199", name="Boss")],
    called_numbers=[CalledNumber(phone_number="+16505550100")],
    schedule=Schedule(
        ranges=[
            DateRange(
                from_=datetime(2027, 12, 24, tzinfo=UTC), to=datetime(2027, 12, 26, tzinfo=UTC)
            )
        ]
    ),
    call_handling_action="Operator",
)
MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence"


@attrs.define
class Ctx:
    """What the rows share: the client, the fake, earlier results, a download buffer.

    ``rc`` is what the rows call: ``client`` itself, or an ``ExplicitIds`` view of it."""

    client: RingCentral
    rc: RingCentral
    fake: FakeRingCentral
    hook: str
    results: dict[str, Any] = attrs.field(factory=dict)
    ids: dict[str, str] = attrs.field(factory=dict)
    dest: io.BytesIO = attrs.field(factory=io.BytesIO)
    #: the bodies the fake answered since the last ``clear``, with the request's URL
    bodies: list[tuple[str, bytes]] = attrs.field(factory=list)
    #: what the client sent since the last ``clear``: query pairs and the JSON body
    sent: list[tuple[list[tuple[str, str]], Any]] = attrs.field(factory=list)

    def clear(self) -> None:
        """Forget the fake's log and the bodies read so far; a fresh download buffer."""
        self.fake.clear_log()
        self.bodies.clear()
        self.sent.clear()
        self.dest = io.BytesIO()

    def id_of(self, op_id: str) -> str:
        """The ``id`` of an earlier row's result (a model, or a list's first item)."""
        result = self.results[op_id]
        first = result[0] if isinstance(result, list) else result
        assert first.id, (op_id, first)
        return str(first.id)


class ExplicitIds:
    """A view of a client whose resource methods get ``account_id`` and ``extension_id``
    spelled out (where they take them as keywords) instead of their ``~`` default."""

    def __init__(self, client: RingCentral, ids: dict[str, str]) -> None:
        self._client, self._ids = client, ids

    def __getattr__(self, namespace: str) -> Any:
        return _Namespace(getattr(self._client, namespace), self._ids)


class _Namespace:
    def __init__(self, inner: Any, ids: dict[str, str]) -> None:
        self._inner, self._ids = inner, ids

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)
        params = inspect.signature(method).parameters
        keywords = {
            k: v
            for k, v in self._ids.items()
            if k in params and params[k].kind is inspect.Parameter.KEYWORD_ONLY
        }
        return functools.partial(method, **keywords)


def explicit(client: RingCentral, fake: FakeRingCentral) -> RingCentral:
    """``client`` with the fake's account and user ids spelled out in every call."""
    ids = {"account_id": str(fake.account_id), "extension_id": str(fake.owner_id)}
    return typing.cast(RingCentral, ExplicitIds(client, ids))


Call = Callable[[Ctx], Any]  # a coroutine, or an AsyncPaginator for a list operation
Setup = Callable[[Ctx], Awaitable[None]]


@attrs.frozen
class Row:
    """One hand-written operation: how to call it, what to prepare first (not logged), and
    what its result must say."""

    op_id: str
    call: Call
    setup: Setup | None = None
    #: what the result must say, beyond its type (the answer reflects what was asked)
    expect: Callable[[Ctx, Any], bool] | None = None


def expanded(ctx: Ctx, *filters: str) -> list[str]:
    """Event filters as the platform keeps them: ``~`` replaced by the account and user ids."""
    account, user = f"/account/{ctx.fake.account_id}", f"/extension/{ctx.fake.owner_id}"
    return [f.replace("/account/~", account).replace("/extension/~", user) for f in filters]


async def second_blocked_number(ctx: Ctx) -> None:
    created = await ctx.rc.blocked_numbers.create({"phoneNumber": "+16505550124"})
    ctx.ids["blocked"] = str(created.id)


async def full_sync(ctx: Ctx) -> None:
    """A company FSync: its token for an ISync."""
    full = await ctx.rc.call_log.sync_company(record_count=10)
    assert full.sync_info is not None and full.sync_info.sync_token
    ctx.ids["sync"] = full.sync_info.sync_token


async def call_queue(ctx: Ctx) -> None:
    ctx.ids["queue"] = str(ctx.fake.add_extension(type="Department", name="Support")["id"])


async def queue_member(ctx: Ctx) -> None:
    members = await ctx.rc.call_queues.list_members(ctx.ids["queue"]).collect()
    ctx.ids["member"] = str(members[0].id)


def bulk_assign(ctx: Ctx) -> Any:
    item = DepartmentBulkAssignItem(
        department_id=ctx.ids["queue"], added_extension_ids=[ctx.ids["member"]]
    )
    return ctx.rc.departments.bulk_assign(DepartmentBulkAssign(items=[item]))
