"""Shared building blocks of the models (attrs and stdlib only; no converter here)."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["WIRE_NAME", "extra_field"]

#: ``attrs.field(metadata={WIRE_NAME: "..."})`` names a field on the wire when the name is
#: not the plain camelCase form of the attribute (the converter reads this key).
WIRE_NAME = "rc_wire_name"


def extra_field() -> Any:
    """The ``extra`` attribute every model has: unknown wire fields, kept as decoded JSON.

    Excluded from equality and ``repr`` (it holds whatever the platform added).
    """
    return attrs.field(factory=dict, eq=False, repr=False)
