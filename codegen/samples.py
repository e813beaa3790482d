"""Schema-valid samples of the spec's responses, for the fake's generic routes.

A sample holds only properties the schema declares (``allOf`` merged, the first ``oneOf``
alternative), every one filled with a value of its type and format; arrays get one item.
A property's own ``example`` is used when it is valid for its type, format and enum.
Recursion and depth are capped (past the cap an object property is left out: every
property of a generated model is optional). Paged responses describe a last page. Links
(``uri``, ``contentUri``) are paths the fake serves on its own origin, never another host.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ringcentral_async.testing._spec_check import check_value

from . import compact

#: Nesting depth past which object and array properties are left out.
MAX_DEPTH = 7
DATE_TIME = "2026-01-01T00:00:00.000Z"

_STRINGS = {
    "date-time": DATE_TIME,
    "date": "2026-01-01",
    "time": "00:00:00",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "email": "user@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "192.0.2.1",
    "binary": "",
    "byte": "",
}
#: Keys that would make a client fetch another page: a sample is always the last page.
_NEXT_KEYS = frozenset(
    {
        "nextPage",
        "previousPage",
        "nextPageToken",
        "prevPageToken",
        "previousPageToken",
        "nextPageId",
        "nextPageUri",
    }
)
_PLATFORM_ORIGINS = (
    "https://platform.ringcentral.com",
    "https://platform.devtest.ringcentral.com",
    "https://media.ringcentral.com",
)

#: ``uri``/``contentUri`` placeholders are a path on the fake itself (made absolute when
#: served), so a client that follows one stays on 127.0.0.1 (and gets a 404 there).
_LINK = "/restapi/v1.0/sample"
_LINK_KEYS = frozenset({"uri", "contentUri"})

_MISSING = object()


class Sampler:
    """Builds samples against a union-mode table (for checking examples)."""

    def __init__(self, table: Mapping[str, compact.Node]) -> None:
        self.table = table

    def valid(self, node: compact.Node, value: Any) -> bool:
        """Whether ``value`` is what the strict converter takes for ``node``."""
        return check_value(node, value, self.table, exact=True, required=False) is None

    def sample(self, node: compact.Node, depth: int = 0, stack: tuple[str, ...] = ()) -> Any:
        """A value for a first-mode node, or ``_MISSING`` when the caps leave it out."""
        name = node.get("$ref")
        if name is not None:
            if name in stack or depth > MAX_DEPTH:
                return _MISSING
            return self.sample(compact.component(name, "first", True), depth, (*stack, name))
        if "example" in node and self.valid(_strip(node), node["example"]):
            return _absolute_free(node["example"])
        if node.get("enum"):
            # the first value of the declared type (YAML 1.1 reads an unquoted Off as false)
            fits = [v for v in node["enum"] if self.valid({"type": node.get("type")}, v)]
            return fits[0] if fits else _MISSING
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, depth, stack)
        if kind == "array":
            if depth > MAX_DEPTH:
                return _MISSING
            item = self.sample(node.get("items", {}), depth + 1, stack)
            return [] if item is _MISSING else [item]
        if kind == "string":
            return _STRINGS.get(node.get("format", ""), "string")
        if kind in ("integer", "number"):
            low = node.get("minimum", 1)
            value = min(max(low, 1), node.get("maximum", max(low, 1)))
            return int(value) if kind == "integer" else value
        if kind == "boolean":
            return True
        return _MISSING  # untyped: left out

    def _object(self, node: compact.Node, depth: int, stack: tuple[str, ...]) -> Any:
        props = node.get("properties") or {}
        if not props:
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and depth <= MAX_DEPTH:
                value = self.sample(extra, depth + 1, stack)
                return {} if value is _MISSING else {"key": value}
            return {}
        if depth > MAX_DEPTH:
            return _MISSING
        out = {}
        for key, sub in props.items():
            value = self.sample(sub, depth + 1, stack)
            if value is not _MISSING and self.valid(sub, value):
                if key in _LINK_KEYS and isinstance(value, str):
                    value = _absolute_free(value, key)
                    value = value if value.startswith("/") else _LINK
                out[key] = value
        return out


def _strip(node: compact.Node) -> compact.Node:
    return {k: v for k, v in node.items() if k != "example"}


def _absolute_free(value: Any, key: str | None = None) -> Any:
    """``value`` with links made relative (the fake serves them on its own origin).

    A ``uri``/``contentUri`` keeps only its path and query, whatever its host (the spec's
    examples name several); any other string loses a platform origin.
    """
    if isinstance(value, str):
        if key in _LINK_KEYS and value.startswith(("https://", "http://")):
            parts = urlsplit(value)
            path = parts.path if parts.path.startswith("/") and len(parts.path) > 1 else _LINK
            return path + (f"?{parts.query}" if parts.query else "")
        for origin in _PLATFORM_ORIGINS:
            if value.startswith(origin + "/"):
                return value[len(origin) :]
        return value
    if isinstance(value, list):
        return [_absolute_free(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _absolute_free(v, k) for k, v in value.items()}
    return value


def last_page(value: Any) -> Any:
    """``value`` with every link or token to another page removed, totals set to one page."""
    if isinstance(value, list):
        return [last_page(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: last_page(v) for k, v in value.items() if k not in _NEXT_KEYS}
    paging = out.get("paging")
    if isinstance(paging, dict):
        records = out.get("records")
        count = len(records) if isinstance(records, list) else 1
        fixed = {"page": 1, "totalPages": 1, "totalElements": count, "pageStart": 0}
        fixed["pageEnd"] = max(count - 1, 0)
        for key, number in fixed.items():
            if isinstance(paging.get(key), int):
                paging[key] = number
    return out


def response_sample(
    sampler: Sampler, schema: compact.Node, first: compact.Node, examples: list[Any]
) -> Any:
    """The response body: a valid whole example of the spec if any, else a built sample."""
    for example in examples:
        if isinstance(example, dict | list) and example and sampler.valid(schema, example):
            return last_page(_absolute_free(example))
    value = sampler.sample(first)
    return last_page({} if value is _MISSING else value)
