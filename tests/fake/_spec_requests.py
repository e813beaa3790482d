"""Valid requests for any spec operation, built from the fake's packaged spec data.

The values are built here, independently of the generator's samples: the smallest value
each schema accepts (required properties only, the first enum value of the right type).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._http import ROUTES
from ringcentral_async.testing._spec_routes import operations, path_shape, schemas

Op = Mapping[str, Any]

_KINDS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
_STRINGS = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01"}
_TILDE = ("accountId", "extensionId")


def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    table = schemas()
    while "$ref" in node:
        node = table[node["$ref"]]
    return node


def value_for(node: Mapping[str, Any], depth: int = 0) -> Any:
    """The smallest JSON value ``node`` accepts (required properties only)."""
    node = resolve(node)
    assert depth < 30, node
    if "anyOf" in node:
        return value_for(node["anyOf"][0], depth + 1)
    kind = node.get("type")
    if node.get("enum"):
        wanted = _KINDS.get(kind or "", (object,))
        fits = [v for v in node["enum"] if isinstance(v, wanted) and not (
            isinstance(v, bool) and kind in ("integer", "number")
        )]  # fmt: skip
        return fits[0]
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        return {n: value_for(props[n], depth + 1) for n in node.get("required", ()) if n in props}
    if kind == "array":
        return [value_for(node.get("items", {}), depth + 1)]
    if kind in ("integer", "number"):
        low = max(node.get("minimum", 1), 1)
        return min(low, node.get("maximum", low))
    if kind == "boolean":
        return True
    return _STRINGS.get(node.get("format", ""), "x")


def query_text(value: Any) -> str:
    """A JSON value as a query string value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(query_text(v) for v in value)
    return str(value)


def concrete_path(op: Op) -> str:
    """The path with ``~`` for the account and extension, an enum value or ``1`` elsewhere."""
    path: str = op["path"]
    for param in op["params"]:
        if param["in"] != "path":
            continue
        name = param["name"]
        node = resolve(param["schema"])
        value = "~" if name in _TILDE else query_text(value_for(node)) if "enum" in node else "1"
        path = path.replace("{" + name + "}", value)
    return path


def required_query(op: Op) -> dict[str, str]:
    """A valid value for every required query parameter."""
    return {
        p["name"]: query_text(value_for(p["schema"]))
        for p in op["params"]
        if p["in"] == "query" and p["required"]
    }


def body_kwargs(op: Op) -> dict[str, Any]:
    """aiohttp keyword arguments for a valid body (none when the operation takes none)."""
    body = op["body"]
    if body is None:
        return {}
    for ctype in body["types"]:
        schema = body["schemas"].get(ctype)
        if schema is None:
            continue
        value = value_for(schema)
        if ctype == "application/x-www-form-urlencoded":
            return {"data": {k: query_text(v) for k, v in value.items()}}
        return {"data": _json(value), "headers": {"Content-Type": ctype}}
    form = aiohttp.FormData()
    form.add_field("attachment", b"payload", filename="a.bin", content_type="text/plain")
    return {"data": form}


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def stateful_operations() -> set[tuple[str, str]]:
    """(method, path shape) of every operation a stateful route serves."""
    return {(m, path_shape(p)) for m, p, _ in ROUTES}


def generic_operations() -> list[Op]:
    """The operations the fake answers with a generic route (not a stateful one)."""
    taken = stateful_operations()
    return [op for op in operations() if (op["method"], path_shape(op["path"])) not in taken]


async def send(
    session: aiohttp.ClientSession,
    fake: FakeRingCentral,
    token: str,
    op: Op,
    *,
    path: str | None = None,
    params: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> tuple[int, Mapping[str, str], bytes]:
    """One request for ``op`` (valid unless told otherwise): status, headers, raw body."""
    extra = kwargs if kwargs else body_kwargs(op)
    headers = {"Authorization": "Bearer " + token, **extra.pop("headers", {})}
    query = required_query(op) if params is None else params
    async with session.request(
        op["method"],
        fake.url + (path or concrete_path(op)),
        params=query,
        headers=headers,
        allow_redirects=False,
        **extra,
    ) as resp:
        return resp.status, resp.headers, await resp.read()
