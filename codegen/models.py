"""Emit the generated models: ``ringcentral_async/models/generated/<area>.py`` + a lazy index."""

from __future__ import annotations

from collections import defaultdict

from .index import lazy_index
from .output import HEADER
from .plan import COMMON, UNATTACHED, Plan, plan
from .text import docstring
from .types import EnumDef, ModelDef

PACKAGE = "ringcentral_async/models/generated"
_TITLES = {
    COMMON: "shared by several API areas",
    UNATTACHED: "of the schemas no operation names (event payloads, variants, request forms)",
}


def emit() -> tuple[dict[str, str], tuple[str, ...]]:
    """Every models module and the package index."""
    p = plan()
    by_module: dict[str, list[str]] = defaultdict(list)
    for name, module in p.module_of.items():
        by_module[module].append(name)
    files = {
        f"{PACKAGE}/{module}.py": _module(p, module, sorted(names))
        for module, names in sorted(by_module.items())
    }
    files[f"{PACKAGE}/__init__.py"] = _index(p)
    return files, (PACKAGE,)


def _ordered(p: Plan, names: list[str]) -> list[str]:
    """Enums first, then models with every base before its subclasses."""
    enums = [n for n in names if n in p.types.enums]
    models = [n for n in names if n in p.types.models]
    placed: set[str] = set()
    out: list[str] = []

    def place(name: str) -> None:
        if name in placed:
            return
        placed.add(name)
        base = p.types.models[name].base
        if base is not None and base in models:
            place(base)
        out.append(name)

    for name in models:
        place(name)
    return enums + out


def _module(p: Plan, module: str, names: list[str]) -> str:
    title = _TITLES.get(module) or (
        f"shared by the {module[: -len('_shared')].replace('_', ' ')} API areas"
        if module.endswith("_shared")
        else f"of the {module.replace('_', ' ')} API area"
    )
    lines = [
        HEADER.rstrip("\n"),
        *docstring(f"Models {title} (generated from the platform spec).", 0),
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from datetime import datetime",
        "from enum import StrEnum",
        "from typing import Any",
        "",
        "import attrs",
        "",
        "from .._base import WIRE_NAME, extra_field",
    ]
    imports = sorted(
        {
            dep
            for n in names
            if n in p.types.models
            for dep in p.types.models[n].deps
            if p.module_of.get(dep) not in (None, module)
        }
    )
    by_source: dict[str, list[str]] = defaultdict(list)
    for dep in imports:
        by_source[p.module_of[dep]].append(dep)
    for source, deps in sorted(by_source.items()):
        lines.append(f"from .{source} import {', '.join(deps)}")
    lines.append("")
    lines.append(f"__all__ = {sorted(names)!r}")
    for name in _ordered(p, names):
        lines.append("")
        lines.append("")
        if name in p.types.enums:
            lines.extend(_enum(p.types.enums[name]))
        else:
            lines.extend(_model(p.types.models[name]))
    return "\n".join(lines) + "\n"


def _enum(enum: EnumDef) -> list[str]:
    lines = [f"class {enum.name}(StrEnum):"]
    doc = enum.description or f"{enum.name} values"
    lines.extend(docstring(f"{doc} (unknown values are kept as plain strings).", 4))
    lines.append("")
    used: set[str] = set()
    for value in enum.values:
        from .naming import enum_member

        member = enum_member(value)
        while member in used:
            member += "_"
        used.add(member)
        lines.append(f"    {member} = {value!r}")
    return lines


def _model(model: ModelDef) -> list[str]:
    base = f"({model.base})" if model.base else ""
    lines = ["@attrs.frozen(kw_only=True, weakref_slot=False)", f"class {model.name}{base}:"]
    doc = model.description or f"The ``{model.source}`` object of the platform spec."
    if model.deprecated:
        doc += " Deprecated by the platform."
    lines.extend(docstring(doc, 4))
    lines.append("")
    from .naming import to_camel

    for f in model.fields:
        annotation = f"{f.annotation} | None"
        options = []
        if f.secret:
            options.append("repr=False")
        if to_camel(f.attr) != f.wire:
            options.append(f"metadata={{WIRE_NAME: {f.wire!r}}}")
        if options:
            lines.append(
                f"    {f.attr}: {annotation} = attrs.field(default=None, {', '.join(options)})"
            )
        else:
            lines.append(f"    {f.attr}: {annotation} = None")
    if model.base is None:
        lines.append("    extra: Mapping[str, Any] = extra_field()")
    if lines[-1] == "":
        lines.pop()
    return lines


def _index(p: Plan) -> str:
    doc = [
        "Every model and enum generated from the platform spec, by API area.",
        "",
        "Each area's module is imported on first use of one of its names (PEP 562), so importing",
        "this package costs nothing; type checkers see every name through the imports below.",
    ]
    return lazy_index(doc, p.module_of, "..._lazy")
