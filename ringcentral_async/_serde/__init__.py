"""JSON <-> attrs models (layer 1): the cattrs converter and its fast structuring path.

- ``wire``: the value hooks: camelCase wire names, datetimes, leaf types, open enums;
- ``converter``: the runtime (lenient) and strict converters, model hooks, ``extra``;
- ``fastpath``: generated structuring functions for plain attrs models (built as a mutable
  twin, then switched to the frozen class).
"""

from __future__ import annotations

from .converter import (
    make_converter,
    runtime_converter,
    strict_converter,
    structure,
    structure_many,
    unstructure,
)
from .wire import (
    EXTRA_ATTRIBUTE,
    WIRE_NAME,
    format_datetime,
    parse_datetime,
    to_camel,
    wire_names,
)

__all__ = [
    "EXTRA_ATTRIBUTE",
    "WIRE_NAME",
    "format_datetime",
    "make_converter",
    "parse_datetime",
    "runtime_converter",
    "strict_converter",
    "structure",
    "structure_many",
    "to_camel",
    "unstructure",
    "wire_names",
]
