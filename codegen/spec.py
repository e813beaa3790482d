"""Loading the committed OpenAPI spec and walking its operations (no output here)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = Path(__file__).resolve().parent / "spec" / "rc-platform.yml"
METHODS = ("get", "post", "put", "patch", "delete")

Schema = Mapping[str, Any]


@functools.cache
def load_spec() -> dict[str, Any]:
    """The parsed spec with the overrides' patches applied (the file itself stays verbatim).

    Uses PyYAML's C loader when it has one: about 1 s instead of 4.
    """
    from .overrides import patches

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open("rb") as f:
        spec: dict[str, Any] = yaml.load(f, Loader=loader)  # a safe loader
    for patch in patches():
        _apply(spec, patch)
    return spec


def _pointer(path: str) -> list[str]:
    """A ``[[patch]]`` path's parts: '/'-separated, with JSON Pointer's escapes (RFC 6901:
    ``~1`` is a '/', ``~0`` a '~'), so an operation is reachable:
    ``paths/~1restapi~1v1.0~1account~1{accountId}/get/summary``."""
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")]


def _apply(spec: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """One ``[[patch]]`` of overrides.toml: ``append`` to a list or ``set`` a value."""
    *parents, last = _pointer(patch["path"])
    node: Any = spec
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        raise ValueError(f"patch {patch['path']}: set or append inside a list item, not on it")
    if "append" in patch:
        if patch["append"] in node[last]:
            raise ValueError(f"patch {patch['path']}: already in the spec, drop the patch")
        node[last].append(patch["append"])
    elif "set" in patch:
        if node.get(last) == patch["set"]:
            raise ValueError(f"patch {patch['path']}: already so in the spec, drop the patch")
        node[last] = patch["set"]
    else:
        raise ValueError(f"patch {patch['path']}: give append or set")


def schemas() -> dict[str, Schema]:
    """``components.schemas`` by name."""
    result: dict[str, Schema] = load_spec()["components"]["schemas"]
    return result


def ref_name(node: Schema) -> str | None:
    """``Foo`` for ``{"$ref": "#/components/schemas/Foo"}``, else None."""
    ref = node.get("$ref") if isinstance(node, Mapping) else None
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    return None


def resolve(node: Any) -> Any:
    """Follow ``$ref`` (any component kind) until a node without one."""
    spec = load_spec()
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node:
        parts = node["$ref"].lstrip("#/").split("/")
        target: Any = spec
        for part in parts:
            target = target[part]
        node = target
        seen += 1
        if seen > 50:
            raise ValueError(f"$ref loop at {parts}")
    return node


@dataclass(frozen=True)
class Parameter:
    """One path, query or header parameter of an operation (refs resolved)."""

    name: str
    location: str  # path | query | header
    required: bool
    schema: Schema
    description: str
    #: ``explode`` of a query parameter (OpenAPI's default: true for the form style): false
    #: sends an array as one comma-separated value (``orderBy=+name,-type``).
    explode: bool = True


@dataclass(frozen=True)
class Body:
    """The request body of an operation: its content type and schema."""

    content_type: str
    schema: Schema
    required: bool


@dataclass(frozen=True)
class Response:
    """The success response of an operation: status, content type and schema (or none)."""

    status: int
    content_type: str | None
    schema: Schema | None


@dataclass(frozen=True)
class SpecOp:
    """One operation of the spec, with what every emitter needs."""

    operation_id: str
    method: str
    path: str
    tag: str
    tag_group: str
    group: str  # x-throttling-group
    summary: str
    description: str
    deprecated: bool
    app_permission: str | None
    user_permission: str | None
    media_api: bool
    parameters: tuple[Parameter, ...]
    bodies: tuple[Body, ...]
    response: Response
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def body(self) -> Body | None:
        """The first (preferred) request body, if any."""
        return self.bodies[0] if self.bodies else None


def _tag_groups() -> dict[str, str]:
    return {t: g["name"] for g in load_spec().get("x-tagGroups", []) for t in g["tags"]}


def _success(op: Mapping[str, Any]) -> Response:
    codes = sorted(str(c) for c in op.get("responses", {}) if str(c).startswith("2"))
    if not codes:
        return Response(200, None, None)
    code = codes[0]
    resp = resolve(op["responses"][code])
    content = resp.get("content") or {}
    if not content:
        return Response(int(code), None, None)
    ctype = "application/json" if "application/json" in content else next(iter(content))
    return Response(int(code), ctype, content[ctype].get("schema"))


@functools.cache
def operations() -> tuple[SpecOp, ...]:
    """Every operation of the spec, in path order."""
    groups = _tag_groups()
    out: list[SpecOp] = []
    for path, item in load_spec()["paths"].items():
        common = [resolve(p) for p in item.get("parameters", [])]
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params: dict[tuple[str, str], Parameter] = {}
            for p in common + [resolve(p) for p in op.get("parameters", [])]:
                params[(p["in"], p["name"])] = Parameter(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required")) or p["in"] == "path",
                    schema=p.get("schema") or {},
                    description=(p.get("description") or "").strip(),
                    explode=bool(p.get("explode", p.get("style", "form") == "form")),
                )
            bodies: list[Body] = []
            rb = resolve(op.get("requestBody")) if op.get("requestBody") else None
            if rb:
                for ctype, media in (rb.get("content") or {}).items():
                    bodies.append(Body(ctype, media.get("schema") or {}, bool(rb.get("required"))))
            tag = op["tags"][0]
            out.append(
                SpecOp(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    tag=tag,
                    tag_group=groups.get(tag, "Other"),
                    group=op["x-throttling-group"],
                    summary=(op.get("summary") or "").strip(),
                    description=(op.get("description") or "").strip(),
                    deprecated=bool(op.get("deprecated")),
                    app_permission=op.get("x-app-permission"),
                    user_permission=op.get("x-user-permission"),
                    media_api=bool(op.get("x-media-api")),
                    parameters=tuple(params.values()),
                    bodies=tuple(bodies),
                    response=_success(op),
                    raw=op,
                )
            )
    return tuple(out)


def iter_refs(node: Any) -> Iterator[str]:
    """Every component schema name ``node`` mentions directly (not transitively)."""
    if isinstance(node, Mapping):
        name = ref_name(node)
        if name is not None:
            yield name
        for value in node.values():
            yield from iter_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_refs(value)
