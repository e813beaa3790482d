"""Pure paging rules, no I/O (layer 4): page-size validation, next-request planning, host checks.

Which scheme a list uses is read from each response (docs/platform.md §2):

1. ``paging.nextPageToken`` or ``navigation.nextPageToken`` (Team Messaging): next request adds
   ``pageToken=<token>`` to the same params; a token-style response without a next token is last.
   A top-level ``nextPageId`` (address-book sync) adds ``pageId=<id>`` the same way.
2. ``paging.totalPages`` (or audit-trail ``total`` + ``totalFound``) with ``page < totalPages``:
   next request is the same path and params with ``page=page+1``.
3. ``navigation.nextPage.uri`` (call log, where totals are often absent): follow it, on an
   allowed host only.  Navigation is trusted over totals that say "last" (totals may be stale).
   The next request's params are the URI's query on top of the previous request's params: a
   filter the URI leaves out is still sent, and the page size the caller asked for is kept.
4. ``paging`` without navigation and without totals (v2): stop on an empty page or a page
   shorter than ``perPage``; otherwise ``page=page+1``.

A page with no records ends every non-token scheme (the call log answers a page past the end
with empty ``records`` and a ``paging`` shrunk to ``page``/``perPage``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from .._config import is_loopback_host
from .._errors import ConfigurationError, DecodeError
from .._urls import check_path_segments

__all__ = [
    "DEFAULT_PER_PAGE_MAX",
    "PagingError",
    "Request",
    "Seen",
    "as_int",
    "check_next_uri",
    "default_page_size_max",
    "follow_params",
    "parse_query",
    "plan_next",
    "validate_page_size",
]

#: Largest page size accepted when the endpoint's maximum is unknown (paging schema cap).
DEFAULT_PER_PAGE_MAX = 1000

#: The same, per page-size parameter: Team Messaging's ``recordCount`` stops at 250.
_DEFAULT_MAX_BY_PARAM = {"recordCount": 250}

#: One request of a paged walk: (path or absolute URL, query params).
Request = tuple[str, dict[str, Any]]

_TOKEN_PAGING_KEYS = frozenset(
    {"pageToken", "nextPageToken", "previousPageToken", "prevPageToken", "firstPageToken",
     "currentPageToken"}
)  # fmt: skip


class PagingError(DecodeError):
    """The server's paging metadata cannot be followed safely.

    Raised when a server repeats a page (same next-page URI or token, or a page number that
    does not advance) or links to a host outside ``allowed_hosts`` / over plain http.
    """


def default_page_size_max(page_size_param: str) -> int:
    """The largest page size to accept for ``page_size_param`` when the endpoint gives none."""
    return _DEFAULT_MAX_BY_PARAM.get(page_size_param, DEFAULT_PER_PAGE_MAX)


#: Longest decimal string read as a number (longer ones are no page number or count).
_MAX_DIGITS = 30


def as_int(value: Any) -> int | None:
    """``value`` as an int when it is an int or a decimal string, else None (bools excluded).

    Never raises: a string that is not plain decimal digits (``"³"``, ``"1e3"``) or is longer
    than 30 digits gives None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdecimal() and len(text) <= _MAX_DIGITS:
            return int(text)
    return None


def validate_page_size(
    value: Any, *, maximum: int, allows_max: bool, name: str, lenient: bool = False
) -> int | str:
    """Return a valid page size or raise ConfigurationError naming the value and the maximum.

    Valid: an int in ``1..maximum``, or the literal ``"max"`` when ``allows_max``.  With
    ``lenient`` (values already in ``params``, e.g. parsed from a next-page URI) decimal
    strings are accepted too.
    """
    allowed = f"an integer 1..{maximum}" + (' or "max"' if allows_max else "")
    if isinstance(value, str) and value == "max":
        if allows_max:
            return value
        raise ConfigurationError(f'{name}="max" is not supported by this endpoint; use {allowed}')
    number = as_int(value) if lenient else (value if type(value) is int else None)
    if number is None or not 1 <= number <= maximum:
        raise ConfigurationError(f"{name}={value!r} is invalid; use {allowed}")
    return number


def _mapping(body: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise DecodeError(f"paged response: {key!r} is {type(value).__name__}, not an object")
    return value


def _total_pages(paging: Mapping[str, Any] | None) -> int | None:
    if paging is None:
        return None
    total = as_int(paging.get("totalPages"))
    if total is None and "totalFound" in paging:  # audit trail: total = page count
        total = as_int(paging.get("total"))
    return total


def _next_page_uri(navigation: Mapping[str, Any] | None) -> str | None:
    if navigation is None:
        return None
    link = navigation.get("nextPage")
    uri = link.get("uri") if isinstance(link, Mapping) else None
    return uri if isinstance(uri, str) and uri else None


def _origin(url: str) -> tuple[str, str, int] | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    return parts.scheme, parts.hostname.lower(), port or (443 if parts.scheme == "https" else 80)


def _shown(uri: str) -> str:
    """``uri`` for an error text: without ``user:password@``, query and fragment (a hostile
    server may put a secret there, and error texts must never hold one)."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid URL>"
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def check_next_uri(uri: str, allowed_hosts: Collection[str]) -> str:
    """Return ``uri`` without query and fragment if it may be followed, else raise PagingError.

    A relative URI (``/restapi/...``) stays on the configured host and is always accepted.  An
    absolute one must be http(s), carry no credentials and match an ``allowed_hosts`` entry:
    an origin (``https://host[:port]``: scheme, host and port must match) or a bare ``host`` /
    ``host:port`` (then https is required, except on loopback hosts).  A path with a ``.`` or
    ``..`` segment (URL normalisation would move it to another endpoint) is refused too.
    """
    try:
        parts = urlsplit(uri)
        check_path_segments(parts.path)
    except ConfigurationError:  # before ValueError: it is one
        raise PagingError("refusing to follow a next-page URI with a '.' or '..' segment") from None
    except ValueError:
        raise PagingError("refusing to follow a next-page URI that is not a valid URL") from None
    if not parts.scheme and not parts.netloc:
        if not parts.path.startswith("/"):
            raise PagingError(f"next-page URI {_shown(uri)!r} is not absolute and not a /path")
        return parts.path
    shown = _shown(uri)
    target = _origin(uri)
    if target is None or parts.username is not None or parts.password is not None:
        raise PagingError(f"refusing to follow next-page URI {shown!r}: not a plain http(s) URL")
    scheme, host, port = target
    for entry in allowed_hosts:
        if "://" in entry:
            allowed = _origin(entry)
            if allowed is None or allowed[1:] != (host, port):
                continue
            if allowed[0] == scheme:
                break
            if allowed[0] == "https":
                raise PagingError(f"refusing to follow next-page URI {shown!r}: https -> http")
            continue
        entry_host, _, entry_port = entry.lower().rpartition(":")
        if not entry_host or not entry_port.isdigit():  # bare host (or an IPv6 literal)
            entry_host, entry_port = entry.lower(), ""
        if entry_host.strip("[]") != host or (entry_port and int(entry_port) != port):
            continue
        if scheme == "https" or is_loopback_host(host):
            break
        raise PagingError(f"refusing to follow next-page URI {shown!r}: plain http")
    else:
        raise PagingError(
            f"refusing to follow next-page URI {shown!r}: host {host!r} is not the configured host"
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def parse_query(uri: str) -> dict[str, Any]:
    """Query of ``uri`` as params; a repeated key becomes a list of its values, in order.

    PagingError if ``uri`` is not a valid URL.
    """
    try:
        query = urlsplit(uri).query
    except ValueError:
        raise PagingError("next-page URI is not a valid URL") from None
    params: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in params:
            params[key] = value
        elif isinstance(params[key], list):
            params[key].append(value)
        else:
            params[key] = [params[key], value]
    return params


def follow_params(uri: str, sent: Mapping[str, Any], page_size_param: str) -> dict[str, Any]:
    """Params for following ``uri`` after a request sent with ``sent``.

    The URI's query wins, but a key it leaves out keeps its value from ``sent`` (``page`` and
    ``pageToken`` excepted), and the page size in ``sent`` is kept as asked (a server echoing
    ``perPage=1000`` for ``max`` does not change what the caller asked for).
    """
    params = {k: v for k, v in sent.items() if k not in ("page", "pageToken")}
    params.update(parse_query(uri))
    if sent.get(page_size_param) is not None:
        params[page_size_param] = sent[page_size_param]
    return params


def plan_next(
    body: Mapping[str, Any],
    records: list[Any],
    sent: Request,
    *,
    page_size_param: str,
    allowed_hosts: Collection[str],
) -> tuple[Request | None, str | None, str | None]:
    """Decide the request after the page ``body`` (fetched with ``sent``).

    Returns ``(next_request or None when last, token_followed, uri_followed)``; the last two
    let the caller detect a server repeating itself.
    """
    path, params = sent
    paging = _mapping(body, "paging")
    navigation = _mapping(body, "navigation")
    token: Any = None
    if paging is not None:
        token = paging.get("nextPageToken")
    if not token and navigation is not None:
        token = navigation.get("nextPageToken")
    if token:
        return (path, {**params, "pageToken": str(token)}), str(token), None
    next_id = body.get("nextPageId")  # address-book sync: the next page's id, top level
    if next_id is not None and next_id != "" and not isinstance(next_id, dict | list | bool):
        return (path, {**params, "pageId": str(next_id)}), f"pageId={next_id}", None
    token_style = (
        "pageToken" in params
        or "pageId" in params
        or "nextPageId" in body
        or (paging is not None and not _TOKEN_PAGING_KEYS.isdisjoint(paging))
        or (navigation is not None and not _TOKEN_PAGING_KEYS.isdisjoint(navigation))
    )
    if token_style or not records:
        return None, None, None
    page = as_int(paging.get("page")) if paging is not None else None
    if page is None:
        page = as_int(params.get("page")) or 1
    total = _total_pages(paging)
    uri = _next_page_uri(navigation)
    if total is not None and page < total:
        return (path, {**params, "page": page + 1}), None, None
    if uri is not None:
        target = check_next_uri(uri, allowed_hosts)
        return (target, follow_params(uri, params, page_size_param)), None, uri
    if total is not None or navigation is not None or paging is None:
        return None, None, None
    per_page = as_int(paging.get("perPage"))
    if per_page is None:
        per_page = as_int(params.get(page_size_param))
    if per_page is not None and len(records) < per_page:
        return None, None, None
    return (path, {**params, "page": page + 1}), None, None


class Seen:
    """What one walk has seen, to stop a server that repeats itself (instead of looping)."""

    __slots__ = ("last_page", "ordinal", "tokens", "uris")

    def __init__(self, first: Request) -> None:
        self.tokens: set[str] = set()
        self.uris: set[str] = set()
        self.last_page: int | None = None
        self.ordinal = 0
        token = first[1].get("pageToken")
        if token:
            self.tokens.add(str(token))

    def follow(self, token: str | None, uri: str | None) -> PagingError | None:
        """The error to raise instead of following ``token``/``uri`` if it was seen before."""
        if token is not None:
            if token in self.tokens:
                return PagingError(f"server repeated page token {token!r}; stopping")
            self.tokens.add(token)
        if uri is not None:
            if uri in self.uris:
                return PagingError(f"server repeated next-page URI {_shown(uri)!r}; stopping")
            self.uris.add(uri)
        return None

    def page_number(self, paging: Any, sent: Request, token: str | None) -> int | None:
        """Record one page; return its 1-based number (None for token paging).

        Raises PagingError when the page number does not advance (a repeated page).
        """
        self.ordinal += 1
        page = as_int(paging.get("page")) if isinstance(paging, Mapping) else None
        if page is None:
            page = as_int(sent[1].get("page"))
        if page is not None:
            if self.last_page is not None and page <= self.last_page:
                raise PagingError(
                    f"server returned page {page} after page {self.last_page}; stopping"
                )
            self.last_page = page
            return page
        if "pageToken" in sent[1] or token is not None:
            return None
        return self.ordinal
