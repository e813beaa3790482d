"""Argument checks of the generated operations: query values and request bodies (layer 5).

Each generated coroutine passes its keyword arguments here with the spec's kind of each
(``str``, ``int``, ``float``, ``bool``, ``datetime``, ``list[...]`` of those: repeated keys, or
``csv[...]``: one comma-separated value), so a wrong type is a ConfigurationError naming the
argument before anything is sent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any

import attrs

from .._errors import ConfigurationError
from .._serde import format_datetime, unstructure
from ._base import check_datetime

__all__ = ["json_body", "multipart_body", "query_params"]

_SCALAR_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}


def _scalar(name: str, value: Any, kind: str) -> Any:
    if kind == "datetime":
        parsed = check_datetime(name, value)
        return format_datetime(parsed) if parsed is not None else None
    if isinstance(value, Enum):
        value = value.value
    allowed = _SCALAR_TYPES.get(kind)
    if allowed is None:
        return value
    if isinstance(value, bool) and kind != "bool":
        raise ConfigurationError(f"{name} must be {kind}, got a bool")
    if not isinstance(value, allowed):
        raise ConfigurationError(f"{name} must be {kind}, got {type(value).__name__}")
    if kind == "bool":
        return "true" if value else "false"
    return value


def _items(value: Any) -> list[Any]:
    if isinstance(value, Sequence | set | frozenset) and not isinstance(value, str):
        return list(value)
    return [value]


def _value(name: str, value: Any, kind: str) -> Any:
    if kind.startswith("list[") and kind.endswith("]"):
        return [_scalar(name, v, kind[5:-1]) for v in _items(value)]
    if kind.startswith("csv[") and kind.endswith("]"):
        # an array the spec does not explode (``style: form, explode: false``): one value,
        # the items joined by commas (``orderBy=+name,-type``), never a repeated key
        items = [_scalar(name, v, kind[4:-1]) for v in _items(value)]
        return ",".join(str(v) for v in items if v is not None) or None
    return _scalar(name, value, kind)


def query_params(
    values: Sequence[tuple[str, str, Any, str]], *, required: Sequence[str] = ()
) -> dict[str, Any]:
    """``(python name, wire name, value, kind)`` rows -> checked query params (None dropped).

    A ``required`` parameter (by Python name) that is None or an empty list raises
    ConfigurationError: sending the call without it would only earn a 400.
    """
    params = {
        wire: _value(name, value, kind) for name, wire, value, kind in values if value is not None
    }
    for name, wire, _, _ in values:
        if name in required and params.get(wire) in (None, []):
            raise ConfigurationError(f"{name} is required")
    return params


def json_body(name: str, value: Any, *, required: bool, model: type | None = None) -> Any:
    """A JSON request body from a model instance, a mapping or a list (None when optional).

    ``model``: the operation's body model; an instance of another model is a
    ConfigurationError (its wire keys are another operation's), not sent.
    """
    if value is None:
        if required:
            raise ConfigurationError(f"{name} is required")
        return None
    _check_aware(name, value, 0)
    if attrs.has(type(value)):
        if model is not None and not isinstance(value, model):
            want, got = model.__name__, type(value).__name__
            if want == got:  # a hand-written model of the same name as the generated one
                want, got = f"{model.__module__}.{want}", f"{type(value).__module__}.{got}"
            raise ConfigurationError(
                f"{name} must be a {want} or a mapping, got a {got}"
                " (pass unstructure(value) to send its fields as they are)"
            )
        return unstructure(value)
    if isinstance(value, Mapping | list | tuple):
        # models, datetimes and enums inside a mapping or list are written as on the wire
        try:
            plain = unstructure(dict(value) if isinstance(value, Mapping) else list(value))
            return _json_value(name, plain)
        except RecursionError:  # a mapping that contains itself, or thousands of levels
            raise ConfigurationError(f"{name} nests too deep to be JSON") from None
    raise ConfigurationError(
        f"{name} must be a model instance, a mapping or a list, got {type(value).__name__}"
    )


_JSON_SCALARS = (str, int, float, bool)
#: How deep a body is searched for naive datetimes (a body nests far less; a mapping that
#: contains itself stops here, and json_body reports it).
_MAX_DEPTH = 64


def _check_aware(where: str, value: Any, depth: int) -> None:
    """A naive datetime anywhere in a body is a ConfigurationError, as in a query: the
    platform reads it as an instant, and UTC or the local zone would be a silent guess."""
    if depth > _MAX_DEPTH or value is None or isinstance(value, str | int | float):
        return
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ConfigurationError(
                f"{where}={value!r} has no time zone: pass an aware datetime (tzinfo=UTC)"
            )
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            _check_aware(f"{where}.{field.name}", getattr(value, field.name), depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_aware(f"{where}.{key}", item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            _check_aware(f"{where}[{i}]", item, depth + 1)


def _json_value(where: str, value: Any) -> Any:
    """``value`` as plain JSON, or ConfigurationError naming the first value that is not."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigurationError(f"{where}: {value!r} is not a JSON number")
    if value is None or (isinstance(value, _JSON_SCALARS) and not isinstance(value, Enum)):
        return value
    if isinstance(value, Enum):
        return _json_value(where, value.value)
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise ConfigurationError(f"{where}: key {key!r} is not a string")
        return {k: _json_value(f"{where}.{k}", v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(f"{where}[{i}]", v) for i, v in enumerate(value)]
    raise ConfigurationError(f"{where}: a {type(value).__name__} is not a JSON value")


def multipart_body(name: str, value: Any) -> Any:
    """An upload's body: a MultipartBody, never a dict or bytes (which aiohttp would send as
    another media type) nor None (which would send no body)."""
    from ._multipart import MultipartBody

    if not isinstance(value, MultipartBody):
        raise ConfigurationError(
            f"{name} must be a MultipartBody (add_file / add_text / add_json), "
            f"got {type(value).__name__}"
        )
    return value
