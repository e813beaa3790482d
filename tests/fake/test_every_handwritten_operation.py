"""Every hand-written operation, called through its typed method against the fake.

The generated operations have ``test_every_operation.py``; this is its counterpart for the
hand-written ones (every entry of the operation registry: the spec's operations whose
methods are written by hand, and the legacy ones the current spec no longer lists). The
table (``_handwritten_table.ROWS``) holds one row per operation, in an order where each
call finds what it needs (an answering rule before it is read, updated and deleted; a
ring-out before its status is read and it is cancelled; a webhook subscription with a
receiver on 127.0.0.1). Each call goes through ``rc.<namespace>.<method>``
(``OPERATIONS[op_id].python_name``), once with the ``~`` defaults for the account and
extension ids and once with the fake's ids spelled out (which must reach the path), and
then:

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
- a list read in pages of ``PAGE`` took one request per page and has no record twice,
- what the client sent fits the spec's operation: only declared query parameters and body
  keys, of their types and enums, the required ones present (the bodies and filters of the
  table set many fields on purpose),
- where a row says so, the result reflects what was asked (ids, names, labels, event
  filters; a download's bytes equal the fake's content).

A second test keeps the table and the registry the same set, so a new hand-written
operation without a row fails here.
"""

from __future__ import annotations

import json
import typing
import warnings
from collections.abc import AsyncIterator
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
from ringcentral_async.resources import load_all
from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._spec_check import check_query, check_value
from ringcentral_async.testing._spec_routes import operations, schemas

from ._handwritten_context import PAGE, Ctx, Row, explicit
from ._handwritten_table import ROWS
from ._typed_results import check_result

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}
#: Keys the fake answers beyond the spec's schema (fields the platform's older references
#: list, the spec no longer does); the models keep them in ``extra``.
BEYOND_SPEC = {
    "listAccountPhoneNumbers": frozenset({"country", "features"}),
    "readAccountPhoneNumber": frozenset({"country", "features"}),
    "readCallRecording": frozenset({"type", "uri"}),
}
#: Nested keys the fake answers beyond the spec's response schema, which the models know.
BEYOND_SCHEMA = {"listExtensionPhoneNumbers": frozenset({"country.isoCode"})}
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


@pytest.fixture(params=["tilde", "explicit"])
async def ctx(request: pytest.FixtureRequest) -> AsyncIterator[Ctx]:
    """A fake, a client logged in, a webhook receiver; the rows call the methods with their
    ``~`` defaults, or (``explicit``) with the account and user ids spelled out."""
    async with (
        hook_servers() as serve,
        FakeRingCentral(extensions=6, call_log_records=20, limits=LOOSE) as fake,
        RingCentral(fake.client_id, fake.client_secret, server_url=fake.url) as rc,
    ):
        await rc.login(jwt=fake.jwt)
        calls = explicit(rc, fake) if request.param == "explicit" else rc
        context = Ctx(client=rc, rc=calls, fake=fake, hook=await serve(_echo_validation))
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
        fn = getattr(getattr(ctx.client, namespace), method)
        try:
            assert not _is_generated(fn), f"{op.python_name} is generated, not hand-written"
            if row.setup is not None:
                await row.setup(ctx)
            ctx.clear()
            result = await _run(row, ctx, deprecated=op.deprecated)
            ctx.results[row.op_id] = result
            declared = typing.get_type_hints(fn)["return"]
            check_result(declared, result, ctx.dest)
            _check_log(ctx.fake, row.op_id)
            if ctx.rc is not ctx.client:  # the ids spelled out reached the path
                assert not [r.path for r in ctx.fake.log if "/~" in r.path], ctx.fake.log
            _check_strict(row.op_id, declared, result, ctx.bodies)
            _check_answer(row.op_id, ctx.bodies)
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


def _check_answer(op_id: str, bodies: list[tuple[str, bytes]]) -> None:
    """Every JSON body the fake answered fits the spec's response schema exactly (only
    declared keys, no nulls, types, enums, required properties), but for the keys of
    ``BEYOND_SPEC`` and ``BEYOND_SCHEMA`` (in a list: of each record)."""
    spec = {o["id"]: o for o in operations()}.get(op_id)
    if spec is None or spec["type"] != "application/json":
        assert spec is not None or op_id in LEGACY, op_id
        return
    beyond = BEYOND_SPEC.get(op_id, frozenset()) | BEYOND_SCHEMA.get(op_id, frozenset())
    for url, raw in bodies:
        data = json.loads(raw)
        records = data["records"] if isinstance(data.get("records"), list) else [data]
        for record in records:
            for path in beyond:
                *parents, key = path.split(".")
                holder = record
                for name in parents:
                    holder = holder.get(name) or {}
                holder.pop(key, None)
        problem = check_value(spec["schema"], data, schemas(), exact=True)
        assert problem is None, (url, problem)


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
