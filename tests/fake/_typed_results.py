"""One check of a typed call's result against the method's declared return type, shared by
the table tests of the generated and the hand-written operations."""

from __future__ import annotations

import io
import typing
from typing import Any

import attrs

from ringcentral_async._paging import AsyncPaginator


def check_result(declared: Any, result: Any, dest: io.BytesIO | None) -> None:
    """``result`` (a paginator already collected) is what ``declared`` says: the paginator's
    items (at least one), bytes written to ``dest`` for a download, None, a list of models,
    or a model."""
    origin = typing.get_origin(declared)
    if origin is AsyncPaginator:
        (item,) = typing.get_args(declared)
        assert isinstance(result, list) and result, "a paged answer has at least one record"
        assert all(isinstance(r, item) for r in result), (item, result[:1])
    elif declared is int and dest is not None:  # a download: the byte count written
        assert result == len(dest.getvalue()) > 0, (result, len(dest.getvalue()))
    elif declared is type(None):
        assert result is None
    elif origin is list:
        (item,) = typing.get_args(declared)
        assert isinstance(result, list) and all(isinstance(r, item) for r in result)
    elif attrs.has(declared):
        assert isinstance(result, declared), (declared, type(result))
    else:
        raise AssertionError(f"unexpected declared type {declared!r}")
