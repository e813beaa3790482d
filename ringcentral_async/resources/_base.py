"""The Resource base class, query building and argument checks (layer 5).

A resource module declares each operation once with :func:`operation` (see ``_spec``) and
writes a short typed method that calls ``self._call`` / ``self._list`` with it. Everything
else (throttle, auth, retry, paging, structuring) is shared here and in the pipeline.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar, overload
from urllib.parse import quote

import attrs

from .._errors import ConfigurationError, DecodeError
from .._paging import AsyncPaginator
from .._pipeline import Pipeline
from .._protocol import decode_json
from .._serde import structure, structure_many, to_camel, unstructure
from .._spec.registry import Operation, operation
from .._warnings import caller_stacklevel

__all__ = [
    "Operation",
    "Resource",
    "check_choice",
    "check_choices",
    "check_datetime",
    "operation",
    "path_segment",
    "query",
]

T = TypeVar("T")


# -- query parameters -------------------------------------------------------------------


def _query_value(name: str, value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ConfigurationError(f"{name}: pass an aware datetime (e.g. tzinfo=UTC)")
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | set | frozenset):
        return [_query_value(name, v) for v in value]
    return value


def query(**kwargs: Any) -> dict[str, Any]:
    """snake_case keyword arguments -> camelCase query parameters (None dropped)."""
    return {to_camel(k): _query_value(k, v) for k, v in kwargs.items() if v is not None}


def check_datetime(name: str, value: datetime | str | None) -> datetime | None:
    """An aware datetime, or an ISO 8601 date-time string with a zone, as an aware datetime.

    A naive value (a datetime without tzinfo, ``"2026-01-01T00:00:00"`` or a bare date) is
    rejected with ConfigurationError rather than guessed: the platform reads these
    parameters as instants, and the local zone or UTC would both be silent guesses.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ConfigurationError(
                f"{name}: {value!r} is not an ISO 8601 date-time (e.g. 2026-01-01T00:00:00Z)"
            ) from None
    else:
        raise ConfigurationError(
            f"{name}: expected an aware datetime or an ISO 8601 string, got {type(value).__name__}"
        )
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ConfigurationError(
            f"{name}={value!r} has no time zone: pass an aware datetime (tzinfo=UTC) "
            "or a string ending in Z or an offset"
        )
    return parsed


def check_choice(name: str, value: Any, choices: type[Enum]) -> str | None:
    """Validate one value of a closed enumeration before anything is sent."""
    if value is None:
        return None
    allowed = [str(m.value) for m in choices]
    text = str(value.value) if isinstance(value, Enum) else value
    if text not in allowed:
        raise ConfigurationError(f"{name}={value!r} is not one of {', '.join(allowed)}")
    return str(text)


def check_choices(name: str, value: Any, choices: type[Enum]) -> list[str] | None:
    """Validate a single value or a list of values of a closed enumeration."""
    if value is None:
        return None
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    return [c for c in (check_choice(name, v, choices) for v in values) if c is not None]


#: Path parameters that URL normalisation would turn into another endpoint
#: (``/extension/..`` becomes ``/account/~/``), so they are never sent.
_DOT_SEGMENTS = frozenset({".", ".."})


def path_segment(name: str, value: Any) -> str:
    """One path parameter, percent-encoded as a single segment (``/`` included).

    ``None``, empty, ``.`` and ``..`` raise ConfigurationError: URL normalisation would
    drop or climb such a segment and send the call to another endpoint.
    """
    if value is None or value == "":
        raise ConfigurationError(f"{name} is required")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ConfigurationError(f"{name} must be a string or an integer, got {value!r}")
    text = str(value)
    if text in _DOT_SEGMENTS:
        raise ConfigurationError(f"{name}={text!r} is not an id (a '.' or '..' path segment)")
    return quote(text, safe="~")


def _body(value: Any) -> Any:
    if value is None or isinstance(value, dict | list):
        return value
    if attrs.has(type(value)):
        return unstructure(value)
    raise ConfigurationError("a request body must be a model instance or a plain dict")


class Resource:
    """Base class of the API-area namespaces (``rc.extensions``, ``rc.call_log`` ...)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    @staticmethod
    def _path(op: Operation, path_params: Mapping[str, Any]) -> str:
        values = {k: path_segment(k, v) for k, v in path_params.items()}
        try:
            return op.path.format(**values)
        except KeyError as exc:
            raise ConfigurationError(f"{op.python_name}: missing path parameter {exc}") from None

    @staticmethod
    def _warn_deprecated(op: Operation) -> None:
        if op.deprecated:
            hint = f"; use {op.replacement}" if op.replacement else ""
            warnings.warn(
                f"{op.python_name} ({op.method} {op.path}) is deprecated by the platform{hint}",
                DeprecationWarning,
                stacklevel=caller_stacklevel(),
            )

    @overload
    async def _call(
        self,
        op: Operation,
        path_params: Mapping[str, Any],
        model: type[T],
        *,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        data: Any = ...,
        headers: Mapping[str, str] | None = ...,
    ) -> T: ...

    @overload
    async def _call(
        self,
        op: Operation,
        path_params: Mapping[str, Any],
        model: None = ...,
        *,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        data: Any = ...,
        headers: Mapping[str, str] | None = ...,
    ) -> Any: ...

    async def _call(
        self,
        op: Operation,
        path_params: Mapping[str, Any],
        model: type[Any] | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send ``op`` and structure the body into ``model`` (or return the JSON).

        Without ``model`` (void operations: deletes, 204 answers) an empty body gives None.
        With a ``model`` a 2xx answer must carry one: an empty body, a 204 or ``null``
        raises DecodeError (with the status) instead of returning None.
        """
        self._warn_deprecated(op)
        resp = await self._pipeline.request(
            op.method,
            self._path(op, path_params),
            params=params,
            json=_body(json),
            data=data,
            headers=headers,
            group=op.group,
        )
        status = resp.status
        body = (
            None
            if status == 204
            else decode_json(resp.body, status=status, content_type=resp.content_type)
        )
        if model is None:
            return body
        if body is None:
            what = "no body" if status == 204 or not resp.body else "a null body"
            raise DecodeError(
                f"HTTP {status}: {op.python_name} expected {model.__name__}, got {what}",
                status=status,
            )
        try:
            return structure(body, model)
        except DecodeError as exc:
            if exc.status is None:
                exc.status = status
            raise

    @overload
    async def _oauth_form(self, op: Operation, form: Mapping[str, str], model: type[T]) -> T: ...

    @overload
    async def _oauth_form(self, op: Operation, form: Mapping[str, str], model: None) -> None: ...

    async def _oauth_form(
        self, op: Operation, form: Mapping[str, str], model: type[T] | None
    ) -> T | None:
        """An OAuth form operation (token, revoke, authorize): sent with this client's own
        authentication (Basic, or ``client_id`` in the form), never a bearer token; the
        client's own token is left as it is. Secrets are scrubbed from its errors."""
        if not isinstance(form, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in form.items()
        ):
            raise ConfigurationError(f"{op.python_name}: body must be a mapping of str to str")
        self._warn_deprecated(op)
        data = await self._pipeline.auth.post_form(op.path, dict(form), "never")
        if model is None:
            return None
        if data is None:
            raise DecodeError(f"{op.python_name} expected {model.__name__}, got no body")
        return structure(data, model)

    def _list(
        self,
        op: Operation,
        path_params: Mapping[str, Any],
        model: type[T],
        *,
        params: Mapping[str, Any] | None = None,
        per_page: int | str | None = None,
        max_items: int | None = None,
        prefetch: int = 0,
        page_size_param: str = "perPage",
        items_key: str = "records",
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncPaginator[T]:
        """An AsyncPaginator over a list operation, records structured into ``model``.

        ``page_size_param`` names the page-size query parameter (``recordCount`` for some
        token-paged operations) and ``items_key`` the array of each page's items; a dotted
        key (``data.records``: the analytics reports) names an array one object down. A
        POST list (the analytics reports) sends the same ``json`` body with every page, and
        ``headers`` (a header parameter of the operation) go with every page too.
        """
        self._warn_deprecated(op)
        path = self._path(op, path_params)
        pipeline = self._pipeline
        body = _body(json)

        async def fetch(target: str, page_params: Mapping[str, Any]) -> Any:
            return await pipeline.request_json(
                op.method, target, params=page_params, json=body, headers=headers, group=op.group
            )

        def make(record: Any) -> T:
            return structure(record, model)

        def make_all(records: list[Any]) -> list[T]:
            return structure_many(records, model)

        return AsyncPaginator(
            fetch,
            path,
            params,
            structure=make,
            structure_records=make_all,
            per_page=per_page,
            per_page_max=op.per_page_max,
            per_page_allows_max=op.per_page_allows_max,
            max_items=max_items,
            prefetch=prefetch,
            allowed_hosts=(pipeline.server_url,),
            page_size_param=page_size_param,
            items_key=items_key,
        )
