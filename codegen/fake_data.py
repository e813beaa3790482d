"""Packaged data for the fake's generic routes: ``ringcentral_async/testing/_spec_data/``.

- ``operations.json``: per operation its id, method, path template, usage-plan group,
  path/query parameters (name, where, required, compact schema), request body (required,
  content types, compact schema per JSON or form type), success status, response content
  type and compact response schema;
- ``schemas.json``: the compact component schemas those reach (codegen/compact.py);
- ``samples.json``: operationId -> the response sample (codegen/samples.py).

Compact JSON, sorted keys: the files are stable from run to run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from . import compact, samples, spec

FOLDER = "ringcentral_async/testing/_spec_data"
#: Request content types whose bodies the fake checks against the schema.
CHECKED_TYPES = (
    "application/json",
    "application/scim+json",
    "application/x-www-form-urlencoded",
)


class _Components(Mapping[str, compact.Node]):
    """Every component schema in union form, built on demand."""

    def __getitem__(self, name: str) -> compact.Node:
        if name not in spec.schemas():
            raise KeyError(name)
        return compact.component(name)

    def __iter__(self) -> Iterator[str]:
        return iter(spec.schemas())

    def __len__(self) -> int:
        return len(spec.schemas())


def _examples(op: spec.SpecOp) -> list[Any]:
    """Whole examples the spec gives for the success response (in order)."""
    resp = spec.resolve(op.raw.get("responses", {}).get(str(op.response.status)) or {})
    media = (resp.get("content") or {}).get(op.response.content_type or "") or {}
    found = [media["example"]] if "example" in media else []
    for item in (media.get("examples") or {}).values():
        item = spec.resolve(item)
        if isinstance(item, Mapping) and "value" in item:
            found.append(item["value"])
    return found


def _parameter(p: spec.Parameter) -> dict[str, Any]:
    out = {
        "name": p.name,
        "in": p.location,
        "required": p.required,
        "schema": compact.compact(p.schema),
    }
    if p.location == "query" and not p.explode:
        out["explode"] = False  # one comma-separated value, never a repeated key
    return out


def _operation(op: spec.SpecOp) -> dict[str, Any]:
    body = None
    if op.bodies:
        body = {
            "required": any(b.required for b in op.bodies),
            "types": [b.content_type for b in op.bodies],
            "schemas": {
                b.content_type: compact.compact(b.schema)
                for b in op.bodies
                if b.content_type in CHECKED_TYPES
            },
        }
    resp = op.response
    return {
        "id": op.operation_id,
        "method": op.method,
        "path": op.path,
        "group": op.group,
        "params": [_parameter(p) for p in op.parameters if p.location in ("path", "query")],
        "body": body,
        "status": resp.status,
        "type": resp.content_type,
        "schema": compact.compact(resp.schema) if resp.schema is not None else None,
    }


def _sample(sampler: samples.Sampler, op: spec.SpecOp, entry: Mapping[str, Any]) -> Any:
    if entry["type"] != "application/json" or entry["schema"] is None:
        return None
    first = compact.compact(op.response.schema, "first", keep_examples=True)
    value = samples.response_sample(sampler, entry["schema"], first, _examples(op))
    if not sampler.valid(entry["schema"], value):
        raise ValueError(f"{op.operation_id}: the sample does not fit its schema: {value!r}")
    return value


def _dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def emit() -> tuple[dict[str, str], tuple[str, ...]]:
    """The three data files, and the folder they wholly own."""
    sampler = samples.Sampler(_Components())
    ops = spec.operations()
    entries = [_operation(op) for op in ops]
    table = compact.closure(entries)
    found = {op.operation_id: _sample(sampler, op, e) for op, e in zip(ops, entries, strict=True)}
    return {
        f"{FOLDER}/operations.json": _dump(entries),
        f"{FOLDER}/schemas.json": _dump(table),
        f"{FOLDER}/samples.json": _dump({k: v for k, v in found.items() if v is not None}),
    }, (FOLDER,)
