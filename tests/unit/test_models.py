"""Every model over payloads assembled from the platform's OpenAPI spec (strict converter).

The fixtures in tests/fixtures/spec_examples/ are written by scripts/extract_spec_examples.py:
each holds every property of one spec schema, so a misspelled field name fails here.
"""

from __future__ import annotations

import enum
import json
import re
import types
import typing
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

import ringcentral_async.models as models
from ringcentral_async._serde.converter import (
    strict_converter,
    structure,
    unstructure,
)
from ringcentral_async._serde.wire import EXTRA_ATTRIBUTE, parse_datetime, wire_names

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "spec_examples"
CASES = sorted(FIXTURES.glob("*.json"))


def _load(path: Path) -> tuple[type[Any], Any]:
    doc = json.loads(path.read_text())
    return getattr(models, doc["model"]), doc["payload"]


def _same(wire: Any, back: Any, where: str = "$") -> None:
    """``back`` carries the same keys as ``wire`` and equal values (datetimes compared parsed)."""
    if isinstance(wire, dict):
        assert isinstance(back, dict), where
        assert set(back) == set(wire), f"{where}: {set(wire) ^ set(back)}"
        for key, value in wire.items():
            _same(value, back[key], f"{where}.{key}")
    elif isinstance(wire, list):
        assert isinstance(back, list) and len(back) == len(wire), where
        for i, (a, b) in enumerate(zip(wire, back, strict=True)):
            _same(a, b, f"{where}[{i}]")
    elif isinstance(wire, str) and isinstance(back, str) and wire != back:
        assert parse_datetime(wire) == parse_datetime(back), where
    else:
        assert back == wire, f"{where}: {wire!r} != {back!r}"


def test_fixtures_exist() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_strict_structure_and_round_trip(path: Path) -> None:
    cls, payload = _load(path)
    # The strict converter refuses any field the model does not map, so the round trip
    # only holds if every wire field went to a typed attribute and came back unchanged.
    obj = structure(payload, cls, converter=strict_converter())
    _same(payload, unstructure(obj))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_unknown_field_kept_by_runtime_rejected_by_strict(path: Path) -> None:
    cls, payload = _load(path)
    payload = {**payload, "someFieldAddedLater": {"x": [1, 2]}}
    obj = structure(payload, cls)
    assert obj.extra == {"someFieldAddedLater": {"x": [1, 2]}}
    assert unstructure(obj)["someFieldAddedLater"] == {"x": [1, 2]}
    with pytest.raises(Exception, match="someFieldAddedLater"):
        structure(payload, cls, converter=strict_converter())


def _all_models() -> list[type]:
    return [
        obj
        for name in models.__all__
        if attrs.has(obj := getattr(models, name)) and isinstance(obj, type)
    ]


@pytest.mark.parametrize("cls", _all_models(), ids=lambda c: c.__name__)
def test_model_shape(cls: type) -> None:
    """frozen, slots, keyword-only, an ``extra`` mapping, and every model covered by a fixture.

    No ``__weakref__`` slot: the decoder builds an instance as a mutable twin with the same
    slots and switches its class, which CPython allows only for that layout.
    """
    assert "__slots__" in cls.__dict__
    assert "__weakref__" not in cls.__slots__ and cls.__weakrefoffset__ == 0  # type: ignore[attr-defined]
    fields = attrs.fields(cls)
    assert all(a.kw_only for a in fields)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*_?", a.name) for a in fields)
    assert fields[-1].name == "extra"
    obj = cls()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        obj.extra = {}
    assert obj.extra == {}
    assert unstructure(obj) == {}
    assert EXTRA_ATTRIBUTE not in wire_names(cls)


def _reachable(root: type, seen: set[type]) -> None:
    if root in seen or not attrs.has(root):
        return
    seen.add(root)
    for a in attrs.fields(attrs.resolve_types(root)):
        stack: list[Any] = [a.type]
        while stack:
            tp = stack.pop()
            stack.extend(typing.get_args(tp))
            if isinstance(tp, type):
                _reachable(tp, seen)


def test_every_model_is_exercised_by_a_fixture() -> None:
    covered: set[type] = set()
    for path in CASES:
        _reachable(_load(path)[0], covered)
    missing = sorted(c.__name__ for c in set(_all_models()) - covered)
    assert missing == []


def test_ids_follow_the_platform() -> None:
    """Extension ids are integers, call-log ids strings (docs/platform.md §7-8)."""
    ext = structure({"id": 4001, "extensionNumber": "101"}, models.Extension)
    assert ext.id == 4001
    assert structure({"id": "4001"}, models.Extension).id == 4001
    rec = structure(
        {"id": "VgLcd1KWffJVzUA", "startTime": "2026-01-01T00:00:00Z"}, models.CallLogRecord
    )
    assert rec.id == "VgLcd1KWffJVzUA"
    assert isinstance(rec.start_time, datetime) and rec.start_time.tzinfo is not None


def _python_types(tp: Any) -> set[Any]:
    """The non-None members of an annotation (``X | Y | None`` -> {X, Y})."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return {t for arg in typing.get_args(tp) for t in _python_types(arg)}
    return set() if tp is type(None) else {tp}


def _fits(kind: str, tp: Any) -> bool:
    members = _python_types(tp)
    if kind == "string/date-time":
        return members == {datetime}
    if kind == "string":
        return str in members or any(
            isinstance(m, type) and issubclass(m, enum.StrEnum) for m in members
        )
    if kind == "object":
        return any(
            attrs.has(m) or m is Any or typing.get_origin(m) in (dict, Mapping) for m in members
        )
    if kind == "array":
        return any(typing.get_origin(m) is list for m in members)
    expected = {"integer": int, "number": float, "boolean": bool}[kind]
    return expected in members


def _annotation(cls: type, path: str) -> Any:
    """The annotation a JSON path (``$.records[].legs[].from.name``) lands on."""
    tp: Any = cls
    for segment in path.removeprefix("$.").split("."):
        wire, is_item = segment.removesuffix("[]"), segment.endswith("[]")
        (model,) = [m for m in _python_types(tp) if attrs.has(m)]
        by_wire = {w: a for a, w in wire_names(attrs.resolve_types(model)).items()}
        tp = attrs.fields_dict(model)[by_wire[wire]].type
        if is_item:
            (listed,) = [m for m in _python_types(tp) if typing.get_origin(m) is list]
            (tp,) = typing.get_args(listed)
    return tp


SPEC_TYPED = [p for p in CASES if "types" in json.loads(p.read_text())]


@pytest.mark.parametrize("path", SPEC_TYPED, ids=[p.stem for p in SPEC_TYPED])
def test_field_types_follow_the_spec(path: Path) -> None:
    """Every property's annotation matches the spec's type (ids: integer vs string...).

    The converter coerces "123" <-> 123, so only this comparison catches an id declared
    with the wrong type.
    """
    doc = json.loads(path.read_text())
    cls = getattr(models, doc["model"])
    wrong = {
        where: (kind, _annotation(cls, where))
        for where, kind in doc["types"].items()
        if not _fits(kind, _annotation(cls, where))
    }
    assert wrong == {}


def test_spec_types_cover_the_id_rules() -> None:
    """The fixtures carry the facts of docs/platform.md §7-8 (so the test above checks them)."""
    ext = json.loads((FIXTURES / "GetExtensionListInfoResponse.json").read_text())["types"]
    log = json.loads((FIXTURES / "CallLogRecord.json").read_text())["types"]
    assert ext["$.id"] == "integer" and log["$.id"] == "string"
    assert log["$.extension.id"] == "integer" and log["$.startTime"] == "string/date-time"
    assert len(SPEC_TYPED) >= 40


def _same_model(a: Any, b: Any, where: str = "$") -> None:
    """Field by field, ``extra`` included (attrs equality leaves ``extra`` out)."""
    assert type(a) is type(b), where
    if attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            _same_model(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_model(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fast_runtime_path_matches_the_detailed_converter(path: Path) -> None:
    """The generated structuring functions build exactly what cattrs' path builds."""
    from ringcentral_async._serde.converter import detailed_converter, runtime_converter

    cls, payload = _load(path)
    payload = {**payload, "someFutureField": {"x": [1, 2]}}
    fast = structure(payload, cls, converter=runtime_converter())
    slow = structure(payload, cls, converter=detailed_converter())
    _same_model(fast, slow)
    assert unstructure(fast) == unstructure(slow)
    assert fast.extra == {"someFutureField": {"x": [1, 2]}}
    assert attrs.evolve(fast) == fast  # a normal frozen instance (evolve goes through __init__)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fast.extra = {}
