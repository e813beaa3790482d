"""The fast path on class hierarchies (``allOf`` in the spec becomes single inheritance).

Generated models derive from a base model (``CallLogRecord(CallLogRecordBase)``), only the
root class having ``extra``. The fast path builds such a class as a twin deriving from the
same base (``fastpath.twin_class``); the reference is cattrs' own structuring with the same
hooks. Two and three levels, ``extra`` in the root, unknown keys at every level, open enums,
nested subclasses, lists and dicts of them, a subclass adding no field and one narrowing a
base field; and the classes a twin cannot be made for still give cattrs' result.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from _serde_compare import (
    REFERENCE,
    assert_same_outcome,
    corruptions,
    replace_at,
    same_model,
    with_unknown_everywhere,
)

from ringcentral_async._errors import DecodeError
from ringcentral_async._serde import converter as converter_module
from ringcentral_async._serde.converter import structure, structure_many
from ringcentral_async._serde.fastpath import twin_class
from ringcentral_async.models import CallDirection, CallType
from ringcentral_async.models._base import WIRE_NAME, extra_field


@attrs.frozen(kw_only=True, weakref_slot=False)
class PartyBase:
    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Party(PartyBase):
    name: str | None = None
    extension_id: int | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class RecordBase:
    id: str | None = None
    start_time: datetime | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Leg(RecordBase):
    """Two levels."""

    direction: CallDirection | str | None = None
    from_: Party | None = None
    duration: int | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Record(RecordBase):
    """Two levels, with nested subclasses in a list and a dict."""

    legs: list[Leg] | None = None
    direction: CallDirection | str | None = None
    type: CallType | str | None = None
    to: Party | None = None
    parties: dict[str, Party] | None = None
    party_id: str | None = attrs.field(default=None, metadata={WIRE_NAME: "partyID"})


@attrs.frozen(kw_only=True, weakref_slot=False)
class DetailedRecord(Record):
    """Three levels; a field typed as the middle class."""

    last_modified_time: datetime | None = None
    parent: Record | None = None
    deleted: bool | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class SameAsBase(RecordBase):
    """A subclass adding no field (its twin adds no slot either)."""


@attrs.frozen(kw_only=True, weakref_slot=False)
class Narrowed(RecordBase):
    """A subclass declaring a base field again with another type."""

    id: int | None = None  # type: ignore[assignment]
    note: str | None = None


HIERARCHY = [Party, Leg, Record, DetailedRecord, SameAsBase, Narrowed]

LEG = {
    "id": "L1",
    "startTime": "2026-01-02T03:04:05.678+02:00",
    "direction": "Inbound",
    "from": {"phoneNumber": "+15550100", "name": "Ann", "extensionId": "101"},
    "duration": 12,
}
RECORD = {
    "id": "R1",
    "startTime": "2026-01-02T03:04:05Z",
    "legs": [LEG, {**LEG, "id": "L2", "direction": "Sideways"}],  # an unknown enum value
    "direction": "Outbound",
    "type": "Voice",
    "to": {"phoneNumber": "+15550101"},
    "parties": {"a": {"name": "A"}, "b": {"phoneNumber": "+1"}},
    "partyID": "p-1",
}
DETAILED = {
    **RECORD,
    "lastModifiedTime": "2026-01-02T03:04:05",  # naive: taken as UTC
    "parent": {**RECORD, "id": "R0", "type": "SomethingNew"},
    "deleted": False,
}
PAYLOADS: dict[type, dict[str, Any]] = {
    Party: LEG["from"],  # type: ignore[dict-item]
    Leg: LEG,
    Record: RECORD,
    DetailedRecord: DETAILED,
    SameAsBase: {"id": "S", "startTime": "2026-01-02T03:04:05Z"},
    Narrowed: {"id": "7", "note": "n", "startTime": "2026-01-02T03:04:05Z"},
}


@pytest.mark.parametrize("cls", HIERARCHY, ids=lambda c: c.__name__)
def test_a_twin_is_made_for_every_class_of_the_hierarchy(cls: type) -> None:
    twin = twin_class(cls)
    assert twin is not None
    assert twin.__bases__ == cls.__bases__
    # object's attribute writes (generic, specialised by the interpreter), not the frozen ones
    assert vars(twin)["__setattr__"] is object.__setattr__
    assert vars(twin)["__delattr__"] is object.__delattr__
    structure(PAYLOADS[cls], cls)
    assert converter_module._TWINS.get(cls) is not None  # the runtime path used a twin


@pytest.mark.parametrize("cls", HIERARCHY, ids=lambda c: c.__name__)
def test_same_result_as_cattrs(cls: type) -> None:
    payload = PAYLOADS[cls]
    assert_same_outcome(payload, cls)
    obj: Any = structure(payload, cls)
    assert type(obj) is cls and obj == structure(payload, cls, converter=REFERENCE)


@pytest.mark.parametrize("cls", HIERARCHY, ids=lambda c: c.__name__)
def test_unknown_keys_at_every_level_land_in_the_roots_extra(cls: type) -> None:
    data = with_unknown_everywhere(PAYLOADS[cls])
    assert_same_outcome(data, cls)
    obj: Any = structure(data, cls)
    assert obj.extra == {"someFieldAddedLater": {"nested": [1, "two", None]}}


@pytest.mark.parametrize("cls", HIERARCHY, ids=lambda c: c.__name__)
def test_bad_values_same_outcome_as_cattrs(cls: type) -> None:
    checked = 0
    for where, bad in corruptions(PAYLOADS[cls]):
        assert_same_outcome(replace_at(PAYLOADS[cls], where, bad), cls)
        checked += 1
    assert checked > 10


def test_nested_subclasses_fields_from_every_level() -> None:
    rec = structure(DETAILED, DetailedRecord)
    assert type(rec) is DetailedRecord and type(rec.parent) is Record
    assert rec.legs is not None and [type(leg) for leg in rec.legs] == [Leg, Leg]
    assert rec.parties is not None and {type(p) for p in rec.parties.values()} == {Party}
    assert rec.id == "R1" and rec.start_time == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert rec.last_modified_time is not None and rec.last_modified_time.tzinfo is UTC
    assert rec.direction is CallDirection.OUTBOUND and rec.parent is not None
    assert rec.parent.type == "SomethingNew" and not isinstance(rec.parent.type, CallType)
    assert rec.legs[0].direction is CallDirection.INBOUND and rec.legs[1].direction == "Sideways"
    assert rec.legs[0].from_ is not None and rec.legs[0].from_.extension_id == 101
    assert rec.party_id == "p-1" and rec.deleted is False and rec.extra == {}
    assert structure({"id": "9"}, Narrowed).id == 9


def test_subclass_instances_are_frozen_hashable_and_compare_as_attrs_makes_them() -> None:
    rec = structure(DETAILED, DetailedRecord)
    for name in ("id", "legs", "last_modified_time", "extra"):  # root, middle, own fields
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(rec, name, None)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(rec, name)
    with pytest.raises(AttributeError):
        rec.not_a_field = 1  # type: ignore[attr-defined]
    leg = structure(LEG, Leg)
    built = Leg(
        id="L1",
        start_time=datetime.fromisoformat("2026-01-02T03:04:05.678+02:00"),
        direction=CallDirection.INBOUND,
        from_=Party(phone_number="+15550100", name="Ann", extension_id=101),
        duration=12,
    )
    assert leg == built and hash(leg) == hash(built) and {leg, built} == {leg}
    base_only = structure({"id": "S", "startTime": "2026-01-02T03:04:05Z"}, RecordBase)
    assert structure(PAYLOADS[SameAsBase], SameAsBase) != base_only  # attrs: same class only
    assert attrs.evolve(rec, id="R2").id == "R2" and type(attrs.evolve(rec)) is DetailedRecord


def test_structure_many_of_subclass_records() -> None:
    records = [RECORD, DETAILED, {"id": "R3", "unknown": 1}]
    many = structure_many(records, DetailedRecord)
    for got, record in zip(many, records, strict=True):
        same_model(got, structure(record, DetailedRecord, converter=REFERENCE))
    assert many[2].extra == {"unknown": 1}


def test_an_error_half_way_leaves_no_twin_behind() -> None:
    bad = {**DETAILED, "legs": [LEG] * 3 + [{**LEG, "duration": {"x": 1}}]}
    with pytest.raises(DecodeError, match=r"legs\[3\]\.duration"):
        structure(bad, DetailedRecord)
    gc.collect()
    names = {f"{c.__name__}Builder" for c in HIERARCHY}
    assert not [o for o in gc.get_objects() if type(o).__name__ in names]


# --- hierarchies a twin cannot be made for: cattrs' result all the same --------------------


@attrs.frozen(kw_only=True)
class WeakBase:
    """A root with attrs' default ``__weakref__`` slot."""

    id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class WeakChild(WeakBase):
    name: str | None = None


@attrs.frozen(kw_only=True, slots=False)
class DictBase:
    id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class OnDictBase(DictBase):
    name: str | None = None


class Mixin:
    """A second base (no slots of its own)."""

    __slots__ = ()

    def describe(self) -> str:
        return type(self).__name__


@attrs.frozen(kw_only=True, weakref_slot=False)
class TwoBases(RecordBase, Mixin):
    name: str | None = None
    tag: str | None = None


SUBCLASS_HOOK_CALLS: list[type] = []


@attrs.frozen(kw_only=True, weakref_slot=False)
class Registering:
    id: str | None = None
    extra: Mapping[str, Any] = extra_field()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        SUBCLASS_HOOK_CALLS.append(cls)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Registered(Registering):
    name: str | None = None


@attrs.frozen(kw_only=True, weakref_slot=False, cache_hash=True)
class CachedHash(RecordBase):
    """attrs' cache_hash adds a slot that is no field: a function writing fields skips it."""

    name: str | None = None


@pytest.mark.parametrize(
    "cls",
    [WeakChild, OnDictBase, TwoBases, Registered, CachedHash],
    ids=lambda c: c.__name__,
)
def test_classes_without_a_twin_still_give_cattrs_result(cls: type) -> None:
    data = {"id": "1", "name": "n", "tag": "t", "other": 2}
    obj: Any = structure(data, cls)
    extra = obj.extra  # (read before the type check below narrows ``obj`` to ``object``)
    assert type(obj) is cls
    same_model(obj, structure(data, cls, converter=REFERENCE))
    assert extra == {k: v for k, v in data.items() if k not in attrs.fields_dict(cls)}
    assert hash(obj) == hash(structure(data, cls, converter=REFERENCE))


def test_no_twin_where_it_would_not_fit() -> None:
    for cls in (WeakChild, OnDictBase, TwoBases):
        assert twin_class(cls) is None
    before = list(SUBCLASS_HOOK_CALLS)
    assert twin_class(Registered) is None  # a twin would run the base's __init_subclass__
    assert before == SUBCLASS_HOOK_CALLS
