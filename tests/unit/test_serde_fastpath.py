"""The generated fast path gives what cattrs gives: every model fixture, good and bad input.

The runtime converter builds models with generated functions (``_serde.fastpath``: a mutable
twin whose class is switched to the frozen model). The reference is cattrs' own generated
structuring (``make_converter(fast=False)``: same hooks, no fast path). For every fixture of
tests/fixtures/spec_examples (the ones tests/unit/test_models.py runs), for an unknown field
added at every level, and for a wrong value put in every field, both paths must give equal
objects (``extra``, enums, datetimes and nested lists compared field by field) or both raise
DecodeError.
"""

from __future__ import annotations

import copy
import gc
import itertools
import json
import pickle
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from _serde_compare import (
    REFERENCE,
    assert_same_outcome,
    corruptions,
    replace_at,
    same_model,
    with_unknown_everywhere,
)

import ringcentral_async.models as models
from ringcentral_async._errors import DecodeError
from ringcentral_async._serde import converter as converter_module
from ringcentral_async._serde.converter import (
    make_converter,
    runtime_converter,
    structure,
    structure_many,
    unstructure,
)
from ringcentral_async._serde.fastpath import twin_class
from ringcentral_async.models import CallLogRecord, Contact, Extension, ExtensionList
from ringcentral_async.models._base import WIRE_NAME, extra_field

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "spec_examples"
CASES = sorted(FIXTURES.glob("*.json"))
ROOT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _load(path: Path) -> tuple[type, Any]:
    doc = json.loads(path.read_text())
    return getattr(models, doc["model"]), doc["payload"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_same_on_both_paths(path: Path) -> None:
    cls, payload = _load(path)
    assert_same_outcome(payload, cls)
    obj: Any = structure(payload, cls)
    assert type(obj) is cls  # the twin never escapes
    assert unstructure(obj) == unstructure(structure(payload, cls, converter=REFERENCE))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_unknown_fields_at_every_level_same_on_both_paths(path: Path) -> None:
    cls, payload = _load(path)
    data = with_unknown_everywhere(payload)
    assert_same_outcome(data, cls)
    assert structure(data, cls).extra == {"someFieldAddedLater": {"nested": [1, "two", None]}}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_bad_values_same_outcome_on_both_paths(path: Path) -> None:
    """A wrong value in any field: equal objects (lenient coercions) or DecodeError on both."""
    cls, payload = _load(path)
    checked = 0
    for where, bad in corruptions(payload):
        assert_same_outcome(replace_at(payload, where, bad), cls)
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("bad", [None, [], "text", 3, [{"id": 1}]])
def test_a_top_level_value_that_is_not_an_object(bad: Any) -> None:
    assert_same_outcome(bad, Extension)


def test_the_typed_error_names_the_path_on_the_fast_path() -> None:
    data = {"records": [{"id": 1}, {"id": 2, "contact": {"firstName": {"x": 1}}}]}
    with pytest.raises(DecodeError, match=r"records\[1\]\.contact\.first_name"):
        structure(data, ExtensionList)


def test_open_enums_datetimes_and_lists_match() -> None:
    record = {
        "id": "X1",
        "type": "Voice",
        "direction": "Sideways",  # an enum value this version does not know
        "startTime": "2026-01-02T03:04:05.678+02:00",
        "lastModifiedTime": "2026-01-02T03:04:05",  # naive: taken as UTC
        "legs": [{"action": "Phone Call", "legType": "SomethingNew"}, {"result": "Missed"}],
    }
    fast = structure(record, CallLogRecord)
    same_model(fast, structure(record, CallLogRecord, converter=REFERENCE))
    assert isinstance(fast.type, Enum) and fast.direction == "Sideways"
    assert fast.start_time is not None and fast.start_time.utcoffset() is not None
    assert fast.last_modified_time is not None and fast.last_modified_time.tzinfo is not None


# --- what the fast path builds ------------------------------------------------------------


def test_models_are_frozen_slotted_without_weakref_slot() -> None:
    obj = structure({"id": 1, "contact": {"firstName": "A"}}, Extension)
    assert type(obj) is Extension and type(obj.contact) is Contact
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        obj.id = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        obj.not_a_field = 1  # type: ignore[attr-defined]
    assert "__weakref__" not in Extension.__slots__  # type: ignore[attr-defined]
    assert attrs.evolve(obj, id=3).id == 3
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.deepcopy(obj) == obj and hash(obj) == hash(copy.copy(obj))


def test_an_error_half_way_leaves_no_twin_behind() -> None:
    gc.collect()
    bad = {"records": [{"id": 1}] * 5 + [{"id": {"x": 1}}]}
    with pytest.raises(DecodeError):
        structure(bad, ExtensionList)
    twin = twin_class(Extension)
    assert twin is not None
    gc.collect()
    assert not [o for o in gc.get_objects() if type(o).__name__ == twin.__name__]


@attrs.frozen(kw_only=True)
class _WithWeakref:
    """A user's class with the default ``__weakref__`` slot: no twin, slot descriptors."""

    name: str | None = None
    count: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, slots=False)
class _DictClass:
    name: str | None = None


@attrs.frozen(kw_only=True)
class _PostInit:
    name: str | None = None
    seen: list[str] = attrs.field(factory=list, init=False)

    def __attrs_post_init__(self) -> None:
        self.seen.append("post-init")


@attrs.define(kw_only=True)
class _Mutable:
    name: str | None = None
    count: int | None = None


@pytest.mark.parametrize("cls", [_WithWeakref, _DictClass, _PostInit, _Mutable])
def test_other_attrs_classes_get_the_same_result(cls: type) -> None:
    data = {"name": "x", "count": "3", "other": 1}
    fast: Any = structure(data, cls)
    assert type(fast) is cls
    same_model(fast, structure(data, cls, converter=REFERENCE))


@attrs.frozen(kw_only=True, weakref_slot=False)
class _SharedWireKey:
    """Two fields read from one wire key."""

    a: str | None = attrs.field(default=None, metadata={WIRE_NAME: "x"})
    b: str | None = attrs.field(default=None, metadata={WIRE_NAME: "x"})
    extra: Mapping[str, Any] = extra_field()


def test_two_fields_on_one_wire_key_still_keep_unknown_fields() -> None:
    data = {"x": "1", "unknown": 2}
    fast = structure(data, _SharedWireKey)
    assert (fast.a, fast.b, fast.extra) == ("1", "1", {"unknown": 2})
    same_model(fast, structure(data, _SharedWireKey, converter=REFERENCE))


def test_twin_only_for_the_plain_layout() -> None:
    assert twin_class(Extension) is not None
    assert twin_class(_WithWeakref) is None  # __weakref__ after the slots: cannot switch
    assert twin_class(_DictClass) is None
    assert structure({"count": 2}, _WithWeakref).count == 2
    assert structure({"name": "n"}, _PostInit).seen == ["post-init"]


# --- hooks a user registers win -----------------------------------------------------------


def _contact_hook(value: Any, _: Any) -> Contact:
    return Contact(first_name="hooked:" + str(value.get("firstName")))


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "cattrs"])
def test_a_user_hook_for_a_nested_model_wins(fast: bool) -> None:
    conv = make_converter(fast=fast)
    data = {"records": [{"id": 1, "contact": {"firstName": "Ann"}}]}
    before = structure(data, ExtensionList, converter=conv)  # hooks built before registering
    assert before.records is not None and before.records[0].contact is not None
    assert before.records[0].contact.first_name == "Ann"
    conv.register_structure_hook(Contact, _contact_hook)
    after = structure(data, ExtensionList, converter=conv)
    assert after.records is not None and after.records[0].contact is not None
    assert after.records[0].contact.first_name == "hooked:Ann"
    assert structure({"firstName": "B"}, Contact, converter=conv).first_name == "hooked:B"
    many = structure_many(data["records"], Extension, converter=conv)
    assert many[0].contact is not None and many[0].contact.first_name == "hooked:Ann"


def test_a_user_hook_for_a_leaf_type_wins_on_both_paths() -> None:
    def shout(value: Any, _: Any) -> str:
        return str(value).upper()

    def stamp(value: Any, _: Any) -> datetime:
        return datetime.fromisoformat("2000-01-01T00:00:00+00:00")

    results: list[Any] = []
    for fast in (True, False):
        conv = make_converter(fast=fast)
        conv.register_structure_hook(str, shout)
        conv.register_structure_hook(datetime, stamp)
        rec = structure(
            {"id": "abc", "startTime": "2026-01-01T00:00:00Z", "type": "Voice"},
            CallLogRecord,
            converter=conv,
        )
        assert rec.id == "ABC" and rec.start_time == stamp(None, None)
        assert isinstance(rec.type, Enum)  # the open-enum union keeps its own hook
        results.append(rec)
    same_model(results[0], results[1])


def test_a_user_hook_for_an_optional_field_type_is_called_like_cattrs_calls_it() -> None:
    calls: list[Any] = []

    def hook(value: Any, _: Any) -> str | None:
        calls.append(value)
        return None if value is None else f"<{value}>"

    for fast, by_predicate in itertools.product((True, False), (True, False)):
        calls.clear()
        conv = make_converter(fast=fast)
        structure({"name": "before"}, Contact, converter=conv)
        if by_predicate:
            conv.register_structure_hook_func(lambda t: t == str | None, hook)
        else:
            conv.register_structure_hook(str | None, hook)
        obj = structure({"name": "n", "email": None}, Contact, converter=conv)
        assert obj.name == "<n>" and obj.email is None and obj.company is None
        assert sorted(calls, key=str) == sorted(["n", None], key=str)  # absent keys: no call


# --- a page's records in one call ---------------------------------------------------------


def test_structure_many_equals_one_structure_per_record() -> None:
    _, payload = _load(FIXTURES / "GetExtensionListResponse.json")
    records = payload["records"] * 3
    many = structure_many(records, Extension)
    for got, record in zip(many, records, strict=True):
        same_model(got, structure(record, Extension))


def test_structure_many_raises_the_first_failing_records_error() -> None:
    records = [{"id": 1}, {"id": 2, "contact": 5}, {"id": {"x": 1}}]
    with pytest.raises(DecodeError) as many:
        structure_many(records, Extension)
    with pytest.raises(DecodeError) as single:
        structure(records[1], Extension)
    assert str(many.value) == str(single.value)
    assert structure_many([], Extension) == []


def test_runtime_converter_is_cattrs() -> None:
    """The public converter stays a cattrs Converter users can extend."""
    assert isinstance(runtime_converter(), cattrs.Converter)
    assert converter_module.structure is structure
