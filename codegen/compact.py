"""Compact, flattened JSON schemas of the spec (for the fake's checks and samples).

A compact node keeps only what a check or a sample needs: ``type``, ``format``, ``enum``,
``properties``, ``required``, ``items``, ``additionalProperties`` (a node or ``true``),
``minimum``/``maximum``, ``anyOf`` (alternatives of different kinds) and ``$ref`` (the bare
component name; the table holds the component). It follows the generated models' contract:

- ``allOf``: the properties of every part merged (required: the union);
- ``oneOf``/``anyOf`` of objects: one object with the properties of every alternative
  (``union``; required: only what every alternative requires) or, for samples, the first
  alternative (``first``); of other kinds: ``anyOf`` (``union``) or the first (``first``);
- ``additionalProperties: false`` is dropped (no extra keys is what an object is here).

References stay references, so recursive schemas stay finite.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

from . import spec

Node = dict[str, Any]
Mode = Literal["union", "first"]

_SCALARS = ("format", "minimum", "maximum")
#: PyYAML reads the spec's unquoted ``On``/``Off`` enum values (YAML 1.1) as booleans; in a
#: string enum they are these words (``screening``, ``playTones``).
_YAML_WORDS = {True: "On", False: "Off"}


def _empty(node: Node) -> bool:
    """Whether a node says nothing about its kind (a description-only override)."""
    return not any(k in node for k in ("type", "$ref", "properties", "items", "enum", "anyOf"))


def _merge(into: Node, part: Node, mode: Mode, keep_examples: bool) -> None:
    """Merge ``part`` into ``into`` (allOf semantics: the later part refines)."""
    if "$ref" in part:
        part = component(part["$ref"], mode, keep_examples)
    props = part.get("properties")
    if props:
        mine = into.setdefault("properties", {})
        for name, sub in props.items():
            if name not in mine or not _empty(sub):
                mine[name] = sub
    if part.get("required"):
        into["required"] = sorted(set(into.get("required", ())) | set(part["required"]))
    for key in ("type", "items", "additionalProperties", "enum", "anyOf", "example", *_SCALARS):
        if key in part and key not in into:
            into[key] = part[key]
    if "properties" in into and "type" not in into:
        into["type"] = "object"


def _alternatives(alts: list[Any], mode: Mode, keep_examples: bool) -> Node:
    nodes = [compact(a, mode, keep_examples=keep_examples) for a in alts]
    if mode == "first" or len(nodes) == 1:
        return nodes[0]
    flat = [component(n["$ref"], mode, keep_examples) if "$ref" in n else n for n in nodes]
    if all(n.get("type") == "object" or "properties" in n for n in flat):
        out: Node = {"type": "object", "properties": {}}
        required: set[str] | None = None
        for n in flat:
            for name, sub in (n.get("properties") or {}).items():
                _widen(out["properties"], name, sub)
            req = set(n.get("required", ()))
            required = req if required is None else required & req
        if required:
            out["required"] = sorted(required)
        return out
    return {"anyOf": nodes}


def _widen(props: Node, name: str, sub: Node) -> None:
    """Add ``sub`` as property ``name``; two different definitions become ``anyOf``."""
    have = props.get(name)
    if have is None:
        props[name] = sub
    elif have != sub:
        alts = have["anyOf"] if set(have) == {"anyOf"} else [have]
        if sub not in alts:
            props[name] = {"anyOf": [*alts, sub]}


def compact(node: Any, mode: Mode = "union", *, keep_examples: bool = False) -> Node:
    """The compact form of a spec schema node (component references stay references)."""
    if not isinstance(node, Mapping):
        return {}
    name = spec.ref_name(node)
    if name is not None:
        return {"$ref": name}
    if "$ref" in node:
        return compact(spec.resolve(node), mode, keep_examples=keep_examples)
    out: Node = {}
    if "type" in node:
        out["type"] = node["type"]
    for key in ("format", "enum", "required", *_SCALARS[1:]):
        if key in node:
            out[key] = node[key]
    if out.get("type") == "string" and "enum" in out:
        out["enum"] = [_YAML_WORDS.get(v, v) if isinstance(v, bool) else v for v in out["enum"]]
    if keep_examples and "example" in node:
        out["example"] = node["example"]
    if "properties" in node:
        out["properties"] = {
            k: compact(v, mode, keep_examples=keep_examples)
            for k, v in (node["properties"] or {}).items()
        }
        out.setdefault("type", "object")
    if "items" in node:
        out["items"] = compact(node["items"], mode, keep_examples=keep_examples)
    extra = node.get("additionalProperties")
    if extra is True or (isinstance(extra, Mapping) and extra):
        out["additionalProperties"] = (
            True if extra is True else compact(extra, mode, keep_examples=keep_examples)
        )
    for part in node.get("allOf") or ():
        _merge(out, compact(part, mode, keep_examples=keep_examples), mode, keep_examples)
    for key in ("oneOf", "anyOf"):
        if node.get(key):
            _merge(out, _alternatives(list(node[key]), mode, keep_examples), mode, keep_examples)
    return out


@functools.cache
def component(name: str, mode: Mode = "union", keep_examples: bool = False) -> Node:
    """The compact form of ``components.schemas[name]`` (cached; do not mutate)."""
    return compact(spec.schemas()[name], mode, keep_examples=keep_examples)


def closure(roots: list[Node], mode: Mode = "union") -> dict[str, Node]:
    """Every component the ``roots`` reach, by name, in compact form (sorted by name)."""
    seen: dict[str, Node] = {}
    todo = [name for root in roots for name in refs(root)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen[name] = component(name, mode)
        todo.extend(refs(seen[name]))
    return dict(sorted(seen.items()))


def refs(node: Any) -> list[str]:
    """The component names a compact node mentions (not transitively)."""
    found: list[str] = []
    if isinstance(node, Mapping):
        if isinstance(node.get("$ref"), str):
            found.append(node["$ref"])
        for key, value in node.items():
            if key not in ("enum", "example"):
                found.extend(refs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(refs(value))
    return found
