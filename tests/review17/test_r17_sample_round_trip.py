"""Every generated response model round-trips the fake's sample of its operation:
``unstructure(structure(sample))`` is the sample again (the same instants and numbers; the
converter writes ``...00Z`` for ``...00.000Z`` and ``1.0`` for a ``number`` given as ``1``),
and unknown keys and enum values survive the trip."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

from ringcentral_async import structure, unstructure
from ringcentral_async.testing._spec_routes import samples


def _same(x: Any) -> Any:
    """A value with instants and numbers made comparable (never equal when they differ)."""
    if isinstance(x, dict):
        return {k: _same(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_same(v) for v in x]
    if isinstance(x, bool) or not isinstance(x, int | float | str):
        return x
    if isinstance(x, int | float):
        return ("number", float(x))
    if len(x) >= 20 and x[4:5] == "-" and "T" in x:
        try:
            return datetime.fromisoformat(x.replace("Z", "+00:00"))
        except ValueError:
            return x
    return x


def test_every_generated_response_model_round_trips_its_sample() -> None:
    from codegen.plan import plan

    p = plan()
    generated = importlib.import_module("ringcentral_async.models.generated")
    checked, differ = 0, []
    for op in p.ops:
        sample = samples().get(op.spec.operation_id)
        if op.result_kind != "json" or op.result not in p.types.models or sample is None:
            continue
        cls = getattr(generated, op.result)
        if _same(unstructure(structure(sample, cls))) != _same(sample):
            differ.append(op.spec.operation_id)
        checked += 1
    assert differ == []
    assert checked > 400


def test_unknown_keys_and_enum_values_survive_a_round_trip() -> None:
    from ringcentral_async.models.generated import GetSMSMessageInfoResponse

    wire = {"id": 1, "direction": "Sideways", "brandNew": {"nested": [1, 2]}, "type": "SMS"}
    obj = structure(wire, GetSMSMessageInfoResponse)
    assert obj.extra == {"brandNew": {"nested": [1, 2]}}
    assert unstructure(obj) == wire
