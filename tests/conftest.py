"""Shared fixtures.

aioresponses compatibility (documented workaround)
--------------------------------------------------
aioresponses 0.7.9 builds ``aiohttp.ClientResponse`` objects itself and does not pass the
``stream_writer`` keyword that aiohttp 3.14 made required, so every mocked request fails
with ``TypeError: ... missing 1 required keyword-only argument: 'stream_writer'`` (the
upstream fix is still open). We do not pin aiohttp below 3.14 (3.14.0 was a security
release). Instead the ``mock_api`` fixture swaps, for the duration of one test, the response
class aioresponses instantiates for a subclass that supplies a stub writer when none is
given. ``tests/unit/test_aioresponses_compat.py`` proves mocking works on the installed
aiohttp. Remove this once aioresponses passes ``stream_writer`` itself.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any
from unittest import mock

import aiohttp
import aioresponses.core
import pytest
from aioresponses import aioresponses as _aioresponses

_NEEDS_WRITER = "stream_writer" in inspect.signature(aiohttp.ClientResponse.__init__).parameters


class _CompatResponse(aiohttp.ClientResponse):
    """ClientResponse that tolerates aioresponses not passing ``stream_writer``."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        if _NEEDS_WRITER and "stream_writer" not in kwargs:
            writer = mock.Mock()
            writer.output_size = 0
            kwargs["stream_writer"] = writer
        super().__init__(method, url, **kwargs)


@pytest.fixture
def mock_api() -> Iterator[_aioresponses]:
    """An aioresponses mock that works on aiohttp 3.14 (see the module docstring)."""
    with (
        mock.patch.object(aioresponses.core, "ClientResponse", _CompatResponse),
        _aioresponses() as m,
    ):
        yield m
