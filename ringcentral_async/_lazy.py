"""A package's names loaded on first use (PEP 562): its ``__getattr__`` and ``__dir__``.

Used by ``models``, ``models.generated`` and ``resources``: each maps a name to the module
of the package that defines it, and imports that module on first use of one of its names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, modules: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: a name of ``modules`` is imported from its
    module on first use and kept in ``namespace`` (the package's globals), so the next use
    is a plain global lookup."""

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(modules)

    return __getattr__, __dir__
