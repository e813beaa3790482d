"""Schema -> Python type: the model and enum definitions the spec needs (no output here).

The rules (the fake's samples follow the same ones, see ``codegen/samples.py``):

- an object with properties is a model class; ``allOf`` with a ``$ref`` to a model is a
  subclass of it (the other parts' properties are added; a second model ``$ref`` is merged in);
- ``oneOf`` / ``anyOf`` of objects is one model with the union of every alternative's
  properties (the platform tells the shape apart by a field; every field is optional);
- an object with only ``additionalProperties`` is ``dict[str, X]``; one with neither is
  ``dict[str, Any]``;
- a string enum is an open ``StrEnum`` (``E | str``: a value the spec does not list is kept as
  a plain string); other enums are their base type;
- ``date-time`` strings are aware datetimes; every other string (``date`` included) is ``str``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import naming
from .overrides import model_names
from .spec import ref_name, schemas

Schema = Mapping[str, Any]


#: Wire names of fields that hold a secret (passwords, PINs, tokens): kept out of ``repr``.
SECRET_FIELD = re.compile(
    r"(?i)(password|secret|^pin$|pin$|^(access|refresh|id|ws_access)_token$|"
    r"^(verification|voicecall|avatar)token$)"
)


@dataclass
class FieldDef:
    """One attribute of a model: its name, wire name and annotation (without ``| None``)."""

    attr: str
    wire: str
    annotation: str
    description: str

    @property
    def secret(self) -> bool:
        """A string field holding a secret: left out of the model's ``repr``."""
        return self.annotation == "str" and SECRET_FIELD.search(self.wire) is not None


@dataclass
class ModelDef:
    """One generated attrs model."""

    name: str
    source: str  # the component schema, or the inline position it comes from
    description: str
    base: str | None = None
    fields: list[FieldDef] = field(default_factory=list)
    deps: set[str] = field(default_factory=set)  # classes its annotations or base name
    deprecated: bool = False


@dataclass
class EnumDef:
    """One generated open string enum."""

    name: str
    source: str
    description: str
    values: list[str]


def _first_line(text: str | None) -> str:
    for line in (text or "").strip().splitlines():
        line = line.strip()
        if line:
            return line
    return ""


_SCALARS = {"integer": "int", "number": "float", "boolean": "bool"}


class TypeBuilder:
    """Builds (once each) the models and enums that schemas need, and names them."""

    def __init__(self) -> None:
        self.components = schemas()
        self.models: dict[str, ModelDef] = {}
        self.enums: dict[str, EnumDef] = {}
        self._component_types: dict[str, str] = {}
        self._overrides = model_names()
        self._taken: set[str] = set()
        self._reserved = {self._component_class_name(n) for n in self.components}

    # -- names ----------------------------------------------------------------------------

    def _component_class_name(self, name: str) -> str:
        return self._overrides.get(name) or naming.pascal(name)

    def _inline_name(self, owner: str, prop: str) -> str:
        wanted = owner + naming.pascal(prop)
        name, n = wanted, 2
        while name in self._taken or name in self._reserved:
            name, n = f"{wanted}{n}", n + 1
        self._taken.add(name)
        return name

    # -- types ----------------------------------------------------------------------------

    def component(self, name: str) -> str:
        """The annotation for a ``$ref`` to component ``name`` (building its class once)."""
        if name in self._component_types:
            return self._component_types[name]
        schema = self.components[name]
        cls = self._component_class_name(name)
        if self._is_model(schema):
            self._taken.add(cls)
            self._component_types[name] = cls
            self._build_model(cls, name, schema)
            return cls
        if self._string_enum(schema):
            self._taken.add(cls)
            self._component_types[name] = f"{cls} | str"
            self.enums[cls] = EnumDef(
                cls, name, _first_line(schema.get("description")), self._values(schema)
            )
            return self._component_types[name]
        self._component_types[name] = "Any"  # a placeholder while resolving a loop
        annotation = self.annotation(schema, owner=cls, prop="")
        self._component_types[name] = annotation
        return annotation

    @staticmethod
    def _values(schema: Schema) -> list[str]:
        seen: list[str] = []
        for v in schema["enum"]:
            if v is not None and str(v) not in seen:
                seen.append(str(v))
        return seen

    @staticmethod
    def _string_enum(schema: Schema) -> bool:
        values = schema.get("enum")
        return (
            bool(values)
            and schema.get("type", "string") == "string"
            and all(isinstance(v, str) or v is None for v in values)
        )

    @staticmethod
    def _is_model(schema: Schema) -> bool:
        if any(k in schema for k in ("allOf", "oneOf", "anyOf")):
            return True
        return bool(schema.get("properties"))

    def annotation(self, schema: Schema, *, owner: str, prop: str) -> str:
        """The annotation of an inline schema at ``owner.prop`` (inline classes named so)."""
        if not isinstance(schema, Mapping):
            return "Any"
        ref = ref_name(schema)
        if ref is not None:
            return self.component(ref)
        if self._is_model(schema):
            if self._single_ref(schema):
                return self.annotation(schema["allOf"][0], owner=owner, prop=prop)
            cls = self._inline_name(owner, prop or "Item")
            self._build_model(cls, f"{owner}.{prop}", schema)
            return cls
        kind = schema.get("type")
        if self._string_enum(schema):
            cls = self._inline_name(owner, prop or "Value")
            self.enums[cls] = EnumDef(
                cls, f"{owner}.{prop}", _first_line(schema.get("description")), self._values(schema)
            )
            return f"{cls} | str"
        if kind == "string":
            return "datetime" if schema.get("format") == "date-time" else "str"
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "array":
            item = self.annotation(schema.get("items") or {}, owner=owner, prop=f"{prop}Item")
            return f"list[{item}]"
        additional = schema.get("additionalProperties")
        if isinstance(additional, Mapping) and additional:
            value = self.annotation(additional, owner=owner, prop=f"{prop}Value")
            return f"dict[str, {value}]"
        if kind == "object":
            return "dict[str, Any]"
        return "Any"

    @staticmethod
    def _single_ref(schema: Schema) -> bool:
        """``allOf: [$ref]`` alone (a description wrapper around another schema)."""
        parts = schema.get("allOf")
        return (
            isinstance(parts, list)
            and len(parts) == 1
            and ref_name(parts[0]) is not None
            and not schema.get("properties")
            and "oneOf" not in schema
            and "anyOf" not in schema
        )

    # -- models ---------------------------------------------------------------------------

    def _model_base(self, schema: Schema) -> str | None:
        """The first ``allOf`` part that is a model ``$ref``: the base class."""
        for part in schema.get("allOf", []):
            ref = ref_name(part)
            if ref is not None and self._is_model(self.components[ref]):
                return ref
        return None

    def _properties(self, schema: Schema, skip_ref: str | None) -> list[tuple[str, Schema]]:
        """Every property of ``schema``, merged over allOf/oneOf/anyOf (the base's skipped)."""
        out: dict[str, Schema] = {}

        def collect(node: Schema, depth: int) -> None:
            if depth > 20:
                return
            ref = ref_name(node)
            if ref is not None:
                if ref == skip_ref and depth == 1:
                    return
                collect(self.components[ref], depth + 1)
                return
            for part in node.get("allOf", []):
                collect(part, depth + 1)
            for key in ("oneOf", "anyOf"):
                for part in node.get(key, []):
                    collect(part, depth + 1)
            for name, prop in (node.get("properties") or {}).items():
                out[name] = _merged(out[name], prop) if name in out else prop

        collect(schema, 0)
        return list(out.items())

    def _build_model(self, cls: str, source: str, schema: Schema) -> None:
        base_ref = self._model_base(schema)
        model = ModelDef(
            name=cls,
            source=source,
            description=_first_line(schema.get("description")),
            deprecated=bool(schema.get("deprecated")),
        )
        self.models[cls] = model
        inherited: set[str] = set()
        if base_ref is not None:
            model.base = self.component(base_ref)
            model.deps.add(model.base)
            inherited = self._inherited_wires(model.base)
        used_attrs = self._inherited_attrs(model.base)
        for wire, prop in self._properties(schema, base_ref):
            if wire in inherited:
                continue
            annotation = self.annotation(prop, owner=cls, prop=wire)
            attr = naming.snake(wire)
            if attr in naming.RESERVED_ATTRIBUTES:
                attr += "_"
            while attr in used_attrs:
                attr += "_"
            used_attrs.add(attr)
            model.fields.append(
                FieldDef(attr, wire, annotation, _first_line(prop.get("description")))
            )
            model.deps.update(_names_in(annotation))

    def _inherited_wires(self, base: str | None) -> set[str]:
        wires: set[str] = set()
        while base is not None:
            wires.update(f.wire for f in self.models[base].fields)
            base = self.models[base].base
        return wires

    def _inherited_attrs(self, base: str | None) -> set[str]:
        attrs_: set[str] = set()
        while base is not None:
            attrs_.update(f.attr for f in self.models[base].fields)
            base = self.models[base].base
        return attrs_


def _merged(first: Schema, second: Schema) -> Schema:
    """One property named by two alternatives: their string enums' values united (so that
    ``transportType`` of a merged delivery mode lists every transport), else the first."""
    values = first.get("enum"), second.get("enum")
    if all(isinstance(v, list) for v in values) and "$ref" not in first and "$ref" not in second:
        united = list(values[0] or [])
        united += [v for v in values[1] or [] if v not in united]
        return {**first, "enum": united}
    return first


_BUILTIN = {"list", "dict", "str", "int", "float", "bool", "Any", "datetime", "None"}


def _names_in(annotation: str) -> set[str]:
    """Class names an annotation mentions (builtins and typing names excluded)."""
    return {w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation) if w not in _BUILTIN}
