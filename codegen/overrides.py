"""``codegen/overrides.toml``: names, hand-written operations, spec corrections."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

PATH = Path(__file__).resolve().parent / "overrides.toml"


@functools.cache
def overrides() -> dict[str, Any]:
    """The parsed overrides file."""
    with PATH.open("rb") as f:
        return tomllib.load(f)


def handwritten() -> dict[str, str]:
    """operationId -> hand-written Python name (``namespace.method``)."""
    return dict(overrides().get("handwritten", {}))


def namespace_names() -> dict[str, str]:
    """Spec tag -> namespace name, where snake_case of the tag is not it."""
    return dict(overrides().get("namespaces", {}))


def method_names() -> dict[str, str]:
    """operationId -> method name, where snake_case of the operationId is not it."""
    return dict(overrides().get("names", {}))


def model_names() -> dict[str, str]:
    """Component schema name -> model class name, where the schema's name is not it."""
    return dict(overrides().get("models", {}))


def patches() -> list[dict[str, Any]]:
    """``[[patch]]``: corrections applied to the parsed spec (path, append or set, why)."""
    return list(overrides().get("patch", []))
