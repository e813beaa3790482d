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
    r"(?i)((?<!change)password|secret|pins?$|^(access|refresh|id|ws_access)_token$|^token$|"
    r"^(verification|voicecall|avatar)token$|^(encryption|subscriber)key$)"
)
#: Annotations that cannot hold a secret (``passwordProtected: bool``).
_NOT_SECRET = frozenset({"bool", "int", "float"})


@dataclass
class FieldDef:
    """One attribute of a model: its name, wire name and annotation (without ``| None``)."""

    attr: str
    wire: str
    annotation: str
    description: str

    @property
    def secret(self) -> bool:
        """A field holding a secret (a string, or an object of them: ``security.password``
        holds ``plainText``): left out of the model's ``repr``."""
        return self.annotation not in _NOT_SECRET and SECRET_FIELD.search(self.wire) is not None


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
_ALTERNATIVES = {"oneOf", "anyOf"}
#: Keys that only annotate a schema (an ``allOf`` part made only of these adds no type).
_ANNOTATIONS = {"description", "readOnly", "writeOnly", "example", "examples", "deprecated",
                "title", "default", "nullable", "externalDocs", "format"}  # fmt: skip


def _is_fragment(part: Any) -> bool:
    return isinstance(part, Mapping) and not part.keys() - _ANNOTATIONS


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
        if not isinstance(values, list) or not values:
            return False
        return schema.get("type", "string") == "string" and all(
            isinstance(v, str) or v is None for v in values
        )

    def _unwrap(self, schema: Schema) -> Schema:
        """``allOf`` of one real part and annotation fragments (description, readOnly ...)
        without properties of its own: that part (so ``allOf: [{description}, $ref]`` is the
        referenced schema)."""
        parts = schema.get("allOf")
        if not isinstance(parts, list) or schema.get("properties") or _ALTERNATIVES & schema.keys():
            return schema
        real = [p for p in parts if not _is_fragment(p)]
        if len(real) != 1:
            return schema
        return self._unwrap(real[0])

    def kind(self, schema: Schema, depth: int = 0) -> str:
        """``object``, ``string``, ``integer``, ``number``, ``boolean``, ``array``, ``map``,
        or ``any`` (alternatives of mixed kinds, or nothing said)."""
        if depth > 30:
            return "any"
        schema = self._unwrap(schema)
        ref = ref_name(schema)
        if ref is not None:
            return self.kind(self.components[ref], depth + 1)
        if schema.get("properties"):
            return "object"
        if "allOf" in schema:
            kinds = {self.kind(p, depth + 1) for p in schema["allOf"] if not _is_fragment(p)}
            return "object" if "object" in kinds else next(iter(kinds), "any")
        for key in _ALTERNATIVES:
            if key in schema:
                kinds = {self.kind(p, depth + 1) for p in schema[key]}
                if kinds == {"integer", "number"}:
                    return "number"
                return next(iter(kinds)) if len(kinds) == 1 else "any"
        kind = schema.get("type")
        if kind == "object" and schema.get("additionalProperties"):
            return "map"
        if isinstance(kind, str):
            return kind
        if "enum" in schema:
            return "string"
        return "map" if schema.get("additionalProperties") else "any"

    def _is_model(self, schema: Schema) -> bool:
        """An object described by properties (its own, or its parts' or alternatives')."""
        schema = self._unwrap(schema)
        if ref_name(schema) is not None:
            return False
        if schema.get("properties"):
            return True
        if not (_ALTERNATIVES | {"allOf"}) & schema.keys():
            return False
        return self.kind(schema) == "object"

    def _enum_values(self, schema: Schema, depth: int = 0) -> list[str]:
        """Every string enum value of a schema's alternatives (refs followed)."""
        if depth > 30:
            return []
        schema = self._unwrap(schema)
        ref = ref_name(schema)
        if ref is not None:
            return self._enum_values(self.components[ref], depth + 1)
        found = [v for v in schema.get("enum") or [] if isinstance(v, str)]
        for key in _ALTERNATIVES:
            for part in schema.get(key, []):
                found += [v for v in self._enum_values(part, depth + 1) if v not in found]
        return found

    def annotation(self, schema: Schema, *, owner: str, prop: str) -> str:
        """The annotation of an inline schema at ``owner.prop`` (inline classes named so)."""
        if not isinstance(schema, Mapping):
            return "Any"
        unwrapped = self._unwrap(schema)
        if unwrapped is not schema:
            return self.annotation(unwrapped, owner=owner, prop=prop)
        ref = ref_name(schema)
        if ref is not None:
            return self.component(ref)
        if self._is_model(schema):
            cls = self._inline_name(owner, prop or "Item")
            self._build_model(cls, f"{owner}.{prop}", schema)
            return cls
        if _ALTERNATIVES & schema.keys():
            return self._alternatives(schema, owner=owner, prop=prop)
        kind = schema.get("type")
        if self._string_enum(schema):
            return self._open_enum(owner, prop, schema, self._values(schema))
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

    def _alternatives(self, schema: Schema, *, owner: str, prop: str) -> str:
        """``oneOf`` / ``anyOf`` of values that are not all objects: one Python type when the
        alternatives agree on a kind (strings: an open enum of every listed value), else Any."""
        kind = self.kind(schema)
        if kind == "string":
            values = self._enum_values(schema)
            return self._open_enum(owner, prop, schema, values) if values else "str"
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "array":
            return "list[Any]"
        if kind == "map":
            return "dict[str, Any]"
        return "Any"

    def _open_enum(self, owner: str, prop: str, schema: Schema, values: list[str]) -> str:
        if prop:
            cls = self._inline_name(owner, prop)
        else:  # a component that is an enum in all but name
            cls = owner if owner not in self._taken else self._inline_name(owner, "Value")
            self._taken.add(cls)
        self.enums[cls] = EnumDef(
            cls,
            f"{owner}.{prop}" if prop else owner,
            _first_line(schema.get("description")),
            values,
        )
        return f"{cls} | str"

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
        if base_ref is not None:
            model.base = self.component(base_ref)
            model.deps.add(model.base)
        base_fields = self.all_fields(model.base)
        inherited = {f.wire for f in base_fields}
        used_attrs = {f.attr for f in base_fields}
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

    def all_fields(self, cls: str | None) -> list[FieldDef]:
        """The fields of a model and of its bases (none for None)."""
        fields: list[FieldDef] = []
        while cls is not None:
            model = self.models[cls]
            fields.extend(model.fields)
            cls = model.base
        return fields


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
