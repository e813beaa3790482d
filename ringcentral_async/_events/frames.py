"""The gateway's frames: parsing and building, no I/O (docs/platform.md §11.2).

Every text frame is a JSON array ``[meta, body]`` (body optional). Anything else is a
:class:`FrameError`: the reader logs it and goes on, a malformed frame never stops it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from ..models.subscriptions import Notification

__all__ = [
    "FRAME_TYPES",
    "ConnectionDetails",
    "Frame",
    "FrameError",
    "build_heartbeat",
    "build_request",
    "parse_connection_details",
    "parse_frame",
    "parse_notification",
]

FRAME_TYPES = frozenset(
    {"ConnectionDetails", "ClientRequest", "ServerNotification", "Heartbeat", "Error"}
)


class FrameError(ValueError):
    """A frame that is not ``[meta, body]`` with a known ``meta.type`` (or a bad body)."""


@attrs.frozen(kw_only=True)
class Frame:
    """One decoded frame: ``meta`` fields pulled out, ``body`` as decoded JSON (or None)."""

    type: str
    message_id: str | None = None
    status: int | None = None
    wsc_token: str | None = attrs.field(default=None, repr=False)
    wsc_sequence: int | None = None
    headers: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    body: Any = attrs.field(default=None, repr=False)


def _optional_str(meta: Mapping[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FrameError(f"meta.{key} is not a string")
    return value


_NOT_JSON = object()
_NESTED = object()


def parse_frame(text: str | bytes) -> Frame:
    """Decode one text frame; FrameError when it is not a gateway frame."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        data = _NOT_JSON  # raised below, so json's error (which keeps the text) is not chained
    except RecursionError:  # deeply nested garbage: json's recursion limit
        data = _NESTED
    if data is _NOT_JSON:
        raise FrameError("not JSON")
    if data is _NESTED:
        raise FrameError("JSON nested too deeply")
    if not isinstance(data, list) or not data or len(data) > 2:
        raise FrameError("not a [meta, body] array")
    meta = data[0]
    if not isinstance(meta, dict):
        raise FrameError("meta is not an object")
    kind = meta.get("type")
    if not isinstance(kind, str) or kind not in FRAME_TYPES:
        raise FrameError(f"unknown frame type {kind!r}"[:80])
    status = meta.get("status")
    if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
        raise FrameError("meta.status is not an integer")
    token: str | None = None
    sequence: int | None = None
    wsc = meta.get("wsc")
    if wsc is not None:
        if not isinstance(wsc, dict):
            raise FrameError("meta.wsc is not an object")
        token, sequence = wsc.get("token"), wsc.get("sequence")
        if not isinstance(token, str) or not token:
            raise FrameError("meta.wsc.token is not a string")
        if isinstance(sequence, bool) or not isinstance(sequence, int):
            raise FrameError("meta.wsc.sequence is not an integer")
    headers = meta.get("headers")
    if headers is not None and not isinstance(headers, dict):
        raise FrameError("meta.headers is not an object")
    return Frame(
        type=kind,
        message_id=_optional_str(meta, "messageId"),
        status=status,
        wsc_token=token,
        wsc_sequence=sequence,
        headers=headers or {},
        body=data[1] if len(data) == 2 else None,
    )


def build_request(
    method: str, path: str, body: Any = None, *, message_id: str | None = None
) -> tuple[str, str]:
    """A ``ClientRequest`` frame: ``(message_id, text)``."""
    mid = message_id or str(uuid.uuid4())
    meta = {"type": "ClientRequest", "messageId": mid, "method": method, "path": path}
    frame: list[Any] = [meta] if body is None else [meta, body]
    return mid, json.dumps(frame, separators=(",", ":"))


def build_heartbeat(*, message_id: str | None = None) -> tuple[str, str]:
    """A ``Heartbeat`` frame: ``(message_id, text)``."""
    mid = message_id or str(uuid.uuid4())
    return mid, json.dumps([{"type": "Heartbeat", "messageId": mid}], separators=(",", ":"))


@attrs.frozen(kw_only=True)
class ConnectionDetails:
    """The gateway's first frame: timeouts (seconds) and, after a recovery, its outcome."""

    recovery_timeout: float
    idle_timeout: float
    absolute_timeout: float
    recovery_buffer_size: int | None = None
    max_active_requests: int | None = None
    recovery_state: str | None = None
    recovery_error_code: str | None = None


def _seconds(body: Mapping[str, Any], key: str, default: float) -> float:
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise FrameError(f"ConnectionDetails.{key} is not a positive number")
    return float(value)


def _count(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FrameError(f"ConnectionDetails.{key} is not a count")
    return value


def parse_connection_details(frame: Frame) -> ConnectionDetails:
    """The body of a ``ConnectionDetails`` frame; defaults are the documented values.

    A frame without a body (``[meta]``, allowed for every frame) gets all the defaults.
    """
    body = {} if frame.body is None else frame.body
    if frame.type != "ConnectionDetails" or not isinstance(body, dict):
        raise FrameError("not a ConnectionDetails frame with an object body")
    state = body.get("recoveryState")
    if state is not None and not isinstance(state, str):
        raise FrameError("ConnectionDetails.recoveryState is not a string")
    code = body.get("recoveryErrorCode")
    return ConnectionDetails(
        recovery_timeout=_seconds(body, "recoveryTimeout", 180.0),
        idle_timeout=_seconds(body, "idleTimeout", 1800.0),
        absolute_timeout=_seconds(body, "absoluteTimeout", 86400.0),
        recovery_buffer_size=_count(body, "recoveryBufferSize"),
        max_active_requests=_count(body, "maxActiveRequests"),
        recovery_state=state,
        recovery_error_code=code if isinstance(code, str) else None,
    )


def parse_notification(body: Any) -> Notification:
    """A ``ServerNotification`` body as a Notification; FrameError if unusable."""
    try:
        return Notification.from_body(body)
    except ValueError as exc:
        raise FrameError(str(exc)) from None
