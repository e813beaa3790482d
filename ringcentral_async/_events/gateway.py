"""The HTTP side of a WebSocket subscription: wstokens, the gateway URI, request bodies.

A wstoken is fetched through the request pipeline (the throttle's Auth group, a valid bearer
token, behind any refresh in flight). It may only travel to a ``wss://`` gateway (``ws://``
on loopback hosts) on the configured server's host or ``*.ringcentral.com``: a gateway URI
elsewhere is a DecodeError and gets no token.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._config import is_loopback_host
from .._errors import ConfigurationError, DecodeError

if TYPE_CHECKING:
    from .._pipeline import Pipeline

__all__ = [
    "SUBSCRIPTION_PATH",
    "WSTOKEN_PATH",
    "check_event_filters",
    "check_gateway_uri",
    "fetch_ws_token",
    "subscription_body",
]

WSTOKEN_PATH = "/restapi/oauth/wstoken"
SUBSCRIPTION_PATH = "/restapi/v1.0/subscription/"


def check_event_filters(event_filters: Iterable[str]) -> tuple[str, ...]:
    """At least one filter, each a non-empty API path (``~`` allowed); ConfigurationError."""
    if isinstance(event_filters, str):
        raise ConfigurationError("event_filters must be a list of paths, not one string")
    try:
        filters = tuple(event_filters)
    except TypeError:
        raise ConfigurationError("event_filters must be a list of paths") from None
    if not filters:
        raise ConfigurationError("event_filters must name at least one event filter")
    for item in filters:
        if not isinstance(item, str) or not item.startswith("/") or any(c.isspace() for c in item):
            raise ConfigurationError(
                f"event filter {item!r} must be an API path such as "
                "/restapi/v1.0/account/~/extension/~/message-store"
            )
    return filters


def subscription_body(filters: Sequence[str]) -> dict[str, Any]:
    """The body of the POST / PUT that creates or updates a WebSocket subscription."""
    return {"eventFilters": list(filters), "deliveryMode": {"transportType": "WebSocket"}}


async def fetch_ws_token(pipeline: Pipeline) -> tuple[str, str]:
    """A fresh wstoken and the gateway URI (checked with :func:`check_gateway_uri`)."""
    data = await pipeline.request_json("POST", WSTOKEN_PATH, group="Auth")
    if not isinstance(data, dict):
        raise DecodeError("the wstoken answer is not a JSON object")
    token, uri = data.get("ws_access_token"), data.get("uri")
    if not isinstance(token, str) or not token or not isinstance(uri, str):
        raise DecodeError("the wstoken answer lacks ws_access_token or uri")
    check_gateway_uri(pipeline, uri)
    return token, uri


def check_gateway_uri(pipeline: Pipeline, uri: str) -> None:
    """DecodeError unless ``uri`` is wss:// (ws:// on loopback) on a trusted host."""
    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
    except ValueError:
        raise DecodeError("the wstoken answer has an invalid gateway uri") from None
    secure = parts.scheme == "wss" or (parts.scheme == "ws" and is_loopback_host(host))
    if not secure or not host or not pipeline.is_trusted_host(host):
        raise DecodeError(
            f"refusing the gateway {parts.scheme}://{host}: the wstoken goes only to wss:// "
            "on the configured server's host or *.ringcentral.com"
        )
    if parts.username is not None or parts.query:
        raise DecodeError("the gateway uri must not carry credentials or a query")
