"""Compare the runtime converter's fast path with cattrs' own structuring (test helpers)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import attrs
import cattrs

from ringcentral_async._errors import DecodeError
from ringcentral_async._serde.converter import make_converter, structure


def _cattrs_path() -> cattrs.Converter:
    """cattrs' generated functions with the same hooks: the reference for the fast path."""
    return make_converter(fast=False)


REFERENCE = _cattrs_path()


def same_model(a: Any, b: Any, where: str = "$") -> None:
    """Field by field, ``extra`` included (attrs equality leaves ``extra`` out)."""
    assert type(a) is type(b), f"{where}: {type(a)} is not {type(b)}"
    if attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            same_model(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same_model(x, y, f"{where}[{i}]")
    elif isinstance(a, datetime):
        assert a == b and a.utcoffset() == b.utcoffset(), where
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def outcome(data: Any, cls: type, conv: cattrs.Converter | None) -> Any:
    """The structured object, or the DecodeError class (both paths must agree)."""
    try:
        return structure(data, cls, converter=conv)
    except DecodeError:
        return DecodeError


def assert_same_outcome(data: Any, cls: type) -> None:
    """Equal objects (``extra`` included) or DecodeError on both paths."""
    fast = outcome(copy.deepcopy(data), cls, None)
    reference = outcome(copy.deepcopy(data), cls, REFERENCE)
    if fast is DecodeError or reference is DecodeError:
        assert fast is reference, f"fast: {fast!r}, cattrs: {reference!r}"
    else:
        same_model(fast, reference)


def with_unknown_everywhere(data: Any) -> Any:
    """Every JSON object of ``data`` with one more (unknown) field."""
    if isinstance(data, dict):
        out = {k: with_unknown_everywhere(v) for k, v in data.items()}
        out["someFieldAddedLater"] = {"nested": [1, "two", None]}
        return out
    if isinstance(data, list):
        return [with_unknown_everywhere(v) for v in data]
    return data


BAD_VALUES: tuple[Any, ...] = ({"an": "object"}, [1, 2], "not-a-number", 12.5, True, None, "")


def corruptions(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """(path, bad value) for every field of every object in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            for bad in BAD_VALUES:
                if bad != value:
                    yield (*path, key), bad
            yield from corruptions(value, (*path, key))
    elif isinstance(data, list) and data:
        yield from corruptions(data[0], (*path, 0))


def replace_at(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A deep copy of ``data`` with ``value`` at ``path``."""
    out = copy.deepcopy(data)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out
