"""Imports point down the layering table of the architecture (checked with ast)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ringcentral_async"

#: module (or package) name -> layer. Packages cover every module below them.
LAYERS: dict[str, int] = {
    "_version": 0,
    "_errors": 0,
    "_config": 0,
    "_warnings": 0,
    "_lazy": 0,
    "_protocol": 1,
    "_urls": 1,
    "_serde": 1,
    "_spec": 1,
    "models": 1,
    "_transport": 2,
    "_auth": 3,
    "_throttle": 3,
    "_shared": 3,
    "_retry": 3,
    "_pipeline": 4,
    "_paging": 4,
    "resources": 5,
    "_events": 5,
    "_client": 6,
    "_namespaces": 6,
    "__init__": 6,
    "redis": 7,
    "jobs": 7,
    "webhooks": 7,
    "cli": 7,
    "testing": 7,
    "__main__": 7,
}
PUBLIC_LAYER = 7
#: Private modules a public (layer-7) module may use besides the public API: ``redis`` is
#: the face of the shared throttle and token store (architecture: "for redis, also the
#: throttle and store protocols").
PUBLIC_EXCEPTIONS: dict[str, set[str]] = {
    "redis": {"_shared", "_auth", "_errors", "_config"},
}


def _layer_of(parts: tuple[str, ...], layers: dict[str, int] = LAYERS) -> int:
    if not parts:
        return layers["__init__"]
    head = parts[0]
    if head not in layers:
        raise AssertionError(f"module {'.'.join(parts)} is not in the layering table")
    return layers[head]


def _module_parts(path: Path, root: Path = PACKAGE) -> tuple[str, ...]:
    rel = path.relative_to(root).with_suffix("")
    parts = rel.parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return parts


def _imported(path: Path, root: Path = PACKAGE) -> list[tuple[tuple[str, ...], int]]:
    """Internal modules imported by ``path`` (as parts below the package), with line numbers."""
    tree = ast.parse(path.read_text("utf-8"))
    own = _module_parts(path, root)
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


def violations(path: Path, root: Path = PACKAGE, layers: dict[str, int] = LAYERS) -> list[str]:
    """Every import of ``path`` that points up the table (or, from layer 7, to a private
    module), as one message each."""
    own = _module_parts(path, root)
    own_layer = _layer_of(own if own != ("__init__",) else (), layers)
    found = []
    for target, line in _imported(path, root):
        if target and target[0] == own[0]:
            continue  # inside the same module or package
        if own_layer == PUBLIC_LAYER:
            if target and target[0] in PUBLIC_EXCEPTIONS.get(own[0], set()):
                continue
            if [p for p in target if p.startswith("_") and not p.endswith("__")]:
                found.append(
                    f"{path.name}:{line} imports private {'.'.join(target)}; "
                    "layer 7 may use the public API only"
                )
            continue
        target_layer = _layer_of(target, layers)
        if target_layer > own_layer:
            found.append(
                f"{'.'.join(own)}:{line} (layer {own_layer}) imports {'.'.join(target)} "
                f"(layer {target_layer}): imports must point down"
            )
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    assert violations(path) == []


def test_the_checker_catches_an_upward_import(tmp_path: Path) -> None:
    """A throw-away package tree with one upward import of each spelling (relative,
    absolute, ``import x.y``, from a sub-package) and a private import from layer 7: the
    checker names each one, and leaves the downward imports alone."""
    root = tmp_path / "ringcentral_async"
    files = {
        "__init__.py": "from ._client import RingCentral\n",
        "_errors.py": "from ._client import RingCentral\n",  # 0 -> 6
        "_config.py": "import ringcentral_async._pipeline\n",  # 0 -> 4
        "_client.py": "from ._errors import ApiError\nfrom . import _pipeline\n",  # down
        "_pipeline.py": "from ringcentral_async.jobs import harvest\n",  # 4 -> 7
        "_throttle/__init__.py": "from ._window import Window\n",  # same package
        "_throttle/_window.py": "from .._auth import Authenticator\n",  # 3 -> 3: fine
        "_auth.py": "from .resources import calls\n",  # 3 -> 5
        "resources/__init__.py": "from .._errors import ApiError\n",  # down
        "jobs/__init__.py": "from .._paging import AsyncPaginator\nfrom .. import RingCentral\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")

    layers = {"_errors": 0, "_config": 0, "_auth": 3, "_throttle": 3, "_pipeline": 4}
    layers |= {"_paging": 4, "resources": 5, "_client": 6, "__init__": 6, "jobs": PUBLIC_LAYER}
    found = {name: violations(root / name, root, layers) for name in files}
    found = {name: messages for name, messages in found.items() if messages}

    assert sorted(found) == [
        "_auth.py",
        "_config.py",
        "_errors.py",
        "_pipeline.py",
        "jobs/__init__.py",
    ]
    assert found["_errors.py"] == [
        "_errors:1 (layer 0) imports _client (layer 6): imports must point down"
    ]
    assert found["_config.py"] == [
        "_config:1 (layer 0) imports _pipeline (layer 4): imports must point down"
    ]
    assert found["_pipeline.py"] == [
        "_pipeline:1 (layer 4) imports jobs (layer 7): imports must point down"
    ]
    assert found["_auth.py"] == [
        "_auth:1 (layer 3) imports resources (layer 5): imports must point down"
    ]
    assert found["jobs/__init__.py"] == [
        "__init__.py:1 imports private _paging; layer 7 may use the public API only"
    ]


#: third-party package -> the only modules (or folders) that may import it
CONFINED: dict[str, tuple[str, ...]] = {
    "aiohttp": ("_transport", "resources/_multipart", "_events", "webhooks", "testing"),
    "multidict": ("_transport", "testing"),
    "yarl": ("_transport", "testing"),
    "backoff": ("_retry",),
}


def _third_party_imports(path: Path) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module.split(".")[0], node.lineno))
    return found


def _confined_violations(path: Path) -> list[str]:
    rel = path.relative_to(PACKAGE).with_suffix("").as_posix()
    out = []
    for name, line in _third_party_imports(path):
        allowed = CONFINED.get(name)
        if allowed and not any(rel == a or rel.startswith(a + "/") for a in allowed):
            out.append(f"{rel}:{line} imports {name}")
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_third_party_packages_stay_behind_their_seams(path: Path) -> None:
    assert _confined_violations(path) == []


def test_the_seam_check_catches_a_stray_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pkg = tmp_path / "ringcentral_async"
    (fake_pkg / "resources").mkdir(parents=True)
    stray = fake_pkg / "_pipeline.py"
    stray.write_text("import backoff\nfrom aiohttp import web\n")
    allowed = fake_pkg / "resources" / "_multipart.py"
    allowed.write_text("from aiohttp.payload import Payload\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake_pkg)
    assert _confined_violations(stray) == [
        "_pipeline:1 imports backoff",
        "_pipeline:2 imports aiohttp",
    ]
    assert _confined_violations(allowed) == []
