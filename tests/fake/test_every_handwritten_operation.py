"""Every hand-written operation, called through its typed method against the fake.

The generated operations have ``test_every_operation.py``; this is its counterpart for the
hand-written ones (every entry of the operation registry: the spec's operations whose
methods are written by hand, and the legacy ones the current spec no longer lists). The
table below holds one row per operation, in an order where each call finds what it needs
(an answering rule before it is read, updated and deleted; a ring-out before its status is
read and it is cancelled; a webhook subscription with a receiver on 127.0.0.1). Each call
goes through ``rc.<namespace>.<method>`` (``OPERATIONS[op_id].python_name``), and then:

- it raises nothing (a deprecated operation warns ``DeprecationWarning`` and only that),
- the fake logged exactly that operation: every request the call sent (OAuth aside) is the
  operation's method on its path template, answered 2xx and counted in its usage-plan group
  ``OPERATIONS[op_id].group`` (for the legacy paths too: the fake serves them as they are),
- the result has the declared return type (``typing.get_type_hints(fn)["return"]``): a model,
  a list of models, a paginator's items (collected, at least one), bytes written for a
  download, ``None`` for an operation that answers nothing,
- every JSON body the fake answered decodes into the declared model (a list's records into
  the item model) under the strict converter, which rejects keys the model does not know;
  the few keys the fake sends beyond the spec (``BEYOND_SPEC``) must be kept in ``extra``,
- a list read in pages of ``PAGE`` took one request per page and has no record twice.

A second test keeps the table and the registry the same set, so a new hand-written
operation without a row fails here.
"""

from __future__ import annotations

import io
import json
import typing
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from _hook_server import hook_servers
from aiohttp import web

from ringcentral_async import OPERATIONS, RingCentral
from ringcentral_async._paging import AsyncPaginator
from ringcentral_async._serde import strict_converter, structure
from ringcentral_async._spec.registry import _REGISTRY
from ringcentral_async._transport import Response
from ringcentral_async.models import (
    AnsweringRuleCreate,
    BlockedAllowedNumberRequest,
    CalledNumber,
    Caller,
    CallerIdInfo,
    CallQueueBulkAssign,
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
from ringcentral_async.resources import load_all
from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._routes_uploads import image_bytes
from ringcentral_async.testing._spec_check import check_query, check_value
from ringcentral_async.testing._spec_routes import operations, schemas

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}
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
#: Keys the fake answers beyond the spec's schema (fields the platform's older references
#: list, the spec no longer does); the models keep them in ``extra``.
BEYOND_SPEC = {
    "listAccountPhoneNumbers": frozenset({"country", "features"}),
    "readAccountPhoneNumber": frozenset({"country", "features"}),
    "readCallRecording": frozenset({"type", "uri"}),
}
#: The hand-written operations the current spec no longer lists (served on their old paths).
LEGACY = frozenset(
    {
        "createRingOutCallDeprecated",
        "readRingOutCallStatusDeprecated",
        "deleteRingOutCallDeprecated",
        "loadBlockedNumber",
        "updateBlockedNumber",
        "unblockNumber",
    }
)
MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence"


@attrs.define
class Ctx:
    """What the rows share: the client, the fake, earlier results, a download buffer."""

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


def _expanded(ctx: Ctx, *filters: str) -> list[str]:
    """Event filters as the platform keeps them: ``~`` replaced by the account and user ids."""
    account, user = f"/account/{ctx.fake.account_id}", f"/extension/{ctx.fake.owner_id}"
    return [f.replace("/account/~", account).replace("/extension/~", user) for f in filters]


async def _second_blocked_number(ctx: Ctx) -> None:
    created = await ctx.rc.blocked_numbers.create({"phoneNumber": "+16505550124"})
    ctx.ids["blocked"] = str(created.id)


async def _full_sync(ctx: Ctx) -> None:
    """A company FSync: its token for an ISync."""
    full = await ctx.rc.call_log.sync_company(record_count=10)
    assert full.sync_info is not None and full.sync_info.sync_token
    ctx.ids["sync"] = full.sync_info.sync_token


async def _call_queue(ctx: Ctx) -> None:
    ctx.ids["queue"] = str(ctx.fake.add_extension(type="Department", name="Support")["id"])


async def _queue_member(ctx: Ctx) -> None:
    members = await ctx.rc.call_queues.list_members(ctx.ids["queue"]).collect()
    ctx.ids["member"] = str(members[0].id)


def _bulk_assign(ctx: Ctx) -> Any:
    item = DepartmentBulkAssignItem(
        department_id=ctx.ids["queue"], added_extension_ids=[ctx.ids["member"]]
    )
    return ctx.rc.departments.bulk_assign(DepartmentBulkAssign(items=[item]))


ROWS: tuple[Row, ...] = (
    # Account, extensions, caller id, grants, profile image.
    Row("readAccountInfo", lambda c: c.rc.account.get()),
    Row(
        "listExtensions",
        lambda c: c.rc.extensions.list(
            status=["Enabled", "NotActivated"], type=["User", "Department"], per_page=PAGE
        ),
    ),
    Row(
        "readExtension",
        lambda c: c.rc.extensions.get(c.id_of("listExtensions")),
        expect=lambda c, r: str(r.id) == c.id_of("listExtensions"),
    ),
    Row("readExtensionCallerId", lambda c: c.rc.caller_id.get()),
    Row(
        "updateExtensionCallerId",
        lambda c: c.rc.caller_id.update(CallerIdInfo(extension_name_for_outbound_calls=True)),
        expect=lambda c, r: r.extension_name_for_outbound_calls is True,
    ),
    Row("listExtensionGrants", lambda c: c.rc.grants.list(per_page=PAGE)),
    Row(
        "createUserProfileImage",
        lambda c: c.rc.profile_image.upload(b"\x89PNG first", content_type="image/png"),
    ),
    Row(
        "updateUserProfileImage",
        lambda c: c.rc.profile_image.replace(IMAGE, content_type="image/png"),
    ),
    Row(
        "readScaledProfileImage",
        lambda c: c.rc.profile_image.download("90x90", c.dest),
        expect=lambda c, _: c.dest.getvalue() == image_bytes(c.fake.owner_id, "90x90", IMAGE),
    ),
    # Phone numbers, forwarding numbers, the number parser.
    Row(
        "listAccountPhoneNumbers",
        lambda c: c.rc.phone_numbers.list_company(
            status="Normal", payment_type="Local", per_page=PAGE
        ),
    ),
    Row(
        "readAccountPhoneNumber",
        lambda c: c.rc.phone_numbers.get_company(c.id_of("listAccountPhoneNumbers")),
    ),
    Row(
        "listExtensionPhoneNumbers",
        lambda c: c.rc.phone_numbers.list(status="Normal", per_page=PAGE),
    ),
    Row("listForwardingNumbers", lambda c: c.rc.forwarding_numbers.list(per_page=PAGE)),
    Row(
        "readForwardingNumber",
        lambda c: c.rc.forwarding_numbers.get(c.id_of("listForwardingNumbers")),
    ),
    Row(
        "deleteForwardingNumber",
        lambda c: c.rc.forwarding_numbers.delete(c.id_of("listForwardingNumbers")),
    ),
    Row(
        "parsePhoneNumber",
        lambda c: c.rc.number_parser.parse(
            ["(650) 722-1621"], home_country="US", national_as_priority=True
        ),
        expect=lambda c, r: len(r.phone_numbers or ()) == 1,
    ),
    # Blocked and allowed numbers, then the legacy blocked-number paths on the same record.
    Row(
        "createBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.create(
            BlockedAllowedNumberRequest(phone_number="+16505550123", label="spam")
        ),
    ),
    Row(
        "readBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.get(c.id_of("createBlockedAllowedNumber")),
        expect=lambda c, r: (r.phone_number, r.label) == ("+16505550123", "spam"),
    ),
    Row(
        "updateBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.update(
            c.id_of("createBlockedAllowedNumber"), {"label": "ham"}
        ),
        expect=lambda c, r: r.label == "ham",
    ),
    Row(
        "loadBlockedNumber",
        lambda c: c.rc.blocked_numbers.get_legacy(c.id_of("createBlockedAllowedNumber")),
        expect=lambda c, r: r.phone_number == "+16505550123",
    ),
    Row(
        "updateBlockedNumber",
        lambda c: c.rc.blocked_numbers.update_legacy(
            c.id_of("createBlockedAllowedNumber"), {"name": "spam again"}
        ),
        expect=lambda c, r: r.name == "spam again",
    ),
    Row(
        "unblockNumber",
        lambda c: c.rc.blocked_numbers.delete_legacy(c.id_of("createBlockedAllowedNumber")),
    ),
    Row(
        "deleteBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.delete(c.ids["blocked"]),
        setup=_second_blocked_number,
    ),
    # Calls: active calls, the call log and its sync, recordings.
    Row(
        "listExtensionActiveCalls",
        lambda c: c.rc.active_calls.list(
            view="Detailed", direction=["Inbound", "Outbound"], per_page=PAGE
        ),
    ),
    Row(
        "listCompanyActiveCalls",
        lambda c: c.rc.active_calls.list_company(
            view="Simple", type=["Voice", "Fax"], per_page=PAGE
        ),
    ),
    Row(
        "readUserCallLog",
        lambda c: c.rc.call_log.list(
            date_from=SINCE,
            date_to=datetime(2100, 1, 1, tzinfo=UTC),
            view="Detailed",
            direction=["Inbound", "Outbound"],
            show_deleted=False,
            per_page=PAGE,
        ),
    ),
    Row(
        "readUserCallRecord",
        lambda c: c.rc.call_log.get(c.id_of("readUserCallLog"), view="Detailed"),
        expect=lambda c, r: r.id == c.id_of("readUserCallLog"),
    ),
    Row(
        "readCompanyCallLog",
        lambda c: c.rc.call_log.list_company(
            date_from=SINCE, type=["Voice", "Fax"], view="Simple", per_page=PAGE
        ),
        expect=lambda c, r: len(r) == len(c.fake.call_records),
    ),
    Row(
        "syncUserCallLog",
        lambda c: c.rc.call_log.sync(record_count=10, view="Detailed"),
    ),
    Row(
        "syncAccountCallLog",
        lambda c: c.rc.call_log.sync_company(
            sync_type="ISync", sync_token=c.ids["sync"], show_deleted=True
        ),
        setup=_full_sync,
    ),
    Row(
        "readCallRecording",
        lambda c: c.rc.recordings.get(c.fake.recording_ids[0]),
        expect=lambda c, r: r.id == c.fake.recording_ids[0],
    ),
    Row(
        "readCallRecordingContent",
        lambda c: c.rc.recordings.download(c.id_of("readCallRecording"), c.dest),
        expect=lambda c, _: (
            c.dest.getvalue() == c.fake.recording_content(c.id_of("readCallRecording"))
        ),
    ),
    # RingOut, current and legacy paths.
    Row("createRingOutCall", lambda c: c.rc.ring_out.create(RING_OUT)),
    Row(
        "readRingOutCallStatus",
        lambda c: c.rc.ring_out.get(c.id_of("createRingOutCall")),
        expect=lambda c, r: r.id == c.id_of("createRingOutCall"),
    ),
    Row("deleteRingOutCall", lambda c: c.rc.ring_out.cancel(c.id_of("createRingOutCall"))),
    Row("createRingOutCallDeprecated", lambda c: c.rc.ring_out.create_legacy(RING_OUT)),
    Row(
        "readRingOutCallStatusDeprecated",
        lambda c: c.rc.ring_out.get_legacy(c.id_of("createRingOutCallDeprecated")),
    ),
    Row(
        "deleteRingOutCallDeprecated",
        lambda c: c.rc.ring_out.cancel_legacy(c.id_of("createRingOutCallDeprecated")),
    ),
    # Answering rules and greetings.
    Row(
        "listAnsweringRules",
        lambda c: c.rc.answering_rules.list(view="Detailed", enabled_only=False, per_page=PAGE),
    ),
    Row(
        "createAnsweringRule",
        lambda c: c.rc.answering_rules.create(RULE),
    ),
    Row(
        "readAnsweringRule",
        lambda c: c.rc.answering_rules.get(
            c.id_of("createAnsweringRule"), show_inactive_numbers=True
        ),
        expect=lambda c, r: (r.name, r.call_handling_action) == ("VIP", "ForwardCalls"),
    ),
    Row(
        "updateAnsweringRule",
        lambda c: c.rc.answering_rules.update(c.id_of("createAnsweringRule"), {"name": "VIP 2"}),
        expect=lambda c, r: (r.name, r.callers) == ("VIP 2", RULE.callers),
    ),
    Row(
        "createCustomUserGreeting",
        lambda c: c.rc.greetings.create(
            type="Voicemail", answering_rule_id=c.id_of("createAnsweringRule"), content=b"ID3 g"
        ),
    ),
    Row(
        "readCustomGreeting",
        lambda c: c.rc.greetings.get(c.id_of("createCustomUserGreeting")),
        expect=lambda c, r: r.id == c.id_of("createCustomUserGreeting"),
    ),
    Row(
        "deleteAnsweringRule",
        lambda c: c.rc.answering_rules.delete(c.id_of("createAnsweringRule")),
    ),
    Row(
        "createCompanyGreeting",
        lambda c: c.rc.greetings.create_company(type="Company", content=b"ID3 company"),
    ),
    Row(
        "createCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.create_company(COMPANY_RULE),
    ),
    Row(
        "readCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.get_company(c.id_of("createCompanyAnsweringRule")),
    ),
    Row(
        "updateCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.update_company(
            c.id_of("createCompanyAnsweringRule"), {"enabled": False}
        ),
        expect=lambda c, r: r.enabled is False,
    ),
    Row("listCompanyAnsweringRules", lambda c: c.rc.answering_rules.list_company(per_page=PAGE)),
    Row(
        "deleteCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.delete_company(c.id_of("createCompanyAnsweringRule")),
    ),
    # Call recording settings, queues, departments, monitoring groups.
    Row("readCallRecordingSettings", lambda c: c.rc.call_recording.get_settings()),
    Row("listCallRecordingCustomGreetings", lambda c: c.rc.call_recording.list_custom_greetings()),
    Row("listCallRecordingExtensions", lambda c: c.rc.call_recording.list_extensions()),
    Row("listCallQueues", lambda c: c.rc.call_queues.list(per_page=PAGE), setup=_call_queue),
    Row(
        "listCallQueueMembers",
        lambda c: c.rc.call_queues.list_members(c.ids["queue"], per_page=PAGE),
    ),
    Row(
        "assignMultipleCallQueueMembers",
        lambda c: c.rc.call_queues.assign_members(
            c.ids["queue"], CallQueueBulkAssign(removed_extension_ids=[c.ids["member"]])
        ),
        setup=_queue_member,
    ),
    Row("assignMultipleDepartmentMembers", _bulk_assign),
    Row("listCallMonitoringGroups", lambda c: c.rc.call_monitoring.list_groups(per_page=PAGE)),
    Row(
        "listCallMonitoringGroupMembers",
        lambda c: c.rc.call_monitoring.list_members(
            c.id_of("listCallMonitoringGroups"), per_page=PAGE
        ),
    ),
    # Webhook subscriptions (the receiver answers the Validation-Token handshake).
    Row(
        "createSubscription",
        lambda c: c.rc.subscriptions.create(
            [MESSAGES], address=c.hook, verification_token="vt-1", expires_in=3600
        ),
    ),
    Row(
        "listSubscriptions",
        lambda c: c.rc.subscriptions.list(),
        expect=lambda c, r: [s.id for s in r] == [c.id_of("createSubscription")],
    ),
    Row(
        "readSubscription",
        lambda c: c.rc.subscriptions.get(c.id_of("createSubscription")),
        expect=lambda c, r: (
            (r.id, r.event_filters) == (c.id_of("createSubscription"), _expanded(c, MESSAGES))
        ),
    ),
    Row(
        "updateSubscription",
        lambda c: c.rc.subscriptions.update(
            c.id_of("createSubscription"), [MESSAGES, PRESENCE], expires_in=7200
        ),
        expect=lambda c, r: r.event_filters == _expanded(c, MESSAGES, PRESENCE),
    ),
    Row("renewSubscription", lambda c: c.rc.subscriptions.renew(c.id_of("createSubscription"))),
    Row("deleteSubscription", lambda c: c.rc.subscriptions.delete(c.id_of("createSubscription"))),
)


def _registry() -> set[str]:
    load_all()
    return set(_REGISTRY)


def test_the_table_has_one_row_per_hand_written_operation() -> None:
    ids = [row.op_id for row in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    registry = _registry()
    assert set(ids) - registry == set(), "rows for operations that are not hand-written"
    assert registry - set(ids) == set(), "hand-written operations without a row"
    assert len(ids) == 66


async def _echo_validation(request: web.Request) -> web.Response:
    token = request.headers.get("Validation-Token")
    headers = {"Validation-Token": token} if token is not None else {}
    return web.Response(content_type="application/json", headers=headers)


@pytest.fixture
async def ctx() -> AsyncIterator[Ctx]:
    async with (
        hook_servers() as serve,
        FakeRingCentral(extensions=6, call_log_records=20, limits=LOOSE) as fake,
        RingCentral(fake.client_id, fake.client_secret, server_url=fake.url) as rc,
    ):
        await rc.login(jwt=fake.jwt)
        context = Ctx(rc=rc, fake=fake, hook=await serve(_echo_validation))
        send = rc._transport.send

        async def recording(method: str, url: str, **kwargs: Any) -> Response:
            """The transport's send, keeping what was sent and answered (OAuth aside)."""
            response = await send(method, url, **kwargs)
            if "/restapi/oauth/" not in url:
                context.sent.append((list(kwargs.get("params") or ()), kwargs.get("json")))
                context.bodies.append((response.url, response.body))
            return response

        rc._transport.send = recording  # type: ignore[method-assign]
        yield context


async def test_every_hand_written_operation_through_its_typed_method(ctx: Ctx) -> None:
    failures: list[str] = []
    for row in ROWS:
        op = OPERATIONS[row.op_id]
        namespace, method = op.python_name.split(".")
        fn = getattr(getattr(ctx.rc, namespace), method)
        try:
            assert not _is_generated(fn), f"{op.python_name} is generated, not hand-written"
            if row.setup is not None:
                await row.setup(ctx)
            ctx.clear()
            result = await _run(row, ctx, deprecated=op.deprecated)
            ctx.results[row.op_id] = result
            declared = typing.get_type_hints(fn)["return"]
            _check_result(declared, result, ctx.dest)
            _check_log(ctx.fake, row.op_id)
            _check_strict(row.op_id, declared, result, ctx.bodies)
            _check_pages(result, ctx.bodies)
            _check_request(row.op_id, ctx.sent)
            if row.expect is not None and not row.expect(ctx, result):
                raise AssertionError(f"unexpected result {result!r}"[:400])
        except Exception as exc:
            failures.append(f"{row.op_id} ({op.python_name}): {type(exc).__name__}: {exc}")
    assert not failures, f"{len(failures)} failed:\n" + "\n".join(failures)
    assert len(ctx.results) == len(ROWS) == len(_registry())


async def _run(row: Row, ctx: Ctx, *, deprecated: bool) -> Any:
    """Call the row's method; a deprecated one must warn DeprecationWarning, and only that."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pending = row.call(ctx)
        result = await (pending.collect() if isinstance(pending, AsyncPaginator) else pending)
    kinds = [(w.category, str(w.message)) for w in caught]
    if deprecated:
        assert kinds, "no DeprecationWarning"
        assert all(k is DeprecationWarning and "deprecated" in m for k, m in kinds), kinds
    else:
        assert kinds == [], kinds
    return result


def _check_result(declared: Any, result: Any, dest: io.BytesIO) -> None:
    origin = typing.get_origin(declared)
    if origin is AsyncPaginator:
        (item,) = typing.get_args(declared)
        assert isinstance(result, list) and result, "the fake has at least one record"
        assert all(isinstance(r, item) for r in result), (item, result[:1])
    elif declared is int:  # a download: the byte count written to ``dest``
        assert result == len(dest.getvalue()) > 0, (result, len(dest.getvalue()))
    elif declared is type(None):
        assert result is None
    elif origin is list:
        (item,) = typing.get_args(declared)
        assert isinstance(result, list) and all(isinstance(r, item) for r in result)
    elif attrs.has(declared):
        assert isinstance(result, declared), (declared, type(result))
    else:
        raise AssertionError(f"unexpected declared type {declared!r}")


def _check_strict(op_id: str, declared: Any, result: Any, bodies: list[tuple[str, bytes]]) -> None:
    """Every JSON body the fake answered decodes into the declared model under the strict
    converter (which rejects any key the model does not know); for a list operation, every
    record of every page into the item model. The keys of ``BEYOND_SPEC`` are left out of
    the strict decoding, and must have landed in the result's ``extra`` (kept, not dropped).
    """
    origin = typing.get_origin(declared)
    if not (attrs.has(declared) or origin in (AsyncPaginator, list)):
        return
    assert bodies, "no body was read"
    model = declared if attrs.has(declared) else typing.get_args(declared)[0]
    records: list[dict[str, Any]] = []
    for url, raw in bodies:
        data = json.loads(raw)
        if attrs.has(declared):
            records.append(data)
        else:
            page = data["records"] if "records" in data else data["data"]["records"]
            assert isinstance(page, list), url
            records.extend(page)
    items = [result] if attrs.has(declared) else result
    assert len(items) == len(records), (len(items), len(records))
    beyond = BEYOND_SPEC.get(op_id, frozenset())
    for record, item in zip(records, items, strict=True):
        kept = {k: v for k, v in record.items() if k in beyond}
        assert {k: item.extra[k] for k in kept} == kept, (kept, item.extra)
        strict = {k: v for k, v in record.items() if k not in beyond}
        structure(strict, model, converter=strict_converter())


def _check_pages(result: Any, bodies: list[tuple[str, bytes]]) -> None:
    """A list read in pages of ``PAGE``: as many requests as pages, no record twice."""
    if not isinstance(result, list) or f"perPage={PAGE}" not in bodies[0][0]:
        return
    assert len(bodies) == max(1, -(-len(result) // PAGE)), (len(result), len(bodies))
    ids = [getattr(item, "id", None) or repr(item) for item in result]  # grants have no id
    assert len(set(ids)) == len(ids), ids


def _check_request(op_id: str, sent: list[tuple[list[tuple[str, str]], Any]]) -> None:
    """What the client sent fits the spec's operation (a legacy one has none): only declared
    query parameters, each of its type and enum, the required ones present; a JSON body with
    only declared keys, no nulls, of the declared types, with the required properties."""
    spec = {o["id"]: o for o in operations()}.get(op_id)
    if spec is None:
        assert op_id in LEGACY, op_id
        return
    table = schemas()
    declared = {p["name"]: p for p in spec["params"] if p["in"] == "query"}
    for params, body in sent:
        names = {name for name, _ in params}
        assert names <= declared.keys(), f"undeclared query parameters {names - declared.keys()}"
        for name, param in declared.items():
            values = [v for n, v in params if n == name]
            problem = check_query(name, param["schema"], values, table, required=param["required"])
            assert problem is None, problem
        if body is not None:
            assert spec["body"] is not None, "a body the operation does not take"
            schema = spec["body"]["schemas"]["application/json"]
            problem = check_value(schema, body, table, exact=True)
            assert problem is None, (problem, body)


def _check_log(fake: FakeRingCentral, op_id: str) -> None:
    """Every request the call sent (OAuth aside) is this operation, 2xx, in its group."""
    op = OPERATIONS[op_id]
    sent = [r for r in fake.log if not r.path.startswith("/restapi/oauth/")]
    assert sent, "nothing was sent"
    others = [(r.method, r.route) for r in sent if (r.method, r.route) != (op.method, op.path)]
    assert others == [], f"not {op.method} {op.path}: {others}"
    assert fake.requests(route=op.path, method=op.method) == sent
    assert all(r.status is not None and 200 <= r.status < 300 for r in sent), [
        r.status for r in sent
    ]
    groups = {r.group for r in sent}
    assert groups == {op.group}, (groups, op.group)


def _is_generated(fn: Any) -> bool:
    return ".resources.generated." in (getattr(fn, "__module__", "") or "")


async def test_answering_rules_ignore_keys_a_rule_does_not_have(ctx: Ctx) -> None:
    """The platform ignores unknown keys of a request body; the fake stored and echoed them
    for answering rules (user and company), so a misspelt field looked accepted."""
    rules = ctx.rc.answering_rules
    user = await rules.create({"type": "Custom", "name": "VIP", "nmae": "typo"})
    company = await rules.create_company({"name": "Holiday", "enabeld": False})
    assert user.id and company.id
    updated = await rules.update(user.id, {"name": "VIP 2", "showInactiveNumbers": True, "x": 1})
    changed = await rules.update_company(company.id, {"enabled": False, "y": 2})
    assert (updated.name, changed.enabled) == ("VIP 2", False)
    read_user, read_company = await rules.get(user.id), await rules.get_company(company.id)
    for rule in (user, updated, read_user, company, changed, read_company):
        assert dict(rule.extra) == {}, rule.extra
