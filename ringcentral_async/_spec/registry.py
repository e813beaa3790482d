"""The registry of typed operations: ``Operation``, ``OPERATIONS`` and ``operation()`` (layer 1).

Every operation of the spec is in ``OPERATIONS``: the generated ones come from the packaged
tables (``operations.tsv``: method, path, group, page sizes; ``python_names.tsv``, written by
``python -m codegen``: Python name, tag, permissions, summary), read on first use. A
hand-written resource module declares its operations with :func:`operation`; a hand-written
declaration replaces the generated entry of the same operationId.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from importlib import resources

import attrs

from .table import SpecOperation, find_operation, spec_operations

__all__ = ["OPERATIONS", "Operation", "operation", "spec_operation"]


@attrs.frozen(kw_only=True)
class Operation:
    """One platform operation exposed as a typed method (an entry of ``OPERATIONS``).

    ``group`` is the spec's usage-plan group, or, for a legacy operation the current spec no
    longer lists, the group its last documentation gave; ``legacy_operation_id`` is the
    operationId earlier specs used for it; ``note`` says where the sources disagree (shown
    in the README).
    """

    operation_id: str
    method: str
    path: str
    group: str
    python_name: str
    deprecated: bool = False
    replacement: str | None = None
    legacy_operation_id: str | None = None
    per_page_max: int | None = None
    per_page_allows_max: bool = False
    bulk_cap: int | None = None
    note: str | None = None
    tag: str | None = None
    app_permission: str | None = None
    user_permission: str | None = None
    paging_style: str | None = None
    summary: str | None = None


@attrs.frozen
class _Names:
    """One row of ``python_names.tsv``."""

    python_name: str
    tag: str
    app_permission: str | None
    user_permission: str | None
    paging_style: str | None
    summary: str | None


@functools.cache
def _names() -> dict[str, _Names]:
    text = (
        resources.files("ringcentral_async").joinpath("_spec/python_names.tsv").read_text("utf-8")
    )
    out: dict[str, _Names] = {}
    for line in text.splitlines()[2:]:
        op_id, python_name, tag, app, user, paging, summary = line.split("\t")
        out[op_id] = _Names(
            python_name, tag, app or None, user or None, paging or None, summary or None
        )
    return out


def _from_spec(spec: SpecOperation, names: _Names) -> Operation:
    return Operation(
        operation_id=spec.operation_id,
        method=spec.method,
        path=spec.path,
        group=spec.group,
        python_name=names.python_name,
        deprecated=spec.deprecated,
        per_page_max=spec.per_page_max,
        per_page_allows_max=spec.per_page_allows_max,
        tag=names.tag,
        app_permission=names.app_permission,
        user_permission=names.user_permission,
        paging_style=names.paging_style,
        summary=names.summary,
    )


@functools.cache
def _generated() -> dict[str, Operation]:
    names = _names()
    return {
        spec.operation_id: _from_spec(spec, names[spec.operation_id])
        for spec in spec_operations()
        if spec.operation_id in names
    }


def spec_operation(operation_id: str) -> Operation:
    """The Operation of a spec operationId, as generated (used by the generated resources)."""
    return _generated()[operation_id]


_REGISTRY: dict[str, Operation] = {}


class _Operations(Mapping[str, Operation]):
    """operationId -> Operation: every spec operation, a hand-written declaration first."""

    def __getitem__(self, key: str) -> Operation:
        found = _REGISTRY.get(key)
        return found if found is not None else _generated()[key]

    def __iter__(self) -> Iterator[str]:
        yield from _REGISTRY
        yield from (k for k in _generated() if k not in _REGISTRY)

    def __len__(self) -> int:
        return len(_REGISTRY.keys() | _generated().keys())

    def __repr__(self) -> str:
        return f"<OPERATIONS: {len(self)} operations>"


#: operationId -> Operation for every operation of the spec (and the legacy hand-written ones).
OPERATIONS: Mapping[str, Operation] = _Operations()


def operation(
    operation_id: str,
    method: str,
    path: str,
    python_name: str,
    *,
    group: str | None = None,
    deprecated: bool = False,
    replacement: str | None = None,
    legacy_operation_id: str | None = None,
    bulk_cap: int | None = None,
    note: str | None = None,
) -> Operation:
    """Declare and register an operation; its group comes from the spec table.

    ``group=`` is for a legacy operation the spec lacks: give its last documented group.
    """
    spec = find_operation(method, path)
    if group is None:
        if spec is None:
            raise ValueError(f"{method} {path} is not in the spec table: pass group=")
        group = spec.group
    names = _names().get(operation_id)
    op = Operation(
        operation_id=operation_id,
        method=method,
        path=path,
        group=group,
        python_name=python_name,
        deprecated=deprecated or (spec.deprecated if spec is not None else False),
        replacement=replacement,
        legacy_operation_id=legacy_operation_id,
        per_page_max=spec.per_page_max if spec is not None else None,
        per_page_allows_max=spec.per_page_allows_max if spec is not None else False,
        bulk_cap=bulk_cap,
        note=note,
        tag=names.tag if names else None,
        app_permission=names.app_permission if names else None,
        user_permission=names.user_permission if names else None,
        paging_style=names.paging_style if names else None,
        summary=names.summary if names else None,
    )
    if operation_id in _REGISTRY and _REGISTRY[operation_id] != op:
        raise ValueError(f"operation {operation_id} declared twice")
    _REGISTRY[operation_id] = op
    return op
