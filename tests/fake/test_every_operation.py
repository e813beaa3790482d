"""Every generated operation, called through its typed coroutine against the fake.

For each of the spec's operations that the client generates (the hand-written ones have
their own tests, and a table below), the call is built from the packaged spec data: path
parameters, every required query parameter, a body with the required properties. Then:

- the fake accepts it (it checks method, path, required query and body shape against the
  spec, and answers 400 otherwise, which the typed call would raise),
- the fake logs exactly that operation (method and path template) in its usage-plan group,
- the result has the declared type (a model, a list, a paginator's items, bytes written),
- and the fake's sample decodes into the declared model under the strict converter (which
  rejects any key the model does not know).
"""

from __future__ import annotations

import inspect
import io
import typing
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest

from ringcentral_async import OPERATIONS, ApiError, RingCentral
from ringcentral_async._paging import AsyncPaginator
from ringcentral_async._serde import strict_converter, structure
from ringcentral_async.resources._multipart import MultipartBody
from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._spec_routes import operations, samples

from ._spec_requests import resolve, value_for
from ._typed_results import check_result

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}
_TILDE = ("accountId", "extensionId")


def _arguments(op: Mapping[str, Any], fn: Any) -> dict[str, Any]:
    """Keyword arguments for the generated coroutine of ``op``."""
    sig = inspect.signature(fn)
    names = {p.rstrip("_").replace("_", ""): p for p in sig.parameters}
    kwargs: dict[str, Any] = {}
    for param in op["params"]:
        if param["in"] == "header" or (param["in"] == "query" and not param["required"]):
            continue
        python = names.get(param["name"].replace("_", "").replace("-", "").lower())
        if python is None:
            python = next(p for p in sig.parameters if p.replace("_", "") == param["name"].lower())
        if param["in"] == "path":
            node = resolve(param["schema"])
            kwargs[python] = (
                "~" if param["name"] in _TILDE else value_for(node) if "enum" in node else "1"
            )
        else:
            kwargs[python] = value_for(param["schema"])
    body = op["body"]
    if "body" in sig.parameters:
        multipart = "MultipartBody" in str(sig.parameters["body"].annotation)
        kwargs["body"] = _multipart() if multipart else _body(body)
    if "dest" in sig.parameters:
        kwargs["dest"] = io.BytesIO()
    return kwargs


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _body(body: Mapping[str, Any] | None) -> Any:
    assert body is not None
    for ctype in body["types"]:
        schema = body["schemas"].get(ctype)
        if schema is not None:
            value = value_for(schema)
            if ctype == "application/x-www-form-urlencoded":
                return {
                    k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in value.items()
                }
            return value
    raise AssertionError("no JSON or form body")


def _multipart() -> MultipartBody:
    multipart = MultipartBody()
    multipart.add_file("attachment", b"payload", filename="a.bin", content_type="text/plain")
    return multipart


async def _call(fn: Any, kwargs: dict[str, Any]) -> Any:
    result = fn(**kwargs)
    if isinstance(result, AsyncPaginator):
        return await result.collect()
    return await result


def _declared(fn: Any) -> Any:
    return typing.get_type_hints(fn)["return"]


def _strict_sample(op_id: str, declared: Any) -> None:
    """The fake's sample decodes under the strict converter into the declared model (for a
    paged operation: every record of the sample page into the item model)."""
    sample = samples().get(op_id)
    if typing.get_origin(declared) is AsyncPaginator:
        (item,) = typing.get_args(declared)
        assert isinstance(sample, dict)
        holder = sample["data"] if "records" not in sample and "data" in sample else sample
        lists = [v for k, v in holder.items() if isinstance(v, list) and k == "records"] or [
            v for v in holder.values() if isinstance(v, list)
        ]
        assert lists and lists[0], f"no records in the sample of {op_id}"
        for record in lists[0]:
            structure(record, item, converter=strict_converter())
    elif attrs.has(declared) or typing.get_origin(declared) is list:
        structure(sample, declared, converter=strict_converter())


async def test_every_generated_operation_through_its_typed_coroutine() -> None:
    generated = {o["id"]: OPERATIONS[o["id"]] for o in operations()}
    spec_ops = {o["id"]: o for o in operations()}
    failures: list[str] = []
    called = 0
    async with (
        FakeRingCentral(extensions=4, call_log_records=4, limits=LOOSE) as fake,
        RingCentral(fake.client_id, fake.client_secret, server_url=fake.url) as rc,
    ):
        await rc.login(jwt=fake.jwt)
        if True:
            for op_id, op in sorted(generated.items()):
                namespace, method = op.python_name.split(".")
                fn = getattr(getattr(rc, namespace), method)
                if not _is_generated(fn):
                    continue
                spec = spec_ops[op_id]
                try:
                    kwargs = _arguments(spec, fn)
                    await _adjust(op_id, kwargs, fake, rc)
                    fake.clear_log()
                    if op_id == "authorize":  # a browser's endpoint: 302, never followed
                        with pytest.raises(ApiError) as caught:
                            await _call(fn, kwargs)
                        assert caught.value.status == 302
                        called += 1
                        continue
                    if op.deprecated:
                        with pytest.warns(DeprecationWarning, match="deprecated"):
                            result = await _call(fn, kwargs)
                    else:
                        result = await _call(fn, kwargs)
                    declared = _declared(fn)
                    check_result(declared, result, kwargs.get("dest"))
                    logged = fake.requests(route=spec["path"], method=spec["method"])
                    assert logged, f"the fake did not log {spec['method']} {spec['path']}"
                    groups = {r.group for r in logged}
                    assert groups <= {op.group, None}, groups
                    _strict_sample(op_id, declared)
                    called += 1
                except Exception as exc:
                    failures.append(f"{op_id} ({op.python_name}): {type(exc).__name__}: {exc}")
    assert not failures, f"{len(failures)} failed:\n" + "\n".join(failures[:40])
    assert called == 460, called


async def _adjust(op_id: str, kwargs: dict[str, Any], fake: FakeRingCentral, rc: Any) -> None:
    """Operations the fake serves with its stateful routes need real values."""
    if op_id == "getToken":
        kwargs["body"] = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
    elif op_id == "revokeToken":  # a second token of the same app, not the client's own
        other = await rc.oauth.get_token({"grant_type": JWT_GRANT, "assertion": fake.jwt})
        kwargs["body"] = {"token": other.access_token}
    elif op_id == "authorize":
        kwargs.update(client_id=fake.client_id, response_type="code")
        kwargs["redirect_uri"] = "https://app.example/cb"
    elif op_id == "readCompanyCallRecord":
        since = datetime(2000, 1, 1, tzinfo=UTC)
        first = await rc.call_log.list_company(date_from=since, max_items=1).collect()
        kwargs["call_record_id"] = first[0].id
    elif op_id == "readGreetingContent":
        greeting = await rc.greetings.create(
            type="Voicemail",
            content=b"RIFF",
            filename="g.wav",
            answering_rule_id="business-hours-rule",
        )
        kwargs["greeting_id"] = greeting.id


JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def _is_generated(fn: Any) -> bool:
    return ".resources.generated." in (getattr(fn, "__module__", "") or "")
