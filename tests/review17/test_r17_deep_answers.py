"""A recursive schema (SCIM's ``subAttributes``) answered hundreds of levels deep, still
valid JSON the decoder takes, is a typed DecodeError, never a bare RecursionError; a normal
depth structures as usual."""

from __future__ import annotations

from typing import Any

import pytest

from ringcentral_async import DecodeError
from ringcentral_async.models.generated import ScimSchemaAttribute

from .conftest import Loopback, ok


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"name": "leaf"}
    for i in range(depth):
        node = {"name": f"n{i}", "subAttributes": [node]}
    return node


async def test_a_deeply_nested_recursive_answer_is_a_decode_error(
    rc: Any, loopback: Loopback
) -> None:
    loopback.answer = lambda _s: ok({"id": "urn:x", "attributes": [_nested(400)]})
    with pytest.raises(DecodeError, match="nests too deep"):
        await rc.scim.scim_get_schema2(uri="urn:x")


async def test_a_recursive_answer_of_normal_depth_structures(rc: Any, loopback: Loopback) -> None:
    loopback.answer = lambda _s: ok({"id": "urn:x", "attributes": [_nested(3)]})
    schema = await rc.scim.scim_get_schema2(uri="urn:x")
    leaf = schema.attributes[0]
    for _ in range(3):
        assert isinstance(leaf, ScimSchemaAttribute)
        leaf = (leaf.sub_attributes or [])[0]
    assert leaf.name == "leaf"
