"""Checking values against the packaged compact schemas (``_spec_data/schemas.json``).

A compact node has ``type``, ``format``, ``enum``, ``properties``, ``required``, ``items``,
``additionalProperties``, ``minimum``/``maximum``, ``anyOf`` or a ``$ref`` (a component
name in the table); ``allOf`` and ``oneOf`` are already flattened (codegen/compact.py).

Requests are checked leniently on keys (an unknown key is ignored, as the platform does) and
strictly on types, enums, ranges and required properties; samples and examples are checked
``exact`` (only declared keys, no ``null``), which is what the strict converter accepts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

__all__ = ["Problem", "check_query", "check_value"]

Node = Mapping[str, Any]
Table = Mapping[str, Node]

#: The deepest nesting a request body may have (a recursive schema cannot loop on data).
_MAX_DEPTH = 64


class Problem(NamedTuple):
    """The first thing wrong with a value: error code, parameter path and a message."""

    code: str
    parameter: str
    message: str


def _invalid(where: str) -> Problem:
    name = where or "body"
    return Problem("CMN-101", name, f"Parameter [{name}] value is invalid")


def _missing(where: str) -> Problem:
    return Problem("CMN-100", where, f"Mandatory parameter [{where}] not specified")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _resolve(node: Node, table: Table) -> Node:
    while "$ref" in node:
        node = table[node["$ref"]]
    return node


def _is_datetime(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _scalar_ok(node: Node, value: Any) -> bool:
    """Whether a JSON scalar has the node's type, format, enum and range."""
    kind = node.get("type")
    if kind == "string":
        if not isinstance(value, str):
            return False
        fmt = node.get("format")
        if fmt == "date-time" and not _is_datetime(value):
            return False
        if fmt == "date" and not _is_date(value):
            return False
    elif kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if kind == "integer" and not isinstance(value, int):
            return False
        if "minimum" in node and value < node["minimum"]:
            return False
        if "maximum" in node and value > node["maximum"]:
            return False
    elif kind == "boolean" and not isinstance(value, bool):
        return False
    return "enum" not in node or value in node["enum"]


def check_value(
    node: Node,
    value: Any,
    table: Table,
    *,
    exact: bool = False,
    required: bool = True,
    where: str = "",
    depth: int = 0,
) -> Problem | None:
    """The first problem of ``value`` against ``node`` (None when it conforms).

    ``exact``: reject keys the schema does not declare and ``null`` values (what a sample
    must satisfy); ``required``: check required properties (requests).
    """
    node = _resolve(node, table)
    if depth > _MAX_DEPTH:
        return _invalid(where)
    if value is None:
        return _invalid(where) if exact or depth == 0 else None
    if "anyOf" in node:
        for alt in node["anyOf"]:
            if check_value(alt, value, table, exact=exact, required=required, depth=depth) is None:
                return None
        return _invalid(where)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return _check_object(node, value, table, exact, required, where, depth)
    if kind == "array":
        if not isinstance(value, list):
            return _invalid(where)
        items = node.get("items", {})
        for item in value:
            found = check_value(
                items, item, table, exact=exact, required=required, where=where, depth=depth + 1
            )
            if found is not None:
                return found
        return None
    return None if _scalar_ok(node, value) else _invalid(where)


def _check_object(
    node: Node, value: Any, table: Table, exact: bool, required: bool, where: str, depth: int
) -> Problem | None:
    if not isinstance(value, dict):
        return _invalid(where)
    props: Mapping[str, Node] = node.get("properties", {})
    if required:
        for name in node.get("required", ()):
            if name not in value and name in props:
                return _missing(_join(where, name))
    extra = node.get("additionalProperties")
    for key, item in value.items():
        sub = props.get(key)
        if sub is None:
            if exact and props:  # a model with fields takes no other key
                return _invalid(_join(where, key))
            if not isinstance(extra, Mapping):
                continue
            sub = extra
        found = check_value(
            sub, item, table, exact=exact, required=required, where=_join(where, key),
            depth=depth + 1,
        )  # fmt: skip
        if found is not None:
            return found
    return None


def _parse(node: Node, raw: str) -> Any:
    """A query string value as the JSON value its schema declares (or the raw text)."""
    kind = node.get("type")
    if kind in ("integer", "number"):
        try:
            return int(raw) if kind == "integer" else float(raw)
        except ValueError:
            return raw
    if kind == "boolean":
        return {"true": True, "false": False}.get(raw, raw)
    return raw


def _query_ok(node: Node, raw: str, table: Table) -> bool:
    node = _resolve(node, table)
    if "anyOf" in node:
        return any(_query_ok(alt, raw, table) for alt in node["anyOf"])
    if node.get("type") == "array":
        items = node.get("items", {})
        return all(_query_ok(items, part, table) for part in raw.split(","))
    return _scalar_ok(node, _parse(node, raw))


def check_query(
    name: str, node: Node, values: Sequence[str], table: Table, *, required: bool
) -> Problem | None:
    """The problem with the query (or path) values of one parameter (every occurrence)."""
    if not values:
        return _missing(name) if required else None
    for raw in values:
        if not _query_ok(node, raw, table):
            return _invalid(name)
    return None
