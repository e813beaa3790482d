"""Bulk ("batch") GET: comma-separated ids, 207 Multi-Status parsing, per-id results (layer 4).

The platform answers a GET whose path segment holds several comma-separated ids with
**207 Multi-Status**, in one of two forms:

- ``multipart/mixed``: the first part is JSON ``{"response": [{"href", "status",
  "responseDescription"}, ...]}`` (one entry per id; some docs describe it as a bare JSON
  array, which is accepted too), then one ``application/json`` part per id, in the same order:
  the resource or an error body;
- ``application/vnd.ringcentral.multipart+json``: a JSON array of ``{resourceId, status, body}``.

A request for one id gets a plain 200 JSON body (or a plain error). :func:`bulk_get` hides all
of that: it splits the ids into chunks of at most the endpoint's cap, sends the chunks
concurrently (each through the pipeline, so each takes a usage-plan slot and gets the retry
rules) and returns one :class:`BulkItem` per distinct id, in the order asked for.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping, Sequence
from email.message import Message
from typing import Any, Generic, TypeVar
from urllib.parse import unquote, urlsplit

import attrs

from .._errors import ApiError, ConfigurationError, DecodeError
from .._pipeline import Pipeline
from .._protocol import build_api_error, decode_json
from .._serde import structure
from .._spec.registry import Operation
from .._transport import Response
from ._base import path_segment

__all__ = [
    "DEFAULT_BULK_CAP",
    "MULTIPART_JSON",
    "BulkItem",
    "BulkItems",
    "bulk_get",
    "bulk_path",
    "parse_bulk_response",
]

T = TypeVar("T")

#: Media type of the JSON form of a 207 answer.
MULTIPART_JSON = "application/vnd.ringcentral.multipart+json"
#: Ids per request when the endpoint documents no cap of its own (docs/platform.md §5).
DEFAULT_BULK_CAP = 50


@attrs.frozen(kw_only=True)
class BulkItem(Generic[T]):
    """The result for one id of a bulk GET: either ``value`` or ``error`` is set."""

    id: str
    status: int
    value: T | None = None
    error: ApiError | None = attrs.field(default=None, eq=False)

    @property
    def ok(self) -> bool:
        """True when the platform returned the resource (a 2xx part with a body)."""
        return self.error is None and 200 <= self.status < 300 and self.value is not None

    def unwrap(self) -> T:
        """The value, or raise this id's error."""
        if self.error is not None:
            raise self.error
        if self.value is None:
            raise DecodeError(f"bulk item {self.id}: no body", status=self.status)
        return self.value


#: ``list[BulkItem[T]]`` (an alias usable inside classes that define a ``list`` method).
BulkItems = list[BulkItem[T]]


# -- parsing ---------------------------------------------------------------------------


@attrs.frozen
class _Part:
    id: str | None
    status: int
    body: bytes


def _media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    msg = Message()
    msg["Content-Type"] = content_type or "application/octet-stream"
    pairs = msg.get_params() or []
    params = {str(k).lower(): str(v) for k, v in pairs[1:]}
    return msg.get_content_type(), params


def _split_multipart(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    """The parts of a multipart body as (lower-cased headers, content).

    A delimiter counts only at the start of the body or of a line (RFC 2046), so the
    boundary text inside a JSON part cannot cut it; the preamble and epilogue are dropped.
    A boundary that cannot be a header value (not latin-1) raises DecodeError.
    """
    try:
        marker = re.escape(b"--" + boundary.encode("latin-1"))
    except UnicodeEncodeError:
        raise DecodeError("HTTP 207: the multipart boundary is not a latin-1 string") from None
    sections = re.split(rb"(?:\A|\r?\n)" + marker, body)
    parts: list[tuple[dict[str, str], bytes]] = []
    for section in sections[1:]:
        if section.startswith(b"--"):
            break  # the close delimiter
        section = section.split(b"\n", 1)[1] if b"\n" in section else b""
        head, sep, content = section.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = section.partition(b"\n\n")
        if not sep:
            head, content = b"", section
        headers: dict[str, str] = {}
        for line in head.decode("latin-1").splitlines():
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        parts.append((headers, content))
    return parts


def _id_from_href(href: Any) -> str | None:
    if not isinstance(href, str) or not href:
        return None
    try:
        path = urlsplit(href).path
    except ValueError:  # e.g. "http://[::1/x"
        return None
    segment = path.rstrip("/").rsplit("/", 1)[-1]
    return unquote(segment) or None


def _parse_mixed(resp: Response, boundary: str | None) -> list[_Part]:
    if not boundary:
        raise DecodeError("HTTP 207: multipart/mixed without a boundary", status=resp.status)
    sections = _split_multipart(resp.body, boundary)
    if not sections:
        raise DecodeError("HTTP 207: empty multipart body", status=resp.status)
    summary = decode_json(sections[0][1], status=resp.status, content_type="application/json")
    entries = summary.get("response") if isinstance(summary, Mapping) else summary
    if not isinstance(entries, list):
        raise DecodeError("HTTP 207: first part has no response list", status=resp.status)
    bodies = sections[1:]
    if len(bodies) != len(entries):
        raise DecodeError(
            f"HTTP 207: {len(entries)} statuses for {len(bodies)} parts", status=resp.status
        )
    parts: list[_Part] = []
    for entry, (_headers, content) in zip(entries, bodies, strict=True):
        info: Mapping[str, Any] = entry if isinstance(entry, Mapping) else {}
        status = info.get("status")
        parts.append(
            _Part(
                _id_from_href(info.get("href")), status if isinstance(status, int) else 0, content
            )
        )
    return parts


def _dumps(value: Any, status: int) -> bytes:
    try:
        return json.dumps(value).encode()
    except (ValueError, RecursionError):  # nested deeper than the encoder goes
        raise DecodeError("HTTP 207: a part's body is nested too deeply", status=status) from None


def _parse_multipart_json(resp: Response) -> list[_Part]:
    data = decode_json(resp.body, status=resp.status, content_type=resp.content_type)
    if not isinstance(data, list):
        raise DecodeError("HTTP 207: multipart+json body is not an array", status=resp.status)
    parts: list[_Part] = []
    for entry in data:
        info: Mapping[str, Any] = entry if isinstance(entry, Mapping) else {}
        rid = info.get("resourceId")
        status = info.get("status")
        body = info.get("body")
        parts.append(
            _Part(
                None if rid is None else str(rid),
                status if isinstance(status, int) else 0,
                b"" if body is None else _dumps(body, resp.status),
            )
        )
    return parts


def _item(
    resource_id: str, status: int, body: bytes, model: type[T], resp: Response, path: str
) -> BulkItem[T]:
    if 200 <= status < 300:
        data = decode_json(body, status=status, content_type="application/json")
        value = None if data is None else structure(data, model)
        return BulkItem(id=resource_id, status=status, value=value)
    error = build_api_error(status or 500, body, resp.headers, method="GET", path=path)
    return BulkItem(id=resource_id, status=status, error=error)


def _paired(parts: list[_Part], ids: Sequence[str], status: int) -> list[_Part]:
    """``parts`` in the order of ``ids``: by the ids the parts name, or by position when no
    part names an asked id (an href format we do not know). Once names are meaningful, a part
    must never stand for another id: an asked id named twice, or an id nobody asked for,
    raises DecodeError."""
    wanted = set(ids)
    named: dict[str, _Part] = {}
    for part in parts:
        if part.id is not None and part.id in wanted:
            if part.id in named:
                raise DecodeError(f"HTTP {status}: two parts for one id", status=status)
            named[part.id] = part
    if not named:
        return parts
    if len(named) != len(ids):
        raise DecodeError(
            f"HTTP {status}: the parts name ids that were not asked for", status=status
        )
    return [named[i] for i in ids]


def parse_bulk_response(
    resp: Response, ids: Sequence[str], model: type[T], *, path: str = ""
) -> list[BulkItem[T]]:
    """Per-id results of one bulk response (200 JSON for one id, or either 207 form).

    Parts are paired with ``ids`` by ``resourceId``/``href`` when the platform names them,
    otherwise by position (the platform answers in path order).
    """
    if resp.status != 207:
        if len(ids) != 1:
            raise DecodeError(
                f"HTTP {resp.status}: expected 207 Multi-Status for {len(ids)} ids",
                status=resp.status,
            )
        return [_item(ids[0], resp.status, resp.body, model, resp, path)]
    media, params = _media_type(resp.headers.get("Content-Type") or resp.content_type)
    if media == MULTIPART_JSON or (media == "application/json" and resp.body.lstrip()[:1] == b"["):
        parts = _parse_multipart_json(resp)
    elif media.startswith("multipart/"):
        parts = _parse_mixed(resp, params.get("boundary"))
    else:
        raise DecodeError(f"HTTP 207: unexpected content type {media!r}", status=resp.status)
    if len(parts) != len(ids):
        raise DecodeError(f"HTTP 207: {len(parts)} parts for {len(ids)} ids", status=resp.status)
    ordered = _paired(parts, ids, resp.status)
    return [
        _item(rid, part.status, part.body, model, resp, path)
        for rid, part in zip(ids, ordered, strict=True)
    ]


# -- sending ---------------------------------------------------------------------------


def bulk_path(
    op: Operation, path_params: Mapping[str, Any], id_param: str, ids: Sequence[str]
) -> str:
    """The path of ``op`` with ``id_param`` set to the comma-separated ``ids`` (each quoted)."""
    values = {k: path_segment(k, v) for k, v in path_params.items()}
    values[id_param] = ",".join(path_segment(id_param, i) for i in ids)
    try:
        return op.path.format(**values)
    except KeyError as exc:
        raise ConfigurationError(f"{op.python_name}: missing path parameter {exc}") from None


def _id_texts(ids: Sequence[str | int], id_param: str) -> list[str]:
    """The ids as path texts, checked (a list of str/int ids, none empty, ``.`` or ``..``,
    no comma)."""
    if isinstance(ids, str | bytes) or not isinstance(ids, Sequence):
        raise ConfigurationError(f"{id_param}: pass a list of ids, not {type(ids).__name__}")
    texts: list[str] = []
    for value in ids:
        if isinstance(value, bool) or not isinstance(value, str | int) or value in ("", ".", ".."):
            raise ConfigurationError(f"{id_param}: {value!r} is not an id")
        text = str(value)
        if "," in text:
            raise ConfigurationError(f"{id_param}: {text!r} contains a comma")
        texts.append(text)
    if not texts:
        raise ConfigurationError(f"{id_param}: pass at least one id")
    return texts


async def _chunk(
    pipeline: Pipeline,
    op: Operation,
    path_params: Mapping[str, Any],
    id_param: str,
    chunk: list[str],
    model: type[T],
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
) -> list[BulkItem[T]]:
    path = bulk_path(op, path_params, id_param, chunk)
    try:
        resp = await pipeline.request(
            op.method, path, params=params, headers=headers, group=op.group
        )
    except ApiError as exc:
        # One id: the plain error is that id's error (unless it concerns the whole call).
        if len(chunk) == 1 and 400 <= exc.status < 500 and exc.status not in (401, 429):
            return [BulkItem(id=chunk[0], status=exc.status, error=exc)]
        raise
    return parse_bulk_response(resp, chunk, model, path=urlsplit(path).path)


async def bulk_get(
    pipeline: Pipeline,
    op: Operation,
    path_params: Mapping[str, Any],
    id_param: str,
    ids: Sequence[str | int],
    model: type[T],
    cap: int | None = None,
    *,
    params: Mapping[str, Any] | None = None,
    multipart_json: bool = False,
) -> list[BulkItem[T]]:
    """GET many resources by id: one :class:`BulkItem` per id asked for, in the same order.

    - The result lines up with ``ids`` (``zip(ids, items)`` pairs them): an id given twice
      is fetched once and its item appears at both places, so nothing asked for is dropped
      and nothing is fetched twice.
    - They are split into chunks of at most ``cap`` (default ``op.bulk_cap``, else 50),
      sent concurrently; each chunk is one request through the pipeline (one usage-plan
      slot, the usual retry rules).
    - A per-id failure (e.g. 404 CMN-102 for one id) is that item's ``error``; a failure of
      a whole request (401, 429 after retries, 5xx, transport) is raised, and the other
      chunks still in flight are cancelled.
    - ``multipart_json=True`` asks for the ``multipart+json`` form; either form is parsed.

    Raises ConfigurationError before sending when ``ids`` is empty or an id (or a path
    parameter) is empty, ``.`` or ``..``.
    """
    if op.method != "GET":
        raise ConfigurationError(f"{op.python_name}: bulk_get needs a GET operation")
    limit = cap if cap is not None else (op.bulk_cap or DEFAULT_BULK_CAP)
    if limit < 1:
        raise ConfigurationError(f"bulk cap must be at least 1, got {limit}")
    asked = _id_texts(ids, id_param)
    unique = list(dict.fromkeys(asked))
    for key, value in path_params.items():
        path_segment(key, value)
    headers = {"Accept": MULTIPART_JSON} if multipart_json else None
    chunks = [unique[i : i + limit] for i in range(0, len(unique), limit)]
    tasks = [
        asyncio.ensure_future(
            _chunk(pipeline, op, path_params, id_param, chunk, model, params, headers)
        )
        for chunk in chunks
    ]
    try:
        results = await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    by_id = {item.id: item for chunk_items in results for item in chunk_items}
    return [by_id[i] for i in asked]
