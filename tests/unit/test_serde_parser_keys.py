"""The generated functions look keys up with the JSON parser's own key strings.

orjson keeps one string object per object key for the whole process and builds objects of
more than five keys as dicts whose lookups compare a key that is not that very object
character by character. ``_protocol.parser_keys`` gives those objects; the fast path holds
them as the keys it reads. It changes speed only: the strings are equal, and with
``json.loads`` (no shared keys) each name maps to itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from _serde_compare import REFERENCE, same_model, with_unknown_everywhere

from ringcentral_async import _protocol
from ringcentral_async._protocol import decode_json, parser_keys
from ringcentral_async._serde.converter import make_converter, runtime_converter, structure
from ringcentral_async.models import CallLogRecord, Extension

NAMES = ["phoneNumber", "from", "x" * 80, "naïve", "with space", "phoneNumber"]

RECORD = {
    "id": "R1",
    "startTime": "2026-01-02T03:04:05Z",
    "direction": "Inbound",
    "from": {"phoneNumber": "+1", "name": "A", "extensionId": 5},
    "to": {"phoneNumber": "+2"},
    "legs": [{"action": "Phone Call", "from": {"phoneNumber": "+1"}, "duration": 4}],
    "type": "Voice",
    "duration": 10,
    "somethingNew": [1],
}


@pytest.fixture
def json_fallback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As where orjson cannot be installed."""
    monkeypatch.setattr(_protocol, "_loads", None)
    monkeypatch.setitem(sys.modules, "orjson", None)
    assert _protocol.json_loads() is json.loads
    yield
    monkeypatch.setattr(_protocol, "_loads", None)


def test_each_name_maps_to_an_equal_string() -> None:
    keys = parser_keys(NAMES)
    assert list(keys) == list(dict.fromkeys(NAMES))
    assert all(keys[name] == name and type(keys[name]) is str for name in NAMES)
    assert parser_keys([]) == {}


def test_with_orjson_they_are_the_parsers_own_key_objects() -> None:
    orjson = pytest.importorskip("orjson")
    keys = parser_keys(["phoneNumber", "extensionNumber"])
    parsed = orjson.loads(b'{"a":1,"b":2,"c":3,"d":4,"e":5,"phoneNumber":6,"extensionNumber":7}')
    own = {k: k for k in parsed}
    assert keys["phoneNumber"] is own["phoneNumber"]
    assert keys["extensionNumber"] is own["extensionNumber"]


def test_the_generated_functions_hold_the_parsers_keys() -> None:
    pytest.importorskip("orjson")
    hook: Any = runtime_converter().get_structure_hook(CallLogRecord)
    parsed = decode_json(json.dumps(RECORD).encode(), status=200)
    own = {k: k for k in parsed}
    held = [v for name, v in hook.__globals__.items() if name.startswith("k") and v in own]
    assert len(held) >= 8 and all(value is own[value] for value in held)


@pytest.mark.usefixtures("json_fallback")
def test_with_json_loads_each_name_maps_to_itself_and_results_are_the_same() -> None:
    assert all(parser_keys(NAMES)[name] is name for name in NAMES)
    conv = make_converter(fast=True)  # built while json.loads is the parser
    for data, cls in ((RECORD, CallLogRecord), ({"id": 1, "contact": {}}, Extension)):
        for doc in (data, with_unknown_everywhere(data)):
            parsed = decode_json(json.dumps(doc).encode(), status=200)
            same_model(
                structure(parsed, cls, converter=conv), structure(doc, cls, converter=REFERENCE)
            )


def test_parsed_and_literal_documents_give_the_same_models() -> None:
    """Keys from the parser (identity hits) and keys built in Python (compared): one result."""
    for doc in (RECORD, with_unknown_everywhere(RECORD)):
        parsed = decode_json(json.dumps(doc).encode(), status=200)
        fast = structure(parsed, CallLogRecord)
        same_model(fast, structure(doc, CallLogRecord))
        same_model(fast, structure(doc, CallLogRecord, converter=REFERENCE))
