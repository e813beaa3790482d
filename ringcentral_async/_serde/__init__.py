"""JSON <-> attrs models (layer 1): the cattrs converter and its fast structuring path.

- ``converter``: the runtime (lenient) and strict converters, camelCase wire names, ``extra``;
- ``fastpath``: generated structuring functions for plain attrs models (built as a mutable
  twin, then switched to the frozen class).
"""

from __future__ import annotations

from .converter import (
    EXTRA_ATTRIBUTE,
    WIRE_NAME,
    format_datetime,
    make_converter,
    parse_datetime,
    runtime_converter,
    strict_converter,
    structure,
    structure_many,
    to_camel,
    unstructure,
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
