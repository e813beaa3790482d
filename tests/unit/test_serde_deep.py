"""Nesting deeper than Python's recursion is a DecodeError from structure() itself, so every
caller (typed calls, pages, bulk reads, hand-written resources) gets a typed error."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from ringcentral_async import DecodeError
from ringcentral_async._serde import strict_converter, structure, structure_many
from ringcentral_async.models._base import extra_field


@attrs.frozen(kw_only=True, weakref_slot=False)
class Node:
    name: str | None = None
    sub_attributes: list[Node] | None = None
    extra: Any = extra_field()  # noqa: RUF009 - an attrs field, as in every model


def deep(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"name": "leaf"}
    for _ in range(levels):
        node = {"name": "n", "subAttributes": [node]}
    return node


@pytest.mark.parametrize("converter", [None, strict_converter()])
def test_a_too_deep_answer_is_a_decode_error(converter: Any) -> None:
    with pytest.raises(DecodeError, match="nests too deep to structure into Node"):
        structure(deep(5000), Node, converter=converter)
    with pytest.raises(DecodeError, match="nests too deep"):
        structure_many([deep(1), deep(5000)], Node, converter=converter)


def test_the_message_stays_short() -> None:
    with pytest.raises(DecodeError) as caught:
        structure(deep(5000), Node, converter=strict_converter())
    assert len(str(caught.value)) < 200


def test_a_deep_but_possible_answer_still_decodes() -> None:
    assert structure(deep(50), Node).name == "n"
