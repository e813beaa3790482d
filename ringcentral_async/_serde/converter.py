"""The one cattrs converter: JSON (camelCase) <-> attrs models (snake_case).  Layer 1.

It works generically on any attrs class (it imports nothing from ``models``):

- wire names are the camelCase form of the attribute name (``extension_number`` <->
  ``extensionNumber``, a trailing ``_`` dropped: ``from_`` <-> ``from``); a field whose wire
  name is not that declares it in ``attrs.field(metadata={"rc_wire_name": "..."})``;
- ISO 8601 datetimes (``Z`` or an offset) become aware datetimes (a naive one is taken as
  UTC) and are written back as ``2024-01-02T03:04:05.678Z``;
- a field typed ``SomeStrEnum | str`` takes the enum member when the value is known and keeps
  the plain string otherwise, so a value the platform adds never breaks decoding;
- unknown fields land in the model's ``extra`` mapping (runtime converter) and are written
  back on unstructure; the strict converter (``strict_converter()``) rejects them instead, so
  the test suite catches a misspelled field name;
- ``None`` fields are left out on unstructure (a request body carries only what was set).

Any bad shape raises :class:`ringcentral_async._errors.DecodeError` naming the JSON path.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import typing
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._errors import DecodeError
from .fastpath import ENUM_LOOKUP, OPTIONAL_INNER, make_fast_structure_fn

__all__ = [
    "EXTRA_ATTRIBUTE",
    "WIRE_NAME",
    "format_datetime",
    "make_converter",
    "parse_datetime",
    "runtime_converter",
    "strict_converter",
    "structure",
    "structure_many",
    "to_camel",
    "unstructure",
    "wire_names",
]

T = TypeVar("T")

#: Metadata key naming a field's wire name when it is not the plain camelCase form.
WIRE_NAME = "rc_wire_name"
#: The attribute every model has for the fields this version does not know.
EXTRA_ATTRIBUTE = "extra"

_NONE_TYPE = type(None)
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


_LEAF_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {
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


def _is_enum_union(tp: Any) -> bool:
    args = _union_args(tp)
    return bool(args) and any(isinstance(a, type) and issubclass(a, enum.Enum) for a in args or ())


def _is_scalar_union(tp: Any) -> bool:
    """``str | bool``, ``str | None``...: unions of JSON scalars only."""
    args = _union_args(tp)
    return bool(args) and all(a in (str, int, float, bool, _NONE_TYPE) for a in args or ())


def _make_enum_union_hook(tp: Any) -> Callable[[Any, Any], Any]:
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
    return _mark_optional(hook, tp)


def _mark_optional(hook: Callable[[Any, Any], Any], tp: Any) -> Callable[[Any, Any], Any]:
    """Tell the fast path that ``hook`` (for ``tp``) maps None to None, else as for ``X``.

    Only the converter's own hooks carry the mark; a hook a user registers for ``X | None``
    does not, and the fast path then calls it as cattrs would.
    """
    inner = _optional_inner(tp)
    if inner is not None:
        setattr(hook, OPTIONAL_INNER, inner)
    return hook


def _make_scalar_union_hook(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = typing.get_args(tp)
    if len(args) == 2 and _NONE_TYPE in args:  # X | None: one call, fast path for the exact type
        leaf = next(a for a in args if a is not _NONE_TYPE)
        inner = conv.get_structure_hook(leaf)  # ours, or the one a user registered for X

        if inner is _LEAF_HOOKS.get(leaf):

            def optional_hook(value: Any, _: Any) -> Any:
                if value.__class__ is leaf or value is None:
                    return value
                return inner(value, leaf)

        else:

            def optional_hook(value: Any, _: Any) -> Any:
                return None if value is None else inner(value, leaf)

        return _mark_optional(optional_hook, tp)
    allowed = tuple(args)
    expected = " | ".join(getattr(a, "__name__", str(a)) for a in args)

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed):
            return value
        raise TypeError(f"expected {expected}, got {type(value).__name__}")

    return _mark_optional(hook, tp)


def _unstructure_enum(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _is_optional(tp: Any) -> bool:
    args = _union_args(tp)
    return args is not None and len(args) == 2 and _NONE_TYPE in args


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for a union with None (``X | Y`` for ``X | Y | None``), else None."""
    args = _union_args(tp)
    if not args or _NONE_TYPE not in args:
        return None
    rest = tuple(a for a in args if a is not _NONE_TYPE)
    return rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - runtime union


# --- the converter ------------------------------------------------------------------------


def make_converter(*, strict: bool = False, fast: bool = False) -> cattrs.Converter:
    """Build a converter; ``strict=True`` rejects unknown fields (for the test suite).

    ``fast=True`` (the runtime converter) structures models with generated functions
    (``fastpath``) and without cattrs' detailed validation; its errors carry no JSON
    path, so ``structure()`` re-runs a failing document through a detailed converter.
    """
    conv = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=not fast)

    for leaf, leaf_hook in _LEAF_HOOKS.items():
        conv.register_structure_hook(leaf, leaf_hook)
    conv.register_unstructure_hook(datetime, format_datetime)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _unstructure_enum
    )
    conv.register_unstructure_hook_func(_is_enum_union, _unstructure_enum)

    def optional_factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = next(a for a in typing.get_args(tp) if a is not _NONE_TYPE)
        if attrs.has(inner) and inner in _BUILDING:  # a model that contains itself

            def lazy(value: Any, _: Any) -> Any:
                return None if value is None else conv.get_structure_hook(inner)(value, inner)

            return _mark_optional(lazy, tp)
        inner_hook = conv.get_structure_hook(inner)
        if getattr(inner_hook, _MODEL_HOOK, False):
            # the converter's own model hook: one that also takes None, no extra call per object
            return _mark_optional(
                _attrs_structure_factory(inner, conv=conv, strict=strict, fast=fast, nullable=True),
                tp,
            )

        def hook(value: Any, _: Any) -> Any:
            return None if value is None else inner_hook(value, inner)

        return _mark_optional(hook, tp)

    # Registered last wins: the specific union rules go after the general optional one.
    # A hook a user registers for a union (``register_structure_hook(str | None, f)``) goes
    # to cattrs' union registry: these rules then step aside, so it wins.
    user_unions: Mapping[Any, Any] = getattr(conv, "_union_struct_registry", {})

    def unless_user(rule: Callable[[Any], bool]) -> Callable[[Any], bool]:
        return lambda tp: rule(tp) and tp not in user_unions

    conv.register_structure_hook_factory(unless_user(_is_optional), optional_factory)
    conv.register_structure_hook_factory(
        unless_user(_is_scalar_union), functools.partial(_make_scalar_union_hook, conv=conv)
    )
    conv.register_structure_hook_factory(unless_user(_is_enum_union), _make_enum_union_hook)
    conv.register_structure_hook_factory(
        attrs.has,
        functools.partial(_attrs_structure_factory, conv=conv, strict=strict, fast=fast),
    )
    conv.register_unstructure_hook_factory(
        attrs.has, functools.partial(_attrs_unstructure_factory, conv=conv)
    )
    return conv


def _overrides(cls: type) -> tuple[dict[str, Any], dict[str, str], bool]:
    attrs.resolve_types(cls)
    names = wire_names(cls)
    kwargs: dict[str, Any] = {name: override(rename=wire) for name, wire in names.items()}
    has_extra = any(a.name == EXTRA_ATTRIBUTE for a in attrs.fields(cls))
    if has_extra:
        kwargs[EXTRA_ATTRIBUTE] = override(omit=True)
    return kwargs, names, has_extra


_BUILDING: set[type] = set()
#: Attribute marking the converter's own structure hooks for attrs classes.
_MODEL_HOOK = "rc_model_hook"
#: ``fastpath.twin_class`` per model class (weak keys: a user's class may go away).
_TWINS: weakref.WeakKeyDictionary[type, type | None] = weakref.WeakKeyDictionary()


def _attrs_structure_factory(
    cls: type, *, conv: cattrs.Converter, strict: bool, fast: bool = False, nullable: bool = False
) -> Callable[[Any, Any], Any]:
    kwargs, names, has_extra = _overrides(cls)
    if fast and not strict and cls not in _BUILDING:
        _BUILDING.add(cls)
        try:
            generated = make_fast_structure_fn(
                cls,
                names=names,
                extra_attribute=EXTRA_ATTRIBUTE,
                leaf_hooks=_LEAF_HOOKS,
                hook_for=functools.partial(_hook_for, conv),
                nullable=nullable,
                twins=_TWINS,
            )
        finally:
            _BUILDING.discard(cls)
        if generated is not None:
            setattr(generated, _MODEL_HOOK, True)
            return generated
    # cattrs' generated function (detailed validation: every failing field with its path).
    base: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=strict, **kwargs
    )
    known = frozenset(names.values())
    cls_name = cls.__name__
    setattr_ = object.__setattr__

    def hook(data: Any, _: Any) -> Any:
        if data.__class__ is not dict and not isinstance(data, Mapping):
            if data is None and nullable:
                return None
            raise TypeError(f"expected a JSON object for {cls_name}, got {type(data).__name__}")
        obj = base(data, cls)
        if has_extra and not known.issuperset(data):
            setattr_(obj, EXTRA_ATTRIBUTE, {k: v for k, v in data.items() if k not in known})
        return obj

    setattr(hook, _MODEL_HOOK, True)
    return hook


def _mentions_building(tp: Any) -> bool:
    if isinstance(tp, type) and tp in _BUILDING:
        return True
    return any(_mentions_building(arg) for arg in typing.get_args(tp))


def _hook_for(conv: cattrs.Converter, tp: Any) -> Callable[[Any, Any], Any]:
    """The converter's hook for ``tp``; looked up lazily for a model being generated."""
    if _mentions_building(tp):  # a model that contains itself
        return lambda value, t: conv.get_structure_hook(t)(value, t)
    return conv.get_structure_hook(tp)


def _attrs_unstructure_factory(cls: type, *, conv: cattrs.Converter) -> Callable[[Any], Any]:
    kwargs, _, has_extra = _overrides(cls)
    base: Callable[[Any], Any] = make_dict_unstructure_fn(
        cls, conv, _cattrs_omit_if_default=True, **kwargs
    )
    if not has_extra:
        return base

    def hook(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = base(obj)
        extra = getattr(obj, EXTRA_ATTRIBUTE)
        if extra:
            for key, value in extra.items():
                data.setdefault(key, value)  # a known field wins over a stale extra copy
        return data

    return hook


@functools.cache
def runtime_converter() -> cattrs.Converter:
    """The shared runtime converter (keeps unknown fields in ``extra``; fast path)."""
    return make_converter(fast=True)


@functools.cache
def detailed_converter() -> cattrs.Converter:
    """Like the runtime converter, but its errors name every failing JSON path."""
    return make_converter()


@functools.cache
def strict_converter() -> cattrs.Converter:
    """A shared converter that raises on unknown fields (used by the tests)."""
    return make_converter(strict=True)


def _describe(exc: BaseException, cls: Any) -> str:
    name = getattr(cls, "__name__", str(cls))
    try:
        messages = cattrs.transform_error(exc, path="$")
    except Exception:  # pragma: no cover - defensive: never mask the original error
        messages = [str(exc)]
    shown = "; ".join(messages[:5])
    if len(messages) > 5:
        shown += f"; ... ({len(messages) - 5} more)"
    return f"cannot decode {name}: {shown}"


_DECODE_ERRORS = (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError)


def structure(data: Any, cls: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """Decoded JSON -> ``cls`` (a model, ``list[Model]``...); DecodeError if it won't fit."""
    conv = converter or runtime_converter()
    try:
        return conv.structure(data, cls)
    except _DECODE_ERRORS as exc:
        if converter is None:  # the fast path: find the failing paths with the detailed one
            try:
                detailed_converter().structure(data, cls)
            except _DECODE_ERRORS as detailed:
                raise DecodeError(_describe(detailed, cls)) from detailed
        raise DecodeError(_describe(exc, cls)) from exc


def structure_many(
    items: Iterable[Any], cls: type[T], *, converter: cattrs.Converter | None = None
) -> list[T]:
    """Every item (a page's records) -> ``cls`` in one call; the same results and errors as
    ``[structure(item, cls) for item in items]``, without a dispatch per item.

    The converter's hook for ``cls`` is looked up on every call, so a hook registered
    meanwhile applies.
    """
    items = items if isinstance(items, list) else list(items)
    hook = (converter or runtime_converter()).get_structure_hook(cls)
    try:
        return [hook(item, cls) for item in items]
    except _DECODE_ERRORS as exc:
        failure: BaseException = exc
    for item in items:  # the first failing item, with the message structure() gives it
        structure(item, cls, converter=converter)
    raise DecodeError(_describe(failure, cls)) from failure  # a hook that failed only once


def unstructure(obj: Any, *, converter: cattrs.Converter | None = None) -> Any:
    """A model (or list/dict of models) -> JSON-ready data with camelCase keys."""
    return (converter or runtime_converter()).unstructure(obj)
