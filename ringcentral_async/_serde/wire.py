"""The wire format, hook by hook (layer 1): what the converter registers for names and values.

- wire names: the camelCase form of the attribute name, or ``rc_wire_name`` metadata;
- ISO 8601 datetimes (``Z`` or an offset) <-> aware datetimes (a naive one is taken as UTC);
- leaf hooks for ``str``/``int``/``float``/``bool``/``datetime`` (numbers sent as strings
  and the like are accepted);
- open enums: ``SomeStrEnum | str`` takes the member for a known value and keeps the plain
  string otherwise; unions of JSON scalars and ``X | None`` get one-call hooks, marked for
  the fast path (``fastpath.OPTIONAL_INNER``, ``fastpath.ENUM_LOOKUP``).

``converter`` assembles these into the runtime, detailed and strict converters.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import cattrs

from .fastpath import ENUM_LOOKUP, OPTIONAL_INNER

__all__ = [
    "EXTRA_ATTRIBUTE",
    "LEAF_HOOKS",
    "NONE_TYPE",
    "WIRE_NAME",
    "format_datetime",
    "is_enum_union",
    "is_optional",
    "is_scalar_union",
    "make_enum_union_hook",
    "make_scalar_union_hook",
    "mark_optional",
    "parse_datetime",
    "to_camel",
    "unstructure_enum",
    "wire_names",
]

#: Metadata key naming a field's wire name when it is not the plain camelCase form.
WIRE_NAME = "rc_wire_name"
#: The attribute every model has for the fields this version does not know.
EXTRA_ATTRIBUTE = "extra"

NONE_TYPE = type(None)
_CAMEL_PART = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """``extension_number`` -> ``extensionNumber``; a trailing ``_`` is dropped (``from_``)."""
    return _CAMEL_PART.sub(lambda m: m.group(1).upper(), name.rstrip("_"))


def wire_names(cls: type) -> dict[str, str]:
    """Attribute name -> wire name for every field of an attrs class (``extra`` excluded)."""
    return {
        a.name: a.metadata.get(WIRE_NAME) or to_camel(a.name)
        for a in attrs.fields(cls)
        if a.name != EXTRA_ATTRIBUTE
    }


def parse_datetime(value: Any) -> datetime:
    """An ISO 8601 string (``Z`` or an offset) -> an aware datetime (naive is taken as UTC)."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        result = datetime.fromisoformat(value)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return result if result.tzinfo is not None else result.replace(tzinfo=UTC)


def format_datetime(value: datetime) -> str:
    """An aware datetime -> ISO 8601 as the platform writes it (UTC with ``Z``, milliseconds)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if value.microsecond:
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- leaf hooks ---------------------------------------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # the platform sends some string ids as numbers
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    if isinstance(value, bool):
        raise TypeError("expected an integer, got bool")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str | int):
        return int(value)  # "123" -> 123; "abc" raises ValueError
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


LEAF_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
    datetime: lambda v, _: parse_datetime(v),
}


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(tp)
    return None


def is_enum_union(tp: Any) -> bool:
    args = _union_args(tp)
    return bool(args) and any(isinstance(a, type) and issubclass(a, enum.Enum) for a in args or ())


def is_scalar_union(tp: Any) -> bool:
    """``str | bool``, ``str | None``...: unions of JSON scalars only."""
    args = _union_args(tp)
    return bool(args) and all(a in (str, int, float, bool, NONE_TYPE) for a in args or ())


def make_enum_union_hook(tp: Any) -> Callable[[Any, Any], Any]:
    """``E | str | None``: known values -> the member, other allowed scalars kept as they are."""
    lookup: dict[Any, Any] = {}
    allowed: list[type] = []
    for arg in typing.get_args(tp):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            for member in arg:
                lookup.setdefault(member.value, member)
        else:
            allowed.append(arg)
    allowed_tuple = tuple(allowed)
    expected = " | ".join(getattr(a, "__name__", str(a)) for a in typing.get_args(tp))

    def hook(value: Any, _: Any) -> Any:
        try:
            return lookup[value]
        except (KeyError, TypeError):
            pass
        if isinstance(value, allowed_tuple) and not (
            isinstance(value, bool) and bool not in allowed_tuple
        ):
            return value
        raise TypeError(f"expected {expected}, got {type(value).__name__}")

    setattr(hook, ENUM_LOOKUP, lookup)  # the fast path inlines the lookup of a known value
    return mark_optional(hook, tp)


def mark_optional(hook: Callable[[Any, Any], Any], tp: Any) -> Callable[[Any, Any], Any]:
    """Tell the fast path that ``hook`` (for ``tp``) maps None to None, else as for ``X``.

    Only the converter's own hooks carry the mark; a hook a user registers for ``X | None``
    does not, and the fast path then calls it as cattrs would.
    """
    inner = _optional_inner(tp)
    if inner is not None:
        setattr(hook, OPTIONAL_INNER, inner)
    return hook


def make_scalar_union_hook(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = typing.get_args(tp)
    if len(args) == 2 and NONE_TYPE in args:  # X | None: one call, fast path for the exact type
        leaf = next(a for a in args if a is not NONE_TYPE)
        inner = conv.get_structure_hook(leaf)  # ours, or the one a user registered for X

        if inner is LEAF_HOOKS.get(leaf):

            def optional_hook(value: Any, _: Any) -> Any:
                if value.__class__ is leaf or value is None:
                    return value
                return inner(value, leaf)

        else:

            def optional_hook(value: Any, _: Any) -> Any:
                return None if value is None else inner(value, leaf)

        return mark_optional(optional_hook, tp)
    allowed = tuple(args)
    expected = " | ".join(getattr(a, "__name__", str(a)) for a in args)

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed):
            return value
        raise TypeError(f"expected {expected}, got {type(value).__name__}")

    return mark_optional(hook, tp)


def unstructure_enum(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def is_optional(tp: Any) -> bool:
    args = _union_args(tp)
    return args is not None and len(args) == 2 and NONE_TYPE in args


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for a union with None (``X | Y`` for ``X | Y | None``), else None."""
    args = _union_args(tp)
    if not args or NONE_TYPE not in args:
        return None
    rest = tuple(a for a in args if a is not NONE_TYPE)
    return rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - runtime union
