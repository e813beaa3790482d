"""Emit one resource class per API tag: ``ringcentral_async/resources/generated/<ns>.py``.

Each operation becomes one typed coroutine (or a paginator, or a download) on the namespace
of its tag; operations written by hand (``[handwritten]`` in overrides.toml) are left out, and
a hand-written namespace of the same name subclasses the generated class.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from . import naming
from .methods import bulk_method, method
from .output import HEADER
from .plan import OpPlan, plan
from .text import docstring
from .types import _names_in

PACKAGE = "ringcentral_async/resources/generated"


def class_name(namespace: str) -> str:
    """``call_log`` -> ``CallLogApi``."""
    return naming.pascal(namespace) + "Api"


def emit() -> tuple[dict[str, str], tuple[str, ...]]:
    """Every generated resource module, and the generated namespaces mixin."""
    p = plan()
    by_ns: dict[str, list[OpPlan]] = defaultdict(list)
    tags: dict[str, str] = {}
    for op in p.ops:
        tags[op.namespace] = op.spec.tag
        if not op.handwritten:
            by_ns[op.namespace].append(op)
    files = {f"{PACKAGE}/{ns}.py": _module(ns, tags[ns], ops) for ns, ops in sorted(by_ns.items())}
    files[f"{PACKAGE}/__init__.py"] = _index(sorted(by_ns), tags)
    return files, (PACKAGE,)


def handwritten_namespaces() -> set[str]:
    """Namespaces the hand-written client defines (from the overrides' hand-written names)."""
    from .overrides import handwritten

    return {name.split(".")[0] for name in handwritten().values()}


def _index(namespaces: list[str], tags: Mapping[str, str]) -> str:
    hand = handwritten_namespaces()
    lines = [
        HEADER.rstrip("\n"),
        '"""The generated API-area namespaces (``rc.sms``, ``rc.presence`` ...).',
        "",
        "``GeneratedNamespaces`` is a mixin of the client: each namespace is a cached property",
        "that imports its module on first use. A namespace the client writes by hand",
        "(``rc.extensions`` ...) subclasses the generated class of the same name instead.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from functools import cached_property",
        "from typing import TYPE_CHECKING",
        "",
        "from ..._pipeline import Pipeline",
        "",
        "if TYPE_CHECKING:",
    ]
    for ns in namespaces:
        if ns not in hand:
            lines.append(f"    from .{ns} import {class_name(ns)}")
    lines += [
        "",
        '__all__ = ["GENERATED_NAMESPACES", "GeneratedNamespaces"]',
        "",
        "#: Namespace -> (module, class) of every generated resource class.",
        "GENERATED_NAMESPACES: dict[str, tuple[str, str]] = {",
    ]
    for ns in namespaces:
        lines.append(f"    {ns!r}: ({ns!r}, {class_name(ns)!r}),")
    lines += [
        "}",
        "",
        "",
        "class GeneratedNamespaces:",
        '    """The namespaces of every API tag the client does not write by hand."""',
        "",
        "    _pipeline: Pipeline",
    ]
    for ns in namespaces:
        if ns in hand:
            continue
        cls = class_name(ns)
        lines += [
            "",
            "    @cached_property",
            f"    def {ns}(self) -> {cls}:",
            *docstring(f"{tags[ns]} (generated from the platform spec).", 8),
            f"        from .{ns} import {cls}",
            "",
            f"        return {cls}(self._pipeline)",
        ]
    return "\n".join(lines) + "\n"


def _module(ns: str, tag: str, ops: list[OpPlan]) -> str:
    p = plan()
    models: set[str] = set()
    for op in ops:
        for annotation in (op.body, op.result, op.paging.item if op.paging else None):
            if annotation:
                models.update(n for n in _names_in(annotation) if n in p.module_of)
    lines = [
        HEADER.rstrip("\n"),
        *docstring(f"rc.{ns}: the {tag} operations (generated from the platform spec).", 0),
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping, Sequence",
        "from datetime import datetime",
        "from typing import Any",
        "",
        "from ..._paging import AsyncPaginator",
        "from ..._spec.registry import spec_operation",
        "from .. import _download",
        "from .._args import json_body, multipart_body, query_params",
        "from .._base import Resource",
        "from .._bulk import BulkItems, bulk_get",
        "from .._multipart import MultipartBody",
    ]
    if models:
        lines.append(f"from ...models.generated import {', '.join(sorted(models))}")
    lines += ["", f'__all__ = ["{class_name(ns)}"]', ""]
    for op in ops:
        lines.append(f"_{op.method_name.upper()} = spec_operation({op.spec.operation_id!r})")
    lines += [
        "",
        "",
        f"class {class_name(ns)}(Resource):",
        *docstring(f"The {tag} operations of the platform.", 4),
    ]
    for op in ops:
        lines.append("")
        lines.extend(method(op))
        if op.bulk_id is not None:
            lines.append("")
            lines.extend(bulk_method(op))
    return "\n".join(lines) + "\n"
