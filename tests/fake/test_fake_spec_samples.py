"""The fake's response samples fit their schema as the generated models will read them.

Two independent checks of the packaged samples (``_spec_data/samples.json``): a walker of
this file (only declared keys; leaves of the declared type and format) and a decode of every
sample under the strict converter into attrs models built by the models' contract
(``_contract_models``), which rejects any key the model does not declare.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import cattrs
import pytest

from ringcentral_async._serde import make_converter
from ringcentral_async.testing._spec_routes import operations, samples, schemas

from ._contract_models import ContractModels
from ._spec_requests import resolve

_LEAF: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}


def json_operations() -> list[Mapping[str, Any]]:
    return [op for op in operations() if op["type"] == "application/json" and op["schema"]]


def declared_problems(node: Mapping[str, Any], value: Any, where: str = "$") -> list[str]:
    """Keys the schema does not declare, and leaves of the wrong type or format."""
    node = resolve(node)
    if "anyOf" in node:
        found = [declared_problems(alt, value, where) for alt in node["anyOf"]]
        return [] if [] in found else found[0]
    if isinstance(value, dict):
        props = node.get("properties") or {}
        extra = node.get("additionalProperties")
        if not props:
            if not isinstance(extra, Mapping):
                return []
            return [p for k, v in value.items() for p in declared_problems(extra, v, where)]
        out = [f"{where}.{k} undeclared" for k in value if k not in props]
        for key in value.keys() & props.keys():
            out += declared_problems(props[key], value[key], f"{where}.{key}")
        return out
    if isinstance(value, list):
        assert node.get("type") == "array", where
        return [p for v in value for p in declared_problems(node.get("items", {}), v, where)]
    kind = node.get("type")
    if kind in _LEAF and (not isinstance(value, _LEAF[kind]) or (
        isinstance(value, bool) and kind != "boolean"
    )):  # fmt: skip
        return [f"{where}: {value!r} is not {kind}"]
    if node.get("format") == "date-time":
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        assert value.endswith("Z"), where
    if node.get("format") == "date":
        date.fromisoformat(value)
    if node.get("enum") and value not in node["enum"]:
        return [f"{where}: {value!r} not in the enum"]
    return []


def test_every_json_sample_declares_only_schema_keys() -> None:
    found = samples()
    json_ops = json_operations()
    assert len(json_ops) > 400 and len(found) == len(json_ops)
    for op in json_ops:
        sample = found[op["id"]]
        assert sample, op["id"]
        assert declared_problems(op["schema"], sample) == [], op["id"]


def test_every_json_sample_decodes_under_the_strict_converter() -> None:
    models = ContractModels(schemas())
    converter = make_converter(strict=True)
    for op in json_operations():
        converter.structure(samples()[op["id"]], models.type_of(op["schema"]))


def test_the_checks_can_fail() -> None:
    """An undeclared key fails both checks; a wrong leaf type fails the walker."""
    (op,) = [op for op in operations() if op["id"] == "readExtension"]
    sample = {**samples()["readExtension"], "notDeclared": 1}
    assert declared_problems(op["schema"], sample) == ["$.notDeclared undeclared"]
    with pytest.raises(cattrs.ClassValidationError):
        make_converter(strict=True).structure(
            sample, ContractModels(schemas()).type_of(op["schema"])
        )
    wrong = {**samples()["readExtension"], "hidden": "yes"}
    assert declared_problems(op["schema"], wrong) == ["$.hidden: 'yes' is not boolean"]
