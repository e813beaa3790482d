"""Imports point down the layering table of the architecture (checked with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ringcentral_async"

#: module (or package) name -> layer. Packages cover every module below them.
LAYERS: dict[str, int] = {
    "_version": 0,
    "_errors": 0,
    "_config": 0,
    "_stack": 0,
    "_protocol": 1,
    "_ratelimit_headers": 1,
    "_groups": 1,
    "_serde": 1,
    "_structure_gen": 1,
    "_token": 1,
    "_targets": 1,
    "_oauth": 1,
    "models": 1,
    "_transport": 2,
    "_auth": 3,
    "_throttle": 3,
    "_shared": 3,
    "_retry": 3,
    "_paging": 4,
    "_paging_strategies": 4,
    "_paging_prefetch": 4,
    "_pipeline": 4,
    "_endpoint": 4,
    "_bulk": 4,
    "_media": 4,
    "resources": 5,
    "_client": 6,
    "_namespaces": 6,
    "__init__": 6,
    "redis": 7,
    "jobs": 7,
    "cli": 7,
    "testing": 7,
    "__main__": 7,
}
PUBLIC_LAYER = 7
#: Private modules a public (layer-7) module may use besides the public API: ``redis`` is
#: the face of the shared throttle and token store (architecture: "for redis, also the
#: throttle and store protocols").
PUBLIC_EXCEPTIONS: dict[str, set[str]] = {
    "redis": {"_shared", "_token", "_errors", "_config"},
}


def _layer_of(parts: tuple[str, ...]) -> int:
    if not parts:
        return LAYERS["__init__"]
    head = parts[0]
    if head not in LAYERS:
        raise AssertionError(f"module {'.'.join(parts)} is not in the layering table")
    return LAYERS[head]


def _module_parts(path: Path) -> tuple[str, ...]:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = rel.parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return parts


def _imported(path: Path) -> list[tuple[tuple[str, ...], int]]:
    """Internal modules imported by ``path`` (as parts below the package), with line numbers."""
    tree = ast.parse(path.read_text("utf-8"))
    own = _module_parts(path)
    is_pkg = path.name == "__init__.py"
    found: list[tuple[tuple[str, ...], int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(own if is_pkg else own[:-1])
                if own == ("__init__",):
                    base = []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "ringcentral_async":
                mod = node.module.split(".")[1:]
            else:
                continue
            if node.module is None or not mod:
                for alias in node.names:
                    found.append(((*mod, alias.name), node.lineno))
            else:
                found.append((tuple(mod), node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "ringcentral_async":
                    found.append((tuple(alias.name.split(".")[1:]), node.lineno))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = _module_parts(path)
    own_layer = _layer_of(own if own != ("__init__",) else ())
    for target, line in _imported(path):
        if target and target[0] == own[0]:
            continue  # inside the same module or package
        if own_layer == PUBLIC_LAYER:
            if target[0] in PUBLIC_EXCEPTIONS.get(own[0], set()):
                continue
            private = [p for p in target if p.startswith("_") and not p.endswith("__")]
            assert not private, (
                f"{path.name}:{line} imports private {'.'.join(target)}; "
                "layer 7 may use the public API only"
            )
            continue
        target_layer = _layer_of(target)
        assert target_layer <= own_layer, (
            f"{'.'.join(own)}:{line} (layer {own_layer}) imports {'.'.join(target)} "
            f"(layer {target_layer}): imports must point down"
        )


def test_the_checker_catches_an_upward_import(tmp_path: Path) -> None:
    bad = PACKAGE / "_errors.py"
    tree_imports = _imported(bad)
    assert all(_layer_of(t) == 0 for t, _ in tree_imports)
    assert _layer_of(("_client",)) > _layer_of(("_errors",))
