"""attrs models built from the packaged compact schemas by the generated models' contract.

The contract (issue 17): ``allOf`` merged, ``oneOf``/``anyOf`` of objects one model with
every alternative's properties (the compact schemas are already flattened that way), an
object with only ``additionalProperties`` a dict, every property optional, unknown keys
kept in ``extra`` (and rejected by the strict converter). Used to prove that every sample
of the fake decodes under ``strict_converter()`` into such models.
"""

from __future__ import annotations

import keyword
import re
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ringcentral_async._serde import WIRE_NAME

Node = Mapping[str, Any]


class ContractModels:
    """Models (attrs classes) for the component schemas of ``table``, built on demand."""

    def __init__(self, table: Mapping[str, Node]) -> None:
        self.table = table
        self.ns: dict[str, Any] = {
            "Any": Any,
            "Optional": typing.Optional,
            "Mapping": Mapping,
            "datetime": datetime,
        }
        self._built: list[type] = []
        self._inline = 0

    def type_of(self, node: Node) -> Any:
        """The Python type a value of ``node`` decodes to (every model resolved)."""
        expr = self._expr(node)
        for cls in self._built:
            attrs.resolve_types(cls, globalns=self.ns)
        return eval(expr, self.ns)  # an expression built here from known names only

    def _expr(self, node: Node) -> str:
        if "$ref" in node:
            name = node["$ref"]
            target = self.table[name]
            if target.get("properties"):
                return self._model(_ident("M_" + name), target)
            return self._expr(target)
        if "anyOf" in node:
            return "Any"  # mixed kinds (string or object ...): the contract leaves it open
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            if node.get("properties"):
                self._inline += 1
                return self._model(f"Inline{self._inline}", node)
            extra = node.get("additionalProperties")
            value = self._expr(extra) if isinstance(extra, Mapping) else "Any"
            return f"dict[str, {value}]"
        if kind == "array":
            return f"list[{self._expr(node.get('items', {}))}]"
        if kind == "string":
            return "datetime" if node.get("format") == "date-time" else "str"
        return {"integer": "int", "number": "float", "boolean": "bool"}.get(kind or "", "Any")

    def _model(self, name: str, node: Node) -> str:
        if name in self.ns:
            return name
        self.ns[name] = None  # a model that contains itself refers to its name
        fields: dict[str, Any] = {}
        for i, (wire, sub) in enumerate(node["properties"].items()):
            attr = f"f{i}_{_ident(wire).lower()}".rstrip("_")
            if keyword.iskeyword(attr):
                attr += "_"
            fields[attr] = _field(
                default=None, type=f"Optional[{self._expr(sub)}]", metadata={WIRE_NAME: wire}
            )
        fields["extra"] = _field(factory=dict, eq=False, repr=False, type="Mapping[str, Any]")
        cls = attrs.make_class(name, fields, frozen=True, kw_only=True)
        self.ns[name] = cls
        self._built.append(cls)
        return name


def _field(**options: Any) -> Any:
    """``attrs.field`` with a string type (resolved later against the models' names)."""
    return attrs.field(**options)


def _ident(text: str) -> str:
    return re.sub(r"\W", "_", text)
