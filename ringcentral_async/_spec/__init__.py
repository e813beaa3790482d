"""What the SDK knows of the platform's operations (layer 1).

- ``table``: every operation of the platform's OpenAPI spec with its usage-plan group and
  page-size limits, read from the packaged ``operations.tsv`` (light: imported with the client);
- ``registry``: ``Operation``, ``OPERATIONS`` and ``operation()``, the typed operations the
  resource modules declare (imported with the resources, as it needs attrs).
"""

from __future__ import annotations

from .table import (
    FALLBACK_GROUP,
    GROUPS,
    NO_THROTTLING,
    SpecOperation,
    find_operation,
    route,
    spec_operations,
    usage_plan_group,
)

__all__ = [
    "FALLBACK_GROUP",
    "GROUPS",
    "NO_THROTTLING",
    "SpecOperation",
    "find_operation",
    "route",
    "spec_operations",
    "usage_plan_group",
]
