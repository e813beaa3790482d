"""Generated structuring functions for the models: the runtime converter's fast path (layer 1).

cattrs' generated functions call the class's ``__init__``; for a frozen slotted attrs class
that sets every attribute through ``object.__setattr__``. For a model whose fields all default
to ``None`` (every model here), this module generates one straight-line function per class
that reads each wire key, converts the value only when it is not already of the right type,
and writes it into the instance:

- *twin*: when the class has the plain layout of the models (slots only, no ``__weakref__``,
  single inheritance from ``object`` through slotted classes, as generated models with an
  ``allOf`` base have), the instance is built as a mutable twin class with the very same
  layout, whose attribute writes the interpreter specialises, and its ``__class__`` is then
  switched to the model. Users only ever see the frozen model; the twin never escapes (an
  exception while building drops it).
- otherwise (a ``__weakref__`` slot) every slot is written through its descriptor (about
  twice as slow).

Keys are looked up with the strings the converter passes as ``keys`` (the JSON parser's own
key objects, ``_protocol.parser_keys``): orjson's dicts of more than five keys compare any
other equal string character by character, its own strings hit the identity check.

When it applies, and why it gives what cattrs gives (``tests/unit/test_serde_fastpath.py``
proves it on every fixture, ``test_serde_fastpath_inheritance.py`` on class hierarchies):
a class qualifies only if every field is ``X | None`` with default ``None``, no converter,
no validator, every field is a slot and every slot a field, and the class has no
``__attrs_pre_init__`` / ``__attrs_post_init__``; otherwise cattrs builds it. Each field is
structured with the converter's own hook for its type (so a hook a user registers wins),
and the conversion is inlined only where that hook is one of the converter's own
(``rc_optional_inner`` on an optional hook, the leaf hook itself, ``rc_enum_lookup`` on an
open-enum hook).

Errors raised here are plain exceptions without a JSON path; ``_serde.structure`` re-runs
a failing document through the detailed converter to build the message.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from datetime import UTC, datetime
from typing import Any

import attrs

__all__ = ["ENUM_LOOKUP", "OPTIONAL_INNER", "make_fast_structure_fn", "twin_class"]

#: Attribute of a converter hook for ``X | None`` that maps None to None and anything else
#: exactly as the converter's hook for ``X`` does (value: ``X``).
OPTIONAL_INNER = "rc_optional_inner"
#: Attribute of an open-enum hook (``E | str``): the value -> member mapping (a value found in
#: it structures to that member; any other value goes to the hook).
ENUM_LOOKUP = "rc_enum_lookup"

_NONE_TYPE = type(None)
_SCALARS = (str, int, float, bool)
Hook = Callable[[Any, Any], Any]


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None`` (or ``Optional[X]``), else None."""
    args = typing.get_args(tp)
    if _NONE_TYPE not in args:
        return None
    rest = tuple(a for a in args if a is not _NONE_TYPE)
    if len(rest) == 1:
        return rest[0]
    return typing.Union[rest]  # noqa: UP007 - a runtime union of the remaining arguments


def _linear_slotted_chain(cls: type) -> tuple[type, ...] | None:
    """``cls`` and its bases up to ``object`` when each has one base and ``__slots__``."""
    chain = cls.__mro__[:-1]
    if cls.__mro__[-1] is not object or type(cls) is not type:
        return None
    for klass in chain:
        if len(klass.__bases__) != 1 or "__slots__" not in klass.__dict__:
            return None
    return chain


def twin_class(cls: type) -> type | None:
    """A mutable class with the layout of ``cls`` that an instance can switch from, or None.

    For ``cls`` deriving from ``object``: a class with the same slots. For ``Child(Base)``
    (single inheritance, every class slotted): a subclass of ``Base`` adding ``Child``'s own
    slots (CPython switches ``__class__`` between two classes with the same base that add the
    same slots), with ``object``'s ``__setattr__``/``__delattr__``/``__init__`` so that its
    attribute writes are the generic, specialisable ones (``Base``'s frozen ``__setattr__``
    and its ``__init__`` are not used) and the inherited slots are written like its own.
    """
    chain = _linear_slotted_chain(cls)
    if chain is None or cls.__weakrefoffset__ or cls.__dictoffset__:
        return None
    if any(
        "__new__" in klass.__dict__ or "__init_subclass__" in klass.__dict__ for klass in chain[1:]
    ):
        return None  # creating or instantiating the twin would run a base's own code
    (base,) = cls.__bases__
    namespace: dict[str, Any] = {
        "__slots__": tuple(cls.__dict__["__slots__"]),
        "__module__": cls.__module__,
    }
    if base is not object:
        namespace["__setattr__"] = object.__setattr__
        namespace["__delattr__"] = object.__delattr__
        namespace["__init__"] = object.__init__
    twin = type(f"{cls.__name__}Builder", (base,), namespace)
    try:
        probe: Any = twin()
        probe.__class__ = cls
    except TypeError:  # pragma: no cover - a layout CPython will not switch between
        return None
    return twin


def _slot_fields_only(cls: type) -> bool:
    """Every field is a slot and every slot (``__weakref__``/``__dict__`` aside) a field.

    A slot that is no field (attrs' ``cache_hash`` slot, a user's own) would be left unset
    by a function that writes the fields only.
    """
    chain = _linear_slotted_chain(cls)
    if chain is None:
        return False
    names = {f.name for f in attrs.fields(cls)}
    slots: set[str] = set()
    for klass in chain:
        own = klass.__dict__["__slots__"]
        slots.update([own] if isinstance(own, str) else own)
    slots -= {"__weakref__", "__dict__"}
    if slots != names:
        return False
    for name in names:  # the slot's own descriptor, not something a subclass put over it
        owner = next(k for k in chain if name in k.__dict__)
        if not isinstance(owner.__dict__[name], types.MemberDescriptorType):
            return False
    return True


def _qualifies(cls: type, extra_attribute: str) -> bool:
    if not _slot_fields_only(cls):
        return False
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return False
    for field in attrs.fields(cls):
        if field.name == extra_attribute:
            continue
        if (
            field.default is not None
            or field.converter is not None
            or field.validator is not None
            or not field.init
            or _optional_inner(field.type) is None
        ):
            return False
    return True


def make_fast_structure_fn(
    cls: type,
    *,
    names: Mapping[str, str],
    extra_attribute: str,
    leaf_hooks: Mapping[Any, Hook],
    hook_for: Callable[[Any], Hook],
    nullable: bool,
    twins: MutableMapping[type, type | None] | None = None,
    keys: Mapping[str, str] | None = None,
) -> Hook | None:
    """A fast structuring function for ``cls``, or None if ``cls`` does not qualify.

    ``names`` maps attribute names to wire names; ``hook_for(tp)`` returns the converter's
    structure hook for a type (nested models get their own fast function through it);
    ``twins`` caches ``twin_class`` per class; ``keys`` maps wire names to equal strings the
    function looks keys up with (the JSON parser's own key objects: identity hits).
    """
    if not _qualifies(cls, extra_attribute):
        return None
    if twins is None:
        twin = twin_class(cls)
    else:
        if cls not in twins:
            twins[cls] = twin_class(cls)
        twin = twins[cls]
    namespace: dict[str, Any] = {
        "new": object.__new__,
        "build": twin,
        "cls": cls,
        "Mapping": Mapping,
        "nullable": nullable,
        "cls_name": cls.__name__,
    }
    lines = [
        "def structure(d, _):",
        "    if d.__class__ is not dict:",
        "        if d is None and nullable:",
        "            return None",
        "        if not isinstance(d, Mapping):",
        "            raise TypeError(",
        "                f'expected a JSON object for {cls_name}, got {type(d).__name__}')",
        "    o = build()" if twin is not None else "    o = new(cls)",
    ]

    def store(i: int, name: str) -> Callable[[str], str]:
        if twin is not None:
            return lambda value: f"o.{name} = {value}"
        owner = next(k for k in cls.__mro__ if name in k.__dict__)
        namespace[f"set{i}"] = owner.__dict__[name].__set__
        return lambda value: f"set{i}(o, {value})"

    fields = attrs.fields(cls)
    extra_index = next((i for i, f in enumerate(fields) if f.name == extra_attribute), -1)
    # count the keys read, unless two fields share a wire key (then n would count it twice)
    count = extra_index >= 0 and len(set(names.values())) == len(names)
    if count:
        lines.append("    n = 0")
    for i, field in enumerate(fields):
        if i == extra_index:
            continue
        key = names[field.name]
        if keys:  # a global: a constant would be interned back to the code's own string
            namespace[f"k{i}"] = keys.get(key, key)
            key_expr = f"k{i}"
        else:
            key_expr = repr(key)
        _field_lines(
            i,
            key_expr,
            field.type,
            hook_for,
            leaf_hooks,
            namespace,
            lines,
            count=count,
            store=store(i, field.name),
        )
    if extra_index >= 0:
        # n == len(d): every key is one read above (an unknown key sends it to the full check)
        namespace["known"] = frozenset(_keyed(keys, names.values()))
        lines.append("    if n == len(d):" if count else "    if known.issuperset(d):")
        lines.append("        x = {}")
        lines.append("    else:")
        lines.append("        x = {k: x for k, x in d.items() if k not in known}")
        lines.append(f"    {store(extra_index, extra_attribute)('x')}")
    if twin is not None:
        lines.append("    o.__class__ = cls")
    lines.append("    return o")
    code = compile("\n".join(lines) + "\n", f"<fast structure {cls.__qualname__}>", "exec")
    exec(code, namespace)
    fn: Hook = namespace["structure"]
    return fn


def _keyed(keys: Mapping[str, str] | None, names: Iterable[str]) -> list[str]:
    return [keys.get(n, n) for n in names] if keys else list(names)


def _field_lines(
    i: int,
    key: str,  # an expression: the key's literal, or the name of a global holding it
    tp: Any,
    hook_for: Callable[[Any], Hook],
    leaf_hooks: Mapping[Any, Hook],
    namespace: dict[str, Any],
    lines: list[str],
    *,
    count: bool,
    store: Callable[[str], str],
) -> None:
    """Lines that write the structured value of wire key ``key`` (type ``tp``) or None.

    ``store(expr)`` is the statement writing ``expr`` into the field. With ``count``, ``n``
    counts the keys present (null or not). An absent key costs one ``in`` test, no call.
    """
    lines.append(f"    if {key} in d:")
    if count:
        lines.append("        n += 1")
    hook = hook_for(tp)
    if not hasattr(hook, OPTIONAL_INNER):  # a hook the user registered for ``X | None``
        namespace[f"h{i}"], namespace[f"tp{i}"] = hook, tp
        lines.append(f"        v = h{i}(d[{key}], tp{i})")
    else:
        lines.append(f"        v = d[{key}]")
        lines.extend(_convert_lines(i, hook, hook_for, leaf_hooks, namespace))
    lines.append(f"        {store('v')}")
    lines.append("    else:")
    lines.append(f"        {store('None')}")


def _convert_lines(
    i: int,
    hook: Hook,
    hook_for: Callable[[Any], Hook],
    leaf_hooks: Mapping[Any, Hook],
    namespace: dict[str, Any],
) -> list[str]:
    """Lines converting ``v`` as the optional hook ``hook`` would (None stays None)."""
    inner = getattr(hook, OPTIONAL_INNER)
    inner_hook = hook_for(inner)
    namespace[f"tp{i}"] = inner
    if inner in _SCALARS and inner_hook is leaf_hooks.get(inner):
        namespace[f"t{i}"], namespace[f"h{i}"] = inner, inner_hook
        return [
            f"        if v.__class__ is not t{i} and v is not None:",
            f"            v = h{i}(v, None)",
        ]
    if hasattr(inner_hook, ENUM_LOOKUP):
        # a known value: its member (a subscript, the try costs nothing); anything else (a new
        # value, None, an unhashable or wrong type): the hook, None aside
        namespace[f"e{i}"], namespace[f"h{i}"] = getattr(inner_hook, ENUM_LOOKUP), inner_hook
        return [
            "        try:",
            f"            v = e{i}[v]",
            "        except (KeyError, TypeError):",
            "            if v is not None:",
            f"                v = h{i}(v, tp{i})",
        ]
    if inner is datetime and inner_hook is leaf_hooks.get(datetime):
        namespace["fromisoformat"], namespace["UTC"] = datetime.fromisoformat, UTC
        namespace[f"h{i}"] = inner_hook
        return [
            "        if v.__class__ is str:",
            "            v = fromisoformat(v)",
            "            if v.tzinfo is None:",
            "                v = v.replace(tzinfo=UTC)",
            "        elif v is not None:",
            f"            v = h{i}(v, tp{i})",
        ]
    namespace[f"h{i}"] = inner_hook
    return ["        if v is not None:", f"            v = h{i}(v, tp{i})"]
