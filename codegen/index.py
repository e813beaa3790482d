"""Lazy package indexes (PEP 562): the generated models' and the hand-written models' ones.

An index lists each name's module three ways, which must agree: imports for type checkers,
``_MODULES`` for ``lazy_exports`` at run time, and ``__all__``. Generating the hand-written
models' index from the ``__all__`` of its modules keeps the three in step with the modules.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Mapping

from .output import HEADER, header
from .spec import ROOT

MODELS = ROOT / "ringcentral_async" / "models"
#: Names a models module exports that are not wire models: the events ``rc.subscribe``
#: yields (``ringcentral_async.Gap``, ``ringcentral_async.Notification``).
NOT_INDEXED = frozenset({"Gap", "Notification"})
MODELS_DOC = [
    "Typed models of the RingCentral REST API (attrs classes, snake_case attributes).",
    "",
    "Every model is ``@attrs.frozen(kw_only=True, weakref_slot=False)`` (no ``__weakref__`` slot,",
    "so the decoder can build an instance as a plain twin and switch its class, see",
    "``_serde.fastpath``); optional fields default to ``None``; every model has an ``extra``",
    "mapping holding the wire fields this version does not know. Wire (camelCase) conversion",
    "lives in ``ringcentral_async._serde``.",
    "",
    "Each module is imported on first use of one of its names (PEP 562); the models generated",
    "from the spec are in ``ringcentral_async.models.generated``.",
]


def lazy_index(
    doc: list[str], module_of: Mapping[str, str], lazy_exports_from: str, first_line: str = HEADER
) -> str:
    """The source of a package ``__init__`` exporting ``module_of``'s names lazily."""
    names = sorted(module_of)
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_module[module_of[name]].append(name)
    lines = [first_line.rstrip("\n"), '"""' + doc[0], *doc[1:], '"""']
    lines += ["", "from __future__ import annotations", "", "from typing import TYPE_CHECKING", ""]
    lines += [f"from {lazy_exports_from} import lazy_exports", "", "if TYPE_CHECKING:"]
    for module, members in sorted(by_module.items()):
        lines.append(f"    from .{module} import {', '.join(members)}")
    lines += ["", "#: Name -> the module (of this package) that defines it.", "_MODULES = {"]
    lines += [f"    {name!r}: {module_of[name]!r}," for name in names]
    lines += ["}", "", f"__all__ = {names!r}", "", ""]
    lines += [
        "if not TYPE_CHECKING:  # type checkers see the imports above, and no other name",
        "    __getattr__, __dir__ = lazy_exports(__name__, _MODULES, globals())",
    ]
    return "\n".join(lines) + "\n"


def _exports(path: str) -> list[str]:
    """The literal ``__all__`` of a module (read, never imported)."""
    tree = ast.parse((MODELS / path).read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [str(v) for v in ast.literal_eval(node.value)]
    raise ValueError(f"models/{path} has no literal __all__")


def emit() -> tuple[dict[str, str], tuple[str, ...]]:
    """``ringcentral_async/models/__init__.py``: the hand-written models, by module."""
    module_of: dict[str, str] = {}
    for path in sorted(p.name for p in MODELS.glob("*.py")):
        if path.startswith("_"):
            continue
        for name in _exports(path):
            if name in NOT_INDEXED:
                continue
            if name in module_of:
                raise ValueError(f"{name} is exported by models/{path} and another module")
            module_of[name] = path[: -len(".py")]
    source = header("the __all__ of the models/ modules")
    text = lazy_index(MODELS_DOC, module_of, ".._lazy", source)
    return {"ringcentral_async/models/__init__.py": text}, ()
