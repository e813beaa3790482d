"""The one cattrs converter: JSON (camelCase) <-> attrs models (snake_case).  Layer 1.

It works generically on any attrs class (it imports nothing from ``models``). The value
hooks (wire names, datetimes, leaf types, open enums, scalar unions) live in ``wire``; this
module assembles them with the model hooks into converters:

- unknown fields land in the model's ``extra`` mapping (runtime converter) and are written
  back on unstructure; the strict converter (``strict_converter()``) rejects them instead, so
  the test suite catches a misspelled field name;
- ``None`` fields are left out on unstructure (a request body carries only what was set);
- the runtime converter structures models with the generated functions of ``fastpath``; a
  failing document is re-run through the detailed converter for the error message.

Any bad shape raises :class:`ringcentral_async._errors.DecodeError` naming the JSON path.
"""

from __future__ import annotations

import enum
import functools
import typing
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._errors import DecodeError
from .._protocol import parser_keys
from .fastpath import make_fast_structure_fn
from .wire import (
    EXTRA_ATTRIBUTE,
    LEAF_HOOKS,
    NONE_TYPE,
    format_datetime,
    is_enum_union,
    is_optional,
    is_scalar_union,
    make_enum_union_hook,
    make_scalar_union_hook,
    mark_optional,
    unstructure_enum,
    wire_names,
)

__all__ = [
    "make_converter",
    "runtime_converter",
    "strict_converter",
    "structure",
    "structure_many",
    "unstructure",
]

T = TypeVar("T")


# --- the converter ------------------------------------------------------------------------


def make_converter(*, strict: bool = False, fast: bool = False) -> cattrs.Converter:
    """Build a converter; ``strict=True`` rejects unknown fields (for the test suite).

    ``fast=True`` (the runtime converter) structures models with generated functions
    (``fastpath``) and without cattrs' detailed validation; its errors carry no JSON
    path, so ``structure()`` re-runs a failing document through a detailed converter.
    """
    conv = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=not fast)

    for leaf, leaf_hook in LEAF_HOOKS.items():
        conv.register_structure_hook(leaf, leaf_hook)
    conv.register_unstructure_hook(datetime, format_datetime)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), unstructure_enum
    )
    conv.register_unstructure_hook_func(is_enum_union, unstructure_enum)

    def optional_factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = next(a for a in typing.get_args(tp) if a is not NONE_TYPE)
        if attrs.has(inner) and inner in _BUILDING:  # a model that contains itself

            def lazy(value: Any, _: Any) -> Any:
                return None if value is None else conv.get_structure_hook(inner)(value, inner)

            return mark_optional(lazy, tp)
        inner_hook = conv.get_structure_hook(inner)
        if getattr(inner_hook, _MODEL_HOOK, False):
            # the converter's own model hook: one that also takes None, no extra call per object
            return mark_optional(
                _attrs_structure_factory(inner, conv=conv, strict=strict, fast=fast, nullable=True),
                tp,
            )

        def hook(value: Any, _: Any) -> Any:
            return None if value is None else inner_hook(value, inner)

        return mark_optional(hook, tp)

    # Registered last wins: the specific union rules go after the general optional one.
    # A hook a user registers for a union (``register_structure_hook(str | None, f)``) goes
    # to cattrs' union registry: these rules then step aside, so it wins.
    user_unions: Mapping[Any, Any] = getattr(conv, "_union_struct_registry", {})

    def unless_user(rule: Callable[[Any], bool]) -> Callable[[Any], bool]:
        return lambda tp: rule(tp) and tp not in user_unions

    conv.register_structure_hook_factory(unless_user(is_optional), optional_factory)
    conv.register_structure_hook_factory(
        unless_user(is_scalar_union), functools.partial(make_scalar_union_hook, conv=conv)
    )
    conv.register_structure_hook_factory(unless_user(is_enum_union), make_enum_union_hook)
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
                leaf_hooks=LEAF_HOOKS,
                hook_for=functools.partial(_hook_for, conv),
                nullable=nullable,
                twins=_TWINS,
                keys=parser_keys(names.values()),
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


def _too_deep(cls: Any) -> DecodeError:
    """Nesting deeper than Python's recursion (a server answering a recursive schema, such as
    SCIM's ``subAttributes``, hundreds of levels deep): a DecodeError, not a RecursionError."""
    return DecodeError(f"the answer nests too deep to structure into {_name(cls)}")


def _name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def _recursed(exc: BaseException) -> bool:
    """A RecursionError inside a (detailed validation's nested) exception group."""
    stack, seen = [exc], 0
    while stack and seen < 10_000:
        current = stack.pop()
        seen += 1
        if isinstance(current, RecursionError):
            return True
        stack.extend(getattr(current, "exceptions", ()))
    return False


def structure(data: Any, cls: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """Decoded JSON -> ``cls`` (a model, ``list[Model]``...); DecodeError if it won't fit."""
    conv = converter or runtime_converter()
    try:
        return conv.structure(data, cls)
    except RecursionError:
        raise _too_deep(cls) from None
    except _DECODE_ERRORS as exc:
        if _recursed(exc):
            raise _too_deep(cls) from None
        if converter is None:  # the fast path: find the failing paths with the detailed one
            try:
                detailed_converter().structure(data, cls)
            except RecursionError:
                raise _too_deep(cls) from None
            except _DECODE_ERRORS as detailed:
                if _recursed(detailed):
                    raise _too_deep(cls) from None
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
    except RecursionError:
        raise _too_deep(cls) from None
    except _DECODE_ERRORS as exc:
        if _recursed(exc):
            raise _too_deep(cls) from None
        failure: BaseException = exc
    for item in items:  # the first failing item, with the message structure() gives it
        structure(item, cls, converter=converter)
    raise DecodeError(_describe(failure, cls)) from failure  # a hook that failed only once


def unstructure(obj: Any, *, converter: cattrs.Converter | None = None) -> Any:
    """A model (or list/dict of models) -> JSON-ready data with camelCase keys."""
    return (converter or runtime_converter()).unstructure(obj)
