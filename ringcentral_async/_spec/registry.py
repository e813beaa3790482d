"""The registry of typed operations: ``Operation``, ``OPERATIONS`` and ``operation()`` (layer 1).

A resource module declares each operation once with :func:`operation` (method, path
template, Python name); its usage-plan group and page-size limits come from the spec table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .table import find_operation

__all__ = ["OPERATIONS", "Operation", "operation"]


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


_REGISTRY: dict[str, Operation] = {}
#: operationId -> Operation for every typed operation (filled as resource modules load).
OPERATIONS: Mapping[str, Operation] = MappingProxyType(_REGISTRY)


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
    )
    if operation_id in _REGISTRY and _REGISTRY[operation_id] != op:
        raise ValueError(f"operation {operation_id} declared twice")
    _REGISTRY[operation_id] = op
    return op
