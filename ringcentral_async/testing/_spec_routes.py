"""A generic route for every spec operation the stateful routes do not serve.

Each one checks the request against the packaged spec data (``_spec_data/``, written by
``python -m codegen``): path enums, query parameters (required, integer, boolean, enum,
date-time, range), the body (required, content type, JSON against the schema: types, enums,
required properties; unknown keys are ignored) and answers with the operation's sample
(JSON), placeholder bytes of the declared media type, or an empty body with the success
status. Authentication and the usage-plan count are the shared pipeline's (``_pipeline``),
as for every other route. The data is read once per process, when the first fake starts
(operations) and on the first generic request (schemas and samples).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, NoReturn

from aiohttp import web

from ._http import BASE_URL, Handler, json_response, reject, with_absolute_uris
from ._pipeline import _bearer_owner
from ._spec_check import Problem, Table, check_query, check_value
from ._state import OWNER, PLATFORM

__all__ = ["answer", "operations", "path_shape", "routes", "sample_for", "samples", "schemas"]

Operation = Mapping[str, Any]

#: Placeholder bodies of the binary responses, by the served content type.
_BYTES = {
    "audio/mpeg": b"ID3\x03\x00\x00\x00\x00\x00\x00",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "text/csv": b"id,name\n1,sample\n",
    "application/pdf": b"%PDF-1.4\n%%EOF\n",
}
#: A concrete type for a wildcard the spec declares (``audio/*``).
_CONCRETE = {"audio/*": "audio/mpeg", "image/*": "image/png"}
#: OAuth-area operations answered for a user's Bearer token (the pipeline counts the rest
#: of /restapi/oauth/ per client and does not authenticate them).
_BEARER_OAUTH = frozenset({"/restapi/oauth/userinfo"})
_FORM = "application/x-www-form-urlencoded"


def _load(name: str) -> Any:
    text = resources.files(__package__ or "").joinpath(f"_spec_data/{name}").read_text("utf-8")
    return json.loads(text)


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every spec operation (id, method, path, group, params, body, status, type, schema)."""
    return tuple(_load("operations.json"))


@functools.cache
def schemas() -> Table:
    """The compact component schemas the operations refer to."""
    table: Table = _load("schemas.json")
    return table


@functools.cache
def samples() -> Mapping[str, Any]:
    """operationId -> the JSON response sample."""
    found: Mapping[str, Any] = _load("samples.json")
    return found


def path_shape(path: str) -> str:
    """A path template with its variables blanked: the key a route is matched by."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def _order(entry: tuple[str, str, Handler]) -> tuple[tuple[bool, ...], str]:
    """Literal segments before variables (aiohttp tries same-prefix routes in order), then
    one path's methods together (they share one aiohttp resource)."""
    path = entry[1]
    return tuple(part.startswith("{") for part in path.strip("/").split("/")), path_shape(path)


@functools.lru_cache(maxsize=4)
def _generic(taken: frozenset[tuple[str, str]]) -> tuple[tuple[str, str, Handler], ...]:
    return tuple(
        (op["method"], op["path"], _handler(op))
        for op in operations()
        if (op["method"], path_shape(op["path"])) not in taken
    )


def routes(stateful: Iterable[tuple[str, str, Handler]]) -> list[tuple[str, str, Handler]]:
    """The stateful routes plus a generic one per other operation, in matching order.

    A generic route is left out where a stateful one has its method and path shape. Sorted
    (stably) so that a literal segment goes before a variable one: ``greeting/hold-music``
    is not taken by the stateful ``greeting/{greetingId}``.
    """
    served = list(stateful)
    taken = frozenset((method, path_shape(path)) for method, path, _ in served)
    return sorted(served + list(_generic(taken)), key=_order)


def _handler(op: Operation) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        return await answer(request, op)

    handle.__name__ = handle.__qualname__ = f"spec_{op['id']}"
    return handle


def _fail(problem: Problem) -> NoReturn:
    reject(400, problem.code, problem.message, problem.parameter)


def _check_parameters(request: web.Request, op: Operation, table: Table) -> None:
    for param in op["params"]:
        name, node = param["name"], param["schema"]
        if param["in"] == "path":
            node = table.get(node["$ref"], {}) if "$ref" in node else node
            if "enum" not in node:
                continue  # ids and comma lists: the stateful routes own their meaning
            values = [request.match_info.get(name, "")]
        else:
            values = request.query.getall(name, [])
            if param.get("explode") is False and len(values) > 1:
                # `explode: false`: the spec's one comma-separated value, not a repeated key
                _fail(Problem("CMN-101", name, f"Parameter [{name}] value is invalid"))
        problem = check_query(name, node, values, table, required=param["required"])
        if problem is not None:
            _fail(problem)


def _accepts(declared: list[str], sent: str) -> str | None:
    """The declared content type ``sent`` satisfies (any multipart for a multipart one)."""
    if sent in declared:
        return sent
    if sent.startswith("multipart/"):
        return next((d for d in declared if d.startswith("multipart/")), None)
    return None


def _required_names(node: Mapping[str, Any], table: Table) -> list[str]:
    while "$ref" in node:
        node = table[node["$ref"]]
    return list(node.get("required", ()))


async def _check_form(request: web.Request, schema: Mapping[str, Any], table: Table) -> None:
    """Form fields: the required ones present, each declared one of its type and enum."""
    form = await request.post()
    for name in _required_names(schema, table):
        if name not in form:
            reject(400, "CMN-100", f"Mandatory parameter [{name}] not specified", name)
    while "$ref" in schema:
        schema = table[schema["$ref"]]
    props = schema.get("properties", {})
    for name in form.keys() & props.keys():
        values = [v for v in form.getall(name) if isinstance(v, str)]
        problem = check_query(name, props[name], values, table, required=False)
        if problem is not None:
            _fail(problem)


async def _check_body(request: web.Request, op: Operation, table: Table) -> None:
    body = op["body"]
    if body is None:
        return
    raw = await request.read()
    if not raw.strip():
        if body["required"]:
            names = [n for s in body["schemas"].values() for n in _required_names(s, table)]
            name = names[0] if names else "body"
            reject(400, "CMN-100", f"Mandatory parameter [{name}] not specified", name)
        return
    ctype = _accepts(body["types"], request.content_type)
    if ctype is None:
        reject(415, "CMN-101", "Unsupported Media Type", "Content-Type")
    schema = body["schemas"].get(ctype)
    if schema is None:
        return  # multipart and the like: accepted as sent
    if ctype == _FORM:
        await _check_form(request, schema, table)
        return
    try:
        data = json.loads(raw)
    except ValueError:
        reject(400, "CMN-103", "JSON cannot be parsed")
    problem = check_value(schema, data, table)
    if problem is not None:
        _fail(problem)


def sample_for(request: web.Request, operation_id: str) -> Any:
    """The operation's sample as served: links on this fake, ``uri`` the request's own URL."""
    base = request.app[BASE_URL]
    body = with_absolute_uris(samples().get(operation_id, {}), base)
    if isinstance(body, dict) and isinstance(body.get("uri"), str):
        body["uri"] = base + request.path_qs
    return body


async def answer(request: web.Request, op: Operation) -> web.StreamResponse:
    """Check ``request`` against ``op`` and answer with its sample (or empty, or bytes)."""
    if op["path"] in _BEARER_OAUTH:
        request[OWNER] = _bearer_owner(request.app[PLATFORM], request)
    table = schemas()
    _check_parameters(request, op, table)
    await _check_body(request, op, table)
    status, ctype = op["status"], op["type"]
    if ctype is None:
        return web.Response(status=status)
    if ctype == "application/json":
        return json_response(sample_for(request, op["id"]), status)
    served = _CONCRETE.get(ctype) or str(ctype)
    return web.Response(body=_BYTES.get(served, b"\x00sample"), status=status, content_type=served)
