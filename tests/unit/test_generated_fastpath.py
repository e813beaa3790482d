"""The fast structuring path gives what cattrs gives on every generated model.

Every generated operation's declared model (or a paged operation's item model) is decoded
from the fake's packaged sample of that operation (a schema-valid payload that fills every
property), through the runtime converter (generated fast functions: twins, base classes
included) and through cattrs' own structuring (the reference); both must give equal objects,
``extra`` included. The same with an unknown field added at every level, and with a wrong
value put in every field (equal objects or DecodeError on both).
"""

from __future__ import annotations

import importlib
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from _serde_compare import assert_same_outcome, corruptions, replace_at, with_unknown_everywhere

from ringcentral_async import OPERATIONS
from ringcentral_async._paging import AsyncPaginator
from ringcentral_async._serde.converter import structure
from ringcentral_async.resources.generated import GENERATED_NAMESPACES
from ringcentral_async.testing._spec_routes import samples


def _cases() -> Iterator[tuple[str, type, Any]]:
    """(operationId, model, payload) for every generated operation with a model result."""
    for op in OPERATIONS.values():
        namespace, method = op.python_name.split(".")
        if namespace not in GENERATED_NAMESPACES or op.operation_id not in samples():
            continue
        module, cls_name = GENERATED_NAMESPACES[namespace]
        cls = getattr(
            importlib.import_module(f"ringcentral_async.resources.generated.{module}"), cls_name
        )
        fn = cls.__dict__.get(method)
        if fn is None:  # hand-written
            continue
        declared = typing.get_type_hints(fn)["return"]
        sample = samples()[op.operation_id]
        if typing.get_origin(declared) is AsyncPaginator:
            (item,) = typing.get_args(declared)
            holder = sample["data"] if "records" not in sample and "data" in sample else sample
            for record in holder.get("records") or next(
                (v for v in holder.values() if isinstance(v, list)), []
            ):
                yield op.operation_id, item, record
        elif isinstance(declared, type) and attrs.has(declared):
            yield op.operation_id, declared, sample


CASES = sorted(_cases(), key=lambda c: c[0])


def test_the_cases_cover_the_generated_operations() -> None:
    assert len({c[0] for c in CASES}) > 350
    assert any(c[1].__bases__ != (object,) for c in CASES)  # allOf subclasses are covered


@pytest.mark.parametrize(("op_id", "cls", "payload"), CASES, ids=[c[0] for c in CASES])
def test_sample_same_on_both_paths(op_id: str, cls: type, payload: Any) -> None:
    assert_same_outcome(payload, cls)
    assert type(structure(payload, cls)) is cls  # the twin never escapes
    assert_same_outcome(with_unknown_everywhere(payload), cls)


def test_bad_values_same_outcome_on_both_paths() -> None:
    checked = 0
    for _, cls, payload in CASES[::7]:  # every 7th case: a wrong value in every field
        for where, bad in corruptions(payload):
            assert_same_outcome(replace_at(payload, where, bad), cls)
            checked += 1
    assert checked > 1000
