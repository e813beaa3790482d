"""Generated structuring functions for the models: the runtime converter's fast path (layer 1).

cattrs' generated functions call the class's ``__init__``; for frozen slotted attrs classes
that sets every attribute through ``object.__setattr__`` and costs about twice as much as
writing the slots directly. For a model whose fields all default to ``None`` (every model
here), this module generates one straight-line function per class that reads each wire key,
converts the value only when it is not already of the right type, and writes the slot
through its descriptor. Frozen semantics for users are unchanged: only construction is
faster.

Errors raised here are plain exceptions without a JSON path; ``_serde.structure`` re-runs
a failing document through the detailed converter to build the message.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = ["make_fast_structure_fn"]

_NONE_TYPE = type(None)
_SCALARS = (str, int, float, bool)


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None`` (or ``Optional[X]``), else None."""
    args = typing.get_args(tp)
    if _NONE_TYPE not in args:
        return None
    rest = tuple(a for a in args if a is not _NONE_TYPE)
    if len(rest) == 1:
        return rest[0]
    return typing.Union[rest]  # noqa: UP007 - a runtime union of the remaining arguments


def make_fast_structure_fn(
    cls: type,
    *,
    names: Mapping[str, str],
    extra_attribute: str,
    leaf_hooks: Mapping[Any, Callable[[Any, Any], Any]],
    hook_for: Callable[[Any], Callable[[Any, Any], Any]],
    nullable: bool,
) -> Callable[[Any, Any], Any] | None:
    """A fast structuring function for ``cls``, or None if ``cls`` does not qualify.

    ``names`` maps attribute names to wire names; ``hook_for(tp)`` returns the converter's
    structure hook for a type (nested models get their own fast function through it).
    """
    fields = attrs.fields(cls)
    namespace: dict[str, Any] = {
        "new": cls.__new__,
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
        "    o = new(cls)",
    ]
    has_extra = False
    for i, field in enumerate(fields):
        if field.name == extra_attribute:
            has_extra = True
            namespace["set_extra"] = cls.__dict__[field.name].__set__
            continue
        inner = _optional_inner(field.type)
        if (
            field.default is not None
            or field.converter is not None
            or field.validator is not None
            or not field.init
            or inner is None
        ):
            return None  # not a plain optional field: let cattrs handle the class
        namespace[f"set{i}"] = cls.__dict__[field.name].__set__
        lines.append(f"    v = d.get({names[field.name]!r})")
        if inner in _SCALARS:
            namespace[f"t{i}"] = inner
            namespace[f"h{i}"] = leaf_hooks[inner]
            lines.append(f"    if v is not None and v.__class__ is not t{i}:")
            lines.append(f"        v = h{i}(v, None)")
        else:
            namespace[f"tp{i}"] = inner
            namespace[f"h{i}"] = hook_for(inner)
            lines.append("    if v is not None:")
            lines.append(f"        v = h{i}(v, tp{i})")
        lines.append(f"    set{i}(o, v)")
    if has_extra:
        namespace["known"] = frozenset(names.values())
        lines.append("    if known.issuperset(d):")
        lines.append("        set_extra(o, {})")
        lines.append("    else:")
        lines.append("        set_extra(o, {k: x for k, x in d.items() if k not in known})")
    lines.append("    return o")
    code = compile("\n".join(lines) + "\n", f"<fast structure {cls.__qualname__}>", "exec")
    exec(code, namespace)
    fn: Callable[[Any, Any], Any] = namespace["structure"]
    return fn
