"""Wire helpers shared by every route: error bodies, parameter parsing, paging, routing."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, NoReturn
from urllib.parse import urlencode

from aiohttp import web

__all__ = [
    "BASE_URL",
    "ROUTES",
    "Reject",
    "absolute",
    "invalid",
    "enum_values",
    "enumerated_page",
    "error_body",
    "error_response",
    "iso",
    "json_response",
    "log_paging",
    "oauth_error",
    "page_number",
    "page_url",
    "parse_datetime",
    "per_page",
    "reject",
    "route",
    "with_absolute_uris",
]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: The fake's own base URL (``http://127.0.0.1:PORT``), stored on the application.
BASE_URL = web.AppKey("base_url", str)

#: Every (method, path template, handler) the fake serves; filled by the route modules.
ROUTES: list[tuple[str, str, Handler]] = []


def route(method: str, path: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``method path`` (an aiohttp template, spec-style names)."""

    def register(handler: Handler) -> Handler:
        ROUTES.append((method, path, handler))
        return handler

    return register


class Reject(Exception):
    """Raised by handlers to answer with a prepared error response."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON response with the platform's content type."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        content_type="application/json",
        charset="utf-8",
        headers=dict(headers or {}),
    )


def error_body(code: str, message: str, parameter: str | None = None) -> dict[str, Any]:
    """The standard error body: the first error repeated at top level plus ``errors[]``."""
    entry: dict[str, Any] = {"errorCode": code, "message": message}
    if parameter is not None:
        entry["parameterName"] = parameter
    return {**entry, "errors": [dict(entry)]}


def error_response(
    status: int,
    code: str,
    message: str,
    parameter: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """A standard error response."""
    return json_response(error_body(code, message, parameter), status, headers)


def reject(status: int, code: str, message: str, parameter: str | None = None) -> NoReturn:
    """Abort the handler with a standard error response."""
    raise Reject(error_response(status, code, message, parameter))


def invalid(parameter: str) -> NoReturn:
    """Abort with 400 CMN-101 naming ``parameter``."""
    reject(400, "CMN-101", f"Parameter [{parameter}] value is invalid", parameter)


def oauth_error(status: int, error: str, description: str, code: str) -> web.Response:
    """An RFC 6749 error body with the platform's ``errors[]`` added."""
    body = {
        "error": error,
        "error_description": description,
        "errors": [{"errorCode": code, "message": description}],
    }
    return json_response(body, status)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` and milliseconds, as the platform writes it."""
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def parse_datetime(request: web.Request, name: str) -> datetime | None:
    """An ISO 8601 query value (naive values are UTC); CMN-101 when it does not parse."""
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        invalid(name)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _positive_int(request: web.Request, name: str) -> int | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        invalid(name)
    return int(raw)


def page_number(request: web.Request) -> int:
    """``page``: an integer from 1 (default 1)."""
    return _positive_int(request, "page") or 1


def per_page(request: web.Request, *, allow_max: bool = False, default: int = 100) -> int:
    """``perPage``: 1..1000 (larger values are cut to 1000), or ``max`` where allowed."""
    if allow_max and request.query.get("perPage") == "max":
        return 1000
    value = _positive_int(request, "perPage")
    return default if value is None else min(value, 1000)


def enum_values(request: web.Request, name: str, allowed: frozenset[str]) -> set[str]:
    """A repeated (``a=x&a=y``) enum filter; CMN-101 on an unknown value."""
    values = set(request.query.getall(name, []))
    if values - allowed:
        invalid(name)
    return values


def page_url(request: web.Request, page: int) -> dict[str, str]:
    """``{"uri": ...}``: this request's absolute URL with ``page`` replaced."""
    pairs = [(k, v) for k, v in request.query.items() if k != "page"] + [("page", str(page))]
    return {"uri": f"{request.app[BASE_URL]}{request.path}?{urlencode(pairs)}"}


def absolute(request: web.Request, path: str) -> str:
    """The absolute URL of ``path`` on this fake."""
    return f"{request.app[BASE_URL]}{path}"


def with_absolute_uris(data: Any, base: str) -> Any:
    """A deep copy of ``data`` where relative ``uri``/``contentUri`` values become absolute."""
    if isinstance(data, dict):
        return {
            key: (
                base + value
                if key in ("uri", "contentUri") and isinstance(value, str) and value.startswith("/")
                else with_absolute_uris(value, base)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [with_absolute_uris(item, base) for item in data]
    return data


def log_paging(
    request: web.Request, page: int, size: int, shown: int, total: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Call-log style ``(paging, navigation)``: no totals, ``nextPage`` only while more.

    ``shown`` records are on this page out of ``total`` matching. A page past the end has
    ``paging`` shrunk to ``page``/``perPage`` and only ``firstPage`` in navigation.
    """
    start = (page - 1) * size
    paging: dict[str, Any] = {"page": page, "perPage": size}
    if shown:
        paging.update(pageStart=start, pageEnd=start + shown - 1)
    navigation = {"firstPage": page_url(request, 1)}
    if start + size < total:
        navigation["nextPage"] = page_url(request, page + 1)
    return paging, navigation


def enumerated_page(request: web.Request, items: list[Any], page: int, size: int) -> dict[str, Any]:
    """A page of ``items`` with full paging totals and navigation (extension-list style)."""
    total = len(items)
    pages = (total + size - 1) // size
    start = (page - 1) * size
    chunk = items[start : start + size]
    base = request.app[BASE_URL]
    body: dict[str, Any] = {"uri": absolute(request, request.path_qs), "records": chunk}
    navigation = {"firstPage": page_url(request, 1), "lastPage": page_url(request, max(pages, 1))}
    if not chunk and total:
        body["paging"] = {"page": page, "perPage": size}
    else:
        body["paging"] = {
            "page": page,
            "totalPages": pages,
            "perPage": size,
            "totalElements": total,
        }
        if chunk:
            body["paging"].update(pageStart=start, pageEnd=start + len(chunk) - 1)
        if page < pages:
            navigation["nextPage"] = page_url(request, page + 1)
        if 1 < page <= pages:
            navigation["previousPage"] = page_url(request, page - 1)
    body["navigation"] = navigation
    return dict(with_absolute_uris(body, base))
